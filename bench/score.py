#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The benchmark's one scorer: every system's predictions against the same gold labels.

  score.py --gold GOLD.tsv --pred FILE --format F [--multilabel] [--label-names a,b,c]

GOLD.tsv is `labels<TAB>text` (labels comma-separated, empty = no label). Prediction formats (one item per line,
in the order of GOLD.tsv):
  ht-jsonl   healthtopics classify output, {"labels":[...],"scores":{...}} per line (extra keys ignored)
  labels     comma-separated label names, empty for none (bench/sklearn_bench.py)
  fasttext   fastText predict / predict-prob output: `__label__x [prob] __label__y [prob] ...`
  index      LIBSVM/LIBLINEAR predict output: label index + 1 (see `healthtopics vectorize`); --label-names maps it
The label `none` is never a label: fastText's stand-in `__label__none` for units with no topic is dropped.

Multi-class: accuracy (prediction == the gold label, exactly one label), macro-F1 and macro precision/recall over
the labels in gold or predictions, micro-F1. Multi-label: micro and macro precision/recall/F1 (macro over the labels
in gold or predictions), exact-match ratio and Hamming loss. Tools' own figures are never used.
"""
import argparse
import json
import sys

NONE = "none"


def read_gold(path):
    gold = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            lab, sep, _ = line.partition("\t")
            if not sep:
                raise ValueError(f"{path}: a gold line without a tab")
            gold.append(frozenset(x.strip() for x in lab.split(",") if x.strip() and x.strip() != NONE))
    return gold


def read_pred(path, fmt, label_names=None):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if fmt == "ht-jsonl":
                if not line.strip():
                    continue
                labs = json.loads(line)["labels"]
            elif fmt == "labels":
                labs = [x for x in line.split(",") if x]
            elif fmt == "fasttext":
                labs = [t[len("__label__"):] for t in line.split() if t.startswith("__label__")]
            elif fmt == "index":
                if not line.strip():
                    continue
                k = int(float(line.split()[0]))
                if not label_names or not 1 <= k <= len(label_names):
                    raise ValueError(f"{path}: label index {k} without a name")
                labs = [label_names[k - 1]]
            else:
                raise ValueError(f"unknown prediction format {fmt}")
            out.append(frozenset(x for x in labs if x != NONE))
    return out


def prf(tp, pred, sup):
    p = tp / pred if pred else 0.0
    r = tp / sup if sup else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def score(gold, pred, multilabel):
    if len(gold) != len(pred):
        raise ValueError(f"{len(pred)} predictions for {len(gold)} gold items")
    n = len(gold)
    labels = sorted(set().union(*gold, *pred)) if n else []
    tp = {l: 0 for l in labels}
    np_ = {l: 0 for l in labels}
    ns = {l: 0 for l in labels}
    exact = hamming = 0
    for g, p in zip(gold, pred):
        for l in g:
            ns[l] += 1
        for l in p:
            np_[l] += 1
        for l in g & p:
            tp[l] += 1
        exact += g == p
        hamming += len(g ^ p)
    per = {l: dict(zip(("precision", "recall", "f1"), prf(tp[l], np_[l], ns[l])), support=ns[l], predicted=np_[l])
           for l in labels}
    L = len(labels) or 1
    mp, mr, mf = prf(sum(tp.values()), sum(np_.values()), sum(ns.values()))
    res = {
        "items": n,
        "multilabel": multilabel,
        "labels_scored": len(labels),
        "micro": {"precision": mp, "recall": mr, "f1": mf},
        "macro": {k: sum(per[l][k] for l in labels) / L for k in ("precision", "recall", "f1")},
        "per_label": per,
    }
    if multilabel:
        res["exact_match"] = exact / n if n else 0.0
        res["hamming_loss"] = hamming / (n * L) if n else 0.0
    else:
        res["accuracy"] = exact / n if n else 0.0
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--format", required=True, choices=("ht-jsonl", "labels", "fasttext", "index"))
    ap.add_argument("--multilabel", action="store_true")
    ap.add_argument("--label-names", help="comma-separated names for --format index (index 1 = first)")
    a = ap.parse_args()
    names = a.label_names.split(",") if a.label_names else None
    res = score(read_gold(a.gold), read_pred(a.pred, a.format, names), a.multilabel)
    json.dump(res, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
