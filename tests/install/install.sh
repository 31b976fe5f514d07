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
# the installed command runs as installed, with no LD_LIBRARY_PATH (a relocatable $ORIGIN RPATH), and finds the
# installed default model without --model; HEALTHTOPICS_MODEL and --model come first
unset LD_LIBRARY_PATH HEALTHTOPICS_MODEL
readelf -d "$T/prefix/bin/healthtopics" | grep -E 'R(UN)?PATH' | grep -q 'ORIGIN' || { echo "FAIL: no \$ORIGIN RPATH"; exit 1; }
"$T/prefix/bin/healthtopics" --version
[ -f "$T/prefix/share/healthtopics/healthtopics-default.htm" ] || { echo "FAIL: default model not installed"; exit 1; }
# the man page and the bash completion are installed and work
man=$T/prefix/share/man/man1/healthtopics.1
[ -f "$man" ] || { echo "FAIL: man page not installed"; exit 1; }
[ -z "$(groff -man -Tutf8 -ww -z "$man" 2>&1)" ] || { echo "FAIL: the man page has groff warnings"; exit 1; }
groff -man -Tascii -P-cbou "$man" 2> /dev/null | grep -q "HEALTHTOPICS_MODEL" || { echo "FAIL: man page content"; exit 1; }
comp=$T/prefix/share/bash-completion/completions/healthtopics
[ -f "$comp" ] || { echo "FAIL: bash completion not installed"; exit 1; }
complete_words() { # the completions of the words given, as bash would offer them
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _healthtopics; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
[ "$(complete_words healthtopics cl)" = classify ] || { echo "FAIL: completion of commands"; exit 1; }
complete_words healthtopics train --str | grep -qx -- --strict || { echo "FAIL: completion of options"; exit 1; }
complete_words healthtopics train --solver r | grep -qx rbf || { echo "FAIL: completion of option values"; exit 1; }
# every option a command's --help lists is offered by the completion, and nothing else
for c in train classify eval cv info explain vectorize corpus; do
	want=$("$T/prefix/bin/healthtopics" $c --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
	got=$(complete_words healthtopics $c $( [ $c = corpus ] && echo lint) -- | sort -u)
	missing=$(comm -23 <(echo "$want") <(echo "$got") | grep -v -e '^--$' || true)
	[ -z "$missing" ] || { echo "FAIL: completion of $c lacks:" $missing; exit 1; }
done
mv "$T/prefix" "$T/moved" # relocatable: nothing points back at the install prefix
HT="$T/moved/bin/healthtopics"
echo 'Massage can leave bruises and make you sore.' | "$HT" classify > "$T/c1.json"
echo 'Massage can leave bruises and make you sore.' | "$HT" classify --model "$SRC/models/healthtopics-default.htm" > "$T/c2.json"
cmp "$T/c1.json" "$T/c2.json" || { echo "FAIL: the installed model differs from models/"; exit 1; }
"$HT" info | grep -qx "model: $T/moved/bin/../share/healthtopics/healthtopics-default.htm (installed default)" ||
	{ echo "FAIL: info does not say it uses the installed model"; "$HT" info | head -2; exit 1; }
HEALTHTOPICS_MODEL=/nonexistent.htm "$HT" info > /dev/null 2> "$T/err" && { echo "FAIL: HEALTHTOPICS_MODEL ignored"; exit 1; }
grep -q /nonexistent.htm "$T/err" || { echo "FAIL: HEALTHTOPICS_MODEL not used"; cat "$T/err"; exit 1; }
"$HT" classify --help | grep -q HEALTHTOPICS_MODEL || { echo "FAIL: classify --help does not name the default model"; exit 1; }
rm "$T/moved/share/healthtopics/healthtopics-default.htm"
rc=0; echo x | "$HT" classify > /dev/null 2> "$T/err" || rc=$?
[ $rc = 1 ] && grep -q "no model" "$T/err" || { echo "FAIL: no model: exit $rc"; cat "$T/err"; exit 1; }
echo "install: 7 passed, 0 failed"
