#!/bin/bash
# SPDX-License-Identifier: MIT
# The Python package's tests against this build: a fresh venv that sees Debian's packages (python3-cffi,
# python3-pytest, python3-sklearn, python3-dask, python3-distributed, python3-pandas), then
# `pip install --no-build-isolation --no-index ./python` (offline) recording this build's library, then pytest.
#   bash tests/e2e/python.sh LIBRARY CLI SOURCE_DIR WORK_DIR
# Exits 77 (ctest: skipped) when /usr/bin/python3 lacks cffi, pytest or venv; pytest's "no tests" (5) fails.
set -eu
lib=$1 cli=$2 src=$3 work=$4
PY=${HT_PYTHON:-/usr/bin/python3}
if ! "$PY" -c "import cffi, pytest, venv, ensurepip" 2> /dev/null; then
	echo "skipped: $PY lacks cffi, pytest or venv (apt-get install python3-cffi python3-pytest python3-venv)"
	exit 77
fi
rm -rf "$work/venv" "$work/pkg"
mkdir -p "$work"
"$PY" -m venv --system-site-packages "$work/venv"
# build from a copy so the source tree gets no build/ or egg-info
cp -r "$src/python" "$work/pkg"
rm -rf "$work/pkg/build" "$work/pkg"/*.egg-info
HEALTHTOPICS_LIBRARY=$lib "$work/venv/bin/pip" install -q --no-build-isolation --no-index "$work/pkg"
cd "$work"
rc=0
# at run time the package must find the library it recorded at install time: no HEALTHTOPICS_LIBRARY here.
# Temporary files go under WORK_DIR (pytest empties it at each run), not /tmp/pytest-of-USER, which keeps the
# last three runs' files (about 70 MB each) after the build directory is gone.
env -u HEALTHTOPICS_LIBRARY HEALTHTOPICS_CLI="$cli" HEALTHTOPICS_EXPECT_LIBRARY="$lib" \
	"$work/venv/bin/python" -m pytest -q -p no:cacheprovider --basetemp "$work/pytest-tmp" "$src/python/tests" \
	|| rc=$?
if [ "$rc" -eq 5 ]; then
	echo "pytest collected no tests"
	exit 1
fi
exit "$rc"
