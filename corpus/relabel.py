#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the corpus's labels where the model disputes them: blind labeling sheets, then a majority vote.

  relabel.py sheets DIR [--lo 0.1] [--hi 0.9] [--shares 8] [--exclude DIR2...] [--healthtopics BIN]
  relabel.py disputes DIR [--shares 4]
  relabel.py apply DIR... [--corpus corpus/articles]

`sheets` scores every unit of the training split out of fold (five models, each trained with models/options on
four fifths of the articles, each labeling the other fifth: bench/realdev_stack.py) and picks the units of four or
more words where the model disputes the writer's label: a label the writer gave with a probability below --lo, or
one the writer did not give above --hi (units already picked in an --exclude DIR are skipped). It writes
DIR/key.json (each unit's id, article, position and writer's labels) and DIR/label/shareN.txt, grouped by article:
the article's title, treatment, condition and style, then each unit with its nearest headings and the units before
and after it, and no labels. A labeler reads GUIDELINES.md and a share, never the article files, and writes
DIR/label/outN.tsv: `ID<TAB>labels` (comma-separated, or `none`; a third column `?` marks doubt).

`disputes` writes DIR/adj/shareN.txt: the units whose blind label differs from the writer's, for a second blind
labeler, who writes DIR/adj/outN.tsv the same way.

