#!/bin/bash
# cmake --install into a temporary prefix, then build a tiny C program against the installed copy twice:
# with pkg-config and with find_package(healthtopics). Both must run and classify with the shipped model.
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
# pkg-config
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
cc -o "$T/consumer-pc" "$SRC/tests/install/consumer.c" $(pkg-config --cflags --libs healthtopics)
LD_LIBRARY_PATH="$LIBDIR" "$T/consumer-pc" "$SRC/models/healthtopics-default.htm"
# CMake package config
mkdir -p "$T/proj"
cp "$SRC/tests/install/consumer.c" "$T/proj/"
cp "$SRC/tests/install/CMakeLists.txt.in" "$T/proj/CMakeLists.txt"
cmake -S "$T/proj" -B "$T/proj/build" -DCMAKE_PREFIX_PATH="$T/prefix" > /dev/null
cmake --build "$T/proj/build" > /dev/null
LD_LIBRARY_PATH="$LIBDIR" "$T/proj/build/consumer" "$SRC/models/healthtopics-default.htm"
# the installed command works too
LD_LIBRARY_PATH="$LIBDIR" "$T/prefix/bin/healthtopics" --version
echo "install: 3 passed, 0 failed"
