# SPDX-License-Identifier: MIT
"""Model, results and training: the Python face of libhealthtopics (see healthtopics/__init__.py)."""
from __future__ import annotations

import functools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, Hashable, Iterable, List, Optional, Sequence, Tuple, Union

from ._errors import InvalidArgumentError, UTF8Error, error_for
from ._ffi import ARTICLE_OPTIONS_VERSION, CORPUS_OPTIONS_VERSION, LIMITS_VERSION, TRAIN_OPTIONS_VERSION, ffi, lib

Text = Union[str, bytes]
PathLike = Union[str, bytes, "os.PathLike[str]"]

_SIZE_MAX = ffi.cast("size_t", -1)
# Unit kinds by ht_unit_kind value, named as `healthtopics classify --article` names them (cli_unit_kind_name in
# src/cli/article_cli.c, "unknown" for any other value), so Unit.kind is the CLI's "kind".
_KINDS = {0: "paragraph", 1: "heading", 2: "list_item", 3: "table_row", 4: "quote", 5: "boilerplate"}
# Article formats (ht_article_format) by the names the CLI's --format takes.
ARTICLE_FORMATS = {"auto": 0, "text": 1, "markdown": 2, "html": 3}


def _check(rc: int, err) -> int:
    if rc < 0:
        raise error_for(rc, ffi.string(err.message).decode("utf-8", "replace"))
    return rc


def _path(path: Any) -> bytes:
    """A file system path as bytes for the C library; a NUL byte is a ValueError (as open() gives)."""
    p = os.fsencode(path)
    if b"\0" in p:
        raise ValueError("path contains a NUL byte")
    return p


def _encode(text: Any, what: str = "text") -> bytes:
    """UTF-8 bytes of a str, or the bytes given. Anything else is a TypeError."""
    if isinstance(text, str):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise UTF8Error(f"{what} cannot be encoded as UTF-8 ({e.reason} at index {e.start})", -4) from None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"{what} must be str or bytes, not {type(text).__name__}")


# ---- JSON exactly as the command-line tool writes it (src/cli/json.c), so outputs compare byte for byte ----

_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.lru_cache(maxsize=4096)  # label names repeat on every line
def json_string(s: str) -> str:
    """A JSON string as the CLI writes it: only quote, backslash and control characters escaped."""
    return '"' + "".join(_ESC.get(c) or (f"\\u{ord(c):04x}" if c < " " else c) for c in s) + '"'


def _lround(x: float) -> int:
    """C's lround: to nearest, halves away from zero (Python's round() goes to even)."""
    if x != x:
        return 0
    t = math.trunc(x)
    f = x - t
    if f >= 0.5:
        t += 1
    elif f <= -0.5:
        t -= 1
    return t


_FOUR = [f"{q // 10000}.{q % 10000:04d}" for q in range(10001)]


def format_probability(p: float) -> str:
    """A probability with four decimals, as the CLI prints it (lround(p * 10000), clamped to [0, 1])."""
    return _FOUR[min(max(_lround(p * 10000.0), 0), 10000)]


def _json_scores(labels: Sequence[str], scores: Dict[str, float]) -> str:
    return (
        '"labels":[' + ",".join(json_string(n) for n in labels) + '],"scores":{'
        + ",".join(json_string(n) + ":" + format_probability(p) for n, p in scores.items()) + "}"
    )


# ---- results ----


@dataclass(frozen=True)
class Classification:
    """The result of classifying one text.

    ``scores`` maps every label of the model, in model order, to its calibrated probability; ``labels`` are the
    labels assigned (multi-label: margin at or above the label's threshold, possibly none; multi-class: exactly
    one). ``margins`` are the raw decision values when the call computed them (classify), else None.
    """

    labels: Tuple[str, ...]
    scores: Dict[str, float]
    margins: Optional[Dict[str, float]] = None

    def to_json(self) -> str:
        """The JSON object `healthtopics classify` prints for this text (without the newline)."""
        return "{" + _json_scores(self.labels, self.scores) + "}"


