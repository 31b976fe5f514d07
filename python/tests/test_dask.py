# SPDX-License-Identifier: MIT
"""Dask: examples/dask_classify.py on a LocalCluster with two workers over a few hundred articles (text, and HTML
and Markdown pages) equals the CLI byte for byte; bags, DataFrames, formats, broadcast bytes and the Parquet guard
on the local schedulers."""
import json
import os
import subprocess
import sys
from collections import defaultdict

import dask
import dask.bag as db
import pandas as pd
import pytest

import healthtopics
import healthtopics.dask as htd
from corpus_util import REPO, article_texts


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster with two worker processes (two threads each) for the tests below."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """A few hundred article files: the corpus articles as pages, pairs of them joined, the samples, and the test
    pages as HTML, Markdown and text (read with format auto, as the CLI's default)."""
    d = tmp_path_factory.mktemp("articles")
    arts = article_texts()
    for aid, text in arts:
        (d / f"{aid}.txt").write_text(text, encoding="utf-8")
    for k in range(0, 60, 2):
        (d / f"joined-{k:03d}.txt").write_text(arts[k][1] + "\n" + arts[k + 1][1], encoding="utf-8")
    extras = [REPO / "docs" / "sample-article.txt", REPO / "docs" / "sample-article.html",
              REPO / "tests" / "data" / "article.txt"]
    extras += sorted(p for p in (REPO / "tests" / "data" / "pages").iterdir() if p.suffix in (".html", ".md", ".txt"))
    for extra in extras:
        (d / f"extra-{extra.name}").write_bytes(extra.read_bytes())
    return d


def test_example_on_two_local_workers_equals_cli(articles, tmp_path, cli, model_path, cluster):
    paths = sorted(str(p) for p in articles.glob("*"))
    assert len(paths) >= 300
    out = tmp_path / "out"
    env = dict(os.environ)
    p = subprocess.run([sys.executable, str(REPO / "examples" / "dask_classify.py"), "--scheduler",
                        cluster.scheduler_address,
                        "--model", str(model_path), "--out", str(out), "--no-progress", str(articles / "*")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    summary = json.loads(p.stdout.decode().strip().splitlines()[-1])
    assert summary["files"] == len(paths) and summary["workers"] == 2
    assert summary["model_loads_per_worker"] == [1, 1]  # each worker process loaded the model once
    got = defaultdict(list)
    for part in sorted(out.glob("part-*.jsonl")):
        for line in part.read_bytes().split(b"\n")[:-1]:
            head, _, rest = line.partition(b',"unit":')
            ident = json.loads(head[len(b'{"id":'):])
            unit, _, body = rest.partition(b",")
            got[ident].append((int(unit), b"{" + body + b"\n"))
    assert sorted(got) == [p for p in paths if got.get(p)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        wants = list(pool.map(lambda path: cli("classify", "--model", model_path, "--article", path), paths))
    for path, want in zip(paths, wants):
        units = got.get(path, [])
        assert [u for u, _ in units] == list(range(len(units)))
        assert b"".join(b for _, b in units) == want, path


def test_bag_with_broadcast_bytes_and_text_mode(model, model_path):
    arts = article_texts()[:20]
    data = model_path.read_bytes()
    bag = db.from_sequence(arts, npartitions=4)
    with dask.config.set(scheduler="threads"):
        lines = htd.classify_bag(bag, data).compute()
        texts = htd.classify_bag(db.from_sequence([{"id": i, "text": t} for i, (_, t) in enumerate(arts)],
                                                  npartitions=3), model, mode="text").compute()
    want = [f'{{"id":{json.dumps(a)},"unit":{u.index},' + u.to_json()[1:] for a, t in arts
            for u in model.classify_article(t)]
    assert lines == want
    assert texts == [f'{{"id":{i},' + model.classify(t).to_json()[1:] for i, (_, t) in enumerate(arts)]
    # the graph carries the model bytes once, however many partitions
    g = dict(htd.classify_bag(db.from_sequence(arts, npartitions=10), data).__dask_graph__())
    assert sum(isinstance(v, htd.ModelSource) for v in g.values()) == 1


def test_dataframe(model):
    arts = article_texts()[:12]
    pdf = pd.DataFrame({"url": [a for a, _ in arts], "body": [t for _, t in arts]})
    import dask.dataframe as dd

    ddf = dd.from_pandas(pdf, npartitions=3)
    with dask.config.set(scheduler="sync"):
        res = htd.classify_dataframe(ddf, model, text_column="body", id_column="url").compute()
        per_text = htd.classify_dataframe(ddf, model, text_column="body", id_column="url", mode="text").compute()
    units = [(a, u) for a, t in arts for u in model.classify_article(t)]
    assert len(res) == len(units)
    assert list(res["id"]) == [a for a, _ in units]
    assert list(res["labels"]) == [",".join(u.labels) for _, u in units]
    assert list(res["score_risks"]) == [u.scores["risks"] for _, u in units]
    assert list(res["begin"]) == [u.begin for _, u in units]
    assert list(res["kind"]) == [u.kind for _, u in units] and "heading" in set(res["kind"])
    assert list(res["level"]) == [u.level for _, u in units]
    assert list(res["lead_in_unit"]) == [-1 if u.lead_in_index is None else u.lead_in_index for _, u in units]
    assert list(res["parent_unit"]) == [-1 if u.parent_index is None else u.parent_index for _, u in units]
    assert len(per_text) == len(arts) and set(per_text.columns) >= {"id", "labels", "score_benefits"}


def test_bag_html_format(model):
    """format= reaches the article reader: HTML pages as records and as the CLI's JSON lines."""
    html_files = sorted((REPO / "tests" / "data" / "pages").glob("*.html"))
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in html_files]
    with dask.config.set(scheduler="sync"):
        lines = htd.classify_bag(db.from_sequence(pages, npartitions=2), model, format="html").compute()
        recs = htd.classify_bag(db.from_sequence(pages, npartitions=2), model, format="html",
                                output="records").compute()
    units = [(a, u) for a, t in pages for u in model.classify_article(t, format="html")]
    assert lines == [f'{{"id":{json.dumps(a)},"unit":{u.index},' + u.to_json()[1:] for a, u in units]
    assert any('"kind":"boilerplate"' in x for x in lines) and any('"level":' in x for x in lines)
    assert [(r["kind"], r["level"], r["begin"], r["start"]) for r in recs] == [
        (u.kind, u.level, u.begin, u.byte_begin) for _, u in units]
    assert [r["parent_unit"] for r in recs] == [-1 if u.parent_index is None else u.parent_index for _, u in units]
    assert any(r["parent_unit"] >= 0 for r in recs)  # the test pages nest h2 under h1
    assert all(r["labels"] == "" for r in recs if r["kind"] == "boilerplate")
    with pytest.raises(ValueError):
        htd.classify_bag(db.from_sequence(pages), model, format="pdf")


def test_parquet_guard_and_errors(tmp_path, model_path):
    if not htd.parquet_available():
        with pytest.raises(RuntimeError, match="pyarrow"):
            htd.classify_files([str(model_path)], model_path, str(tmp_path), output_format="parquet")
    with pytest.raises(FileNotFoundError):
        htd.classify_files(str(tmp_path / "none-*.txt"), model_path, str(tmp_path))
    with pytest.raises(ValueError):
        htd.classify_bag(db.from_sequence(["x"]), model_path, mode="pages")
    with dask.config.set(scheduler="sync"), pytest.raises(healthtopics.FileError, match="cannot open"):
        htd.classify_bag(db.from_sequence(["x"]), str(tmp_path / "missing.htm")).compute()


def test_broadcast_model_on_local_cluster(model, cluster):
    """A Model passed from the client travels as bytes in the graph; each worker process loads it once, even
    with two threads per worker."""
    from distributed import Client

    arts = article_texts()[:60]
    with Client(cluster) as client:
        client.wait_for_workers(2)
        lines = htd.classify_bag(db.from_sequence(arts, npartitions=12), model).compute()
        loads = client.run(htd.load_count, htd.ModelSource.coerce(model).key)
    assert len(loads) == 2 and all(v <= 1 for v in loads.values()) and sum(loads.values()) >= 1
    assert lines == [f'{{"id":{json.dumps(a)},"unit":{u.index},' + u.to_json()[1:] for a, t in arts
                     for u in model.classify_article(t)]
