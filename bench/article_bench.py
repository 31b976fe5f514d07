#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Article throughput: pages per second through `classify --article`, as text and as HTML, against scikit-learn's
pipeline on the same units.

  article_bench.py [--ht build/healthtopics] [--model models/healthtopics-default.htm] [--repeats 5]
                   [--lib build/libhealthtopics.so] [--work DIR]

Pages: the held-out articles of corpus/articles (pages written by the project), each as plain text (the page
as a reader sees it, bench/export_corpus.py --plain-dir) and as HTML (its lines as h2/li/p elements inside site
chrome: a nav bar, a cookie banner, related posts and a footer; bench/realdev.py's wrap_html).

Systems, each timed over all pages, median of --repeats rounds, the rounds interleaved so load hits all alike:
  ht-lib-text / ht-lib-html  the library through the Python package (python/): the model loaded once, then
                             Model.classify_article(page) per page; the time includes the binding's Python code
  ht-cli-text / ht-cli-html  one `healthtopics classify --article` process per page (model load included), as a
                             shell loop would run it
  sklearn-units              TfidfVectorizer (1-2-grams, sublinear, min_df 2) + one-vs-rest LinearSVC trained on the
                             same corpus export, loaded once; per page, transform + predict of the units healthtopics
                             found in the text form (sklearn has no segmenter: it is given the units)
Prints pages/s and units/s per system and the ratio of each to sklearn-units, measured in the same run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from realdev import fit_sklearn, wrap_html  # noqa: E402


def pages(args, work):
    plain = os.path.join(work, "plain")
    subprocess.run([sys.executable, os.path.join(HERE, "export_corpus.py"), os.path.join(REPO, "corpus", "articles"),
                    "--split", "heldout", "--tsv", os.path.join(work, "heldout.tsv"), "--plain-dir", plain,
                    "--manifest", os.path.join(work, "manifest.json")], check=True)
    out = []
    for name in sorted(os.listdir(plain)):
        path = os.path.join(plain, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        page = wrap_html(text)[0]
        hpath = os.path.join(work, name[:-4] + ".html")
        with open(hpath, "w", encoding="utf-8") as f:
            f.write(page)
        out.append({"text": text, "text_path": path, "html": page, "html_path": hpath})
    return out


def train_sklearn(args):
    tsv = subprocess.run([args.ht, "corpus", "export", os.path.join(REPO, "corpus", "articles"), "--format", "tsv",
                          "--split", "train"], check=True, stdout=subprocess.PIPE, text=True).stdout
    return fit_sklearn(tsv)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ht", default=os.path.join(REPO, "build", "healthtopics"))
    ap.add_argument("--model", default=os.path.join(REPO, "models", "healthtopics-default.htm"))
    ap.add_argument("--lib", default=os.path.join(REPO, "build", "libhealthtopics.so"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--work")
    args = ap.parse_args()
    os.environ["HEALTHTOPICS_LIBRARY"] = os.path.abspath(args.lib)
    sys.path.insert(0, os.path.join(REPO, "python"))
    import healthtopics

    work = args.work or tempfile.mkdtemp(prefix="article-bench-")
    os.makedirs(work, exist_ok=True)
    P = pages(args, work)
    model = healthtopics.Model.load(args.model)
    unit_texts = [[u.text for u in model.classify_article(p["text"], format="text") if u.kind != "boilerplate"]
                  for p in P]
    n_units = sum(len(u) for u in unit_texts)
    vec, clf = train_sklearn(args)

    def lib(form):
        for p in P:
            model.classify_article(p[form], format=form)

    def cli(form):
        for p in P:
            subprocess.run([args.ht, "classify", "--model", args.model, "--article", "--format", form,
                            p[form + "_path"]], check=True, stdout=subprocess.DEVNULL)

    def sk():
        for u in unit_texts:
            clf.predict(vec.transform(u))

    systems = {"ht-lib-text": lambda: lib("text"), "ht-lib-html": lambda: lib("html"),
               "ht-cli-text": lambda: cli("text"), "ht-cli-html": lambda: cli("html"), "sklearn-units": sk}
    times = {k: [] for k in systems}
    for _ in range(args.repeats):
        for k, f in systems.items():
            t = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(P)} pages ({n_units} units; text {sum(len(p['text'].encode()) for p in P)} bytes, html "
          f"{sum(len(p['html'].encode()) for p in P)} bytes), median of {args.repeats} rounds, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'system':14} {'pages/s':>9} {'units/s':>9} {'x sklearn':>9}")
    for k in systems:
        print(f"{k:14} {len(P) / med[k]:9.1f} {n_units / med[k]:9.0f} {med['sklearn-units'] / med[k]:9.2f}")
    json.dump({"pages": len(P), "units": n_units, "repeats": args.repeats, "median_s": med},
              open(os.path.join(work, "article_bench.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
