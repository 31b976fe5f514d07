#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Whether another learner over the same words would do better on real pages: a scikit-learn probe.

  realdev_learners.py --rebuilt DIR [--healthtopics BIN] [--model M] [--corpus corpus/articles]
                      [--learners linear,nb,mlp,blend,words] [--mlp-hidden 256] [--mlp-epochs 8]
                      [--medquad ../shared/data/medquad/medquad-train.tsv] [--series a,b,...]

Every learner is trained on the corpus export (the training split, `labels<TAB>text`, no heading context) and
labels each scored unit of the development set alone (true boundaries), as `realdev.py`'s `sklearn` system does:
  linear  TF-IDF of the shipped model's n-grams (1-3, min_df 2, the 110,000 most frequent, sublinear tf) and one
          LinearSVC per label at the shipped C (0.5); a label when the margin is positive. The reference row
  nb      the same, each label's features scaled by their naive-Bayes log-count ratio (Wang and Manning 2012:
          r = log((p/|p|) / (q/|q|)), p and q the feature counts over the label's units and the others, plus 1)
  mlp     a network with one hidden layer (ReLU) over TF-IDF 1-2-grams (the 60,000 most frequent), one sigmoid
          output per label, trained with Adam; a label at probability 0.5, 0.4 and 0.3 (three rows)
  blend   the shipped model on each page as pasted (`classify --article`; a unit's probability of a label is the
          highest of the predicted units that overlap it) averaged with mlp's probability; a label at 0.5. The
          row `shipped@0.5` is the shipped model's probabilities alone by the same rule
  words   linear, with what word vectors learned from more health text know about each word beside its n-grams:
          fastText skipgram vectors (100 dimensions, 5 epochs, one thread, Debian's `fasttext`) trained on the
          MedQuAD training passages (real NIH text, --medquad; not part of the repository) and the corpus export;
          rows: the unit's mean vector as 100 more features (weight 0.5), and the unit's words' k-means clusters
          of the vectors (300 and 1,000 clusters) as TF-IDF features of their own
Prints micro-F1, macro-F1 and none-accuracy on all pages, `choose` and `confirm`, and per-label F1. The learners are
nonlinear or reweighted versions of what the shipped model is; if none is clearly better here, the shipped model's
limits on real pages are not its learner's.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import warnings

import numpy as np

import realdev

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LABELS = realdev.LABELS


def training_units(args):
    """(texts, Y) of the corpus export: Y is a 0/1 array, one column per label."""
    texts, rows = [], []
    for ln in realdev.export(args, "tsv").splitlines():
        lab, _, text = ln.partition("\t")
        texts.append(text)
        got = set(lab.split(","))
        rows.append([1 if x in got else 0 for x in LABELS])
    return texts, np.array(rows)


def linear_vectors(texts, test):
    from sklearn.feature_extraction.text import TfidfVectorizer
    vec = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=2, max_features=110000)
    return vec.fit_transform(texts).tocsr(), vec.transform(test).tocsr()


def svm_margins(X, Y, Xt, nb):
    """One LinearSVC per label at C 0.5; with nb, each label's features scaled by its log-count ratio."""
    from scipy import sparse
    from sklearn.svm import LinearSVC
    out = np.zeros((Xt.shape[0], len(LABELS)))
    if nb:
        Xb = X.copy()
        Xb.data[:] = 1.0
    for j in range(len(LABELS)):
        y = Y[:, j]
        A, At = X, Xt
        if nb:
            p = 1.0 + np.asarray(Xb[y == 1].sum(axis=0)).ravel()
            q = 1.0 + np.asarray(Xb[y == 0].sum(axis=0)).ravel()
            scale = sparse.diags(np.log((p / p.sum()) / (q / q.sum())))
            A, At = X @ scale, Xt @ scale
        clf = LinearSVC(C=0.5, random_state=1).fit(A, y)
        out[:, j] = At @ clf.coef_.ravel() + clf.intercept_[0]
    return out


def mlp_probabilities(texts, Y, test, hidden, epochs):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neural_network import MLPClassifier
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=60000)
    X = vec.fit_transform(texts)
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=epochs, batch_size=256, random_state=1)
    clf.fit(X, Y)
    return clf.predict_proba(vec.transform(test))


def words_of(text):
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", text.lower())


def word_vectors(tokens, medquad):
    """{word: unit-length vector} from fastText skipgram on the MedQuAD passages and the training units' words."""
    with tempfile.TemporaryDirectory(prefix="realdev-words-") as tmp:
        path = os.path.join(tmp, "text.txt")
        with open(path, "w", encoding="utf-8") as out:
            with open(medquad, encoding="utf-8") as f:
                for ln in f:
                    out.write(" ".join(words_of(ln.partition("\t")[2])) + "\n")
            for ws in tokens:
                out.write(" ".join(ws) + "\n")
        subprocess.run(["fasttext", "skipgram", "-input", path, "-output", os.path.join(tmp, "v"), "-dim", "100",
                        "-epoch", "5", "-minCount", "3", "-thread", "1", "-seed", "1", "-verbose", "0"], check=True)
        vectors = {}
        with open(os.path.join(tmp, "v.vec"), encoding="utf-8") as f:
            next(f)
            for ln in f:
                parts = ln.rstrip().split(" ")
                v = np.array(parts[1:], dtype=np.float64)
                vectors[parts[0]] = v / (np.linalg.norm(v) or 1.0)
    return vectors