`apply` gives each disputed unit every label that at least two of the three (the writer and the two blind
labelers) gave it, rewriting corpus/articles in place, and prints what changed (article, unit, old, new). The
held-out split is never read or changed, so the held-out figures stay comparable across rounds.
"""
import argparse
import glob
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "bench"))

from export_corpus import LABELS, read_article  # noqa: E402 (the corpus reader the benchmark checks against read.c)


def header(path):
    head = {}
    with open(path, encoding="utf-8") as f:
        for ln in f:
            if not ln.strip():
                break
            k, _, v = ln.partition(":")
            head[k.strip()] = v.strip()
    return head


def fmt(labels):
    return ",".join(x for x in LABELS if x in labels) or "none"


def parse(s):
    return set() if s == "none" else set(s.split(","))


def read_outs(d):
    """{id: set of labels} from d/out*.tsv; a malformed line is an error, not a skipped unit."""
    got = {}
    for path in sorted(glob.glob(os.path.join(d, "out*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for n, ln in enumerate(f, 1):
                p = ln.rstrip("\n").split("\t")
                if len(p) < 2 or not all(x in LABELS for x in parse(p[1])) or p[0] in got:
                    raise SystemExit(f"{path}:{n}: not ID<TAB>labels, or a repeated id: {ln!r}")
                got[p[0]] = parse(p[1])
    return got


def write_shares(d, units, key, shares):
    """units: [(id, article, index)], written grouped by article into d/share1..N.txt, about the same size each."""
    os.makedirs(d, exist_ok=True)
    by_article = {}
    for uid, aid, i in units:
        by_article.setdefault(aid, []).append((i, uid))
    sizes, files = [0] * shares, [[] for _ in range(shares)]
    for aid in sorted(by_article, key=lambda a: -len(by_article[a])):
        k = sizes.index(min(sizes))
        files[k].append(aid)
        sizes[k] += len(by_article[aid])
    for k, arts in enumerate(files):
        with open(os.path.join(d, f"share{k + 1}.txt"), "w", encoding="utf-8") as f:
            for aid in sorted(arts):
                texts = key["texts"][aid]
                h = key["headers"][aid]
                f.write(f"=== ARTICLE: {h['title']} | treatment: {h['treatment']} | condition: {h['condition']} | "
                        f"style: {h['style']}\n")
                for i, uid in sorted(by_article[aid]):
                    f.write(f"\n--- {uid}\n")
                    for t in [t for t in texts[:i] if t.startswith("# ")][-2:]:
                        f.write(f"  heading: {t}\n")
                    if i > 0:
                        f.write(f"  before: {texts[i - 1]}\n")
                    f.write(f">>UNIT: {texts[i]}\n")
                    if i + 1 < len(texts):
                        f.write(f"  after: {texts[i + 1]}\n")
                f.write("\n")
    return sizes


def sheets(a):
    import realdev_stack
    done = set()
    for d in a.exclude:
        with open(os.path.join(d, "key.json"), encoding="utf-8") as f:
            done |= {(u["article"], u["index"]) for u in json.load(f)["units"]}
    ns = argparse.Namespace(healthtopics=a.healthtopics, corpus=os.path.join(REPO, "corpus", "articles"), folds=5)
    with tempfile.TemporaryDirectory(prefix="relabel-") as tmp:
        pages = realdev_stack.out_of_fold(ns, tmp)
    prefix = os.path.basename(os.path.normpath(a.dir))[:8] + "-"
    units, texts, headers = [], {}, {}
    for page in pages:
        aid = page[0]["article"]
        texts[aid] = [("# " if u["kind"] == "heading" else "- " if u["kind"] == "list_item" else "")
                      + " ".join(u["text"].split()) for u in page]
        headers[aid] = header(os.path.join(ns.corpus, aid + ".txt"))
        for u in page:
            disputed = [x for x in LABELS if (x in u["gold"] and u["scores"][x] < a.lo)
                        or (x not in u["gold"] and u["scores"][x] > a.hi)]
            if disputed and len(u["text"].split()) >= 4 and (aid, u["index"]) not in done:
                units.append({"id": f"{prefix}{len(units):05d}", "article": aid, "index": u["index"],
                              "writer": fmt(u["gold"]), "disputed": disputed})
    key = {"units": units, "texts": texts, "headers": headers}
    os.makedirs(a.dir, exist_ok=True)
    with open(os.path.join(a.dir, "key.json"), "w", encoding="utf-8") as f:
        json.dump(key, f)
    sizes = write_shares(os.path.join(a.dir, "label"), [(u["id"], u["article"], u["index"]) for u in units], key,
                         a.shares)
    print(f"{len(units)} disputed units in {len({u['article'] for u in units})} articles; shares of {sizes}")


def load_key(d):
    with open(os.path.join(d, "key.json"), encoding="utf-8") as f:
        return json.load(f)


def disputes(a):
    key = load_key(a.dir)
    blind = read_outs(os.path.join(a.dir, "label"))
    missing = [u["id"] for u in key["units"] if u["id"] not in blind]
    if missing:
        raise SystemExit(f"{len(missing)} units have no blind label yet, e.g. {missing[0]}")
    differ = [(u["id"], u["article"], u["index"]) for u in key["units"] if blind[u["id"]] != parse(u["writer"])]
    sizes = write_shares(os.path.join(a.dir, "adj"), differ, key, a.shares)
    print(f"{len(differ)} of {len(key['units'])} blind labels differ from the writer's; shares of {sizes}")


def apply(a):
    new_labels = {}
    for d in a.dirs:
        key = load_key(d)
        blind, second = read_outs(os.path.join(d, "label")), read_outs(os.path.join(d, "adj"))
        for u in key["units"]:
            old = parse(u["writer"])
            if u["id"] not in blind or blind[u["id"]] == old:
                continue
            if u["id"] not in second:
                raise SystemExit(f"{d}: {u['id']} is disputed but has no second blind label")
            votes = (old, blind[u["id"]], second[u["id"]])
            new_labels[(u["article"], u["index"])] = (old, {x for x in LABELS if sum(x in v for v in votes) >= 2})
    changed, articles, rewritten = 0, set(), {}
    for aid in sorted({k[0] for k in new_labels}):
        path = os.path.join(a.corpus, aid + ".txt")
        try:
            _, units = read_article(path)
        except (OSError, ValueError) as e:
            raise SystemExit(f"relabel: {e}")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        # the units are the non-blank lines after the header, as read_article (and read.c) take them
        first = next(j for j, ln in enumerate(lines) if not ln.strip())
        at = [j for j in range(first, len(lines)) if lines[j].strip()]
        for k, (labels, text) in enumerate(units):
            if (aid, k) not in new_labels:
                continue
            old, new = new_labels[(aid, k)]
            if set(labels) != old:
                raise SystemExit(f"{path}: unit {k} is labeled {fmt(labels)} now, not {fmt(old)} as when picked")
            if new != old:
                lines[at[k]] = "[" + fmt(new).replace(",", ", ") + "] " + text
                changed += 1
                articles.add(aid)
                print(f"{aid}\t{k}\t{fmt(old)}\t{fmt(new)}")
        if aid in articles:
            rewritten[path] = "\n".join(lines)
    for path, text in rewritten.items():  # only once every unit has been checked: all or nothing
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"{changed} units changed in {len(articles)} articles ({len(new_labels)} disputed units had a second blind "
          f"label)", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sheets")
    s.add_argument("dir")
    s.add_argument("--lo", type=float, default=0.1)
    s.add_argument("--hi", type=float, default=0.9)
    s.add_argument("--shares", type=int, default=8)
    s.add_argument("--exclude", nargs="*", default=[])
    s.add_argument("--healthtopics", default=os.path.join(REPO, "build", "healthtopics"))
    d = sub.add_parser("disputes")
    d.add_argument("dir")
    d.add_argument("--shares", type=int, default=4)
    p = sub.add_parser("apply")
    p.add_argument("dirs", nargs="+")
    p.add_argument("--corpus", default=os.path.join(HERE, "articles"))
    a = ap.parse_args()
    {"sheets": sheets, "disputes": disputes, "apply": apply}[a.cmd](a)


if __name__ == "__main__":
    main()
