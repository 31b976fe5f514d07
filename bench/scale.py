#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Growth with the data: healthtopics training and classification time and memory at 1x, 2x, 4x and 8x the
MedQuAD training set, plotted.

  scale.py [--ht build/healthtopics] [--medquad ../shared/data/medquad] [--work DIR] [--scales 1,2,4,8]
           [--out bench] [--plot-only]

Copy c > 1 of every passage gets a copy-number token, as in bench.py's growth runs, so no two lines repeat. Each
scale is trained with the default options (5-fold calibration) and then classifies its own texts
(`classify --format tsv`), both as whole processes under GNU time (wall s, user+system s, peak RSS). Writes
OUT/scale.tsv and OUT/scale.svg, and prints the table with each step's ratio to the one before: linear growth
doubles time from one scale to the next. --plot-only redraws OUT/scale.svg from OUT/scale.tsv.
"""
import argparse
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def timed(cmd, out):
    tfile = out + ".time"
    with open(os.devnull, "w") as null:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tfile] + cmd, check=True, stdout=null,
                       stderr=null)
    with open(tfile) as f:
        e, u, s, m = f.read().split()[-4:]
    return float(e), float(u) + float(s), int(m) / 1024.0


def plot(tsv, svg):
    """Linear axes, so linear growth shows as a straight line."""
    gp = f"""set terminal svg size 900,380 dynamic
set output '{svg}'
set multiplot layout 1,2
set key top left
set xlabel 'MedQuAD training set copies'
set xtics (1,2,4,8)
set xrange [0:9]
set yrange [0:*]
set title 'CPU seconds (user + system)'
plot '{tsv}' using 1:5 skip 1 with linespoints title 'train', '' using 1:8 skip 1 with linespoints title 'classify'
set title 'peak memory, MB'
plot '{tsv}' using 1:6 skip 1 with linespoints title 'train', '' using 1:9 skip 1 with linespoints title 'classify'
unset multiplot
"""
    subprocess.run(["gnuplot"], input=gp, text=True, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ht", default=os.path.join(REPO, "build", "healthtopics"))
    ap.add_argument("--medquad", default=os.path.join(REPO, "..", "shared", "data", "medquad"))
    ap.add_argument("--work")
    ap.add_argument("--scales", default="1,2,4,8")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--plot-only", action="store_true")
    args = ap.parse_args()
    if args.plot_only:
        plot(os.path.join(args.out, "scale.tsv"), os.path.join(args.out, "scale.svg"))
        return
    work = args.work or tempfile.mkdtemp(prefix="ht-scale-")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(args.medquad, "medquad-train.tsv"), encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t", 1) for ln in f if ln.strip()]
    table = []
    for k in [int(x) for x in args.scales.split(",")]:
        train = os.path.join(work, f"train{k}.tsv")
        texts = os.path.join(work, f"texts{k}.tsv")
        with open(train, "w", encoding="utf-8") as t, open(texts, "w", encoding="utf-8") as x:
            for c in range(1, k + 1):
                for lab, text in rows:
                    text = text + (f" copy{c}" if c > 1 else "")
                    t.write(f"{lab}\t{text}\n")
                    x.write(f"\t{text}\n")
        mb = os.path.getsize(texts) / 1e6
        model = os.path.join(work, f"m{k}.htm")
        tr = timed([args.ht, "train", "--corpus", train, "--out", model], os.path.join(work, f"train{k}"))
        cl = timed([args.ht, "classify", "--model", model, "--format", "tsv", texts], os.path.join(work, f"cls{k}"))
        table.append((k, len(rows) * k, mb) + tr + cl)
        print(f"{k}x done", flush=True)
    tsv = os.path.join(args.out, "scale.tsv")
    with open(tsv, "w") as f:
        f.write("scale\tlines\tMB\ttrain_wall_s\ttrain_cpu_s\ttrain_rss_mb\tclassify_wall_s\tclassify_cpu_s\t"
                "classify_rss_mb\n")
        for r in table:
            f.write("\t".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in r) + "\n")
    print(f"{'scale':>5} {'lines':>7} {'MB':>6} | {'train s':>8} {'cpu s':>7} {'x prev':>6} {'RSS MB':>7} | "
          f"{'classify s':>10} {'cpu s':>6} {'x prev':>6} {'RSS MB':>7}")
    prev = None
    for r in table:
        k, n, mb, tw, tc, tm, cw, cc, cm = r
        gt = f"{tc / prev[4]:6.2f}" if prev else "     -"
        gc = f"{cc / prev[7]:6.2f}" if prev else "     -"
        print(f"{k:4}x {n:7} {mb:6.1f} | {tw:8.2f} {tc:7.2f} {gt} {tm:7.0f} | {cw:10.2f} {cc:6.2f} {gc} {cm:7.0f}")
        prev = r
    plot(tsv, os.path.join(args.out, "scale.svg"))
    print(f"wrote {tsv} and {os.path.join(args.out, 'scale.svg')}")


if __name__ == "__main__":
    main()
