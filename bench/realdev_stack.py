#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Would a unit's neighbours help? A second stage over the shipped model's scores, judged on real pages.

  realdev_stack.py --rebuilt DIR [--healthtopics BIN] [--corpus corpus/articles] [--folds 5]
                   [--groups heading,lead,neighbours,section,page]

The shipped model labels each unit from its own words and its heading's (and a list item's lead-in). This asks
whether what the model says about the rest of the page adds anything: a second stage, one logistic regression per
label (scikit-learn), reads the unit's own four scores, kind and length, plus one group of context features:
  heading     the scores of the unit's heading and of that heading's parent
  lead        the scores of a list item's lead-in
  neighbours  the scores of the units just before and after (and whether they are of the same kind)
  section     the mean and maximum scores of the other units under the same heading, and how many there are
  page        the page's mean and maximum scores, its first heading's, and the unit's position on the page
It learns from out-of-fold scores on the corpus's training split (K models, each trained with models/options on
the other folds' articles, each labeling its fold's articles read back as Markdown), with one probability
threshold chosen on those same out-of-fold units (grouped by article); the held-out split is not used. It is then
applied to the shipped model's scores on the development-set pages as pasted (the reader finds the units), and
printed against the shipped model's own labels: micro / macro / none-accuracy on all pages, `choose`, `confirm`.
"""
import argparse
import json
import math
import os
import subprocess
import tempfile
import zlib

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

import realdev

L = realdev.LABELS
KINDS = ("heading", "paragraph", "list_item", "table_row", "quote", "boilerplate")
GROUPS = ("heading", "lead", "neighbours", "section", "page")


def out_of_fold(args, tmp):
    """[(units with their "gold" labels)] per training-split article, each labeled by a model that did not see it."""
    rows = subprocess.run([args.healthtopics, "corpus", "export", args.corpus, "--format", "tsv", "--split", "train",
                           "--article-ids"], check=True, stdout=subprocess.PIPE, text=True).stdout
    arts = {}
    for ln in rows.splitlines():
        aid, labels, text = ln.split("\t", 2)
        arts.setdefault(aid, []).append((labels.split(",") if labels else [], text))
    fold = {aid: zlib.crc32(aid.encode()) % args.folds for aid in arts}
    pages, skipped = [], []
    for k in range(args.folds):
        sub = os.path.join(tmp, f"fold{k}")
        os.mkdir(sub)
        for aid in arts:
            if fold[aid] != k:
                os.symlink(os.path.join(os.path.abspath(args.corpus), aid + ".txt"), os.path.join(sub, aid + ".txt"))
        model = os.path.join(tmp, f"fold{k}.htm")
        subprocess.run([args.healthtopics, "train", "--corpus", sub, "--split", "all", "--out", model]
                       + realdev.shipped_options(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for aid, units in arts.items():
            if fold[aid] != k:
                continue
            md = os.path.join(tmp, "article.md")
            with open(md, "w", encoding="utf-8") as f:
                f.write("\n\n".join(t for _, t in units) + "\n")
            got = realdev.article_units(args.healthtopics, model, md, "markdown")
            if len(got) != len(units):  # e.g. a "---" unit, which Markdown reads as a rule, not a paragraph
                skipped.append(aid)
                continue
            for i, (u, (labels, _)) in enumerate(zip(got, units)):
                u["gold"], u["article"], u["index"] = labels, aid, i
            pages.append(got)
    print(f"out-of-fold scores for {len(pages)} training articles ({len(skipped)} left out: the Markdown reader "
          f"does not find the same units)")
    return pages


def with_gold(units, gold):
    """The development set's labels on the units the reader found: those of every gold unit that overlaps."""
    return [dict(u, gold=sorted(realdev.overlap_labels(gold, u["start"], u["end"]))) for u in units]


def sections(pages):
    """Shares of the units under a heading: (heading labeled, unit none), (heading none, unit labeled), ..."""
    n = {"heading labeled": 0, "heading labeled, unit none": 0, "heading none": 0, "heading none, unit labeled": 0}
    for units in pages:
        for u in units:
            if u["kind"] == "heading" or "heading_unit" not in u:
                continue
            if units[u["heading_unit"]]["gold"]:
                n["heading labeled"] += 1
                n["heading labeled, unit none"] += not u["gold"]
            else:
                n["heading none"] += 1
                n["heading none, unit labeled"] += bool(u["gold"])
    total = n["heading labeled"] + n["heading none"]
    return {k: v / max(total, 1) for k, v in n.items()}


