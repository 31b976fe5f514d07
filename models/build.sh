#!/bin/sh
# Rebuild the default model from the corpus: the one documented command.
#   sh models/build.sh [HEALTHTOPICS_BINARY] [OUT]
# Options chosen on the real-page development set (corpus/realdev; corpus/README.md, "Choosing the model on
# real pages"), not by cross-validation on our own prose; the held-out articles are never read (train uses
# --split train by default). The options themselves are in models/options, the one place that names them
# (corpus/update-readme.sh and bench/realdev_options.py read them from there).
set -e
HT=${1:-build/healthtopics}
OUT=${2:-models/healthtopics-default.htm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC2046 # models/options is one line of options, split into words on purpose
exec "$HT" train --corpus "$HERE/corpus/articles" --out "$OUT" $(cat "$HERE/models/options")
