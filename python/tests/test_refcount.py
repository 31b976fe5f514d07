# SPDX-License-Identifier: MIT
"""Reference counting and memory: no growth over 100,000 calls, models and results freed."""
import gc
import tracemalloc
import weakref

import healthtopics


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4  # resident pages (4 KiB)


def test_no_leak_over_100000_calls(model):
    texts = ["Massage eased my pain.", "It can bruise.", "Try yoga."]
    for i in range(5000):  # warm up allocator pools and caches
        model.classify(texts[i % 3])
    gc.collect()
    tracemalloc.start()
    before_py = tracemalloc.get_traced_memory()[0]
    before_rss = rss_kib()
    for i in range(100_000):
        r = model.classify(texts[i % 3])
        if i % 50 == 0:
            model.classify_many(texts)
        if i % 100 == 0:
            model.classify_article("# Risks\n\nIt can bruise.\n\n- soreness\n")
            model.explain(texts[i % 3], "risks", k=3)
    del r
    gc.collect()
    grown_py = tracemalloc.get_traced_memory()[0] - before_py
    tracemalloc.stop()
    grown_rss = rss_kib() - before_rss
    assert grown_py < 256 * 1024, grown_py
    assert grown_rss < 8 * 1024, f"RSS grew {grown_rss} KiB over 100,000 calls"


def test_models_are_freed(model_path):
    data = model_path.read_bytes()
    m = healthtopics.Model.from_bytes(data)
    ref = weakref.ref(m)
    del m
    gc.collect()
    assert ref() is None
    before = rss_kib()
    for _ in range(150):
        healthtopics.Model.from_bytes(data).classify("massage")
    gc.collect()
    assert rss_kib() - before < 16 * 1024  # each model is ~10 MB in memory: 150 leaked would be 1.5 GB


def test_errors_do_not_leak(model):
    before = rss_kib()
    for _ in range(20_000):
        try:
            model.explain("x", "nope")
        except healthtopics.InvalidArgumentError:
            pass
        try:
            healthtopics.Model.from_bytes(b"garbage")
        except healthtopics.FormatError:
            pass
    assert rss_kib() - before < 4 * 1024
