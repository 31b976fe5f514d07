#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Score systems on the real-page development set (corpus/realdev/README.md).

  realdev.py --rebuilt DIR [--model M] [--healthtopics BIN] [--corpus corpus/articles]
             [--systems ht-article,ht-html,ht-units,sklearn,fasttext] [--min-words 8] [--json OUT] [--errors]
             [--by site|treatment] [--baseline M2] [--bootstrap N] [--part all|choose|confirm] [--series a,b,...]

DIR is what `corpus/realdev/realdev.py rebuild` wrote (pages/<page>.txt and gold.jsonl). Systems:
  ht-article  healthtopics classify --article on each page's text as copied: the tool finds the units itself;
              a gold unit gets the labels of every predicted unit that overlaps it
  ht-html     the same pages wrapped as HTML (each line an element: a bullet an <li>, a short line that does
              not end like a sentence an <h2>, any other a <p>; in an <article>, with site chrome around it: a
              nav bar, a cookie banner, related posts and a footer), classified with --article --format html
  ht-units    healthtopics classify on each gold unit alone (true boundaries, no page context)
  sklearn     TF-IDF (1-2-grams, sublinear, min_df 2) + one-vs-rest LinearSVC, trained on the corpus export
  fasttext    fastText supervised -loss ova -wordNgrams 2 -epoch 25 (one thread), same export
  second      a second labeler's labels (--second DIR): how far two labelers agree, on the pages DIR covers
Only units with at least --min-words words are scored (the others, headings and chrome mostly, still give the page
its structure). Reports per-label precision, recall and F1, micro and macro F1, and none-accuracy (the share of
gold units with no label that get none).

