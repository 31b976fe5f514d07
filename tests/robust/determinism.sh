#!/bin/sh
# SPDX-License-Identifier: MIT
# Model bytes do not depend on the compiler: build the CLI with gcc and with clang, train the same corpora three
# times with each, and require identical files; then run the ctest that does the same comparison
# (robust_determinism_cross) with the clang CLI as the second build.
#
#   tests/robust/determinism.sh [WORKDIR]        (default: build-determinism/ in the source tree)
#
# Exit status 0 when every model is byte-identical.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$root/build-determinism}
mkdir -p "$work"
for cc in gcc clang; do
	cmake -S "$root" -B "$work/$cc" -DCMAKE_C_COMPILER=$cc -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$work/$cc" -j2 --target healthtopics_cli test_robust_determinism >/dev/null
done
printf 'a\tknee pain eases with exercise\nb\tside effects include nausea\na,b\texercise can cause nausea\n' \
	>"$work/tiny.tsv"
status=0
set -- "corpus/articles|" "corpus/articles|--tune" "tiny|--solver rbf --min-df 1" "tiny|--min-df 1 --ngrams 1-3"
for job in "$@"; do
	corpus=${job%%|*}
	opts=${job#*|}
	[ "$corpus" = tiny ] && corpus=$work/tiny.tsv || corpus=$root/$corpus
	ref=
	for cc in gcc clang; do
		for run in 1 2 3; do
			out=$work/model-$cc-$run.htm
			# shellcheck disable=SC2086
			"$work/$cc/healthtopics" train --corpus "$corpus" --out "$out" $opts 2>/dev/null
			if [ -z "$ref" ]; then
				ref=$out
			elif ! cmp -s "$ref" "$out"; then
				echo "determinism.sh: $corpus $opts: $out differs from $ref" >&2
				status=1
			fi
		done
	done
	echo "determinism.sh: $corpus $opts: $(wc -c <"$ref") bytes, gcc x3 and clang x3 $([ $status = 0 ] && echo identical || echo DIFFER)"
done
HT_OTHER_CLI=$work/clang/healthtopics ctest --test-dir "$work/gcc" -R robust_determinism_cross --output-on-failure \
	|| status=1
exit $status
