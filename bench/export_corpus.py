#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Read the project's article corpus (corpus/FORMAT.md) the way src/corpus/read.c does, for the benchmark.

  export_corpus.py ARTICLE_DIR --split train|heldout|all --tsv OUT.tsv [--plain-dir DIR --manifest OUT.json]

--tsv        one unit per line, `labels<TAB>text` (labels comma-separated, empty for [none]); the same layout as
             `healthtopics corpus export --format tsv`. Used as a fallback when that command fails (see
             bench/README.md) and to check its output.
--plain-dir  one plain-text file per article of the split: the unit texts without the `[labels]` prefix and the
             header, separated by blank lines, i.e. the page as a reader sees it. `healthtopics classify --article`
             on such a file gives one prediction per unit (with heading context); the manifest records, per
             article, the file and the number of units, in the order of the TSV lines.

The split rule: an article is held out when FNV-1a-32(id) % 5 == 0 (FORMAT.md, "Split").
"""
import argparse
import json
import os
import sys

LABELS = ("benefits", "types", "risks", "alternatives")


def fnv1a32(data: bytes) -> int:
    h = 2166136261
    for b in data:
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def is_heldout(article_id: str) -> bool:
    return fnv1a32(article_id.encode("utf-8")) % 5 == 0


def read_article(path):
    """-> (id, [(labels, text)]) ; raises ValueError on anything read.c would reject."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.decode("utf-8").split("\n")
    i, meta = 0, {}
    while i < len(lines):
        s = lines[i].rstrip("\r")
        i += 1
        if not s.strip():
            break
        k, sep, v = s.partition(":")
        if not sep:
            raise ValueError(f"{path}:{i}: bad header line")
        meta[k] = v.strip(" \t")
    if "id" not in meta:
        raise ValueError(f"{path}: no id")
    units = []
    for ln in lines[i:]:
        s = ln.rstrip("\r")
        if not s.strip():
            continue
        if not s.startswith("[") or "]" not in s:
            raise ValueError(f"{path}: unit line without [labels]: {s[:40]!r}")
        close = s.index("]")
        labs = [x.strip(" ") for x in s[1:close].split(",")]
        text = s[close + 1:].lstrip(" \t")
        if labs == ["none"]:
            labs = []
        for x in labs:
            if x not in LABELS:
                raise ValueError(f"{path}: unknown label {x!r}")
        units.append((labs, text))
    return meta["id"], units


def tidy(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--split", choices=("train", "heldout", "all"), default="train")
    ap.add_argument("--tsv", required=True)
    ap.add_argument("--plain-dir")
    ap.add_argument("--manifest")
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.dir) if n.endswith(".txt"))  # byte order, as read.c
    manifest, n_units = [], 0
    if a.plain_dir:
        os.makedirs(a.plain_dir, exist_ok=True)
    with open(a.tsv, "w", encoding="utf-8") as out:
        for n in names:
            aid, units = read_article(os.path.join(a.dir, n))
            held = is_heldout(aid)
            if a.split != "all" and held != (a.split == "heldout"):
                continue
            for labs, text in units:
                out.write(",".join(labs) + "\t" + tidy(text) + "\n")
            n_units += len(units)
            if a.plain_dir:
                p = os.path.join(a.plain_dir, aid + ".txt")
                with open(p, "w", encoding="utf-8") as f:
                    f.write("\n\n".join(t for _, t in units) + "\n")
                manifest.append({"id": aid, "file": p, "units": len(units)})
    if a.manifest:
        with open(a.manifest, "w") as f:
            json.dump(manifest, f, indent=1)
    print(f"{a.tsv}: {n_units} units", file=sys.stderr)


if __name__ == "__main__":
    main()
