#!/bin/bash
# SPDX-License-Identifier: MIT
# The README's examples are exact where they can be without depending on the shipped model's scores: every
# command it shows after `bash .ci/demo` names the binary where the demo builds it (build/healthtopics), those
# commands run, and the --pretty lines have the width the tool prints (a 44-column label field, then the text
# cut at 100 bytes and "..."), line for line the same units and texts as the tool's output.
# usage: readme.sh HEALTHTOPICS_BINARY SOURCE_DIR
set -u
HT=$1
SRC=$2
cd "$SRC"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
grep -q 'build/healthtopics' .ci/demo || bad ".ci/demo no longer builds build/healthtopics"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	cmd=${line#\$ }
	case "$cmd" in
	build/healthtopics\ *) ;;
	*) bad "README example runs '$cmd': after bash .ci/demo the command is build/healthtopics"; continue ;;
	esac
	args=${cmd#build/healthtopics }
	# the output block that follows the command, up to the closing fence
	want=$(awk -v c="$line" '$0 == c {on = 1; next} on && /^```/ {exit} on {print}' README.md)
	# shellcheck disable=SC2086
	got=$("$HT" $args) || { bad "README example fails: $cmd"; continue; }
	# the same units and texts, with the tool's widths (scores may differ: the model gets retrained)
	strip() { sed -E 's/^.{44} //'; }
	if printf '%s\n' "$want" | grep -qx '\.\.\.'; then
		printf '%s\n' "$want" | grep -vx '\.\.\.' | strip | while IFS= read -r t; do
			printf '%s\n' "$got" | strip | grep -qxF -- "$t" || { echo "FAIL: '$t' is not in the output of $cmd"; exit 1; }
		done || fail=1
	else
		[ "$(printf '%s\n' "$want" | strip)" = "$(printf '%s\n' "$got" | strip)" ] ||
			bad "the README's output of '$cmd' is not the tool's (texts or widths differ)"
	fi
	printf '%s\n' "$want" | grep -vx '\.\.\.' | grep -Evq '^.{44} ' && bad "README --pretty lines without the 44-column label field"
done < <(grep -E '^\$ (build/)?healthtopics ' README.md)
[ "$n" -ge 2 ] || bad "no examples found in README.md"
[ $fail = 0 ] && echo "readme: $n examples ok"
exit $fail
