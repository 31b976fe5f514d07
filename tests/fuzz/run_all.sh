#!/bin/sh
# SPDX-License-Identifier: MIT
# Fuzz every target until it has run RUNS inputs (or for at most SECONDS each), two targets at a time, and
# append one summary line per target to build-fuzz/fuzz-logs/summary.txt:
#
#   tests/fuzz/run_all.sh [RUNS] [SECONDS]        (defaults: 10000000 runs, 7200 s)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-10000000}
secs=${2:-7200}
build=${BUILD:-$root/build-fuzz}
mkdir -p "$build/fuzz-logs"
queue() {
	for t in "$@"; do
		"$here/run.sh" "$t" "$secs" -runs="$runs" >>"$build/fuzz-logs/summary.txt" 2>&1
	done
}
# Two queues of roughly equal length (the article and model targets are the slowest per input).
queue article html corpus_tsv corpus_fasttext &
queue model_load classify normalize markdown corpus_article &
wait
grep executions "$build/fuzz-logs/summary.txt"
