# SPDX-License-Identifier: MIT
"""A model shared by Python threads: results equal the sequential ones, whatever the interleaving."""
import threading
from concurrent.futures import ThreadPoolExecutor

from corpus_util import article_texts


def test_threads_share_one_model(model):
    arts = [t for _, t in article_texts()[:24]]
    texts = [p for a in arts for p in a.split("\n\n")][:600]
    want_units = [[u.to_json() for u in model.classify_article(a)] for a in arts]
    want_texts = [model.classify(t).to_json() for t in texts]
    start = threading.Barrier(6)

    def work(k):
        start.wait()
        out = []
        for i in range(k, len(arts), 6):
            out.append((i, [u.to_json() for u in model.classify_article(arts[i])]))
        got = [r.to_json() for r in model.classify_many(texts[k::6])]
        return out, got, k

    with ThreadPoolExecutor(6) as pool:
        for out, got, k in pool.map(work, range(6)):
            for i, units in out:
                assert units == want_units[i]
            assert got == want_texts[k::6]


def test_classify_many_thread_counts_agree(model):
    texts = [f"massage session {i} eased pain but left bruising" * (1 + i % 5) for i in range(2000)]
    one = model.predict_arrays(texts, threads=1)
    for n in (2, 3, 0, 64):
        p, a = model.predict_arrays(texts, threads=n)
        assert (p == one[0]).all() and (a == one[1]).all()


def test_gil_is_released(model):
    """Another Python thread makes progress while a long batch runs in C."""
    texts = ["massage eases back pain and may bruise " * 200] * 3000
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        model.classify_many(texts, threads=1)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 5
