#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scikit-learn peer for the healthtopics benchmark.

  sklearn_bench.py train    --corpus TRAIN.tsv --out MODEL.pkl [--multilabel]
  sklearn_bench.py classify --model MODEL.pkl [--out PRED] FILE

The corpus is `labels<TAB>text` (labels comma-separated; empty = no label when --multilabel).
train:    TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True, min_df=2) + LinearSVC
          (OneVsRestClassifier(LinearSVC()) with a MultiLabelBinarizer for multi-label), then pickle to disk.
classify: load the pickle, then transform + predict the text after the first tab of every line (a line without a
          tab is all text), in chunks, writing one line of comma-separated labels per input line.
"""
import argparse
import pickle
import sys
import warnings


def read_tsv(path):
    labels, texts = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            lab, sep, text = line.partition("\t")
            if not sep:
                raise SystemExit(f"{path}: a line without a tab")
            labels.append([x.strip() for x in lab.split(",") if x.strip()])
            texts.append(text)
    return labels, texts


def train(args):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    labels, texts = read_tsv(args.corpus)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    X = vec.fit_transform(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LinearSVC's ConvergenceWarning at max_iter is reported, not fatal
        if args.multilabel:
            from sklearn.multiclass import OneVsRestClassifier
            from sklearn.preprocessing import MultiLabelBinarizer

            mlb = MultiLabelBinarizer()
            Y = mlb.fit_transform(labels)
            clf = OneVsRestClassifier(LinearSVC()).fit(X, Y)
            model = {"kind": "multilabel", "vec": vec, "clf": clf, "classes": list(mlb.classes_)}
        else:
            if any(len(l) != 1 for l in labels):
                raise SystemExit("multi-class training needs exactly one label per line (use --multilabel)")
            clf = LinearSVC().fit(X, [l[0] for l in labels])
            model = {"kind": "multiclass", "vec": vec, "clf": clf}
    with open(args.out, "wb") as f:
        pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"wrote {args.out}: {X.shape[1]} features, {len(texts)} texts", file=sys.stderr)


def classify(args):
    with open(args.model, "rb") as f:
        model = pickle.load(f)
    vec, clf = model["vec"], model["clf"]
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    chunk = []

    def flush():
        if not chunk:
            return
        pred = clf.predict(vec.transform(chunk))
        if model["kind"] == "multilabel":
            classes = model["classes"]
            rows = pred.toarray() if hasattr(pred, "toarray") else pred
            out.write("".join(",".join(c for c, on in zip(classes, r) if on) + "\n" for r in rows))
        else:
            out.write("".join(f"{p}\n" for p in pred))
        chunk.clear()

    src = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8", errors="replace")
    for line in src:
        line = line.rstrip("\n")
        _, sep, text = line.partition("\t")
        chunk.append(text if sep else line)
        if len(chunk) >= args.chunk:
            flush()
    flush()
    out.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--corpus", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--multilabel", action="store_true")
    c = sub.add_parser("classify")
    c.add_argument("--model", required=True)
    c.add_argument("--out")
    c.add_argument("--chunk", type=int, default=2000, help="lines per transform+predict batch")
    c.add_argument("file")
    args = ap.parse_args()
    train(args) if args.cmd == "train" else classify(args)


if __name__ == "__main__":
    main()