def word_rows(texts, test, Y, X, Xt, medquad):
    """[(name, margins)] of the linear learner with the word vectors' views added beside the n-grams."""
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    tokens, test_tokens = [words_of(t) for t in texts], [words_of(t) for t in test]
    vectors = word_vectors(tokens, medquad)

    def mean(ts):
        out = np.zeros((len(ts), 100))
        for k, ws in enumerate(ts):
            vs = [vectors[w] for w in ws if w in vectors]
            if vs:
                m = np.mean(vs, axis=0)
                out[k] = m / (np.linalg.norm(m) or 1.0)
        return sparse.csr_matrix(0.5 * out)
    rows = [("+mean vector", svm_margins(sparse.hstack([X, mean(tokens)]).tocsr(),
                                         Y, sparse.hstack([Xt, mean(test_tokens)]).tocsr(), False))]
    words = sorted(vectors)
    matrix = np.vstack([vectors[w] for w in words])
    for k in (300, 1000):
        cluster = dict(zip(words, MiniBatchKMeans(n_clusters=k, random_state=1, n_init=3,
                                                  batch_size=4096).fit(matrix).labels_))

        def named(ts):
            return [" ".join(f"c{cluster[w]}" for w in ws if w in cluster) for ws in ts]
        cv = TfidfVectorizer(sublinear_tf=True, min_df=2, token_pattern=r"\S+")
        A, At = cv.fit_transform(named(tokens)), cv.transform(named(test_tokens))
        rows.append((f"+{k} clusters", svm_margins(sparse.hstack([X, A]).tocsr(), Y,
                                                   sparse.hstack([Xt, At]).tocsr(), False)))
    return rows


def shipped_probabilities(args, gold_all):
    """For every gold unit, the shipped model's probability of each label on its page: the highest among the
    predicted units that overlap it (0 where none does)."""
    by_page, out = realdev.pasted_units(args, gold_all, args.rebuilt), np.zeros((len(gold_all), len(LABELS)))
    for i, g in enumerate(gold_all):
        for u in realdev.overlapping(by_page[g["page"]], g["start"], g["end"]):
            for j, lab in enumerate(LABELS):
                out[i, j] = max(out[i, j], u.get("scores", {}).get(lab, 0.0))
    return out


def labels_at(values, cut):
    return [{LABELS[j] for j in range(len(LABELS)) if row[j] >= cut} for row in values]


def report(name, gold, pred):
    whole = realdev.score(gold, pred)
    cells = [f"{whole['micro_f1']:.3f} / {whole['macro_f1']:.3f} / {whole['none_acc']:.3f}"]
    for part in ("choose", "confirm"):
        idx = [i for i, g in enumerate(gold) if realdev.in_part(g["page"], part)]
        s = realdev.score([gold[i] for i in idx], [pred[i] for i in idx])
        cells.append(f"{s['micro_f1']:.3f} / {s['macro_f1']:.3f}")
    per = " ".join(f"{x[:5]} {whole['labels'][x]['f1']:.2f}" for x in LABELS)
    print(f"{name:14} {cells[0]:23} {cells[1]:15} {cells[2]:15} {per}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    realdev.tool_arguments(ap)
    ap.add_argument("--learners", default="linear,nb,mlp,blend")
    ap.add_argument("--medquad", default=os.path.join(os.path.dirname(REPO), "shared", "data", "medquad",
                                                      "medquad-train.tsv"),
                    help="MedQuAD's training passages, the extra text of the `words` learner")
    ap.add_argument("--mlp-hidden", type=int, default=256)
    ap.add_argument("--mlp-epochs", type=int, default=8)
    ap.add_argument("--series", help="score only these series of pages (realdev.py --series)")
    args = ap.parse_args()
    args.split = "train"
    learners = args.learners.split(",")
    unknown = set(learners) - {"linear", "nb", "mlp", "blend", "words"}
    if unknown:
        sys.exit(f"realdev_learners.py: unknown learner(s): {', '.join(sorted(unknown))}")
    if "words" in learners and not os.path.isfile(args.medquad):
        sys.exit(f"realdev_learners.py: the words learner needs MedQuAD's training passages: {args.medquad} is not a "
                 "file (--medquad)")
    warnings.simplefilter("ignore")
    gold_all = realdev.read_gold(args.rebuilt)
    series = tuple(args.series.split(",")) if args.series else ("",)
    keep = [i for i in realdev.scored_indices(gold_all) if gold_all[i]["page"].startswith(series)]
    gold = [gold_all[i] for i in keep]
    test = [g["text"] for g in gold]
    texts, Y = training_units(args)
    print(f"{len(texts)} training units; {len({g['page'] for g in gold})} pages, {len(gold)} scored units")
    print(f"{'learner':14} {'all: micro / macro / none':23} {'choose':15} {'confirm':15} per-label F1")
    if {"linear", "nb", "words"} & set(learners):
        X, Xt = linear_vectors(texts, test)
        for name in ("linear", "nb"):
            if name in learners:
                report(name, gold, labels_at(svm_margins(X, Y, Xt, name == "nb"), 1e-12))
        if "words" in learners:
            for name, margins in word_rows(texts, test, Y, X, Xt, args.medquad):
                report(name, gold, labels_at(margins, 1e-12))
    mlp = None
    if "mlp" in learners or "blend" in learners:
        mlp = mlp_probabilities(texts, Y, test, args.mlp_hidden, args.mlp_epochs)
    if "mlp" in learners:
        for cut in (0.5, 0.4, 0.3):
            report(f"mlp@{cut}", gold, labels_at(mlp, cut))
    if "blend" in learners:
        shipped = shipped_probabilities(args, gold_all)[keep]
        report("shipped@0.5", gold, labels_at(shipped, 0.5))
        report("blend@0.5", gold, labels_at((shipped + mlp) / 2, 0.5))


if __name__ == "__main__":
    main()
