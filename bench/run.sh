#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# healthtopics benchmark: bash bench/run.sh [--smoke] [--repeats N]
#
#   (no option)   the full run (about 20 minutes on 2 cores): writes bench/RESULTS.md, bench/results.json,
#                 bench/growth.svg (and growth.png)
#   --smoke       a tiny run (first 300 lines of MedQuAD, 1 repeat, no growth curves) into a temporary
#                 directory; bench/ is not touched. Exits non-zero if any system fails. For CI. Without
#                 MedQuAD it says so and uses the single-label units of corpus/articles in its place, so it
#                 needs nothing outside the repository.
#   --repeats N   runs per measurement (default 3; the medians are reported)
#   --no-growth   skip the growth section (full run only)
#
# Environment: MEDQUAD_TRAIN, MEDQUAD_DEV (default ../shared/data/medquad/medquad-{train,dev}.tsv relative to
# the repository), BENCH_BUILD_DIR (default build-bench), BENCH_WORK_DIR (scratch; default
# BENCH_BUILD_DIR/bench-work, or a temporary directory with --smoke), BENCH_NO_INSTALL=1 (never call apt-get).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
smoke=0
repeats=3
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--smoke) smoke=1 ;;
	--repeats)
		[ $# -ge 2 ] || { echo "run.sh: --repeats needs a number" >&2; exit 2; }
		repeats=$2
		shift ;;
	--repeats=*) repeats=${1#--repeats=} ;;
	--no-growth) extra+=(--no-growth) ;;
	-h | --help)
		sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
		exit 0 ;;
	*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case "$repeats" in '' | *[!0-9]* | 0) echo "run.sh: --repeats must be a positive integer" >&2; exit 2 ;; esac
[ "$smoke" = 1 ] && repeats=1

say() { printf '[run.sh] %s\n' "$*" >&2; }

# ---- 1. tools (Debian packages), installed only when missing
pkgs=(python3-sklearn fasttext liblinear-tools libsvm-tools time cmake build-essential
	libutf8proc-dev libsvm-dev liblinear-dev libopenblas-dev pkg-config)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "${BENCH_NO_INSTALL:-0}" = 1 ]; then
		say "missing packages: ${missing[*]} (BENCH_NO_INSTALL=1, not installing)"
		exit 1
	fi
	sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	say "installing: ${missing[*]}"
	"${sudo[@]}" apt-get update
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${missing[@]}"
fi

# ---- 2. a Python that has scikit-learn (Debian's python3-sklearn is for /usr/bin/python3)
py=
for c in /usr/bin/python3 python3; do
	if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sklearn, numpy, scipy' 2>/dev/null; then
		py=$(command -v "$c")
		break
	fi
done
[ -n "$py" ] || { say "no python3 with scikit-learn found"; exit 1; }

# ---- 3. healthtopics, Release, in its own build directory
build=${BENCH_BUILD_DIR:-$repo/build-bench}
say "building healthtopics (Release) in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target healthtopics_cli >/dev/null
ht=$build/healthtopics
[ -x "$ht" ] || { say "no $ht after the build"; exit 1; }

# ---- 4. run
if [ "$smoke" = 1 ]; then
	work=${BENCH_WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ht-bench-smoke.XXXXXX")}
	out=$work/out
else
	work=${BENCH_WORK_DIR:-$build/bench-work}
	out=$here
fi
mkdir -p "$work" "$out"
args=(--repo "$repo" --ht "$ht" --work "$work" --out "$out" --repeats "$repeats")
[ "$smoke" = 1 ] && args+=(--smoke)
say "python: $py; work: $work; results: $out"
rc=0
"$py" "$here/bench.py" "${args[@]}" ${extra[@]+"${extra[@]}"} || rc=$?
if [ "$smoke" = 1 ]; then
	# the results stay; a passing run's data and models (about 60 MB) go, unless the caller chose the folder
	if [ $rc = 0 ] && [ -z "${BENCH_WORK_DIR:-}" ]; then
		rm -rf "$work/data" "$work/models"
	fi
	[ $rc = 0 ] && say "smoke run ok: $out/RESULTS.md" || say "smoke run FAILED (exit $rc): $out/RESULTS.md"
fi
exit $rc
