#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The real-page development set: labels for units of real public web pages, without their text.

The repository keeps only what is needed to rebuild and check the set (pages.tsv: page id, query, rank, URL,
treatment, condition, kind of site; units.tsv: page id, unit number, character range in the saved excerpt, a hash
of the unit's normalised text, labels). The page text itself lives in a scratch folder outside the repository,
as saved from the search answers:

    SCRATCH/answers/<page>.excerpt.txt   the excerpt exactly as the search answer gave it
    SCRATCH/answers/<page>.meta.json     {"query": ..., "rank": ..., "url": ...}
    SCRATCH/labeled/<page>.txt           (only for `import`) the labeler's units, `[labels] text` per line

  realdev.py import  SCRATCH            labeled units -> corpus/realdev/{pages,units}.tsv (checks every unit);
                                        the pages of SCRATCH/labeled are added, or replace their old rows
  realdev.py rebuild SCRATCH OUTDIR [--skip PAGE]...
                                        saved answers -> OUTDIR/pages/<page>.txt and OUTDIR/gold.jsonl;
                                        exits 1 on any mismatch (a missing page, a changed excerpt, a hash);
                                        --skip leaves out a page whose answer can no longer be had, by name
  realdev.py check SCRATCH [PAGE...]    the same checks, page by page, without writing anything: one line a
                                        page (ok, or what does not match); exits 1 if any page fails
  realdev.py wanted [PAGE...]           the saved answers a scratch folder needs: page, query, rank, URL
  realdev.py save SCRATCH ANSWER.json...
                                        a search answer saved whole, as the search tool returned it ({"query":
                                        ..., "results": [{"rank", "url", "excerpt"}, ...]}) -> the saved
                                        answers of every page of that query whose URL it holds; where the URL
                                        comes back more than once, the result that matches the hashes is kept

A unit's text is normalised for hashing as NFC with runs of white space made one space and the ends trimmed;
the hash is the first 16 hex digits of its SHA-256. Ranges are in characters (code points) of the excerpt.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = os.path.join(HERE, "pages.tsv")
UNITS = os.path.join(HERE, "units.tsv")
LABELS = ("benefits", "types", "risks", "alternatives")
PAGE_COLS = ("page", "treatment", "condition", "site", "rank", "query", "url")


def normalise(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def unit_hash(text):
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def die(msg):
    print(f"realdev: {msg}", file=sys.stderr)
    sys.exit(1)


def read_excerpt(scratch, page):
    path = os.path.join(scratch, "answers", page + ".excerpt.txt")
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_meta(scratch, page):
    with open(os.path.join(scratch, "answers", page + ".meta.json"), encoding="utf-8") as f:
        return json.load(f)


def parse_labeled(path):
    """-> (header dict, [(labels, text, loose)]) from a labeler's file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    head, units, i = {}, [], 0
    while i < len(lines) and lines[i].strip():
        k, sep, v = lines[i].partition(":")
        if not sep:
            die(f"{path}:{i + 1}: header line without ':'")
        head[k.strip()] = v.strip()
        i += 1
    for n in range(i, len(lines)):
        s = lines[n]
        if not s.strip():
            continue
        m = re.match(r"\[([^\]]*)\] ?(.*)$", s)
        if not m:
            die(f"{path}:{n + 1}: a unit line must start with [labels]")
        labs = [x.strip() for x in m.group(1).split(",") if x.strip()]
        if labs == ["none"]:
            labs = []
        for lab in labs:
            if lab not in LABELS:
                die(f"{path}:{n + 1}: unknown label {lab!r}")
        text, loose = m.group(2), False
        if text.startswith("~"):
            text, loose = text[1:], True
        units.append((sorted(set(labs), key=LABELS.index), text, loose))
    return head, units


def locate(excerpt, text, loose, pos):
    """Character range of text in excerpt at or after pos (white space flexible when loose), or None."""
    if not loose:
        k = excerpt.find(text, pos)
        if k >= 0:
            return k, k + len(text)
    words = text.split()
    if not words:
        return None
    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(excerpt, pos)
    return (m.start(), m.end()) if m else None


def cmd_import(scratch):
    pages, rows = [], []
    labeled_dir = os.path.join(scratch, "labeled")
    for name in sorted(os.listdir(labeled_dir)):
        if not name.endswith(".txt"):
            continue
        page = name[:-4]
        head, units = parse_labeled(os.path.join(labeled_dir, name))
        if head.get("id", page) != page:
            die(f"{name}: id {head.get('id')!r} is not the file name")
        excerpt = read_excerpt(scratch, page)
        meta = read_meta(scratch, page)
        if not meta.get("query") or not meta.get("url"):
            die(f"{page}: the saved answer must give its query and URL (else it cannot be fetched again)")
        pos = 0
        for n, (labs, text, loose) in enumerate(units):
            r = locate(excerpt, text, loose, pos)
            if r is None:
                die(f"{name}: unit {n + 1} is not in the excerpt after character {pos}: {text[:60]!r}")
            gap = excerpt[pos:r[0]]
            if gap.strip() and n > 0:
                print(f"realdev: {name}: text skipped before unit {n + 1}: {normalise(gap)[:50]!r}", file=sys.stderr)
            rows.append((page, n, r[0], r[1], unit_hash(excerpt[r[0]:r[1]]), ",".join(labs)))
            pos = r[1]
        pages.append((page, head.get("treatment", ""), head.get("condition", ""), head.get("site", ""),
                      str(meta.get("rank", "")), meta["query"], meta["url"]))
    # pages already in the tables and not imported now keep their rows (their labeled files may be long gone)
    new = {p[0] for p in pages}
    kept = [p for p in read_tsv(PAGES) if p["page"] not in new] if os.path.exists(PAGES) else []
    kept_units = [u for u in read_tsv(UNITS) if u["page"] not in new] if os.path.exists(UNITS) else []
    unit_cols = ("page", "unit", "start", "end", "hash", "labels")
    with open(PAGES, "w", encoding="utf-8") as f:
        f.write("\t".join(PAGE_COLS) + "\n")
        for p in [tuple(k[c] for c in PAGE_COLS) for k in kept] + pages:
            f.write("\t".join(x.replace("\t", " ") for x in p) + "\n")
    with open(UNITS, "w", encoding="utf-8") as f:
        f.write("\t".join(unit_cols) + "\n")
        for r in [tuple(u[c] for c in unit_cols) for u in kept_units] + rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"realdev: {len(pages)} pages, {len(rows)} units imported ({len(kept)} pages kept) -> "
          f"{os.path.relpath(PAGES)}, {os.path.relpath(UNITS)}")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    cols = lines[0].split("\t")
    return [dict(zip(cols, ln.split("\t"))) for ln in lines[1:] if ln]


def pages_named(names):
    """Every row of pages.tsv; dies when one of names is not a page id there."""
    every = read_tsv(PAGES)
    unknown = set(names) - {p["page"] for p in every}
    if unknown:
        die(f"not page ids of {os.path.relpath(PAGES)}: {', '.join(sorted(unknown))}")
    return every


def units_by_page():
    """units.tsv's rows grouped by page id, in file order."""
    out = {}
    for u in read_tsv(UNITS):
        out.setdefault(u["page"], []).append(u)
    return out


def check_page(scratch, page, url, units):
    """-> (the saved excerpt or None, the problems with it: empty when it rebuilds exactly)."""
    try:
        ex = read_excerpt(scratch, page)
        meta = read_meta(scratch, page)
    except (OSError, ValueError) as e:
        return None, [f"saved answer missing or unreadable: {e}"]
    return ex, answer_problems(ex, meta.get("url"), url, units)


def answer_problems(ex, answer_url, url, units):
    """What does not match between an answer (its excerpt and URL) and a page's URL and unit hashes."""
    out = []
    if answer_url != url:
        out.append(f"saved answer is for {answer_url}, not {url}")
    for u in units:
        s, e = int(u["start"]), int(u["end"])
        if e > len(ex) or unit_hash(ex[s:e]) != u["hash"]:
            out.append(f"unit {u['unit']} (characters {s}-{e}) does not match its hash: "
                       f"{normalise(ex[s:e])[:40]!r}")
    return out


def cmd_rebuild(scratch, outdir, skip=()):
    pages = [p for p in pages_named(skip) if p["page"] not in skip]
    units = units_by_page()
    bad, excerpts = 0, {}
    for p in pages:  # the same checks as `check`: one owner of what a matching saved answer is
        excerpts[p["page"]], problems = check_page(scratch, p["page"], p["url"], units.get(p["page"], []))
        for problem in problems:
            print(f"realdev: {p['page']}: {problem}", file=sys.stderr)
        bad += len(problems)
    if bad:
        die(f"{bad} mismatches: the saved answers are not the ones the labels were made on")
    os.makedirs(os.path.join(outdir, "pages"), exist_ok=True)
    n = 0
    with open(os.path.join(outdir, "gold.jsonl"), "w", encoding="utf-8") as g:
        for p in pages:
            ex = excerpts[p["page"]]
            for u in units.get(p["page"], []):
                s, e = int(u["start"]), int(u["end"])
                text = ex[s:e]
                g.write(json.dumps({
                    "page": u["page"], "unit": int(u["unit"]),
                    "start": len(ex[:s].encode("utf-8")), "end": len(ex[:e].encode("utf-8")),
                    "words": len(normalise(text).split()), "text": normalise(text),
                    "labels": [x for x in u["labels"].split(",") if x]}, ensure_ascii=False) + "\n")
                n += 1
    for page, ex in excerpts.items():
        with open(os.path.join(outdir, "pages", page + ".txt"), "w", encoding="utf-8") as f:
            f.write(ex)
    print(f"realdev: rebuilt {len(excerpts)} pages, {n} units into {outdir}"
          + (f" (skipped: {', '.join(sorted(skip))})" if skip else ""))


def cmd_check(scratch, only):
    pages = [p for p in pages_named(only) if not only or p["page"] in only]
    units = units_by_page()
    failed = 0
    for p in pages:
        _, problems = check_page(scratch, p["page"], p["url"], units.get(p["page"], []))
        print(f"{p['page']}: " + ("ok" if not problems else "; ".join(problems[:3]) +
                                 (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")))
        failed += bool(problems)
    if failed:
        die(f"{failed} of {len(pages)} pages do not match")


def write_answer(scratch, page, query, result):
    os.makedirs(os.path.join(scratch, "answers"), exist_ok=True)
    with open(os.path.join(scratch, "answers", page + ".excerpt.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(result["excerpt"])
    with open(os.path.join(scratch, "answers", page + ".meta.json"), "w", encoding="utf-8") as f:
        json.dump({"query": query, "rank": result.get("rank"), "url": result["url"]}, f)


def cmd_save(scratch, files):
    """Save, from whole search answers, the pages of their query. A page's result is the one with its URL at its
    rank, else any other with its URL; the first whose units match their hashes is saved, so a result that does
    not match never replaces a saved answer."""
    units = units_by_page()
    by_query = {}
    for p in read_tsv(PAGES):
        by_query.setdefault(p["query"], []).append(p)
    failed = 0
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                answer = json.load(f)
            query, results = answer["query"], answer["results"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            die(f"{path}: not a saved search answer ({{\"query\": ..., \"results\": [...]}}): {e}")
        if query not in by_query:
            print(f"{path}: no page of the set was found with the query {query!r}")
            failed += 1
            continue
        for p in by_query[query]:
            found = sorted((r for r in results if isinstance(r, dict) and r.get("url") == p["url"]
                            and isinstance(r.get("excerpt"), str)),
                           key=lambda r: str(r.get("rank")) != p["rank"])
            problems = ["its URL is not in this answer"]
            for r in found:
                problems = answer_problems(r["excerpt"], r["url"], p["url"], units.get(p["page"], []))
                if not problems:
                    write_answer(scratch, p["page"], query, r)
                    break
            failed += bool(problems)
            print(f"{p['page']}: " + ("ok" if not problems else problems[0]))
    if failed:
        die(f"{failed} page(s) or answer(s) not saved")


def cmd_wanted(only):
    for p in read_tsv(PAGES):
        if not only or p["page"] in only:
            print("\t".join((p["page"], p["query"], p["rank"], p["url"])))


def main(argv):
    ap = argparse.ArgumentParser(prog="realdev.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("import", help="labeled units -> pages.tsv and units.tsv").add_argument("scratch")
    rebuild = sub.add_parser("rebuild", help="saved answers -> OUTDIR/pages/*.txt and OUTDIR/gold.jsonl")
    rebuild.add_argument("scratch")
    rebuild.add_argument("outdir")
    rebuild.add_argument("--skip", action="append", default=[], metavar="PAGE",
                         help="leave out a page whose answer can no longer be had (repeatable)")
    check = sub.add_parser("check", help="check saved answers page by page, writing nothing")
    check.add_argument("scratch")
    check.add_argument("pages", nargs="*", metavar="PAGE")
    sub.add_parser("wanted", help="page, query, rank and URL of each saved answer").add_argument(
        "pages", nargs="*", metavar="PAGE")
    save = sub.add_parser("save", help="whole search answers -> the saved answers of their pages")
    save.add_argument("scratch")
    save.add_argument("answers", nargs="+", metavar="ANSWER.json")
    args = ap.parse_args(argv[1:])
    if args.command == "import":
        cmd_import(args.scratch)
    elif args.command == "rebuild":
        cmd_rebuild(args.scratch, args.outdir, set(args.skip))
    elif args.command == "check":
        cmd_check(args.scratch, args.pages)
    elif args.command == "save":
        cmd_save(args.scratch, args.answers)
    else:
        cmd_wanted(args.pages)


if __name__ == "__main__":
    main(sys.argv)
