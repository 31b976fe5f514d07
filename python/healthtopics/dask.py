# SPDX-License-Identifier: MIT
"""Classify at scale on Dask: bags, DataFrames or globs of article files, on a LocalCluster or a real cluster.

Each worker process loads the model once (a process-wide cache keyed by the model's path or content hash) from
a path on shared storage, or from bytes sent with the graph: one ``dask.delayed`` node that each worker fetches
once, like a broadcast. Results are JSON Lines whose unit objects are exactly what `healthtopics classify
--article` prints (plus an ``"id"`` and a ``"unit"`` index in front), or Parquet when pyarrow is installed.
Progress shows in Dask's dashboard like any other graph, and on the console through Dask's own progress bar
(``distributed.progress`` on a cluster, ``dask.diagnostics.ProgressBar`` on the local schedulers).

    from distributed import Client, LocalCluster
    import dask.bag as db, healthtopics.dask as htd
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    paths = htd.classify_files("pages/*.txt", "models/healthtopics-default.htm", "out/")   # JSON Lines parts
    bag = htd.classify_bag(db.from_sequence(pairs), model_bytes)                       # (id, text) pairs
    ddf = htd.classify_dataframe(frame, "/shared/healthtopics.htm", text_column="body", id_column="url")
"""
from __future__ import annotations

import glob as _glob
import hashlib
import json
import os
import threading
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import dask
import dask.bag as db

from ._core import Model

ModelLike = Union["ModelSource", Model, str, bytes, "os.PathLike[str]"]
MODES = ("article", "text")

_cache: Dict[Tuple[str, str], Model] = {}
_cache_lock = threading.Lock()
_loads: Dict[Tuple[str, str], int] = {}


class ModelSource:
    """Where a worker gets the model: a path every worker can read (shared storage), or the model's bytes.

    Pickles small for a path; for bytes it carries them (pass it through :func:`as_graph_node` so that a graph
    holds them once). :meth:`load` returns the process's cached Model, loading it on first use only.
    """

    def __init__(self, path: Optional[str] = None, data: Optional[bytes] = None):
        if (path is None) == (data is None):
            raise ValueError("give exactly one of path and data")
        self.path = os.path.abspath(os.fspath(path)) if path is not None else None
        self.data = bytes(data) if data is not None else None
        self.key = ("path", self.path) if self.path else ("sha256", hashlib.sha256(self.data).hexdigest())

    @classmethod
    def coerce(cls, model: ModelLike) -> "ModelSource":
        """A ModelSource from a ModelSource, a Model (its bytes), bytes, or a path."""
        if isinstance(model, ModelSource):
            return model
        if isinstance(model, Model):
            return cls(data=model.to_bytes())
        if isinstance(model, (bytes, bytearray, memoryview)):
            return cls(data=bytes(model))
        return cls(path=model)

    def load(self) -> Model:
        m = _cache.get(self.key)
        if m is not None:
            return m
        with _cache_lock:  # one load per process even when a worker runs several threads
            m = _cache.get(self.key)
            if m is None:
                m = Model.load(self.path) if self.path else Model.from_bytes(self.data)
                _cache[self.key] = m
                _loads[self.key] = _loads.get(self.key, 0) + 1
        return m

    def __repr__(self) -> str:
        return f"ModelSource({self.key[0]}={self.key[1]!r})"


def load_count(key: Optional[Tuple[str, str]] = None) -> int:
    """How many times this process loaded the model with this ModelSource key (all models: None).

    For checking that each worker loads a model once: ``client.run(load_count, source.key)``.
    """
    if key is None:
        return sum(_loads.values())
    return _loads.get(tuple(key), 0)


def as_graph_node(source: ModelSource):
    """The source as one delayed node, so a graph with many partitions carries the model bytes once."""
    return dask.delayed(source, pure=True, traverse=False) if source.data is not None else source


def _pair(item: Any, i: int) -> Tuple[Any, Any]:
    if isinstance(item, tuple) and len(item) == 2:
        return item
    if isinstance(item, dict):
        return item.get("id", i), item["text"]
    if isinstance(item, (str, bytes)):
        return None, item
    raise TypeError(f"expected (id, text), {{'id', 'text'}} or a text, not {type(item).__name__}")


