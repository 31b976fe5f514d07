#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pages per second: the CLI (one process per page, as a shell loop would run it), the Python binding in one
thread, and healthtopics.dask on a LocalCluster with 1 and 2 single-threaded worker processes.

    HEALTHTOPICS_LIBRARY=build/libhealthtopics.so PYTHONPATH=python /usr/bin/python3 bench/dask_bench.py \
        [--pages 2000] [--cli build/healthtopics] [--model models/healthtopics-default.htm] [--json out.json]

Pages are the corpus articles as plain text (corpus/articles, 277 articles, 2.7 KB on average), cycled to
--pages files, each given a distinct first line. Dask times are wall clock from submitting the graph to the last
output file written (reading every page, classifying, writing JSON Lines; each worker loads the model once),
after the cluster has started; the median of --repeats runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python", "tests"))


def make_pages(d, n):
    from corpus_util import article_texts

    arts = article_texts()
    paths = []
    for i in range(n):
        aid, text = arts[i % len(arts)]
        p = os.path.join(d, f"page-{i:06d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(f"Page {i} of {aid}\n\n{text}")
        paths.append(p)
    return paths


def cli_rate(cli, model, paths, procs):
    def one(p):
        subprocess.run([cli, "classify", "--model", model, "--article", p], check=True, stdout=subprocess.DEVNULL)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(procs) as pool:
        list(pool.map(one, paths))
    return len(paths) / (time.perf_counter() - t0)


def inprocess_rate(model_path, paths):
    import healthtopics

    m = healthtopics.Model.load(model_path)
    pages = [open(p, "rb").read() for p in paths]
    t0 = time.perf_counter()
    for b in pages:
        m.classify_article(b)
    return len(pages) / (time.perf_counter() - t0), sum(map(len, pages))


def dask_rate(model_path, paths, workers, repeats, out):
    from distributed import Client, LocalCluster

    import healthtopics.dask as htd

    runs = []
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(workers)
        for r in range(repeats):
            t0 = time.perf_counter()
            htd.classify_files(paths, model_path, os.path.join(out, f"w{workers}-r{r}"), progress=False,
                               files_per_partition=max(1, len(paths) // (8 * workers)))
            runs.append(len(paths) / (time.perf_counter() - t0))
    return statistics.median(runs), runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--cli-pages", type=int, default=400)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cli", default=os.path.join(HERE, "..", "build", "healthtopics"))
    ap.add_argument("--model", default=os.path.join(HERE, "..", "models", "healthtopics-default.htm"))
    ap.add_argument("--json")
    a = ap.parse_args()
    res = {"pages": a.pages, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as d:
        paths = make_pages(d, a.pages)
        res["cli_1_process_pages_per_s"] = round(cli_rate(a.cli, a.model, paths[: a.cli_pages], 1), 1)
        res["cli_2_processes_pages_per_s"] = round(cli_rate(a.cli, a.model, paths[: a.cli_pages], 2), 1)
        rate, nbytes = inprocess_rate(a.model, paths)
        res["python_1_thread_pages_per_s"] = round(rate, 1)
        res["mean_page_bytes"] = round(nbytes / len(paths))
        for w in (1, 2):
            med, runs = dask_rate(a.model, paths, w, a.repeats, d)
            res[f"dask_{w}_worker_pages_per_s"] = round(med, 1)
            res[f"dask_{w}_worker_runs"] = [round(x, 1) for x in runs]
    print(json.dumps(res, indent=1))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
