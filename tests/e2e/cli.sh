#!/bin/bash
# SPDX-License-Identifier: MIT
# The command-line tool end to end: versions, help, exit codes, error messages, and golden outputs.
# usage: cli.sh HEALTHTOPICS_BINARY TESTS_DATA_DIR [--update]   (--update rewrites the golden files)
set -u
HT=$1
DATA=$2
UPDATE=${3:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*" >&2; failn=$((failn + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
golden() { # name, file produced
	if [ "$UPDATE" = "--update" ]; then cp "$2" "$DATA/golden/$1"; fi
	if cmp -s "$2" "$DATA/golden/$1"; then ok; else bad "golden $1 differs:"; diff "$DATA/golden/$1" "$2" | head -20 >&2; fi
}

check "--version" '"$HT" --version | grep -Eq "^healthtopics [0-9]+\.[0-9]+\.[0-9]+ \(model format [0-9]+\)$"'
for c in train classify eval cv info explain vectorize corpus; do
	check "$c --help" '"$HT" $c --help > "$T/help" && grep -q "example" "$T/help" && grep -q "usage" "$T/help"'
done
"$HT" frobnicate > /dev/null 2>&1; check "unknown command exits 1" '[ $? -eq 1 ]'
"$HT" train --corpus x --bogus > /dev/null 2>&1; check "unknown option exits 1" '[ $? -eq 1 ]'
"$HT" train --corpus "$DATA/tiny.tsv" > /dev/null 2>&1; check "missing --out exits 1" '[ $? -eq 1 ]'

# train, classify, eval on the tiny fixtures: golden outputs
"$HT" train --corpus "$DATA/tiny.tsv" --out "$T/tiny.htm" --folds 3 2> "$T/train.err"
check "train exits 0" '[ $? -eq 0 ] && [ -s "$T/tiny.htm" ]'
check "train reports what it wrote" 'grep -q "4 labels" "$T/train.err"'
"$HT" classify --model "$T/tiny.htm" --format tsv "$DATA/tiny.tsv" > "$T/classify.jsonl"
check "classify --format tsv: one line per input line" '[ $(wc -l < "$T/classify.jsonl") -eq $(grep -c . "$DATA/tiny.tsv") ]'
golden tiny-classify.jsonl "$T/classify.jsonl"
"$HT" classify --model "$T/tiny.htm" --article "$DATA/article.txt" > "$T/article.jsonl"
golden tiny-article.jsonl "$T/article.jsonl"
check "article units have byte ranges and heading flags" 'head -1 "$T/article.jsonl" | grep -q "^{\"start\":0,\"end\":51,\"heading\":true,\"labels\":\["'
printf '<html><body><nav>Home</nav><main><h2>Risks</h2><p>Soreness &amp; bruising.</p></main></body></html>' > "$T/page.html"
"$HT" classify --model "$T/tiny.htm" --article "$T/page.html" > "$T/page.jsonl"
check "classify --article reads HTML: boilerplate, heading level, byte ranges into the page" \
	'sed -n 1p "$T/page.jsonl" | grep -q "^{\"start\":17,\"end\":21,.*\"kind\":\"boilerplate\"}$" && sed -n 2p "$T/page.jsonl" | grep -q "\"kind\":\"heading\",\"level\":2}$" && sed -n 3p "$T/page.jsonl" | grep -q "^{\"start\":50,\"end\":74,"'
printf '# Braces\n\n## Kinds\n\nThere are two kinds:\n\n- Hinged braces\n- Soft sleeves\n' > "$T/chain.md"
"$HT" classify --model "$T/tiny.htm" --article "$T/chain.md" > "$T/chain.jsonl"
check "classify --article: a heading's parent, a unit's section heading and a list item's lead-in, by line number" \
	'sed -n 1p "$T/chain.jsonl" | grep -vq "_unit\"" && sed -n 2p "$T/chain.jsonl" | grep -q ",\"parent_unit\":0,\"kind\":\"heading\",\"level\":2}$" && sed -n 3p "$T/chain.jsonl" | grep -q ",\"heading_unit\":1,\"kind\":\"paragraph\"}$" && sed -n 5p "$T/chain.jsonl" | grep -q ",\"heading_unit\":1,\"lead_in_unit\":2,\"kind\":\"list_item\"}$"'
"$HT" classify --model "$T/tiny.htm" --article --text "$T/page.html" > "$T/page-text.jsonl"
check "classify --article --text: JSON Lines carry kind and decoded text; without --text they are unchanged" \
	'sed -n 3p "$T/page-text.jsonl" | grep -q "\"kind\":\"paragraph\",\"text\":\"Soreness & bruising.\"}$" && [ "$(sed "s/,\"text\":\"[^\"]*\"}$/}/" "$T/page-text.jsonl")" = "$(cat "$T/page.jsonl")" ]'
check "classify --article --pretty shows decoded text" '"$HT" classify --model "$T/tiny.htm" --article --pretty "$T/page.html" | grep -q " Soreness & bruising\.$"'
check "classify --article --format tsv is a usage error" '"$HT" classify --model "$T/tiny.htm" --article --format tsv "$T/page.html" 2> /dev/null; [ $? -eq 1 ]'
sed 's/^[^\t]*\t/__label__x /' "$DATA/tiny.tsv" > "$T/tiny.ft"
"$HT" classify --model "$T/tiny.htm" --format fasttext "$T/tiny.ft" > "$T/ft.jsonl"
check "fasttext input classifies like tsv input" 'cmp -s "$T/ft.jsonl" "$T/classify.jsonl"'
printf 'Regular massage eased my back pain.' | "$HT" classify --model "$T/tiny.htm" > "$T/text.jsonl"
check "plain text from stdin is one object" '[ $(wc -l < "$T/text.jsonl") -eq 1 ] && grep -q "\"scores\":{\"alternatives\":" "$T/text.jsonl"'
# classify --format tsv|fasttext is a filter: each line from a pipe is answered before the next one is written
# (and before the input ends), with the same answers as for a file
for fmt in tsv fasttext; do
	coproc HTC { "$HT" classify --model "$T/tiny.htm" --format $fmt 2>&1; }
	answered=0
	for k in 1 2 3; do
		line=$(sed -n "${k}p" "$DATA/tiny.tsv")
		[ $fmt = tsv ] || line="__label__x ${line#*$'\t'}"
		printf '%s\n' "$line" >&"${HTC[1]}"
		IFS= read -r -t 20 ans <&"${HTC[0]}" || break
		[ "$ans" = "$(sed -n "${k}p" "$T/classify.jsonl")" ] || break
		answered=$((answered + 1))
	done
	exec {HTC[1]}>&-
	wait "$HTC_PID" 2> /dev/null
	check "classify --format $fmt answers each line as it arrives on a pipe" '[ $answered -eq 3 ]'
done
cat "$DATA/tiny.tsv" | "$HT" classify --model "$T/tiny.htm" --format tsv > "$T/piped.jsonl"
check "classify --format tsv from a pipe equals from a file" 'cmp -s "$T/piped.jsonl" "$T/classify.jsonl"'
"$HT" eval --model "$T/tiny.htm" --corpus "$DATA/tiny.tsv" > "$T/eval.txt"
golden tiny-eval.txt "$T/eval.txt"
"$HT" eval --model "$T/tiny.htm" --corpus "$DATA/tiny.tsv" --json > "$T/eval.json"
check "eval --json" 'grep -q "\"micro\":{\"precision\":" "$T/eval.json"'
# eval scores every label of the model, not only those the file contains: one benefits line and two unlabeled
# lines the model labels risks and alternatives are two wrong answers
{ printf 'benefits\t'; sed -n 1p "$DATA/tiny.tsv" | cut -f2; printf '\t'; sed -n 15p "$DATA/tiny.tsv" | cut -f2
  printf '\t'; sed -n 19p "$DATA/tiny.tsv" | cut -f2; } > "$T/partial.tsv"
"$HT" classify --model "$T/tiny.htm" --format tsv "$T/partial.tsv" | cut -d']' -f1 > "$T/partial.pred"
check "eval fixture: the model labels the lines benefits, risks, alternatives" \
	'[ "$(tr "\n" " " < "$T/partial.pred")" = "{\"labels\":[\"benefits\" {\"labels\":[\"risks\" {\"labels\":[\"alternatives\" " ]'
"$HT" eval --model "$T/tiny.htm" --corpus "$T/partial.tsv" > "$T/partial.txt"
check "eval counts predictions of labels the file lacks" \
	'grep -q "^exact-match ratio: 0.3333" "$T/partial.txt" && grep -q "^hamming loss: 0.1667" "$T/partial.txt" && grep -Eq "^micro avg +0.3333 +1.0000 +0.5000 +1$" "$T/partial.txt"'
check "eval says which labels have no support" \
	'grep -Eq "^risks .* 0  no support" "$T/partial.txt" && grep -Eq "^types .* 0  no support" "$T/partial.txt" && ! grep -Eq "^benefits .*no support" "$T/partial.txt"'
"$HT" eval --model "$T/tiny.htm" --corpus "$T/partial.tsv" --json > "$T/partial.json"
check "eval --json: every label, no_support flagged" \
	'grep -q "\"risks\":{[^}]*\"support\":0,\"predicted\":1,\"no_support\":true}" "$T/partial.json" && grep -q "\"accuracy\":0.3333" "$T/partial.json"'
# degenerate training data: a label with one example warns (inverted calibration too), --strict makes it an
# error; lint flags label names that differ only by case
{ cat "$DATA/tiny.tsv"; printf 'Rare\tMassage once made my ears ring for an hour.\n'; } > "$T/rare.tsv"
"$HT" train --corpus "$T/rare.tsv" --out "$T/rare.htm" --folds 3 2> "$T/rare.err"
check "train warns about a label with one example" \
	'[ $? -eq 0 ] && grep -q "^healthtopics: warning: label .Rare. has 1 example" "$T/rare.err"'
check "train warns about a calibration that does not rise with the margin" \
	'! grep -q "^label.Rare: platt_a=-" <("$HT" info "$T/rare.htm") && grep -q "warning: label .Rare.: its calibration does not rise" "$T/rare.err"'
"$HT" train --corpus "$T/rare.tsv" --out "$T/rare2.htm" --folds 3 --strict 2> "$T/rare2.err"
check "train --strict: degenerate data is an error, nothing written" '[ $? -eq 2 ] && [ ! -e "$T/rare2.htm" ] && grep -q "Rare" "$T/rare2.err"'
check "train on sound data gives no warning" '! grep -q warning "$T/train.err"'
printf 'risks\tYou may feel sore.\nRisks\tBruising can happen.\n' > "$T/case.tsv"
"$HT" corpus lint "$T/case.tsv" > /dev/null 2> "$T/case.err"
check "lint flags labels that differ only by case" '[ $? -eq 2 ] && grep -q "differs from label .Risks. only by case" "$T/case.err"'
# output errors are never silent: a full disk (/dev/full) and a closed pipe give a message and exit 2 in every
# command that writes to stdout
closed_pipe() { # run "$@" with stdout a pipe whose read end is closed; print its exit code and stderr
	python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
print(p.returncode, p.stderr.decode(errors="replace").strip().replace("\n", " | "))' "$@"
}
for cmd in "info $T/tiny.htm" "eval --model $T/tiny.htm --corpus $DATA/tiny.tsv" "corpus stats $DATA/tiny.tsv" \
	"cv --corpus $DATA/tiny.tsv --folds 3 --calibration-folds 0" "explain --model $T/tiny.htm --label risks $DATA/tiny.tsv" \
	"classify --model $T/tiny.htm --format tsv $DATA/tiny.tsv" "classify --model $T/tiny.htm --article $DATA/article.txt" \
	"vectorize --model $T/tiny.htm --corpus $DATA/tiny.tsv --label risks" "corpus export $DATA/tiny.tsv --format tsv" \
	"corpus lint $DATA/tiny.tsv" "--version" "classify --help"; do
	# shellcheck disable=SC2086
	"$HT" $cmd > /dev/full 2> "$T/full.err"
	check "$cmd > /dev/full: exit 2 with a message" '[ $? -eq 2 ] && grep -q "cannot write to standard output: No space left on device" "$T/full.err"'
	# shellcheck disable=SC2086
	check "$cmd on a closed pipe: exit 2 with a message" \
		'closed_pipe "$HT" $cmd | grep -q "^2 .*cannot write to standard output: Broken pipe"'
done
# --threads takes any positive number, capped to what helps, and says so
"$HT" train --corpus "$DATA/tiny.tsv" --out "$T/thr.htm" --folds 0 --solver rbf --threads 64 2> "$T/thr.err"
check "train --threads 64 (rbf): accepted, capped to one per label, said" '[ $? -eq 0 ] && grep -q -- "--threads 64: using 4 (one thread per label)" "$T/thr.err"'
"$HT" train --corpus "$DATA/tiny.tsv" --out "$T/thr2.htm" --folds 0 --threads 16 2> "$T/thr2.err"
check "train --threads 16 (linear): accepted, capped to one process per fit, said" '[ $? -eq 0 ] && grep -q -- "--threads 16: using 4 (one worker process per label fit)" "$T/thr2.err"'
"$HT" train --corpus "$DATA/tiny.tsv" --out "$T/thr3.htm" --folds 0 --threads 2 --no-fork 2> "$T/thr3.err"
check "train --threads 2 --no-fork (linear): one at a time, said, same model" '[ $? -eq 0 ] && grep -q -- "--threads 2: using 1 (--no-fork" "$T/thr3.err" && cmp -s "$T/thr2.htm" "$T/thr3.htm"'
"$HT" info "$T/tiny.htm" > "$T/info.txt"
check "info" 'grep -q "^labels: 4$" "$T/info.txt" && grep -q "^corpus_digest: fnv1a64:" "$T/info.txt"'
# info gives both versions, each correctly: utf8proc's (the one the model was trained with) and the Unicode
# version it implements (not utf8proc's version again)
check "info: utf8proc_version and unicode_version, different and well formed" \
	'grep -Eq "^utf8proc_version: [0-9]+\.[0-9]+\.[0-9]+$" "$T/info.txt" && grep -Eq "^unicode_version: 1[0-9]\.[0-9]+\.[0-9]+$" "$T/info.txt" && [ "$(sed -n "s/^utf8proc_version: //p" "$T/info.txt")" != "$(sed -n "s/^unicode_version: //p" "$T/info.txt")" ]'
echo "You may feel sore and bruised after a deep session." | "$HT" explain --model "$T/tiny.htm" --label risks --top 3 > "$T/explain.json"
check "explain" 'grep -q "^{\"label\":\"risks\",\"assigned\":true" "$T/explain.json" && [ $(grep -o "\"term\"" "$T/explain.json" | wc -l) -eq 3 ]'
check "explain: no none_gate field for a model without a gate" '! grep -q none_gate "$T/explain.json"'
echo "Read more: Why do migraines so often strike after a long week?" |
	"$HT" explain --model "$DATA/../../models/healthtopics-default.htm" --label alternatives --top 2 > "$T/explain_gate.json"
check "explain: the shipped model's none gate clears a related-story link" \
	'grep -q "\"assigned\":false,.*\"none_gate\":{\"probability\":0\.[5-9][0-9]*,\"cleared\":true},\"terms\"" "$T/explain_gate.json"'
"$HT" explain --model "$T/tiny.htm" --label cures < /dev/null > /dev/null 2>&1; check "explain unknown label exits 1" '[ $? -eq 1 ]'
# vectorize writes what liblinear-train and svm-train read: for a multi-label model one binary file per label
# (or --label L), for a multi-class model one file of label indices
"$HT" vectorize --model "$T/tiny.htm" --corpus "$DATA/tiny.tsv" --out "$T/vec.svm"
check "vectorize: a multi-label model gives one binary LIBSVM file per label" \
	'(for l in benefits types risks alternatives; do [ $(wc -l < "$T/vec.$l.svm") -eq 33 ] || exit 1; grep -Evq "^[-+]1( [0-9]+:[0-9.e-]+)*$" "$T/vec.$l.svm" && exit 1; done; exit 0) && [ $(grep -c "^+1" "$T/vec.risks.svm") -eq 8 ]'
"$HT" vectorize --model "$T/tiny.htm" --corpus "$DATA/tiny.tsv" --label risks > "$T/vec-risks.svm"
check "vectorize --label L to stdout is that label's file" 'cmp -s "$T/vec-risks.svm" "$T/vec.risks.svm"'
"$HT" vectorize --model "$T/tiny.htm" --corpus "$DATA/tiny.tsv" > /dev/null 2> "$T/vec.err"
check "vectorize: a multi-label model to stdout needs --label" '[ $? -eq 1 ] && grep -q -- "--label" "$T/vec.err"'
if command -v liblinear-train > /dev/null && command -v svm-train > /dev/null; then
	check "liblinear-train reads every per-label file" \
		'(for l in benefits types risks alternatives; do liblinear-train -q -s 1 "$T/vec.$l.svm" "$T/ll.$l" > /dev/null || exit 1; done)'
	check "svm-train reads a per-label file" 'svm-train -q -t 0 "$T/vec.risks.svm" "$T/svm.risks" > /dev/null'
	"$HT" train --corpus "$DATA/tiny-mc.tsv" --out "$T/mc.htm" --folds 0 2> /dev/null
	"$HT" vectorize --model "$T/mc.htm" --corpus "$DATA/tiny-mc.tsv" --out "$T/mc.svm"
	check "vectorize: a multi-class model's file trains liblinear-train and svm-train" \
		'liblinear-train -q "$T/mc.svm" "$T/mc.ll" > /dev/null && svm-train -q -t 0 "$T/mc.svm" "$T/mc.sv" > /dev/null'
else
	bad "liblinear-train and svm-train are needed (apt-get install liblinear-tools libsvm-tools; .ci/deps test)"
fi
"$HT" cv --corpus "$DATA/tiny.tsv" --folds 3 > "$T/cv.txt"
check "cv" 'grep -q "^micro avg" "$T/cv.txt"'

# corpus commands
"$HT" corpus export "$DATA/tiny-article.txt" --format tsv --article-ids > "$T/export.tsv"
golden tiny-article-export.tsv "$T/export.tsv"
"$HT" corpus export "$DATA/tiny-article.txt" --format fasttext > "$T/export.ft"
check "export fasttext" 'grep -q "^__label__types __label__risks Deep tissue" "$T/export.ft"'
"$HT" corpus stats "$DATA/tiny-article.txt" > "$T/stats.txt"
check "stats" 'grep -Eq "^units +4$" "$T/stats.txt"'

# bad input: every problem reported as file:line, exit 2, nothing written, an existing model unchanged
printf 'id: b\ntitle: t\ntreatment: x\ncondition: y\nstyle: forum\n\n[cures] a\n[benefits] ok\nno label\n' > "$T/bad.txt"
cp "$T/tiny.htm" "$T/keep.htm"
"$HT" train --corpus "$T/bad.txt" --out "$T/keep.htm" 2> "$T/bad.err"
check "bad corpus exits 2" '[ $? -eq 2 ]'
check "bad corpus lists every problem" 'grep -q "bad.txt:7: unknown label" "$T/bad.err" && grep -q "bad.txt:9: expected a unit line" "$T/bad.err"'
check "existing model unchanged" 'cmp -s "$T/tiny.htm" "$T/keep.htm"'
"$HT" train --corpus "$T/bad.txt" --out "$T/new.htm" 2> /dev/null
check "no model written" '[ ! -e "$T/new.htm" ] && [ -z "$(ls "$T" | grep tmp-)" ]'
"$HT" corpus lint "$T/bad.txt" > /dev/null 2>&1; check "lint exits 2 on a bad corpus" '[ $? -eq 2 ]'
head -c 100 "$T/tiny.htm" > "$T/trunc.htm"
"$HT" classify --model "$T/trunc.htm" < /dev/null 2> "$T/trunc.err"; rc=$?
check "truncated model exits 2 with a message" '[ $rc -eq 2 ] && grep -q "corrupt model" "$T/trunc.err"'
"$HT" classify --model "$T/missing.htm" < /dev/null 2> /dev/null; check "missing model exits 2" '[ $? -eq 2 ]'

# classify --threads: the lines of a file on several threads give the same output in the same order; any
# positive number, capped at the CPUs and said; not for --article
"$HT" corpus export "$DATA/../../corpus/articles" --format tsv --split heldout > "$T/many.tsv"
"$HT" classify --model "$DATA/../../models/healthtopics-default.htm" --format tsv "$T/many.tsv" > "$T/thr1.jsonl"
"$HT" classify --model "$DATA/../../models/healthtopics-default.htm" --format tsv --threads 3 "$T/many.tsv" > "$T/thr3.jsonl"
check "classify --threads 3 equals one thread" '[ $? -eq 0 ] && [ -s "$T/thr1.jsonl" ] && cmp -s "$T/thr1.jsonl" "$T/thr3.jsonl"'
"$HT" classify --model "$DATA/../../models/healthtopics-default.htm" --format tsv --threads 100000 "$T/many.tsv" > "$T/thrmax.jsonl" 2> "$T/thrmax.err"
check "classify --threads 100000: capped, said, same output" '[ $? -eq 0 ] && grep -q -- "--threads 100000: using" "$T/thrmax.err" && cmp -s "$T/thr1.jsonl" "$T/thrmax.jsonl"'
"$HT" classify --model "$T/tiny.htm" --article --threads 2 < /dev/null 2> /dev/null; check "classify --article --threads exits 1" '[ $? -eq 1 ]'
"$HT" classify --model "$T/tiny.htm" --format tsv --threads 0 < /dev/null 2> /dev/null; check "classify --threads 0 exits 1" '[ $? -eq 1 ]'

# option syntax (getopt_long): short options, --opt=value, "--", and the usage errors
printf 'Regular massage eased my back pain.' | "$HT" classify -m "$T/tiny.htm" > "$T/short.jsonl"
check "short option -m equals --model" 'cmp -s "$T/short.jsonl" "$T/text.jsonl"'
printf 'Regular massage eased my back pain.' | "$HT" classify --model="$T/tiny.htm" -- - > "$T/eq.jsonl"
check "--model=PATH and -- then - read stdin" 'cmp -s "$T/eq.jsonl" "$T/text.jsonl"'
"$HT" classify --model "$T/tiny.htm" --model "$T/tiny.htm" < /dev/null 2> "$T/twice.err"
check "an option given twice exits 1" '[ $? -eq 1 ] && grep -q "more than once" "$T/twice.err"'
"$HT" classify --model "$T/tiny.htm" --pretty < /dev/null 2> /dev/null; check "--pretty without --article exits 1" '[ $? -eq 1 ]'
"$HT" train --corpus "$DATA/tiny.tsv" --out "$T/x.htm" --gamma 2 2> /dev/null; check "--gamma with the linear solver exits 1" '[ $? -eq 1 ] && [ ! -e "$T/x.htm" ]'
"$HT" eval --json=yes 2> /dev/null; check "a value for a flag exits 1" '[ $? -eq 1 ]'
"$HT" cv --corpus "$DATA/tiny.tsv" --folds 1 2> /dev/null; check "cv --folds 1 exits 1" '[ $? -eq 1 ]'
"$HT" classify --mod "$T/tiny.htm" < /dev/null 2> /dev/null; check "an abbreviated option exits 1" '[ $? -eq 1 ]'

echo "cli: $pass passed, $failn failed"
[ $failn -eq 0 ]
