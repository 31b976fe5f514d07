#!/bin/sh
# SPDX-License-Identifier: MIT
# Key MedQuAD ratios in one run, interleaved, when bench/run.sh is too long for the time or the machine:
# training (healthtopics defaults, i.e. 5-fold calibration; optionally an older binary side by side) against
# scikit-learn's TfidfVectorizer + LinearSVC fit, and classification of the whole training text against
# fastText predict. Whole processes under GNU time; prints one line per run, then the medians.
#   sh bench/quick_ratios.sh HT_BINARY [OLD_HT_BINARY] [REPEATS]
# Environment: MEDQUAD (default ../shared/data/medquad or ../../shared/data/medquad), WORK (default /tmp/ht-quick), PY (a Python with sklearn).
# The fastText model (-wordNgrams 2 -epoch 25 -thread nproc, as bench.py) is trained once and not timed here.
set -e
HT=$1
OLD=${2:-}
REP=${3:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
MQ=${MEDQUAD:-$HERE/../shared/data/medquad}
[ -d "$MQ" ] || MQ=$HERE/../../shared/data/medquad # a worktree under wt/
W=${WORK:-/tmp/ht-quick}
PY=${PY:-/usr/bin/python3}
mkdir -p "$W"
[ -s "$W/thr.txt" ] || cut -f2- "$MQ/medquad-train.tsv" > "$W/thr.txt"
[ -s "$W/thr.tsv" ] || awk -F'\t' '{print "\t"$2}' "$MQ/medquad-train.tsv" > "$W/thr.tsv"
[ -s "$W/train.ft" ] || awk -F'\t' '{print "__label__"$1" "$2}' "$MQ/medquad-train.tsv" > "$W/train.ft"
[ -s "$W/ft.bin" ] || fasttext supervised -input "$W/train.ft" -output "$W/ft" -wordNgrams 2 -epoch 25 \
	-thread "$(nproc)" -verbose 0
rm -f "$W/ft.vec"
[ -s "$W/ht.htm" ] || "$HT" train --corpus "$MQ/medquad-train.tsv" --out "$W/ht.htm" >/dev/null 2>&1
T="/usr/bin/time -f %e:%U:%S:%M -o $W/t"
run() { # name, command...
	name=$1
	shift
	$T "$@" >/dev/null 2>&1
	echo "$name $(cat "$W/t")" | tee -a "$W/runs"
}
: > "$W/runs"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ $i -lt "$REP" ]; do
	run ht-train "$HT" train --corpus "$MQ/medquad-train.tsv" --out "$W/new.htm"
	[ -z "$OLD" ] || run old-train "$OLD" train --corpus "$MQ/medquad-train.tsv" --out "$W/old.htm"
	run sklearn-train "$PY" "$HERE/bench/sklearn_bench.py" train --corpus "$MQ/medquad-train.tsv" --out "$W/sk.pkl"
	run ht-classify "$HT" classify --model "$W/ht.htm" --format tsv "$W/thr.tsv"
	run fasttext-predict fasttext predict "$W/ft.bin" "$W/thr.txt"
	i=$((i + 1))
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
BYTES=$(wc -c < "$W/thr.txt")
# medians: wall s, user s, sys s, max RSS KB
awk -v bytes="$BYTES" -F'[ :]' '
	{ n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3 + $4; rss[$1, n[$1]] = $5 }
	function med(a, k, c,   i, j, t, v) {
		for (i = 1; i <= c; i++) v[i] = a[k, i]
		for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
	}
	END {
		for (k in n) {
			w = med(wall, k, n[k]); printf "%-17s median wall %6.2f s  cpu %6.2f s  rss %4d MB", k, w, med(cpu, k, n[k]), med(rss, k, n[k]) / 1024
			if (k ~ /classify|predict/) printf "  %6.2f MB/s", bytes / 1e6 / w
			printf "\n"
		}
	}' "$W/runs" | sort
