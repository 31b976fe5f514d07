#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How far more training text can take the model: learning curves on the real-page development set.

  realdev_curve.py --rebuilt DIR [--healthtopics BIN] [--corpus corpus/articles] [--fractions 0.5,0.75,1]
                   [--draws N] [--real choose|confirm] [--copies K]

--fractions  train with the shipped model's options (models/options) on a share of the corpus's articles (picked by
             a hash of the file name, so each smaller share is inside the larger ones) and score each model on all
             pages and on both halves; --draws N repeats it with N different hashes and prints each draw and
             their mean (which articles fall in a share moves the score by a point or two). How the score grows
             with the corpus says what more articles like ours can still bring.
--real PART  train on the whole corpus plus the development set's own pages of the half PART (their units and
             labels, rebuilt from DIR, each page written as one article, K copies of each), and score on the other
             half, against the corpus alone. Real pages labeled by the same rules are the best training text there
             can be for real pages, so this bounds what any corpus writing can reach with this model. The pages go
             into a temporary folder that is deleted afterwards; nothing of them enters the repository. Pages whose
             id the corpus's split holds out are left out, as for any article (the count used is printed).
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

import realdev


def train(args, corpus, out):
    subprocess.run([args.healthtopics, "train", "--corpus", corpus, "--out", out] + realdev.shipped_options(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scores(args, model, gold_all, parts):
    """{part: (micro-F1, macro-F1, none-accuracy)} of a model on the scored units of each part."""
    pred_all = realdev.ht_article(argparse.Namespace(healthtopics=args.healthtopics, model=model), gold_all,
                                  args.rebuilt)
    out = {}
    for part in parts:
        keep = realdev.scored_indices(gold_all, part)
        s = realdev.score([gold_all[i] for i in keep], [pred_all[i] for i in keep])
        out[part] = (s["micro_f1"], s["macro_f1"], s["none_acc"])
    return out


def shown(sc):
    return "   ".join(f"{part} " + " / ".join(f"{x:.3f}" for x in v) for part, v in sc.items())


def share(name, draw):
    return int(hashlib.sha256(f"{draw}:{name}".encode()).hexdigest()[:8], 16) / 2 ** 32


def page_article(args, page, units, copy):
    """One development-set page as an article of the corpus format: headings as the tool reads them, bullets kept."""
    found = realdev.article_units(args.healthtopics, args.model, os.path.join(args.rebuilt, "pages", page + ".txt"))
    aid = f"realdev-{page}-{copy}"
    lines = [f"id: {aid}", f"title: {page}", "treatment: (real page)", "condition: (real page)", "style: magazine", ""]
    for g in units:
        text = " ".join(g["text"].split())
        if not text:
            continue
        heading = any(u["heading"] for u in realdev.overlapping(found, g["start"], g["end"]))
        text = re.sub(r"^[•\-*·]\s*", "- ", text)
        if heading and not text.startswith("- "):
            text = "# " + text.lstrip("#").strip()
        lines += [f"[{', '.join(g['labels']) or 'none'}] {text}", ""]
    return aid, "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    realdev.tool_arguments(ap)  # --model: the model whose article reader marks the pages' headings (--real)
    ap.add_argument("--fractions", default="0.5,0.75,1")
    ap.add_argument("--draws", type=int, default=1)
    ap.add_argument("--real", choices=("choose", "confirm"))
    ap.add_argument("--copies", type=int, default=1)
    args = ap.parse_args()
    gold_all = realdev.read_gold(args.rebuilt)
    files = sorted(f for f in os.listdir(args.corpus) if f.endswith(".txt"))
    tmp = tempfile.mkdtemp(prefix="realdev-curve-")
    try:
        if args.real:
            other = "confirm" if args.real == "choose" else "choose"
            base = os.path.join(tmp, "base.htm")
            train(args, args.corpus, base)
            print(f"corpus alone ({len(files)} articles):  {shown(scores(args, base, gold_all, (other,)))}")
            mixed = os.path.join(tmp, "mixed")
            shutil.copytree(args.corpus, mixed)
            pages = sorted({g["page"] for g in gold_all if realdev.in_part(g["page"], args.real)})
            for page in pages:
                units = [g for g in gold_all if g["page"] == page]
                for k in range(args.copies):
                    aid, text = page_article(args, page, units, k)
                    with open(os.path.join(mixed, aid + ".txt"), "w", encoding="utf-8") as f:
                        f.write(text)
            ids = subprocess.run([args.healthtopics, "corpus", "export", mixed, "--format", "tsv", "--split",
                                  "train", "--article-ids"], check=True, stdout=subprocess.PIPE, text=True).stdout
            used = {ln.split("\t", 1)[0].rsplit("-", 1)[0] for ln in ids.splitlines() if ln.startswith("realdev-")}
            model = os.path.join(tmp, "mixed.htm")
            train(args, mixed, model)
            print(f"corpus + {len(used)} of the {len(pages)} `{args.real}` pages x{args.copies}:  "
                  f"{shown(scores(args, model, gold_all, (other,)))}")
            return
        print("share  draw  articles   micro / macro / none-accuracy on all pages, `choose`, `confirm`")
        parts = ("all", "choose", "confirm")
        for frac in (float(x) for x in args.fractions.split(",")):
            got = []
            for draw in range(args.draws if frac < 1 else 1):
                sub = os.path.join(tmp, f"f{frac}-{draw}")
                os.mkdir(sub)
                picked = [f for f in files if frac >= 1 or share(f, draw) < frac]
                for f in picked:
                    shutil.copy(os.path.join(args.corpus, f), sub)
                model = os.path.join(tmp, f"f{frac}-{draw}.htm")
                train(args, sub, model)
                got.append(scores(args, model, gold_all, parts))
                print(f"{frac:<6} {draw:4} {len(picked):9}   {shown(got[-1])}")
                shutil.rmtree(sub)
            if len(got) > 1:
                mean = {p: tuple(sum(g[p][k] for g in got) / len(got) for k in range(3)) for p in parts}
                print(f"{frac:<6} mean {'':9}   {shown(mean)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
