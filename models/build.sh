#!/bin/sh
# Rebuild the default model from the corpus: the one documented command.
#   sh models/build.sh [HEALTHTOPICS_BINARY] [OUT]
# Options chosen by grouped 5-fold cross-validation on the training articles (corpus/README.md); the
# held-out articles are never read (train uses --split train by default).
set -e
HT=${1:-build/healthtopics}
OUT=${2:-models/healthtopics-default.htm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
exec "$HT" train --corpus "$HERE/corpus/articles" --out "$OUT" --C 1 --ngrams 1-3 --min-df 2 --folds 5
