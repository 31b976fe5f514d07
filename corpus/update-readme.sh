#!/bin/bash
# Regenerate the generated blocks of corpus/README.md: statistics (healthtopics corpus stats) and the grouped
# 5-fold cross-validation of the shipped model's options on the training articles (healthtopics cv).
#   bash corpus/update-readme.sh [HEALTHTOPICS_BINARY]
set -eu
HT=$(realpath "${1:-build/healthtopics}")
cd "$(dirname "$0")"
R=README.md
replace() { # marker, file with new content
	awk -v m="$1" -v f="$2" '
		$0 == "<!-- " m " -->" { print; while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == "<!-- /" m " -->" { skip = 0 }
		!skip { print }' "$R" > "$R.new" && mv "$R.new" "$R"
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$HT" corpus stats articles --markdown > "$T/stats"
OPTS=$(cat ../models/options) # the shipped model's training options (models/build.sh)
# shellcheck disable=SC2086 # one line of options, split into words on purpose
{ echo '```'; echo "\$ healthtopics cv --corpus corpus/articles $OPTS"; "$HT" cv --corpus articles $OPTS 2> /dev/null; echo '```'; } > "$T/cv"
{ echo '```'; echo "\$ healthtopics eval --model models/healthtopics-default.htm --corpus corpus/articles --split heldout"; "$HT" eval --model ../models/healthtopics-default.htm --corpus articles --split heldout; echo '```'; } > "$T/heldout"
replace stats "$T/stats"
replace cv "$T/cv"
replace heldout "$T/heldout"
