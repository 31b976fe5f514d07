#!/bin/bash
# SPDX-License-Identifier: MIT
# What each step of the real-pages rounds brought (corpus/README.md, "Choosing the model on real pages"), all
# scored in one run on the real-page development set with the same scorer. The "corpus now" rows train on today's
# corpus, so they move as it grows; the rows of shipped models (from git) depend only on the development set.
#   bash bench/realdev_history.sh REBUILT_DIR [HEALTHTOPICS_BINARY] [OLD_BINARY]
# REBUILT_DIR comes from `python3 corpus/realdev/realdev.py rebuild`. OLD_BINARY, if given, is a build of
# commit df21cc4 (the article reader before this round), for the first row.
set -eu
R=$1
HT=$(realpath "${2:-build/healthtopics}")
OLD=${3:-}
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
score() { /usr/bin/python3 bench/realdev.py --rebuilt "$R" --healthtopics "${BIN:-$HT}" --systems ht-article "$@" | tail -1; }
git show df21cc4:models/healthtopics-default.htm > "$T/old.htm"
if [ -n "$OLD" ]; then echo "model before the round, old article reader:"; BIN=$OLD score --model "$T/old.htm"; fi
echo "model before the round, new article reader:"; score --model "$T/old.htm"
for c in 0471a83:596; do
	mkdir -p "$T/c"
	git archive "${c%%:*}" corpus/articles | tar -x -C "$T/c"
	"$HT" train --corpus "$T/c/corpus/articles" --out "$T/m.htm" --C 1 --ngrams 1-3 --min-df 2 --folds 5 > /dev/null
	echo "corpus of ${c##*:} articles, round-1 options:"; score --model "$T/m.htm"
done
"$HT" train --corpus corpus/articles --out "$T/m.htm" --C 1 --ngrams 1-3 --min-df 2 --folds 5 > /dev/null
echo "corpus now, round-1 options:"; score --model "$T/m.htm"
"$HT" train --corpus corpus/articles --out "$T/m.htm" --C 0.5 --ngrams 1-3 --min-df 2 --folds 5 > /dev/null
echo "corpus now, C 0.5:"; score --model "$T/m.htm"
"$HT" train --corpus corpus/articles --out "$T/m.htm" --C 0.5 --ngrams 1-3 --min-df 2 --list-context --folds 5 > /dev/null
echo "corpus now, C 0.5, list context:"; score --model "$T/m.htm"
git show cf93d08:models/healthtopics-default.htm > "$T/r2.htm"
echo "the model shipped after round 2 (681 articles, C 0.5, list context):"; score --model "$T/r2.htm"
git show a1bb2f7:models/healthtopics-default.htm > "$T/r3.htm"
echo "the model shipped after round 3 (1,113 articles, C 0.3, list context):"; score --model "$T/r3.htm"
git show 54a7598:models/healthtopics-default.htm > "$T/r6.htm"
echo "the model shipped after round 6 (1,265 articles, C 0.3, none gate):"; score --model "$T/r6.htm"
git show ca87aa9:models/healthtopics-default.htm > "$T/r7.htm"
echo "the model shipped after round 7 (1,513 articles, C 0.5, 110,000 n-grams):"; score --model "$T/r7.htm"
echo "the shipped model:"; score
