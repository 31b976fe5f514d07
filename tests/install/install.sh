#!/bin/bash
# SPDX-License-Identifier: MIT
# cmake --install into a temporary prefix, then build a tiny C program against the installed copy with
# pkg-config and with find_package(healthtopics), each against the full library and against the classify library
# alone. All must run and classify with the shipped model, and the classify-only ones must not load a trainer.
# usage: install.sh BUILD_DIR SOURCE_DIR
set -eu
BUILD=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cmake --install "$BUILD" --prefix "$T/prefix" > /dev/null
LIBDIR=$(ls -d "$T"/prefix/lib*/ | head -1)
for f in include/healthtopics.h include/healthtopics_train.h bin/healthtopics; do
	[ -e "$T/prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
ls "$LIBDIR"/libhealthtopics.so* "$LIBDIR"/libhealthtopics.a > /dev/null
ls "$LIBDIR"/libhealthtopics_classify.so* "$LIBDIR"/libhealthtopics_classify.a > /dev/null
# classify only: links nothing of the trainers
no_trainers() {
	if LD_LIBRARY_PATH="$LIBDIR" ldd "$1" | grep -E 'liblinear|libsvm|openblas|libblas|libhealthtopics\.so'; then
		echo "FAIL: $1 loads a trainer"
		exit 1
	fi
}
# pkg-config
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
cc -o "$T/consumer-pc" "$SRC/tests/install/consumer.c" $(pkg-config --cflags --libs healthtopics)
LD_LIBRARY_PATH="$LIBDIR" "$T/consumer-pc" "$SRC/models/healthtopics-default.htm"
cc -o "$T/consumer-pc-classify" "$SRC/tests/install/consumer.c" $(pkg-config --cflags --libs healthtopics-classify)
LD_LIBRARY_PATH="$LIBDIR" "$T/consumer-pc-classify" "$SRC/models/healthtopics-default.htm"
no_trainers "$T/consumer-pc-classify"
# the static classify library needs only its own private libraries
cc -o "$T/consumer-static-classify" "$SRC/tests/install/consumer.c" -I"$T/prefix/include" \
	"$LIBDIR/libhealthtopics_classify.a" $(pkg-config --libs --static healthtopics-classify | sed 's/-lhealthtopics_classify//')
"$T/consumer-static-classify" "$SRC/models/healthtopics-default.htm"
no_trainers "$T/consumer-static-classify"
# CMake package config
mkdir -p "$T/proj"
cp "$SRC/tests/install/consumer.c" "$T/proj/"
cp "$SRC/tests/install/CMakeLists.txt.in" "$T/proj/CMakeLists.txt"
cmake -S "$T/proj" -B "$T/proj/build" -DCMAKE_PREFIX_PATH="$T/prefix" > /dev/null
cmake --build "$T/proj/build" > /dev/null
LD_LIBRARY_PATH="$LIBDIR" "$T/proj/build/consumer" "$SRC/models/healthtopics-default.htm"
LD_LIBRARY_PATH="$LIBDIR" "$T/proj/build/consumer_classify" "$SRC/models/healthtopics-default.htm"
no_trainers "$T/proj/build/consumer_classify"
# the installed command works too
LD_LIBRARY_PATH="$LIBDIR" "$T/prefix/bin/healthtopics" --version
echo "install: 6 passed, 0 failed"