def logit(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def scores(u, f=logit):
    return [f(u["scores"][lab]) for lab in L] if u is not None else [0.0] * len(L)


def prob(p):
    return p  # scores(u, prob): the probabilities themselves, for means and maxima


def features(units, groups):
    """One row per unit: its own scores, kind and length, then the chosen context groups."""
    content = [i for i, u in enumerate(units) if u["kind"] != "boilerplate"]
    at = {i: k for k, i in enumerate(content)}
    section = {}
    for i, u in enumerate(units):
        if u["kind"] != "heading":
            section.setdefault(u.get("heading_unit", -1), []).append(i)
    P = np.array([scores(u, prob) for u in units]) if units else np.zeros((0, len(L)))
    first = next((u for u in units if u["kind"] == "heading"), None)
    rows = []
    for i, u in enumerate(units):
        x = [float(u["kind"] == k) for k in KINDS] + scores(u) + [float(lab in u["labels"]) for lab in L]
        x.append(math.log1p(len(u.get("text", "").split())))
        if "heading" in groups:
            h = units[u["heading_unit"]] if "heading_unit" in u else None
            parent = units[h["parent_unit"]] if h is not None and "parent_unit" in h else None
            x += [float(h is not None)] + scores(h) + [float(parent is not None)] + scores(parent)
        if "lead" in groups:
            lead = units[u["lead_in_unit"]] if "lead_in_unit" in u else None
            x += [float(lead is not None)] + scores(lead)
        if "neighbours" in groups:
            k = at.get(i)
            before = units[content[k - 1]] if k is not None and k > 0 else None
            after = units[content[k + 1]] if k is not None and k + 1 < len(content) else None
            x += scores(before, prob) + scores(after, prob)
            x += [float(before is not None and before["kind"] == u["kind"]),
                  float(after is not None and after["kind"] == u["kind"])]
        if "section" in groups:
            others = [j for j in section.get(u.get("heading_unit", -1), []) if j != i] if u["kind"] != "heading" else []
            x += (list(P[others].mean(0)) + list(P[others].max(0)) + [math.log1p(len(others))]) if others \
                else [0.0] * (2 * len(L) + 1)
        if "page" in groups:
            x += list(P.mean(0)) + list(P.max(0)) + scores(first, prob) + [i / max(len(units) - 1, 1)]
        rows.append(x)
    return rows


def fit(train_pages, groups, folds):
    X, Y, G = [], [], []
    for n, units in enumerate(train_pages):
        for u, x in zip(units, features(units, groups)):
            X.append(x)
            Y.append([int(lab in u["gold"]) for lab in L])
            G.append(n)
    X, Y, G = np.array(X), np.array(Y), np.array(G)
    oof = np.zeros(Y.shape)
    for tr, te in GroupKFold(folds).split(X, Y, G):
        sc = StandardScaler().fit(X[tr])
        for j in range(len(L)):
            m = LogisticRegression(max_iter=3000).fit(sc.transform(X[tr]), Y[tr, j])
            oof[te, j] = m.predict_proba(sc.transform(X[te]))[:, 1]
    best = max(np.arange(0.1, 0.61, 0.05), key=lambda t: f1(Y, oof >= t))
    sc = StandardScaler().fit(X)
    models = [LogisticRegression(max_iter=3000).fit(sc.transform(X), Y[:, j]) for j in range(len(L))]
    return sc, models, best


def f1(Y, Z):
    tp = int((Y & Z).sum())
    return 2 * tp / max(int(Y.sum()) + int(Z.sum()), 1)


def relabel(pages, groups, sc, models, threshold):
    out = {}
    for page, units in pages.items():
        if not units:
            out[page] = units
            continue
        X = sc.transform(np.array(features(units, groups)))
        p = np.column_stack([m.predict_proba(X)[:, 1] for m in models])
        out[page] = [dict(u, labels=[lab for j, lab in enumerate(L) if p[i, j] >= threshold])
                     for i, u in enumerate(units)]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    realdev.tool_arguments(ap)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--groups", default=",".join(GROUPS))
    args = ap.parse_args()
    gold_all = realdev.read_gold(args.rebuilt)
    dev = {p: realdev.article_units(args.healthtopics, args.model,
                                  os.path.join(args.rebuilt, "pages", p + ".txt"))
           for p in sorted({g["page"] for g in gold_all})}
    with tempfile.TemporaryDirectory(prefix="realdev-stack-") as tmp:
        train_pages = out_of_fold(args, tmp)
    by_page = {}
    for g in gold_all:
        by_page.setdefault(g["page"], []).append(g)
    corpus_s, dev_s = sections(train_pages), sections([with_gold(u, by_page[p]) for p, u in dev.items()])
    print("units under a heading (all units, not only the scored):   corpus (training split)   development set")
    for k in corpus_s:
        print(f"  {k:40s} {corpus_s[k]:22.3f} {dev_s[k]:17.3f}")
    print(f"{'second stage':28s} threshold   all                     choose                  confirm")
    print(f"{'(shipped model alone)':28s}    -        {realdev.parts_summary(gold_all, dev)}")
    chosen = [g for g in args.groups.split(",") if g]
    for groups in [()] + [(g,) for g in chosen] + ([tuple(chosen)] if len(chosen) > 1 else []):
        sc, models, threshold = fit(train_pages, groups, args.folds)
        name = "own scores" + "".join(" + " + g for g in groups) if len(groups) < 2 else "own scores + all"
        relabeled = relabel(dev, groups, sc, models, threshold)
        print(f"{name:28s}   {threshold:.2f}      {realdev.parts_summary(gold_all, relabeled)}")


if __name__ == "__main__":
    main()