@dataclass(frozen=True)
class Unit:
    """One unit of a classified article.

    ``kind`` is "paragraph", "heading", "list_item", "table_row", "quote" or "boilerplate" (navigation, banners,
    footers, comments...: never classified, so no labels and all scores 0). ``level`` is a heading's level 1-6
    (0 when the input gives none, and for other kinds).

    ``begin``/``end`` index the input that was classified: ``page[u.begin:u.end]`` is the unit's span of the
    input, for a ``str`` (string indices) and for ``bytes`` (byte offsets) alike; for HTML that span is the raw
    markup from the unit's first to its last character. ``byte_begin``/``byte_end`` are always the UTF-8 byte
    offsets the library reported (the CLI's "start" and "end"). ``text`` is the decoded text the unit was
    classified from (entities decoded, markup removed). ``heading_index`` is the index of the heading unit this
    unit sits under (None when it has none) and ``heading`` that heading's text; ``lead_in_index`` is, for a
    list item, the index of the paragraph leading into its list (None when it has none); ``parent_index`` is,
    for a heading, the index of the heading it sits under (the heading chain: h3 > h2 > h1; None when it has none).
    """

    index: int
    kind: str
    level: int
    begin: int
    end: int
    byte_begin: int
    byte_end: int
    text: str
    heading_index: Optional[int]
    heading: Optional[str]
    lead_in_index: Optional[int]
    labels: Tuple[str, ...]
    scores: Dict[str, float]
    margins: Dict[str, float] = field(repr=False)
    parent_index: Optional[int] = None

    def to_json(self) -> str:
        """The JSON object `healthtopics classify --article` prints for this unit (without the newline).

        Field for field what src/cli/cmd_classify.c writes: start, end, heading, labels, scores, heading_unit,
        lead_in_unit and parent_unit when the unit has them, kind, and level for a heading that has one.
        """
        heading = self.kind == "heading"
        links = "".join(f',"{k}":{v}' for k, v in (("heading_unit", self.heading_index),
                                                    ("lead_in_unit", self.lead_in_index),
                                                    ("parent_unit", self.parent_index)) if v is not None)
        return (
            f'{{"start":{self.byte_begin},"end":{self.byte_end},"heading":{"true" if heading else "false"},'
            + _json_scores(self.labels, self.scores) + links + f',"kind":"{self.kind}"'
            + (f',"level":{self.level}' if heading and self.level else "") + "}"
        )


@dataclass(frozen=True)
class Term:
    """An n-gram behind a score: its TF-IDF value in the text, the model's weight, and value*weight."""

    text: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class Explanation:
    """Why a label got its score: the margin, the bias, and the terms sorted by |contribution|.

    For a model with a none gate, ``none_probability`` is the gate's probability that the text has no topic (None
    for a model without one) and ``gated`` says whether the gate took away the labels the margins gave
    (``assigned`` is then False even where the margin reached the label's threshold).
    """

    label: str
    margin: float
    bias: float
    probability: float
    assigned: bool
    terms: Tuple[Term, ...]
    none_probability: Optional[float]
    gated: bool


def _char_indices(data: bytes, offsets: Iterable[int]) -> Dict[int, int]:
    """Map UTF-8 byte offsets (at character boundaries) to str indices in one left-to-right pass."""
    out: Dict[int, int] = {}
    pos = chars = 0
    for off in sorted(set(offsets)):
        seg = data[pos:off]
        try:
            chars += len(seg.decode("utf-8"))
        except UnicodeDecodeError:  # not at a boundary: count lead bytes
            chars += sum(1 for b in seg if b & 0xC0 != 0x80)
        pos = off
        out[off] = chars
    return out


