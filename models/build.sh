#!/bin/sh
# Rebuild the default model from the corpus: the one documented command.
#   sh models/build.sh [HEALTHTOPICS_BINARY] [OUT]
# Options chosen on the real-page development set (corpus/realdev; corpus/README.md, "Choosing the model on
# real pages"), not by cross-validation on our own prose; the held-out articles are never read (train uses
# --split train by default).
set -e
HT=${1:-build/healthtopics}
OUT=${2:-models/healthtopics-default.htm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
exec "$HT" train --corpus "$HERE/corpus/articles" --out "$OUT" --C 0.5 --ngrams 1-3 --min-df 2 --max-features 110000 --list-context --folds 5 --none-gate
