#!/bin/bash
# SPDX-License-Identifier: MIT
# Every source file (src, include, tests, python, bench and .ci scripts, examples, CMake files) names its licence
# with an SPDX identifier on its first line (its second after a #! line); corpus/README.md and models/README.md
# state the data licence. usage: spdx.sh SOURCE_DIR
set -eu
cd "$1"
fail=0
files=$(find src include tests python bench .ci examples cmake completion CMakeLists.txt -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.bash' -o -name '*.py' -o -name '*.gp' -o -name '*.cmake' \
	-o -name 'CMakeLists.txt' -o -path './.ci/*' -o -path '.ci/*' \) \
	-not -path 'tests/data/*' -not -path 'tests/fuzz/corpus/*' -not -path 'tests/fuzz/regressions/*' \
	-not -path '*/__pycache__/*' -not -path '*.egg-info/*' -not -path 'python/build/*' | sort)
n=0
for f in $files; do
	n=$((n + 1))
	first=$(head -n 1 "$f")
	case "$first" in '#!'*) first=$(sed -n 2p "$f") ;; esac
	case "$first" in
	*'SPDX-License-Identifier: MIT'*) ;;
	*) echo "FAIL: $f: no SPDX-License-Identifier on its first line"; fail=1 ;;
	esac
done
[ "$n" -gt 100 ] || { echo "FAIL: only $n source files found"; fail=1; }
for f in corpus/README.md models/README.md; do
	grep -q 'CC BY 4.0' "$f" 2>/dev/null || { echo "FAIL: $f does not state the CC BY 4.0 licence"; fail=1; }
done
grep -q 'MIT' LICENSE || { echo "FAIL: LICENSE"; fail=1; }
[ $fail = 0 ] && echo "spdx: $n files ok"
exit $fail
