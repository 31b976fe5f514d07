#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Classify article files on Dask: a LocalCluster by default, or the scheduler you name.

    examples/dask_classify.py --model models/healthtopics-default.htm --out out/ 'pages/*.txt'
    examples/dask_classify.py --scheduler tcp://scheduler:8786 --model /shared/healthtopics.htm \
        --out /shared/out '/shared/pages/*.txt'

Writes out/part-NNNNN.jsonl: one line per unit, {"id":"<path>","unit":N,...} followed by exactly the fields
`healthtopics classify --article --format FORMAT <path>` prints (--format auto, the default, html, markdown or
text). --broadcast sends the model's bytes from here instead of having workers read --model (use it when the
model is not on shared storage). Watch the dashboard (its link is printed) or the progress bar. Prints a JSON
summary on stdout last: files, units, seconds, pages per second and how many times each worker process loaded
the model.
"""
import argparse
import glob
import json
import sys
import time


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("patterns", nargs="+", help="globs or paths of article files (readable by every worker)")
    ap.add_argument("--model", required=True, help="model file (on shared storage unless --broadcast)")
    ap.add_argument("--out", required=True, help="output directory (shared storage on a real cluster)")
    ap.add_argument("--scheduler", help="address of a running scheduler (default: start a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--threads-per-worker", type=int, default=1)
    ap.add_argument("--broadcast", action="store_true", help="send the model bytes instead of a path")
    ap.add_argument("--mode", choices=["article", "text"], default="article")
    ap.add_argument("--format", choices=["auto", "html", "markdown", "text"], default="auto",
                    help="how article files are read, as `healthtopics classify --article --format` (default auto)")
    ap.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--files-per-partition", type=int, default=16)
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    import healthtopics
    import healthtopics.dask as htd

    paths = sorted({p for pat in a.patterns for p in (glob.glob(pat) or [])})
    if not paths:
        print(f"dask_classify: no files match {a.patterns}", file=sys.stderr)
        return 2
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=a.threads_per_worker, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    try:
        print(f"dashboard: {client.dashboard_link}", file=sys.stderr)
        model = healthtopics.Model.load(a.model).to_bytes() if a.broadcast else a.model
        t0 = time.perf_counter()
        written = htd.classify_files(paths, model, a.out, mode=a.mode, format=a.format,
                                     output_format=a.output_format, files_per_partition=a.files_per_partition,
                                     progress=not a.no_progress)
        seconds = time.perf_counter() - t0
        loads = client.run(htd.load_count, htd.ModelSource.coerce(model).key)
        units = 0
        if a.output_format == "jsonl":
            for w in written:
                with open(w, "rb") as f:
                    units += sum(1 for _ in f)
        print(json.dumps({"files": len(paths), "outputs": len(written), "units": units,
                          "seconds": round(seconds, 3), "pages_per_second": round(len(paths) / seconds, 1),
                          "workers": len(loads), "model_loads_per_worker": sorted(loads.values())}))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