The set is small (171 pages), so a change of a point may be noise. --bootstrap N prints each system's 95% interval of
micro- and macro-F1 over N resamples of the pages (a page's units stay together: they are not independent).
--baseline M2 also scores ht-article with the model M2 and prints the difference --model minus M2 with its 95%
interval over the same resamples (paired: both models are scored on each resample), which is the figure to quote
when judging a model change: an interval that contains 0 is a tie.
"""
import argparse
import hashlib
import html
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile

LABELS = ("benefits", "types", "risks", "alternatives")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_gold(d):
    with open(os.path.join(d, "gold.jsonl"), encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def overlapping(units, s, e):
    """The predicted units that overlap the byte range [s, e) of a page."""
    return [u for u in units if u["start"] < e and u["end"] > s]


def overlap_labels(units, s, e):
    got = set()
    for u in overlapping(units, s, e):
        got.update(u.get("labels", []))
    return got


def article_units(healthtopics, model, path, fmt=None):
    """healthtopics classify --article --text on one file: its units, as dicts, in page order."""
    out = run([healthtopics, "classify", "--model", model, "--article", "--text"] + (["--format", fmt] if fmt else [])
              + [path])
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def tool_arguments(ap):
    """The arguments every development-set tool takes: the rebuilt set, the binary, the model and the corpus."""
    ap.add_argument("--rebuilt", required=True)
    ap.add_argument("--healthtopics", default=os.path.join(REPO, "build", "healthtopics"))
    ap.add_argument("--model", default=os.path.join(REPO, "models", "healthtopics-default.htm"))
    ap.add_argument("--corpus", default=os.path.join(REPO, "corpus", "articles"))


def parts_summary(gold_all, pages):
    """micro / macro / none-accuracy on all pages, `choose` and `confirm`, for units labeled page by page."""
    pred = [overlap_labels(pages[g["page"]], g["start"], g["end"]) for g in gold_all]
    cells = []
    for part in ("all", "choose", "confirm"):
        keep = scored_indices(gold_all, part)
        s = score([gold_all[i] for i in keep], [pred[i] for i in keep])
        cells.append(f"{s['micro_f1']:.3f} / {s['macro_f1']:.3f} / {s['none_acc']:.3f}")
    return "   ".join(cells)


def pasted_units(args, gold, d):
    """{page: healthtopics classify --article's units} for every page of gold, each page's text as copied."""
    by_page = {}
    for g in gold:
        if g["page"] not in by_page:
            by_page[g["page"]] = article_units(args.healthtopics, args.model,
                                               os.path.join(d, "pages", g["page"] + ".txt"))
    return by_page


def ht_article(args, gold, d):
    by_page = pasted_units(args, gold, d)
    return [overlap_labels(by_page[g["page"]], g["start"], g["end"]) for g in gold]


CHROME_HEAD = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Health</title>'
               '<style>body{font-family:sans-serif}</style><script>var x=1;</script></head><body>'
               '<header><nav><a href="/">Home</a> <a href="/treatments">Treatments</a> <a href="/about">About us'
               '</a> <a href="/contact">Contact</a></nav></header>'
               '<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies or '
               'manage your preferences in settings.</div><main><article>\n')
CHROME_TAIL = ('\n</article></main><aside><h3>Related posts</h3><ul><li><a href="/a">Five ways to sleep better '
               'tonight</a></li><li><a href="/b">What your doctor wishes you knew about pain</a></li></ul></aside>'
               '<footer><p>Copyright 2026 Example Health Network. All rights reserved. This site does not give '
               'medical advice; talk to your doctor about your own situation.</p></footer></body></html>\n')


def second(args, gold, d):
    """A second labeler's labels: --second DIR holds <page>.txt, a header, a blank line, then `[labels] text` per
    unit in page order, the text exactly the unit's (labeled without seeing the first labels)."""
    pred, files = [], {}
    for g in gold:
        if g["page"] not in files:
            path = os.path.join(args.second, g["page"] + ".txt")
            lines = []
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    lines = [x for x in f.read().split("\n") if x.startswith("[")]
            files[g["page"]] = lines
        lines = files[g["page"]]
        if not lines:
            pred.append(set())
            continue
        m = re.match(r"^\[([a-z,]+)\] (.*)$", lines[g["unit"]]) if g["unit"] < len(lines) else None
        if not m or m.group(2) != g["text"]:
            sys.exit(f"realdev: {g['page']}: the second labeler's unit {g['unit']} is not the gold unit's text")
        pred.append(set(m.group(1).split(",")) - {"none"})
    return pred


BULLET = re.compile(r"^(?:[-*+\u2022\u2023\u25e6\u25aa\u00b7\u2013\u2713\u2714]|\d{1,3}[.)])\s")


def line_tag(line):
    """The element a page would have used for a line of its copied text: li for a bullet, h2 for a short line
    that does not end like a sentence (the rule of src/text/segment.c), p otherwise."""
    s = line.strip()
    if BULLET.match(s):
        return "li"
    if len(s.encode()) <= 100 and len(s.split()) <= 12 and (s.endswith("?") or s[-1] not in '.,;:)"'):
        return "h2"
    return "p"


def wrap_html(text):
    """The page's lines as elements (h2, li inside ul, p) inside chrome; returns (html, [(byte offset in text,
    length, byte offset in html, length)]) so that gold byte ranges can be moved into the HTML."""
    out, spans, pos_t, in_list = [CHROME_HEAD], [], 0, False
    pos_h = len(CHROME_HEAD.encode())

    def put(x):
        nonlocal pos_h
        out.append(x)
        pos_h += len(x.encode("utf-8"))
    for line in text.split("\n"):
        b = line.encode("utf-8")
        if line.strip():
            tag = line_tag(line)
            if (tag == "li") != in_list:
                put("<ul>\n" if tag == "li" else "</ul>\n")
                in_list = tag == "li"
            esc = html.escape(line, quote=False)
            put(f"<{tag}>")
            spans.append((pos_t, len(b), pos_h, len(esc.encode("utf-8"))))
            put(f"{esc}</{tag}>\n")
        pos_t += len(b) + 1
    if in_list:
        put("</ul>\n")
    out.append(CHROME_TAIL)
    return "".join(out), spans


def ht_html(args, gold, d):
    by_page, pred = {}, []
    with tempfile.TemporaryDirectory(prefix="realdev-html-") as tmp:
        for p in dict.fromkeys(g["page"] for g in gold):
            with open(os.path.join(d, "pages", p + ".txt"), encoding="utf-8") as f:
                doc, spans = wrap_html(f.read())
            path = os.path.join(tmp, p + ".html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(doc)
            by_page[p] = (article_units(args.healthtopics, args.model, path, "html"), spans)
    for g in gold:
        units, spans = by_page[g["page"]]
        got = set()
        for t0, tl, h0, hl in spans:  # every line the gold unit touches, as its <p> in the HTML
            if t0 < g["end"] and t0 + tl > g["start"]:
                got |= overlap_labels(units, h0, h0 + max(hl, 1))
        pred.append(got)
    return pred


def ht_units(args, gold, d):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for g in gold:
            f.write("\t" + g["text"].replace("\t", " ") + "\n")
    out = run([args.healthtopics, "classify", "--model", args.model, "--format", "tsv", f.name])
    os.unlink(f.name)
    return [set(json.loads(x)["labels"]) for x in out.splitlines() if x.strip()]


def export(args, fmt):
    return run([args.healthtopics, "corpus", "export", args.corpus, "--format", fmt, "--split", args.split])


def fit_sklearn(tsv):
    """scikit-learn's peer: TF-IDF (1-2-grams, sublinear, min_df 2) + one-vs-rest LinearSVC fitted on a corpus
    export (`labels<TAB>text` lines); returns (vectorizer, classifier)."""
    import warnings
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer
    from sklearn.svm import LinearSVC
    texts, labs = [], []
    for ln in tsv.splitlines():
        lab, _, text = ln.partition("\t")
        texts.append(text)
        labs.append([x for x in lab.split(",") if x])
    mlb = MultiLabelBinarizer(classes=list(LABELS))
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = OneVsRestClassifier(LinearSVC()).fit(vec.fit_transform(texts), mlb.fit_transform(labs))
    return vec, clf


def sklearn(args, gold, d):
    vec, clf = fit_sklearn(export(args, "tsv"))
    Y = clf.predict(vec.transform([g["text"] for g in gold]))
    return [{LABELS[j] for j in range(len(LABELS)) if row[j]} for row in Y]


def fasttext(args, gold, d):
    with tempfile.TemporaryDirectory(prefix="realdev-ft-") as tmp:
        train = os.path.join(tmp, "train.txt")
        with open(train, "w", encoding="utf-8") as f:
            for ln in export(args, "tsv").splitlines():
                lab, _, text = ln.partition("\t")
                tags = " ".join("__label__" + x for x in lab.split(",") if x) or "__label__none"
                f.write(tags + " " + text.lower() + "\n")
        run(["fasttext", "supervised", "-input", train, "-output", os.path.join(tmp, "m"), "-loss", "ova",
             "-wordNgrams", "2", "-epoch", "25", "-thread", "1", "-seed", "1", "-verbose", "0"])
        test = os.path.join(tmp, "test.txt")
        with open(test, "w", encoding="utf-8") as f:
            for g in gold:
                f.write(g["text"].lower() + "\n")
        out = run(["fasttext", "predict-prob", os.path.join(tmp, "m.bin"), test, "-1", "0.5"])
    pred = []
    for ln in out.split("\n")[:len(gold)]:
        pred.append({w[9:] for w in ln.split() if w.startswith("__label__") and w[9:] in LABELS})
    return pred


SYSTEMS = {"ht-article": ht_article, "ht-html": ht_html, "ht-units": ht_units, "sklearn": sklearn,
           "fasttext": fasttext, "second": second}


def shipped_options():
    """The shipped model's training options, as models/build.sh passes them to `healthtopics train` (a list)."""
    with open(os.path.join(REPO, "models", "options"), encoding="utf-8") as f:
        return f.read().split()


def scored_indices(gold_all, part="all", min_words=8):
    """Indices of the units that are scored: at least min_words words, on the pages of `part`."""
    return [i for i, g in enumerate(gold_all) if g["words"] >= min_words and in_part(g["page"], part)]


def in_part(page, part):
    if part == "all":
        return True
    h = int(hashlib.sha256(page.encode()).hexdigest()[:8], 16) % 2
    return h == (0 if part == "choose" else 1)


def score(gold, pred):
    res, tp_all, fp_all, fn_all = {}, 0, 0, 0
    for lab in LABELS:
        tp = sum(1 for g, p in zip(gold, pred) if lab in g["labels"] and lab in p)
        fp = sum(1 for g, p in zip(gold, pred) if lab not in g["labels"] and lab in p)
        fn = sum(1 for g, p in zip(gold, pred) if lab in g["labels"] and lab not in p)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        res[lab] = {"p": pr, "r": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0, "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    mp = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    mr = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    nones = [(g, p) for g, p in zip(gold, pred) if not g["labels"]]
    return {"labels": res, "micro_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
            "macro_f1": sum(res[x]["f1"] for x in LABELS) / len(LABELS),
            "none_acc": sum(1 for g, p in nones if not p) / len(nones) if nones else 0.0,
            "exact": sum(1 for g, p in zip(gold, pred) if set(g["labels"]) == set(p)) / len(gold),
            "units": len(gold)}


def page_resamples(gold, n, seed=20261203):
    """n resamples of the pages (with replacement; a page's units stay together), each a list of indices into gold.
    The same n and seed give the same resamples, so two models scored on them are compared pairwise."""
    pages = {}
    for i, g in enumerate(gold):
        pages.setdefault(g["page"], []).append(i)
    keys = sorted(pages)
    rng = random.Random(seed)
    return [[i for k in (rng.choice(keys) for _ in keys) for i in pages[k]] for _ in range(n)]


def f1_on(gold, pred, idx):
    """(micro-F1, macro-F1) of pred on the units idx."""
    s = score([gold[i] for i in idx], [pred[i] for i in idx])
    return s["micro_f1"], s["macro_f1"]


def interval95(pairs):
    """The 95% intervals of the first and of the second values of (micro, macro) pairs: ((lo, hi), (lo, hi))."""
    def one(xs):
        xs = sorted(xs)
        return xs[int(0.025 * (len(xs) - 1))], xs[int(0.975 * (len(xs) - 1))]
    return one([p[0] for p in pairs]), one([p[1] for p in pairs])


def page_column(col):
    """{page: its value in pages.tsv's column `col`}."""
    # the set's own reader of its tables (corpus/realdev/realdev.py), loaded by path: this file has the same name
    path = os.path.join(REPO, "corpus", "realdev", "realdev.py")
    spec = importlib.util.spec_from_file_location("realdev_set", path)
    devset = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(devset)
    return {r["page"]: r[col] for r in devset.read_tsv(devset.PAGES)}


def by_group(of, gold, pred):
    """[(group, pages, score)] over the pages of each group (of: page -> group), largest group first."""
    groups = {}
    for g, p in zip(gold, pred):
        groups.setdefault(of.get(g["page"], "?"), []).append((g, p))
    out = []
    for key, gp in groups.items():
        out.append((key, len({g["page"] for g, _ in gp}), score([g for g, _ in gp], [p for _, p in gp])))
    return sorted(out, key=lambda x: (-x[2]["units"], x[0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rebuilt", required=True)
    ap.add_argument("--model", default=os.path.join(REPO, "models", "healthtopics-default.htm"))
    ap.add_argument("--healthtopics", default=os.path.join(REPO, "build", "healthtopics"))
    ap.add_argument("--corpus", default=os.path.join(REPO, "corpus", "articles"))
    ap.add_argument("--split", default="train")
    ap.add_argument("--systems", default="ht-article,ht-units,sklearn,fasttext")
    ap.add_argument("--min-words", type=int, default=8)
    ap.add_argument("--json")
    ap.add_argument("--errors", action="store_true", help="print the scored units each system gets wrong")
    ap.add_argument("--by", choices=("site", "treatment"),
                    help="also score each system on the pages of each kind of site or each treatment "
                         "(corpus/realdev/pages.tsv), to see where it fails")
    ap.add_argument("--second", help="a second labeler's files (<page>.txt, `[labels] text` per unit): adds the "
                                     "system `second` and scores every system on those pages only")
    ap.add_argument("--baseline", help="also score ht-article with this model and print the difference --model minus "
                                       "it, with a 95%% page-bootstrap interval (paired)")
    ap.add_argument("--bootstrap", type=int, default=0, metavar="N",
                    help="print 95%% intervals over N resamples of the pages (1000 is plenty; --baseline: 1000 unless "
                         "given)")
    ap.add_argument("--part", choices=("all", "choose", "confirm"), default="all",
                    help="score all pages, or one of two fixed halves (by a hash of the page id): options are "
                         "chosen on `choose` and confirmed on `confirm`")
    ap.add_argument("--series", help="score only the pages whose id starts with one of these comma-separated "
                                     "letters (pages are added in series: `f` is round 9's, unseen when the "
                                     "shipped options were chosen)")
    args = ap.parse_args()
    gold_all = read_gold(args.rebuilt)
    series = tuple(args.series.split(",")) if args.series else ("",)
    keep = [i for i in scored_indices(gold_all, args.part, args.min_words)
            if gold_all[i]["page"].startswith(series)
            and (not args.second or os.path.exists(os.path.join(args.second, gold_all[i]["page"] + ".txt")))]
    gold = [gold_all[i] for i in keep]
    pages = len({g["page"] for g in gold})
    print(f"real-page dev set: {pages} pages, {len(gold)} units of {args.min_words}+ words "
          f"({len(gold_all)} units in all)")
    print(f"{'system':12} {'micro-F1':>8} {'macro-F1':>8} {'none-acc':>8} {'exact':>6}  "
          + "  ".join(f"{x[:5]:>5} P/R/F1" for x in LABELS))
    report, preds = {}, {}
    group_of = page_column(args.by) if args.by else None
    systems = args.systems.split(",")
    if args.baseline:
        systems += ["baseline"]
    n_boot = args.bootstrap or (1000 if args.baseline else 0)
    for name in systems:
        if name == "baseline":
            pred_all = ht_article(argparse.Namespace(**{**vars(args), "model": args.baseline}), gold_all, args.rebuilt)
        else:
            pred_all = SYSTEMS[name](args, gold_all, args.rebuilt)
        pred = [pred_all[i] for i in keep]
        preds[name] = pred
        s = score(gold, pred)
        report[name] = s
        print(f"{name:12} {s['micro_f1']:8.3f} {s['macro_f1']:8.3f} {s['none_acc']:8.3f} {s['exact']:6.3f}  "
              + "  ".join(f"{s['labels'][x]['p']:.2f}/{s['labels'][x]['r']:.2f}/{s['labels'][x]['f1']:.2f}"
                          for x in LABELS))
        if group_of:
            for key, n, sub in by_group(group_of, gold, pred):
                print(f"   {key[:24]:24} {sub['micro_f1']:.3f} {sub['macro_f1']:.3f} {sub['none_acc']:.3f}  "
                      f"({n} pages, {sub['units']} units)")
        if args.errors:
            for g, p in zip(gold, pred):
                if set(g["labels"]) != p:
                    print(f"   {g['page']}#{g['unit']} gold={','.join(g['labels']) or '-'} "
                          f"got={','.join(sorted(p)) or '-'}  {g['text'][:110]}")
    resamples = page_resamples(gold, n_boot) if n_boot else []
    if args.bootstrap:
        for name in systems:
            mi, ma = interval95([f1_on(gold, preds[name], idx) for idx in resamples])
            report[name]["interval95"] = {"micro_f1": mi, "macro_f1": ma, "resamples": n_boot}
            print(f"{name:12} 95% interval over {n_boot} page resamples: micro-F1 {mi[0]:.3f} to {mi[1]:.3f}, "
                  f"macro-F1 {ma[0]:.3f} to {ma[1]:.3f}")
    if args.baseline:
        if "ht-article" not in preds:
            pred_all = ht_article(args, gold_all, args.rebuilt)
            preds["ht-article"] = [pred_all[i] for i in keep]
            report["ht-article"] = score(gold, preds["ht-article"])
        diffs = []
        for idx in resamples:
            (ami, ama), (bmi, bma) = f1_on(gold, preds["ht-article"], idx), f1_on(gold, preds["baseline"], idx)
            diffs.append((ami - bmi, ama - bma))
        dmi, dma = interval95(diffs)
        a, b = report["ht-article"], report["baseline"]
        report["difference"] = {"micro_f1": a["micro_f1"] - b["micro_f1"], "macro_f1": a["macro_f1"] - b["macro_f1"],
                                "interval95": {"micro_f1": dmi, "macro_f1": dma, "resamples": n_boot}}
        print(f"ht-article minus baseline: micro-F1 {a['micro_f1'] - b['micro_f1']:+.3f} (95%: {dmi[0]:+.3f} to "
              f"{dmi[1]:+.3f}), macro-F1 {a['macro_f1'] - b['macro_f1']:+.3f} (95%: {dma[0]:+.3f} to {dma[1]:+.3f}), "
              f"paired over {n_boot} page resamples")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
