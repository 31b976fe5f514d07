#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The project's held-out articles, scored with the real-page scorer's metrics: the shipped model (through
`healthtopics eval`'s article reader, with heading and list context) against scikit-learn and fastText trained on
the same corpus export (the training split), as in bench/realdev.py.

  heldout_compare.py [--healthtopics BIN] [--model M] [--corpus corpus/articles]
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import realdev  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--healthtopics", default=os.path.join(realdev.REPO, "build", "healthtopics"))
    ap.add_argument("--model", default=os.path.join(realdev.REPO, "models", "healthtopics-default.htm"))
    ap.add_argument("--corpus", default=os.path.join(realdev.REPO, "corpus", "articles"))
    args = ap.parse_args()
    args.split = "train"
    out = subprocess.run([args.healthtopics, "corpus", "export", args.corpus, "--format", "tsv", "--split", "heldout"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    gold = []
    for ln in out.splitlines():
        lab, _, text = ln.partition("\t")
        gold.append({"text": text, "labels": [x for x in lab.split(",") if x]})
    ev = subprocess.run([args.healthtopics, "eval", "--model", args.model, "--corpus", args.corpus, "--split",
                         "heldout"], check=True, stdout=subprocess.PIPE, text=True).stdout
    rows = {ln.split()[0]: ln.split() for ln in ev.splitlines() if ln.split()}
    print(f"held-out articles: {len(gold)} units")
    print(f"{'system':12} {'micro-F1':>8} {'macro-F1':>8}")
    print(f"{'healthtopics':12} {float(rows['micro'][4]):8.3f} {float(rows['macro'][4]):8.3f}   (healthtopics eval)")
    for name in ("sklearn", "fasttext"):
        s = realdev.score(gold, realdev.SYSTEMS[name](args, gold, None))
        print(f"{name:12} {s['micro_f1']:8.3f} {s['macro_f1']:8.3f}")


if __name__ == "__main__":
    main()
