#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The scikit-learn estimator on MedQuAD through GridSearchCV over C, against the CLI on the same split.

    HEALTHTOPICS_LIBRARY=build/libhealthtopics.so PYTHONPATH=python /usr/bin/python3 bench/python_medquad.py \
        [--data ../shared/data/medquad] [--cli build/healthtopics] [--grid 0.25,0.5,1,2,4]

Fits GridSearchCV(HealthTopicsClassifier(), {"C": grid}, cv=KFold(3)) on medquad-train.tsv, scores the refit
best estimator on medquad-dev.tsv, then trains the CLI with the chosen C on the same file, evaluates it on dev,
and checks that the two models are byte-identical and the accuracies equal.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from sklearn.model_selection import GridSearchCV, KFold

from healthtopics.sklearn import HealthTopicsClassifier


def read_tsv(path):
    X, y = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            lab, text = line.split("\t", 1)
            X.append(text)
            y.append(lab)
    return X, y


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "medquad"))
    ap.add_argument("--cli", default=os.path.join(here, "..", "build", "healthtopics"))
    ap.add_argument("--grid", default="0.25,0.5,1,2,4")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.data, "medquad-train.tsv")):
        a.data = "/work/shared/data/medquad"
    train_path, dev_path = (os.path.join(a.data, f"medquad-{s}.tsv") for s in ("train", "dev"))
    Xtr, ytr = read_tsv(train_path)
    Xdev, ydev = read_tsv(dev_path)
    grid = [float(c) for c in a.grid.split(",")]
    t0 = time.time()
    search = GridSearchCV(HealthTopicsClassifier(threads=a.threads), {"C": grid}, cv=KFold(3), n_jobs=1)
    search.fit(Xtr, ytr)
    fit_s = time.time() - t0
    best_c = search.best_params_["C"]
    py_acc = search.score(Xdev, ydev)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "mq.htm")
        subprocess.run([a.cli, "train", "--corpus", train_path, "--out", out, "--C", f"{best_c:g}",
                        "--threads", str(a.threads)], check=True, stderr=subprocess.DEVNULL)
        ev = json.loads(subprocess.run([a.cli, "eval", "--model", out, "--corpus", dev_path, "--json"], check=True,
                                       stdout=subprocess.PIPE).stdout)
        same = open(out, "rb").read() == search.best_estimator_.model_.to_bytes()
    report = {
        "grid": grid, "cv_mean_accuracy": {f"{c:g}": round(s, 4) for c, s in
                                           zip(grid, search.cv_results_["mean_test_score"])},
        "best_C": best_c, "python_dev_accuracy": round(py_acc, 4), "cli_dev_accuracy": ev["accuracy"],
        "cli_dev_macro_f1": ev["macro"]["f1"], "models_byte_identical": same, "grid_search_seconds": round(fit_s, 1),
        "train": len(Xtr), "dev": len(Xdev),
    }
    print(json.dumps(report, indent=1))
    ok = same and f"{py_acc:.4f}" == f"{ev['accuracy']:.4f}"
    print("MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