class Model:
    """A trained healthtopics model (an immutable ``ht_model``).

    Make one with :meth:`Model.load` (a file written by ``healthtopics train`` or :meth:`save`),
    :meth:`Model.from_bytes` or :func:`healthtopics.train`. A model is immutable: any number of Python threads
    may classify with one model at once, and every classify call releases the GIL while the library works.
    Models pickle as their serialised bytes (never as a pointer), so they travel to processes and Dask workers.

    >>> m = Model.load("models/healthtopics-default.htm")
    >>> m.labels
    ('benefits', 'types', 'risks', 'alternatives')
    >>> r = m.classify("Massage can cause bruising in people who take blood thinners.")
    >>> r.labels, round(r.scores["risks"], 2)
    (('risks',), 0.8)
    >>> [(u.kind, u.labels) for u in m.classify_article("# Risks\\n\\nIt can bruise.\\n")]
    [('heading', ('risks',)), ('paragraph', ('risks',))]
    """

    __slots__ = ("_ptr", "_labels", "_multilabel", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("use Model.load(path), Model.from_bytes(data) or healthtopics.train(...)")

    @classmethod
    def _wrap(cls, ptr) -> "Model":
        self = object.__new__(cls)
        self._ptr = ffi.gc(ptr, lib.ht_model_free)
        n = lib.ht_model_label_count(ptr)
        self._labels = tuple(ffi.string(lib.ht_model_label_name(ptr, i)).decode("utf-8") for i in range(n))
        self._multilabel = bool(lib.ht_model_is_multilabel(ptr))
        return self

    @staticmethod
    def _limits(max_text_bytes, max_labels, max_vocabulary, reject_invalid_utf8):
        lim = ffi.new("ht_limits *")
        lim.version = LIMITS_VERSION
        lim.max_text_bytes = 64 << 20 if max_text_bytes is None else int(max_text_bytes)
        lim.max_labels = 4096 if max_labels is None else int(max_labels)
        lim.max_vocabulary = 50000000 if max_vocabulary is None else int(max_vocabulary)
        lim.reject_invalid_utf8 = 1 if reject_invalid_utf8 else 0
        return lim

    @classmethod
    def load(cls, path: PathLike, *, max_text_bytes: Optional[int] = None, max_labels: Optional[int] = None,
             max_vocabulary: Optional[int] = None, reject_invalid_utf8: bool = False) -> "Model":
        """Load a model file. Every count, offset and checksum is verified.

        Raises FileError (cannot read), FormatError (truncated, corrupt), VersionError (newer format) or
        LimitError, each with the library's message. The keyword limits default to the library's
        (64 MiB of text per call, 4096 labels, 50 million features; invalid UTF-8 becomes U+FFFD).
        """
        out = ffi.new("ht_model **")
        err = ffi.new("ht_error *")
        lim = cls._limits(max_text_bytes, max_labels, max_vocabulary, reject_invalid_utf8)
        _check(lib.ht_model_load(out, _path(path), lim, err), err)
        return cls._wrap(out[0])

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview], *, max_text_bytes: Optional[int] = None,
                   max_labels: Optional[int] = None, max_vocabulary: Optional[int] = None,
                   reject_invalid_utf8: bool = False) -> "Model":
        """Load a model from its serialised bytes (:meth:`to_bytes`, or a model file's contents)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data must be bytes, not {type(data).__name__}")
        buf = bytes(data)
        out = ffi.new("ht_model **")
        err = ffi.new("ht_error *")
        lim = cls._limits(max_text_bytes, max_labels, max_vocabulary, reject_invalid_utf8)
        _check(lib.ht_model_load_buffer(out, buf, len(buf), lim, err), err)
        return cls._wrap(out[0])

    # ---- inspecting ----

    @property
    def labels(self) -> Tuple[str, ...]:
        """The label names, in model order (the order of every score and probability array)."""
        return self._labels

    @property
    def multilabel(self) -> bool:
        """True for a multi-label model (zero or more labels per text), False for multi-class (exactly one)."""
        return self._multilabel

    @property
    def feature_count(self) -> int:
        """Number of n-gram features in the vocabulary."""
        return int(lib.ht_model_feature_count(self._ptr))

    @property
    def thresholds(self) -> Dict[str, float]:
        """Per-label decision thresholds on the margin (0 for multi-class models)."""
        return {n: float(lib.ht_model_threshold(self._ptr, i)) for i, n in enumerate(self._labels)}

    def info(self) -> Dict[str, str]:
        """What `healthtopics info` prints, as a dict of "key: value" lines (solver, options, counts, digest)."""
        out = ffi.new("char **")
        err = ffi.new("ht_error *")
        _check(lib.ht_model_describe(out, self._ptr, err), err)
        try:
            text = ffi.string(out[0]).decode("utf-8", "replace")
        finally:
            lib.ht_string_free(out[0])
        info: Dict[str, str] = {}
        for line in text.splitlines():
            k, sep, v = line.partition(": ")
            if sep:
                info[k] = v
        return info

    def to_bytes(self) -> bytes:
        """The model serialised in the model file format (what :meth:`save` writes)."""
        out = ffi.new("void **")
        n = ffi.new("size_t *")
        err = ffi.new("ht_error *")
        _check(lib.ht_model_serialize(out, n, self._ptr, err), err)
        try:
            return ffi.buffer(out[0], n[0])[:]
        finally:
            lib.ht_buffer_free(out[0])

    def save(self, path: PathLike) -> None:
        """Save atomically (a temporary file in the same directory, fsync, rename). Raises FileError."""
        err = ffi.new("ht_error *")
        _check(lib.ht_model_save(self._ptr, _path(path), err), err)

    def __reduce__(self):
        return (Model.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return (f"<healthtopics.Model {'multi-label' if self._multilabel else 'multi-class'}, "
                f"labels={list(self._labels)}, {self.feature_count} features>")

    def label_index(self, label: Union[str, int]) -> int:
        """The index of a label given by name or index; InvalidArgumentError if the model has no such label."""
        if isinstance(label, bool):
            raise TypeError("label must be a name or an index")
        if isinstance(label, int):
            if 0 <= label < len(self._labels):
                return label
            raise InvalidArgumentError(f"label index {label} out of range ({len(self._labels)} labels)", -2)
        if isinstance(label, str):
            try:
                return self._labels.index(label)
            except ValueError:
                raise InvalidArgumentError(f"unknown label '{label}' (known: {', '.join(self._labels)})",
                                           -2) from None
        raise TypeError(f"label must be str or int, not {type(label).__name__}")

    # ---- classifying ----

    def _result(self, prob, assigned, margin=None) -> Classification:
        names = self._labels
        return Classification(
            tuple(n for n, a in zip(names, assigned) if a),
            dict(zip(names, prob)),
            dict(zip(names, margin)) if margin is not None else None,
        )

    def classify(self, text: Text, heading: Optional[Text] = None) -> Classification:
        """Classify one text (optionally with the heading it sits under as context).

        Returns a :class:`Classification`: ``.scores`` {label: probability}, ``.labels`` the assigned labels,
        ``.margins`` the decision values. Raises LimitError for a text over the limit, TypeError for a non-text.
        """
        data = _encode(text)
        L = len(self._labels)
        prob = ffi.new("double[]", L)
        assigned = ffi.new("unsigned char[]", L)
        margin = ffi.new("double[]", L)
        err = ffi.new("ht_error *")
        if heading is None:
            _check(lib.ht_classify(prob, assigned, margin, self._ptr, data, len(data), err), err)
        else:
            h = _encode(heading, "heading")
            _check(lib.ht_classify_unit(prob, assigned, margin, self._ptr, data, len(data), h, len(h), err), err)
        return self._result(ffi.unpack(prob, L), ffi.unpack(assigned, L), ffi.unpack(margin, L))

    def _batch(self, texts: Iterable[Text], threads: int, margins: bool = False):
        """Classify texts into flat C arrays (prob, assigned[, margin]) of n x labels; the GIL is released."""
        enc = [_encode(t, f"texts[{i}]") for i, t in enumerate(texts)]
        n, L = len(enc), len(self._labels)
        prob = ffi.new("double[]", max(n * L, 1))
        assigned = ffi.new("unsigned char[]", max(n * L, 1))
        margin = ffi.new("double[]", max(n * L, 1)) if margins else None
        if n == 0:
            return 0, prob, assigned, margin
        threads = int(threads)
        if threads <= 0:
            threads = os.cpu_count() or 1
        threads = max(1, min(threads, n))
        keep = [ffi.from_buffer(b) for b in enc]  # keep the buffers alive during the calls
        ptrs = ffi.new("char *[]", keep)
        lens = ffi.new("size_t[]", [len(b) for b in enc])
        model = self._ptr

        def run(a: int, b: int) -> None:
            err = ffi.new("ht_error *")
            if not margins:
                rc = lib.ht_classify_batch(prob + a * L, assigned + a * L, model, ptrs + a, lens + a, b - a, err)
                if rc >= 0:
                    return
            for i in range(a, b):  # margins wanted, or find the text that failed (as the CLI does)
                rc = lib.ht_classify(prob + i * L, assigned + i * L, margin + i * L if margins else ffi.NULL,
                                     model, ptrs[i], lens[i], err)
                if rc < 0:
                    e = error_for(rc, f"texts[{i}]: " + ffi.string(err.message).decode("utf-8", "replace"))
                    e.index = i  # type: ignore[attr-defined]
                    raise e

        if threads == 1:
            run(0, n)
        else:
            bounds = [n * k // threads for k in range(threads + 1)]
            with ThreadPoolExecutor(max_workers=threads) as pool:
                futures = [pool.submit(run, bounds[k], bounds[k + 1]) for k in range(threads)]
                for f in futures:
                    f.result()
        del keep
        return n, prob, assigned, margin

    def classify_many(self, texts: Iterable[Text], threads: int = 1) -> List[Classification]:
        """Classify many texts with the library's batch call, split over ``threads`` threads (0: one per CPU).

        The GIL is released while the library works, so threads run in parallel. Results are in input order and
        identical whatever the number of threads. A failure raises for the first failing text (its index is in
        the message and in ``error.index``).
        """
        n, prob, assigned, _ = self._batch(texts, threads)
        L = len(self._labels)
        p = ffi.unpack(prob, n * L) if n else []
        a = ffi.unpack(assigned, n * L) if n else []
        return [self._result(p[i * L:(i + 1) * L], a[i * L:(i + 1) * L]) for i in range(n)]

    def predict_arrays(self, texts: Iterable[Text], threads: int = 1, margins: bool = False):
        """NumPy arrays for many texts: (probabilities, assigned 0/1[, margins]), each n x len(labels)."""
        import numpy as np

        n, prob, assigned, margin = self._batch(texts, threads, margins)
        L = len(self._labels)
        p = np.frombuffer(ffi.buffer(prob, n * L * 8), dtype=np.float64).reshape(n, L).copy()
        a = np.frombuffer(ffi.buffer(assigned, n * L), dtype=np.uint8).reshape(n, L).copy()
        if not margins:
            return p, a
        m = np.frombuffer(ffi.buffer(margin, n * L * 8), dtype=np.float64).reshape(n, L).copy()
        return p, a, m

    def classify_article(self, text: Text, format: str = "auto") -> List[Unit]:
        """Split an article into units and classify each with its heading as context (``ht_classify_article_ext``).

        ``format`` is how the input is read, as the CLI's ``classify --article --format``: "html" (an HTML page:
        headings, paragraphs, list items, table rows, quotes; navigation, footers, banners and the like become
        "boilerplate" units), "markdown", "text" (plain or browser-copied text), or "auto" (the default: HTML
        when it looks like HTML, Markdown when it has Markdown markup, else text). Anything else is a ValueError.
        Offsets: ``text[u.begin:u.end]`` is unit ``u``'s span of the input for str and bytes input (raw markup
        for HTML); ``u.text`` is its decoded text. See :class:`Unit`.
        """
        if not isinstance(format, str):
            raise TypeError("format must be a str")
        if format not in ARTICLE_FORMATS:
            raise ValueError(f"format must be one of {', '.join(ARTICLE_FORMATS)}, not {format!r}")
        data = _encode(text)
        opts = ffi.new("ht_article_options *")
        opts.version = ARTICLE_OPTIONS_VERSION
        opts.format = ARTICLE_FORMATS[format]
        out = ffi.new("ht_article **")
        err = ffi.new("ht_error *")
        _check(lib.ht_classify_article_ext(out, self._ptr, data, len(data), opts, err), err)
        art = ffi.gc(out[0], lib.ht_article_free)
        try:
            raw = []
            L = len(self._labels)
            for i in range(lib.ht_article_unit_count(art)):
                u = lib.ht_article_unit(art, i)
                h, li, par = u.heading, u.lead_in, u.parent
                utext = ffi.unpack(u.text, u.text_len) if u.text_len else b""
                raw.append((int(u.start), int(u.end), int(u.kind), int(u.level), None if h == _SIZE_MAX else int(h),
                            None if li == _SIZE_MAX else int(li), utext.decode("utf-8", "replace"),
                            ffi.unpack(u.prob, L), ffi.unpack(u.assigned, L), ffi.unpack(u.margin, L),
                            None if par == _SIZE_MAX else int(par)))
        finally:
            ffi.release(art)
        is_str = isinstance(text, str)
        cmap = _char_indices(data, [x for r in raw for x in r[:2]]) if is_str else None
        names = self._labels
        units: List[Unit] = []
        for i, (s, e, kind, level, h, li, utext, prob, assigned, margin, par) in enumerate(raw):
            b, en = (cmap[s], cmap[e]) if is_str else (s, e)
            units.append(Unit(index=i, kind=_KINDS.get(kind, "unknown"), level=level, begin=b, end=en,
                              byte_begin=s, byte_end=e, text=utext, heading_index=h,
                              heading=units[h].text if h is not None and h < i else None, lead_in_index=li,
                              labels=tuple(n for n, a in zip(names, assigned) if a), scores=dict(zip(names, prob)),
                              margins=dict(zip(names, margin)), parent_index=par))
        return units

    def explain(self, text: Text, label: Union[str, int], k: int = 10, heading: Optional[Text] = None) -> Explanation:
        """The k n-grams that moved ``label``'s margin most for this text, in either direction (k=0: all of them).

        ``label`` is a name or an index. Returns an :class:`Explanation`; InvalidArgumentError for an unknown label.
        """
        li = self.label_index(label)
        if not isinstance(k, int) or isinstance(k, bool) or k < 0:
            raise ValueError("k must be a non-negative int")
        data = _encode(text)
        h = _encode(heading, "heading") if heading is not None else None
        out = ffi.new("ht_explanation **")
        err = ffi.new("ht_error *")
        _check(lib.ht_explain(out, self._ptr, li, data, len(data), h if h is not None else ffi.NULL,
                              len(h) if h is not None else 0, k, err), err)
        x = out[0]
        try:
            terms = tuple(Term(ffi.string(t.text).decode("utf-8", "replace"), t.value, t.weight, t.contribution)
                          for t in (x.terms[i] for i in range(x.count)))
            return Explanation(self._labels[x.label], x.margin, x.bias, x.prob, bool(x.assigned), terms,
                               x.none_prob if x.none_prob >= 0 else None, bool(x.gated))
        finally:
            lib.ht_explanation_free(x)


def version() -> str:
    """The C library's version ("0.1.0")."""
    return ffi.string(lib.ht_version()).decode()


