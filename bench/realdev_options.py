#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Choose training options on the real-page development set: train one model per option set and score it.

  realdev_options.py --rebuilt DIR [--healthtopics BIN] [--corpus corpus/articles] [--base "OPTS"]
                     [--system ht-article] [--part all|choose|confirm] [--series a,b,...] OPTSET...

Each OPTSET is a string of `healthtopics train` options added to --base (by default the shipped model's options,
from models/options as models/build.sh uses them); "" is the base alone. Prints micro-F1, macro-F1 and
none-accuracy on the scored units of the development set for each, in one run, so the rows compare like with
like.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

import realdev

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def merge(base, extra):
    """base's options with extra's added, an option in both taking extra's value (train rejects repeats)."""
    def parse(s):
        out, toks = [], shlex.split(s)
        for t in toks:
            if t.startswith("--"):
                out.append([t])
            else:
                out[-1].append(t)
        return out
    ex = parse(extra)
    names = {o[0] for o in ex}
    return [t for o in parse(base) if o[0] not in names for t in o] + [t for o in ex for t in o]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rebuilt", required=True)
    ap.add_argument("--healthtopics", default=os.path.join(REPO, "build", "healthtopics"))
    ap.add_argument("--corpus", default=os.path.join(REPO, "corpus", "articles"))
    ap.add_argument("--base", default=" ".join(realdev.shipped_options()))
    ap.add_argument("--system", default="ht-article")
    ap.add_argument("--part", default="all")
    ap.add_argument("--series", help="score only these series of pages (realdev.py --series)")
    ap.add_argument("optsets", nargs="*", default=[""])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="realdev-opts-") as tmp:
        print(f"{'options':50} {'micro-F1':>8} {'macro-F1':>8} {'none-acc':>8}")
        for i, extra in enumerate(args.optsets):
            model = os.path.join(tmp, f"m{i}.htm")
            cmd = [args.healthtopics, "train", "--corpus", args.corpus, "--out", model] + merge(args.base, extra)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            js = os.path.join(tmp, f"r{i}.json")
            subprocess.run([sys.executable, os.path.join(HERE, "realdev.py"), "--rebuilt", args.rebuilt,
                            "--healthtopics", args.healthtopics, "--model", model, "--systems", args.system,
                            "--json", js, "--part", args.part] + (["--series", args.series] if args.series else []),
                           check=True, stdout=subprocess.DEVNULL)
            with open(js) as f:
                s = json.load(f)[args.system]
            print(f"{extra or '(base)':50} {s['micro_f1']:8.3f} {s['macro_f1']:8.3f} {s['none_acc']:8.3f}", flush=True)


if __name__ == "__main__":
    main()
