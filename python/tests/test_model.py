# SPDX-License-Identifier: MIT
"""Model loading, inspection, classification results, errors and bad input."""
import pickle

import pytest

import healthtopics
from healthtopics import Model


def test_load_and_inspect(model, model_path):
    assert model.labels == ("benefits", "types", "risks", "alternatives")
    assert model.multilabel
    assert model.feature_count > 1000
    info = model.info()
    assert info["mode"] == "multilabel" and info["labels"] == "4"
    assert info["corpus_digest"].startswith("fnv1a64:")
    assert set(model.thresholds) == set(model.labels)
    assert "multi-label" in repr(model)
    assert healthtopics.version() == info["library_version"]


def test_bytes_round_trip_and_pickle(model, model_path, tmp_path):
    data = model.to_bytes()
    assert data == model_path.read_bytes()
    m2 = Model.from_bytes(data)
    assert m2.to_bytes() == data
    m3 = pickle.loads(pickle.dumps(model))
    assert m3.to_bytes() == data and m3 is not model
    out = tmp_path / "copy.htm"
    model.save(out)
    assert out.read_bytes() == data


def test_classify(model):
    r = model.classify("Massage can cause bruising in people who take blood thinners.")
    assert list(r.scores) == list(model.labels)
    assert all(0.0 <= p <= 1.0 for p in r.scores.values())
    assert r.labels == ("risks",)
    assert set(r.margins) == set(model.labels)
    # the same text given as bytes, and with a heading as context
    assert model.classify(b"Massage can cause bruising in people who take blood thinners.") == r
    rh = model.classify("It can leave you sore.", heading="## Risks of massage")
    assert "risks" in rh.labels
    assert r.to_json().startswith('{"labels":["risks"],"scores":{"benefits":0.')


def test_classify_article_offsets(model):
    text = "# Ça va? Massage — “deep tissue”\n\nIt eases pain 😀 for many.\n\n- Bruising can happen\n- Soreness\n"
    units = model.classify_article(text)
    assert [u.kind for u in units] == ["heading", "paragraph", "list_item", "list_item"]
    assert [u.level for u in units] == [1, 0, 0, 0]
    assert [u.lead_in_index for u in units] == [None, None, 1, 1]  # the paragraph before the list leads into it
    for u in units:
        assert text[u.begin:u.end] == u.text
        assert text.encode()[u.byte_begin:u.byte_end].decode() == u.text
    assert units[1].heading_index == 0 and units[1].heading == units[0].text
    assert units[0].heading is None
    assert units[1].byte_begin > units[1].begin  # multi-byte characters before it
    b = text.encode()
    ub = model.classify_article(b)
    assert [(u.begin, u.end) for u in ub] == [(u.byte_begin, u.byte_end) for u in units]
    assert all(b[u.begin:u.end].decode() == u.text for u in ub)
    assert model.classify_article(text, format="text") == units
    with pytest.raises(ValueError):
        model.classify_article(text, format="pdf")
    with pytest.raises(TypeError):
        model.classify_article(text, format=3)
    assert model.classify_article("") == []


def test_explain(model):
    x = model.explain("Massage can cause bruising and soreness.", "risks", k=3)
    assert x.label == "risks" and len(x.terms) == 3
    assert abs(x.terms[0].contribution) >= abs(x.terms[-1].contribution)
    assert x.assigned == ("risks" in model.classify("Massage can cause bruising and soreness.").labels)
    assert len(model.explain("massage can hurt", 2, k=0).terms) > 3  # k=0: every term
    assert 0 <= x.none_probability < 0.5 and not x.gated  # the shipped model has a none gate
    with pytest.raises(healthtopics.InvalidArgumentError, match="unknown label 'cost'"):
        model.explain("x", "cost")
    with pytest.raises(healthtopics.InvalidArgumentError):
        model.explain("x", 9)


def test_explain_says_when_the_none_gate_cleared_the_labels(model):
    # our own chrome-like lines; the gate is trained to take labels away from text like this
    texts = ["Sponsored: try our new pain relief cream today.", "Subscribe for more tips on easing back pain.",
             "Copyright 2025 Riverside Health. All rights reserved.",
             "Read more: Why do migraines so often strike after a long week?"]
    gated = 0
    for t in texts:
        xs = [model.explain(t, lab, k=1) for lab in model.labels]
        assert len({(x.none_probability, x.gated) for x in xs}) == 1  # the gate is the whole text's
        if xs[0].gated:
            gated += 1
            assert xs[0].none_probability >= 0.5
            assert not any(x.assigned for x in xs) and model.classify(t).labels == ()
    assert gated >= 1


def test_classify_many_matches_classify(model):
    texts = ["Massage eased my pain.", "", "Deep tissue and Swedish massage differ.", "Try yoga instead.", "x" * 3000]
    many = model.classify_many(texts, threads=3)
    assert [(r.labels, r.scores) for r in many] == [(model.classify(t).labels, model.classify(t).scores) for t in texts]
    assert model.classify_many([]) == []
    p, a, m = model.predict_arrays(texts, threads=2, margins=True)
    assert p.shape == (5, 4) and a.shape == (5, 4) and m.shape == (5, 4)
    assert list(p[0]) == list(many[0].scores.values())