# ---- training ----

_SOLVERS = {"linear": 0, "rbf": 1, "poly": 2}
_MODES = {"auto": 0, "multiclass": 1, "multilabel": 2}
_WEIGHTS = {"auto": 0, "none": 1, "balanced": 2}
_SPLITS = {"train": 1, "heldout": 2, "all": 0}


def _choice(name: str, value: Any, table: Dict[str, int]) -> int:
    if value is None and name == "class_weight":
        value = "none"
    if not isinstance(value, str) or value not in table:
        raise ValueError(f"{name} must be one of {', '.join(table)}, not {value!r}")
    return table[value]


def train_options(*, solver: str = "linear", C: float = 1.0, tune: bool = False, mode: str = "auto",
                  class_weight: Optional[str] = "auto", ngram_range: Tuple[int, int] = (1, 2), min_df: int = 2,
                  max_df: float = 1.0, max_features: Optional[int] = None, stop_words: bool = False,
                  sublinear_tf: bool = True, heading_context: bool = True, gamma: Optional[float] = None,
                  degree: int = 2, coef0: float = 1.0, folds: int = 5, threads: int = 0,
                  fork_workers: bool = True, none_gate: bool = False, list_context: bool = False):
    """An ``ht_train_options`` from keyword options; names and defaults are the CLI's (`healthtopics train`).

    solver linear|rbf|poly (--solver); C (--C); tune (--tune: choose C in 0.125..8 by grouped CV);
    mode auto|multiclass|multilabel (--multiclass/--multilabel); class_weight auto|balanced|none;
    ngram_range (a, b) (--ngrams a-b); min_df; max_df; max_features (None: all); stop_words; sublinear_tf
    (False: --no-sublinear); heading_context (False: --no-heading-context); gamma, degree, coef0 (kernels);
    folds (0 or 2..100: calibration and threshold folds); threads (0: CPUs, at most 8; results do not depend on it);
    fork_workers (False: --no-fork; LIBLINEAR's fits then stay in this process, one at a time: see ht_train in
    healthtopics_train.h for what worker processes mean for a threaded program); none_gate (--none-gate: also train
    a model of texts with no label, which clears a text's labels when it is the more probable; multi-label, linear,
    folds >= 2); list_context (--list-context: a bullet item's context also has its list's lead-in paragraph; only
    corpora read by :func:`train_corpus` from the article format have lead-ins).
    """
    o = ffi.new("ht_train_options *")
    o.version = TRAIN_OPTIONS_VERSION
    o.solver = _choice("solver", solver, _SOLVERS)
    o.mode = _choice("mode", mode, _MODES)
    o.class_weight = _choice("class_weight", class_weight, _WEIGHTS)
    C = float(C)
    if not (1e-6 <= C <= 1e6):
        raise ValueError("C must be in [1e-6, 1e6]")
    o.C = C
    o.tune = 1 if tune else 0
    try:
        lo, hi = (int(x) for x in ngram_range)
    except (TypeError, ValueError):
        raise ValueError("ngram_range must be a pair of ints like (1, 2)") from None
    if not (1 <= lo <= hi <= 8):
        raise ValueError("ngram_range must satisfy 1 <= min <= max <= 8")
    o.ngram_min, o.ngram_max = lo, hi
    if int(min_df) < 1:
        raise ValueError("min_df must be >= 1")
    o.min_df = int(min_df)
    if not (0 < float(max_df) <= 1):
        raise ValueError("max_df must be in (0, 1]")
    o.max_df = float(max_df)
    if max_features is not None and int(max_features) < 0:
        raise ValueError("max_features must be >= 0 or None")
    o.max_features = int(max_features or 0)
    o.stop_words = 1 if stop_words else 0
    o.sublinear_tf = 1 if sublinear_tf else 0
    if list_context and not heading_context:
        raise ValueError("list_context needs heading_context")
    o.heading_context = (3 if list_context else 1) if heading_context else 0
    if gamma is not None and float(gamma) <= 0:
        raise ValueError("gamma must be positive")
    o.gamma = float(gamma) if gamma is not None else 0.0
    if not (1 <= int(degree) <= 10):
        raise ValueError("degree must be 1..10")
    o.degree = int(degree)
    o.coef0 = float(coef0)
    if int(folds) < 0 or int(folds) == 1 or int(folds) > 100:
        raise ValueError("folds must be 0 or 2..100")
    o.folds = int(folds)
    if not (0 <= int(threads) <= 8):
        raise ValueError("threads must be 0..8")
    o.threads = int(threads)
    o.fork_workers = 1 if fork_workers else 0
    if none_gate and solver != "linear":
        raise ValueError("none_gate needs solver='linear'")
    o.none_gate = 1 if none_gate else 0
    return o