def _json_id(x: Any) -> str:
    if isinstance(x, bytes):
        x = x.decode("utf-8", "replace")
    return json.dumps(x, ensure_ascii=False)


def _lines(items: Iterable[Any], source: ModelSource, mode: str, fmt: str) -> List[str]:
    """Classify one partition into JSON lines (no newline): article units, or one object per text."""
    model = source.load()
    pairs = [_pair(x, i) for i, x in enumerate(items)]
    out: List[str] = []
    if mode == "text":
        for (ident, _), r in zip(pairs, model.classify_many([t for _, t in pairs])):
            out.append('{"id":' + _json_id(ident) + "," + r.to_json()[1:])
        return out
    for ident, text in pairs:
        head = '{"id":' + _json_id(ident) + ',"unit":'
        for u in model.classify_article(text, format=fmt):
            out.append(head + str(u.index) + "," + u.to_json()[1:])
    return out


def _records(items: Iterable[Any], source: ModelSource, mode: str, fmt: str) -> List[Dict[str, Any]]:
    """Classify one partition into flat records: id, unit, kind, level, byte and string offsets, heading and lead-in
    unit, labels, score_<label>."""
    model = source.load()
    rows: List[Dict[str, Any]] = []
    for i, item in enumerate(items):
        ident, text = _pair(item, i)
        if mode == "text":
            r = model.classify(text)
            row = {"id": ident, "labels": ",".join(r.labels)}
            row.update({f"score_{k}": v for k, v in r.scores.items()})
            rows.append(row)
            continue
        for u in model.classify_article(text, format=fmt):
            row = {"id": ident, "unit": u.index, "kind": u.kind, "level": u.level, "start": u.byte_begin,
                   "end": u.byte_end, "begin": u.begin, "stop": u.end,
                   "heading_unit": -1 if u.heading_index is None else u.heading_index,
                   "lead_in_unit": -1 if u.lead_in_index is None else u.lead_in_index,
                   "parent_unit": -1 if u.parent_index is None else u.parent_index, "labels": ",".join(u.labels)}
            row.update({f"score_{k}": v for k, v in u.scores.items()})
            rows.append(row)
    return rows


def _check_mode(mode: str, fmt: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if fmt not in ("auto", "text", "html", "markdown"):
        raise ValueError(f"format must be auto, text, html or markdown, not {fmt!r}")


def classify_bag(bag: db.Bag, model: ModelLike, *, mode: str = "article", format: str = "auto",
                 output: str = "json") -> db.Bag:
    """Classify a bag of articles: items are (id, text) pairs, {"id", "text"} dicts, or bare texts (id None).

    ``mode`` "article" gives one result per unit (``classify_article`` with ``format``: auto, html, markdown or
    text, as the CLI's ``--format``), "text" one per item (``classify``).
    ``output`` "json" gives JSON Lines strings (unit objects as the CLI prints them, after ``"id"`` and
    ``"unit"``); "records" gives flat dicts (see :func:`classify_dataframe`). Lazy: compute or write it.
    """
    _check_mode(mode, format)
    node = as_graph_node(ModelSource.coerce(model))
    if output == "json":
        return bag.map_partitions(_lines, node, mode, format)
    if output == "records":
        return bag.map_partitions(_records, node, mode, format)
    raise ValueError("output must be 'json' or 'records'")


def classify_dataframe(df, model: ModelLike, *, text_column: str = "text", id_column: Optional[str] = None,
                       mode: str = "article", format: str = "auto"):
    """Classify a Dask (or pandas) DataFrame's text column; returns a Dask DataFrame of records.

    Article mode: one row per unit with columns id, unit, kind (the CLI's "kind"), level (headings' 1-6, else 0),
    start, end (UTF-8 byte offsets), begin, stop (string indices), heading_unit, lead_in_unit and parent_unit (a
    heading's parent heading; -1 for none),
    labels (comma-separated) and score_<label> per label. ``format`` is how texts are read (auto, html, markdown,
    text).
    Text mode: one row per input row with id, labels and score_<label>. ``id`` is ``id_column``'s value, else
    the row's index.
    """
    import dask.dataframe as dd
    import pandas as pd

    _check_mode(mode, format)
    source = ModelSource.coerce(model)
    names = source.load().labels  # the client needs the label names for the output's columns
    if not isinstance(df, dd.DataFrame):
        df = dd.from_pandas(df, npartitions=1)
    cols = {"id": "object"}
    if mode == "article":
        cols.update({"unit": "int64", "kind": "object", "level": "int64", "start": "int64", "end": "int64",
                     "begin": "int64", "stop": "int64", "heading_unit": "int64", "lead_in_unit": "int64",
                     "parent_unit": "int64"})
    cols["labels"] = "object"
    cols.update({f"score_{n}": "float64" for n in names})
    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})

    def part(pdf, src):
        ids = pdf[id_column] if id_column else pdf.index
        rows = _records(list(zip(ids, pdf[text_column])), src, mode, format)
        return pd.DataFrame(rows, columns=list(cols)).astype(cols) if rows else meta.copy()

    return df.map_partitions(part, as_graph_node(source), meta=meta)


