#!/bin/sh
# SPDX-License-Identifier: MIT
# Run one libFuzzer target for a chosen time:
#
#   tests/fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#
# TARGET is one of: model_load classify article html markdown corpus_article corpus_tsv corpus_fasttext normalize.
# Builds build-fuzz/ (clang, -DHT_FUZZ=ON) if needed, fuzzes with a working corpus in build-fuzz/fuzz-work/TARGET
# (seeded from tests/fuzz/corpus/TARGET and tests/fuzz/regressions/TARGET, which are not modified), writes
# crashing inputs to build-fuzz/fuzz-artifacts/TARGET/ and the log to build-fuzz/fuzz-logs/TARGET.log, and
# prints the number of executions. Exit status: libFuzzer's (0 when nothing was found).
# Environment: BUILD (default build-fuzz), JOBS (parallel fuzzing jobs, default 1).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -lt 2 ]; then
	sed -n '2,12p' "$0" >&2
	exit 1
fi
target=$1
seconds=$2
shift 2
build=${BUILD:-$root/build-fuzz}
case $target in
model_load | classify | article | html | markdown | corpus_article | corpus_tsv | corpus_fasttext | normalize) ;;
*) echo "run.sh: unknown target '$target'" >&2; exit 1 ;;
esac
if [ ! -x "$build/tests/fuzz/fuzz_$target" ]; then
	cmake -S "$root" -B "$build" -DHT_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$build" -j2 --target "fuzz_$target"
fi
work=$build/fuzz-work/$target
art=$build/fuzz-artifacts/$target
logs=$build/fuzz-logs
mkdir -p "$work" "$art" "$logs"
dict=
[ -f "$here/dict/$target.dict" ] && dict="-dict=$here/dict/$target.dict"
seeds=$here/corpus/$target
regs=
[ -d "$here/regressions/$target" ] && regs=$here/regressions/$target
log=$logs/$target.log
echo "run.sh: fuzzing $target for $seconds s; log $log" >&2
status=0
# shellcheck disable=SC2086
"$build/tests/fuzz/fuzz_$target" "$work" "$seeds" $regs $dict -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$art/" "$@" >"$log" 2>&1 || status=$?
# libFuzzer reads the extra corpus directories but writes new inputs only to the first ($work).
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
echo "run.sh: $target: ${execs:-?} executions in ${took:-$seconds} s (limit $seconds s), exit status $status" \
	"($(date -u +%Y-%m-%dT%H:%MZ))"
exit $status