def train_corpus(path: Any, *, split: str = "train", **options: Any) -> Model:
    """Train a model from a corpus on disk, as ``healthtopics train --corpus PATH`` does: a TSV or fastText file,
    or a directory of articles (corpus/FORMAT.md), whose headings and list lead-ins give each unit its context.
    ``split`` is "train" (the default: the held-out articles are left out), "heldout" or "all"; ``options`` are
    those of :func:`train_options`. The same corpus and options give the CLI's model byte for byte, so the shipped
    model rebuilds from Python with the options in models/options::

        healthtopics.train_corpus("corpus/articles", C=0.5, ngram_range=(1, 3), min_df=2, max_features=110000,
                                  list_context=True, folds=5, none_gate=True)

    A corpus with problems raises :class:`FormatError` with their count and the first one (`healthtopics corpus
    lint` lists them all).
    """
    opts = train_options(**options)
    co = ffi.new("ht_corpus_options *")
    co.version = CORPUS_OPTIONS_VERSION
    co.split = _choice("split", split, _SPLITS)
    co.reject_invalid_utf8 = 1
    co.max_bytes = 1 << 30  # the largest corpus file read: HT_CORPUS_OPTIONS_INIT's, as the CLI reads
    corpus = ffi.new("ht_corpus **")
    err = ffi.new("ht_error *")
    _check(lib.ht_corpus_read(corpus, _path(path), co, err), err)
    return _train_on(corpus, opts, err)