def _read(path: str) -> Tuple[str, bytes]:
    with open(path, "rb") as f:
        return path, f.read()


def _write_part(lines: List[str], path: str) -> str:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    os.replace(tmp, path)
    return path


def parquet_available() -> bool:
    for mod in ("pyarrow", "fastparquet"):
        try:
            __import__(mod)
            return True
        except ImportError:
            pass
    return False


def compute_with_progress(*collections, progress: bool = True):
    """Compute on the current distributed client with distributed.progress, or locally with ProgressBar."""
    try:
        from distributed import default_client, progress as dprogress

        client = default_client()
    except (ImportError, ValueError):
        client = None
    if client is not None:
        futures = client.compute(list(collections))
        if progress:
            dprogress(futures)
        return client.gather(futures)
    if progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar():
            return dask.compute(*collections)
    return dask.compute(*collections)


def classify_files(pattern: Union[str, Sequence[str]], model: ModelLike, out_dir: str, *, mode: str = "article",
                   format: str = "auto", output_format: str = "jsonl", files_per_partition: int = 16,
                   progress: bool = True) -> List[str]:
    """Classify every file a glob matches (or a list of paths) and write one output file per partition.

    Workers read the files themselves, so the paths must be readable by every worker (shared storage). Files are
    classified as bytes, so offsets are UTF-8 byte offsets and lines equal those of `healthtopics classify
    --article --format FORMAT` for each file (``format``: auto, html, markdown or text). ``output_format`` "jsonl"
    writes out_dir/part-NNNNN.jsonl; "parquet" writes a Parquet dataset (records as in
    :func:`classify_dataframe`) and needs pyarrow or fastparquet. Returns the paths written.
    """
    _check_mode(mode, format)
    paths = sorted(_glob.glob(pattern)) if isinstance(pattern, str) else [os.fspath(p) for p in pattern]
    if not paths:
        raise FileNotFoundError(f"no files match {pattern!r}")
    if output_format not in ("jsonl", "parquet"):
        raise ValueError("output_format must be 'jsonl' or 'parquet'")
    if output_format == "parquet" and not parquet_available():
        raise RuntimeError("Parquet output needs pyarrow or fastparquet, which are not installed "
                           "(Debian 12 does not package pyarrow); use output_format='jsonl'")
    os.makedirs(out_dir, exist_ok=True)
    n = max(1, (len(paths) + files_per_partition - 1) // files_per_partition)
    docs = db.from_sequence(paths, npartitions=n).map(_read)
    if output_format == "parquet":
        ddf = classify_bag(docs, model, mode=mode, format=format, output="records").to_dataframe()
        target = os.path.join(out_dir, "parquet")
        compute_with_progress(ddf.to_parquet(target, compute=False), progress=progress)
        return sorted(_glob.glob(os.path.join(target, "*.parquet")))
    parts = classify_bag(docs, model, mode=mode, format=format).to_delayed()
    writes = [dask.delayed(_write_part)(p, os.path.join(out_dir, f"part-{i:05d}.jsonl")) for i, p in enumerate(parts)]
    return list(compute_with_progress(*writes, progress=progress))
