#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Would knowing what a word is a kind of help? WordNet hypernyms as extra words, judged on real pages.

  realdev_wordnet.py --rebuilt DIR [--healthtopics BIN] [--corpus corpus/articles] [--wordnet /usr/share/wordnet]
                     [--depths 1,2,3]

Many errors on real pages need knowing what a name is: that metoprolol is a beta blocker, Atrovent a
bronchodilator. WordNet (Debian's wordnet-base, not a build dependency) knows some of this. For each depth D, every
unit of a copy of the corpus gets, after its text, one word per hypernym up to D levels above the first noun sense
of each noun it names (two-word nouns first; words that are also verbs, adjectives or adverbs in WordNet, and words
of three letters or fewer, are skipped), e.g. "wnbetablocker wnblocker" for metoprolol. A model is trained on it
with models/options and scored on the development-set pages, each rebuilt as Markdown from the units the shipped
model's reader finds (so the units are the same), with the same words added; the first row is that rebuild without
words, with the shipped model, which gives the shipped scores. Rows: micro / macro / none-accuracy on all pages,
`choose`, `confirm`. The copies live in a temporary folder. First it prints how often a scored unit names a kind
of a noun of its page's title (metoprolol on a beta-blocker page), and how many of those units are `types`.
"""
import argparse
import json
import os
import re
import subprocess
import tempfile

import realdev

TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)?")
UNIT = re.compile(r"^(\[[a-z, ]+\] )(.*)$")


class WordNet:
    """The noun hypernyms of WordNet's data files: index.noun, data.noun, noun.exc."""

    def __init__(self, d):
        self.index, self.other, self.synsets = {}, set(), {}
        with open(os.path.join(d, "index.noun"), encoding="latin-1") as f:
            for ln in f:
                if not ln.startswith(" "):
                    x = ln.split()
                    self.index[x[0]] = x[6 + int(x[3]):]  # lemma pos synsets pointers... senses tagged offsets
        for pos in ("verb", "adj", "adv"):
            with open(os.path.join(d, "index." + pos), encoding="latin-1") as f:
                self.other.update(ln.split()[0] for ln in f if not ln.startswith(" "))
        with open(os.path.join(d, "noun.exc"), encoding="latin-1") as f:
            self.exc = dict(ln.split()[:2] for ln in f if ln.strip())
        self.data = open(os.path.join(d, "data.noun"), "rb")

    def synset(self, offset):
        """(its words, the offsets of its hypernyms) for a synset of data.noun."""
        if offset not in self.synsets:
            self.data.seek(int(offset))
            x = self.data.readline().decode("latin-1").split()
            n = int(x[3], 16)
            k = 4 + 2 * n
            up = [x[k + 2 + 4 * i] for i in range(int(x[k])) if x[k + 1 + 4 * i] in ("@", "@i")]
            self.synsets[offset] = ([x[4 + 2 * i] for i in range(n)], up)
        return self.synsets[offset]

    def lemma(self, w):
        if w in self.index:
            return w
        if w in self.exc:
            return self.exc[w]
        for end, new in (("ies", "y"), ("es", ""), ("s", "")):
            if w.endswith(end) and w[:-len(end)] + new in self.index:
                return w[:-len(end)] + new
        return None

    def above(self, lemma, depth):
        out, level = [], self.index.get(lemma, [])[:1]
        for _ in range(depth):
            level = [h for o in level for h in self.synset(o)[1]]
            out += ["wn" + re.sub(r"[^a-z]", "", self.synset(h)[0][0].lower()) for h in level]
        return out

    def words(self, text, depth):
        toks, out, i = TOKEN.findall(text.lower()), [], 0
        while i < len(toks):
            pair = self.lemma(toks[i] + "_" + toks[i + 1]) if i + 1 < len(toks) else None
            if pair:
                out += self.above(pair, depth)
                i += 2
                continue
            one = self.lemma(toks[i])
            if one and len(toks[i]) > 3 and toks[i] not in self.other:
                out += self.above(one, depth)
            i += 1
        return out

    def nouns(self, text):
        toks, out = TOKEN.findall(text.lower()), set()
        for i, t in enumerate(toks):
            pair = self.lemma(t + "_" + toks[i + 1]) if i + 1 < len(toks) else None
            one = self.lemma(t) if len(t) > 3 else None
            out.update(x for x in (pair, one) if x)
        return out

    def kinds(self, lemma, depth=4):
        """Every word of the synsets up to depth levels above the first two senses of lemma."""
        out, level = set(), self.index.get(lemma, [])[:2]
        for _ in range(depth):
            level = [h for o in level for h in self.synset(o)[1]]
            out.update(w.lower() for h in level for w in self.synset(h)[0])
        return out


GENERIC = {"treatment", "therapy", "medicine", "drug", "device", "surgery", "procedure", "care", "pain", "health",
           "test", "people", "patient", "type", "kind", "option"}


def kind_of_title(wn, found, gold_all):
    """How often a scored unit names a kind of a noun of its page's title (its first heading of 2+ words), and how
    many of those units are `types`, against all scored units."""
    title_nouns = {page: wn.nouns(next((u["text"] for u in units
                                         if u["kind"] == "heading" and len(u["text"].split()) >= 2), "")) - GENERIC
                   for page, units in found.items()}
    fired = typed = types_all = 0
    keep = realdev.scored_indices(gold_all, "all")
    for i in keep:
        g = gold_all[i]
        nouns = title_nouns[g["page"]]
        hit = any(n not in nouns and wn.kinds(n) & nouns for n in wn.nouns(g["text"]))
        fired += hit
        typed += hit and "types" in g["labels"]
        types_all += "types" in g["labels"]
    print(f"units naming a kind of their title's noun: {fired} of {len(keep)}, of which {typed} `types` "
          f"({typed / max(fired, 1):.0%}; all units: {types_all / len(keep):.0%})")


def with_words(wn, text, depth):
    extra = wn.words(text, depth) if depth else []
    return text + (" " + " ".join(extra) if extra else "")


def corpus_copy(args, wn, depth, out):
    os.mkdir(out)
    for name in os.listdir(args.corpus):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(args.corpus, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        for k, ln in enumerate(lines):
            m = UNIT.match(ln)
            if m:
                lines[k] = m.group(1) + with_words(wn, m.group(2), depth)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def scored(args, wn, depth, model, found, gold_all, tmp):
    """The development set's pages as Markdown of the units the shipped reader found, with the words added."""
    pages, md = {}, os.path.join(tmp, "page.md")
    for page, units in found.items():
        parts = []
        for u in units:
            t = with_words(wn, " ".join(u["text"].split()), depth)
            parts.append("# " + t if u["kind"] == "heading" else "- " + t if u["kind"] == "list_item" else t)
        with open(md, "w", encoding="utf-8") as f:
            f.write("\n\n".join(parts) + "\n")
        got = realdev.article_units(args.healthtopics, model, md, "markdown")
        if len(got) != len(units):
            raise SystemExit(f"{page}: the Markdown rebuild has {len(got)} units, the page {len(units)}")
        pages[page] = [dict(u, labels=v["labels"]) for u, v in zip(units, got)]
    return realdev.parts_summary(gold_all, pages)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    realdev.tool_arguments(ap)
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--depths", default="1,2,3")
    args = ap.parse_args()
    wn = WordNet(args.wordnet)
    gold_all = realdev.read_gold(args.rebuilt)
    found = {p: realdev.article_units(args.healthtopics, args.model,
                                  os.path.join(args.rebuilt, "pages", p + ".txt"))
             for p in sorted({g["page"] for g in gold_all})}
    kind_of_title(wn, found, gold_all)
    print("hypernym levels   all                     choose                  confirm")
    with tempfile.TemporaryDirectory(prefix="realdev-wordnet-") as tmp:
        print(f"none (shipped)    {scored(args, wn, 0, args.model, found, gold_all, tmp)}")
        for depth in (int(x) for x in args.depths.split(",")):
            corpus, model = os.path.join(tmp, f"corpus{depth}"), os.path.join(tmp, f"model{depth}.htm")
            corpus_copy(args, wn, depth, corpus)
            subprocess.run([args.healthtopics, "train", "--corpus", corpus, "--out", model]
                           + realdev.shipped_options(), check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            print(f"{depth:<17} {scored(args, wn, depth, model, found, gold_all, tmp)}")


if __name__ == "__main__":
    main()