def _train_on(corpus, opts, err) -> Model:
    """Train on the corpus a reader just made (``ht_corpus **``), then free it."""
    c = ffi.gc(corpus[0], lib.ht_corpus_free)
    out = ffi.new("ht_model **")
    try:
        _check(lib.ht_train(out, c, opts, err), err)
    finally:
        ffi.release(c)
    return Model._wrap(out[0])


def _label_list(y: Any, i: int) -> List[str]:
    if y is None:
        return []
    if isinstance(y, str):
        return [y]
    if isinstance(y, (bytes, bytearray)):
        raise TypeError(f"labels[{i}]: labels are str, not bytes")
    try:
        out = list(y)
    except TypeError:
        raise TypeError(f"labels[{i}] must be a label name or a list of names, not {type(y).__name__}") from None
    for n in out:
        if not isinstance(n, str):
            raise TypeError(f"labels[{i}]: label names must be str, not {type(n).__name__}")
    return out


def train(texts: Sequence[Text], labels: Sequence[Union[str, Iterable[str], None]],
          groups: Optional[Sequence[Hashable]] = None, headings: Optional[Sequence[Optional[Text]]] = None, *,
          label_names: Optional[Sequence[str]] = None, **options: Any) -> Model:
    """Train a model from texts and their labels, as `healthtopics train` does from a corpus file.

    ``labels[i]`` is one label name (multi-class when every text has exactly one), or a list of names (possibly
    empty: no label; multi-label). ``groups[i]`` (any hashable, e.g. an article id) keeps a group's texts in one
    cross-validation fold; by default every text is its own group, as in a TSV corpus. ``headings[i]`` gives a
    text's heading context (or None). ``label_names`` fixes the model's label order (default: sorted by UTF-8
    bytes, as the TSV reader orders them). ``options`` are those of :func:`train_options` (the CLI's).

    Deterministic: the same texts, labels and options give the byte-identical model the CLI trains from the
    same items in a TSV file (``label[,label]<TAB>text`` per line), whatever ``threads`` is.
    """
    opts = train_options(**options)
    texts = list(texts)
    labels = list(labels)
    n = len(texts)
    if len(labels) != n:
        raise ValueError(f"{n} texts but {len(labels)} label entries")
    if groups is not None:
        groups = list(groups)
        if len(groups) != n:
            raise ValueError(f"{n} texts but {len(groups)} groups")
    if headings is not None:
        headings = list(headings)
        if len(headings) != n:
            raise ValueError(f"{n} texts but {len(headings)} headings")
    lab = [_label_list(y, i) for i, y in enumerate(labels)]
    if label_names is None:
        names = sorted({x for ls in lab for x in ls}, key=lambda s: s.encode("utf-8", "surrogatepass"))
    else:
        names = list(label_names)
    index = {}
    for k, name in enumerate(names):
        if not isinstance(name, str) or not name or "\0" in name:
            raise ValueError(f"label name {name!r} must be a non-empty str without NUL")
        if name in index:
            raise ValueError(f"label name {name!r} given twice")
        index[name] = k
    enc_names = [_encode(x, "label name") for x in names]
    enc = [_encode(t, f"texts[{i}]") for i, t in enumerate(texts)]
    henc = [None if h is None else _encode(h, f"headings[{i}]") for i, h in enumerate(headings or [None] * n)]
    ids: List[int] = []
    for i, ls in enumerate(lab):
        for x in ls:
            if x not in index:
                raise ValueError(f"labels[{i}]: {x!r} is not in label_names")
            ids.append(index[x])
    gmap: Dict[Hashable, int] = {}
    gid = [gmap.setdefault(g, len(gmap)) for g in groups] if groups is not None else list(range(n))

    blob = b"".join(enc) + b"".join(h for h in henc if h is not None)
    base = ffi.from_buffer(blob) if blob else ffi.NULL
    label_arr = ffi.new("uint32_t[]", ids or [0])
    items = ffi.new("ht_memory_item[]", max(n, 1))
    off = hoff = len(b"".join(enc))
    off = lpos = 0
    for i in range(n):
        it = items[i]
        it.text = base + off if enc[i] else ffi.NULL
        it.len = len(enc[i])
        off += len(enc[i])
        if henc[i] is not None:
            it.heading = base + hoff if henc[i] else ffi.NULL
            it.heading_len = len(henc[i])
            hoff += len(henc[i])
        it.group = gid[i]
        it.label_count = len(lab[i])
        it.labels = label_arr + lpos if lab[i] else ffi.NULL
        lpos += len(lab[i])
    name_bufs = [ffi.new("char[]", b) for b in enc_names]
    name_arr = ffi.new("char *[]", name_bufs) if name_bufs else ffi.NULL
    co = ffi.new("ht_corpus_options *")
    co.version = CORPUS_OPTIONS_VERSION
    co.reject_invalid_utf8 = 1
    co.max_bytes = 1 << 62
    corpus = ffi.new("ht_corpus **")
    err = ffi.new("ht_error *")
    _check(lib.ht_corpus_from_memory(corpus, name_arr, len(names), items, n, co, err), err)
    model = _train_on(corpus, opts, err)
    del blob, base, label_arr, items, name_bufs
    return model