# ---- errors: exceptions with the library's message, never a crash ----

def test_load_errors(tmp_path, model_path):
    with pytest.raises(healthtopics.FileError, match="cannot open") as e:
        Model.load(tmp_path / "missing.htm")
    assert isinstance(e.value, OSError) and e.value.status == -3 and e.value.status_name == "HT_EIO"
    data = model_path.read_bytes()
    with pytest.raises(healthtopics.FormatError) as e:
        Model.from_bytes(data[: len(data) // 2])
    assert e.value.message and isinstance(e.value, healthtopics.Error)
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0x40
    with pytest.raises(healthtopics.FormatError, match="checksum|corrupt"):
        Model.from_bytes(flipped)
    with pytest.raises(healthtopics.FormatError):
        Model.from_bytes(b"")
    with pytest.raises(healthtopics.FormatError):
        Model.from_bytes(b"not a model at all" * 10)
    with pytest.raises(TypeError):
        Model.from_bytes("a str")
    with pytest.raises(TypeError):
        Model()
    with pytest.raises(TypeError):
        Model.load(None)
    with pytest.raises(ValueError, match="NUL"):
        Model.load(str(model_path) + "\0.bak")
    with pytest.raises(healthtopics.FileError):
        Model.load("")
    with pytest.raises(healthtopics.FileError):
        Model.from_bytes(model_path.read_bytes()).save(tmp_path / "no-such-dir" / "m.htm")
    with pytest.raises(healthtopics.LimitError):
        Model.load(model_path, max_vocabulary=10)


def test_bad_input(model, model_path):
    for bad in (None, 42, ["a"], object()):
        with pytest.raises(TypeError):
            model.classify(bad)
        with pytest.raises(TypeError):
            model.classify_article(bad)
    with pytest.raises(TypeError):
        model.classify_many(["ok", None])
    with pytest.raises(healthtopics.UTF8Error):
        model.classify("lone surrogate \ud800")
    # invalid UTF-8 bytes become U+FFFD by default, or raise when asked
    assert model.classify(b"caf\xff massage").scores
    strict = Model.load(model_path, reject_invalid_utf8=True)
    with pytest.raises(healthtopics.UTF8Error):
        strict.classify(b"caf\xff massage")
    # limits: over-long texts raise, in every entry point; embedded NUL bytes are data
    small = Model.load(model_path, max_text_bytes=100)
    with pytest.raises(healthtopics.LimitError, match="limit"):
        small.classify("word " * 100)
    with pytest.raises(healthtopics.LimitError) as e:
        small.classify_many(["short", "word " * 100, "short"], threads=2)
    assert e.value.index == 1 and "texts[1]" in str(e.value)
    with pytest.raises(healthtopics.LimitError):
        small.classify_article("word " * 100)
    assert model.classify("mass\0age").scores


def test_train_errors():
    with pytest.raises(healthtopics.InvalidArgumentError, match="no items"):
        healthtopics.train([], [])
    with pytest.raises(healthtopics.FormatError, match="<memory>:2: empty text"):
        healthtopics.train(["a text", "   "], ["a", "b"])
    with pytest.raises(ValueError, match="2 texts but 1"):
        healthtopics.train(["a", "b"], ["x"])
    with pytest.raises(ValueError, match="solver"):
        healthtopics.train(["a", "b"], ["x", "y"], solver="forest")
    with pytest.raises(TypeError):
        healthtopics.train(["a", "b"], ["x", "y"], no_such_option=1)
    with pytest.raises(TypeError):
        healthtopics.train(["a", "b"], ["x", 3])
    with pytest.raises(ValueError, match="not in label_names"):
        healthtopics.train(["a", "b"], ["x", "y"], label_names=["x"])


def test_errors_pickle():
    e = healthtopics.FormatError("corrupt model: bad magic", -5)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is healthtopics.FormatError and str(e2) == "corrupt model: bad magic"


def test_finds_the_library_it_was_installed_against():
    """ctest installs with HEALTHTOPICS_LIBRARY set and runs without it: the recorded path must be used."""
    import os

    expect = os.environ.get("HEALTHTOPICS_EXPECT_LIBRARY")
    if not expect or os.environ.get("HEALTHTOPICS_LIBRARY"):
        pytest.skip("only under tests/e2e/python.sh")
    from healthtopics import _build_config

    assert os.path.realpath(_build_config.LIBRARY) == os.path.realpath(expect)
    assert os.path.realpath(healthtopics.LIBRARY_PATH) == os.path.realpath(expect)


def test_mutated_model_bytes_raise_or_load(model_path):
    """Random byte flips, truncations and garbage: an exception or a working model, never a crash."""
    import random

    data = model_path.read_bytes()
    rng = random.Random(1234)
    for i in range(80):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        if i % 4 == 0:
            b = b[: rng.randrange(len(b))]
        try:
            m = Model.from_bytes(bytes(b))
        except healthtopics.Error:
            continue
        m.classify_article("# Risks\n\nIt can bruise.\n")
