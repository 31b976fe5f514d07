# SPDX-License-Identifier: MIT
"""Results identical to the command-line tool's, byte for byte after serialisation, on the shipped model and on
MedQuAD-sized data made from the repository's corpus (all 4,973 units, 277 articles)."""
import pytest

import healthtopics
from corpus_util import CORPUS, REPO, article_texts, corpus_items


@pytest.fixture(scope="module")
def export_all(cli):
    return cli("corpus", "export", CORPUS, "--format", "tsv", "--split", "all")


def test_classify_many_equals_cli_tsv(model, model_path, cli, export_all):
    lines = export_all.decode().split("\n")[:-1]
    texts = [line.split("\t", 1)[1] for line in lines]
    assert len(texts) > 4000
    want = cli("classify", "--model", model_path, "--format", "tsv", stdin=export_all).decode().split("\n")[:-1]
    got = [r.to_json() for r in model.classify_many(texts, threads=2)]
    assert got == want


def test_classify_equals_cli_text(model, model_path, cli):
    for text in ["Massage can cause bruising.", "", "Caf\u00e9 \u2014 \u201cyoga\u201d \U0001F600\ttab\\ \"q\""]:
        want = cli("classify", "--model", model_path, stdin=text.encode()).decode()
        assert model.classify(text).to_json() + "\n" == want


def test_classify_article_equals_cli(model, model_path, cli, tmp_path):
    arts = article_texts()
    assert len(arts) >= 277
    for aid, text in arts[::25]:  # a dozen articles here; the Dask test compares all of them
        f = tmp_path / f"{aid}.txt"
        f.write_text(text, encoding="utf-8")
        want = cli("classify", "--model", model_path, "--article", f).decode()
        got = "".join(u.to_json() + "\n" for u in model.classify_article(text))
        assert got == want, aid


def test_train_equals_cli_on_tsv(cli, tmp_path):
    """healthtopics.train on Python lists gives the CLI's model bytes for the same items in a TSV file."""
    data = cli("corpus", "export", CORPUS, "--format", "tsv", "--split", "train")
    (tmp_path / "train.tsv").write_bytes(data)
    cli("train", "--corpus", tmp_path / "train.tsv", "--out", tmp_path / "cli.htm", "--ngrams", "1-3",
        "--threads", "2")
    rows = [line.split("\t", 1) for line in data.decode().split("\n")[:-1]]
    texts = [t for _, t in rows]
    labels = [[x for x in lab.split(",") if x] for lab, _ in rows]
    m = healthtopics.train(texts, labels, ngram_range=(1, 3), threads=1)
    assert m.to_bytes() == (tmp_path / "cli.htm").read_bytes()
    assert m.info()["corpus_items"] == str(len(texts))


def test_train_equals_cli_on_articles(cli, tmp_path):
    """With headings and article groups, Python training reproduces `healthtopics train --corpus corpus/articles`
    (the shipped model's options in models/options, none gate included, except C, --max-features and
    --list-context: lists in memory carry no list lead-ins; train_corpus, below, rebuilds the shipped model)."""
    cli("train", "--corpus", CORPUS, "--out", tmp_path / "cli.htm", "--C", "1", "--ngrams", "1-3",
        "--min-df", "2", "--folds", "5", "--none-gate")
    items = corpus_items("train")
    m = healthtopics.train([t for t, _, _, _ in items], [ls for _, ls, _, _ in items],
                           groups=[a for _, _, _, a in items], headings=[h for _, _, h, _ in items],
                           label_names=["benefits", "types", "risks", "alternatives"],
                           C=1, ngram_range=(1, 3), min_df=2, folds=5, none_gate=True)
    assert m.info()["format_version"] == "2" and m.info()["option.none_gate"] == "1"
    assert m.to_bytes() == (tmp_path / "cli.htm").read_bytes()


def test_train_multiclass_options_equal_cli(cli, tmp_path):
    """A single-label (multi-class, MedQuAD-like) corpus and non-default options, tuned C included."""
    data = cli("corpus", "export", CORPUS, "--format", "tsv", "--split", "all").decode().split("\n")[:-1]
    rows = [line.split("\t", 1) for line in data]
    rows = [(lab, t) for lab, t in rows if lab and "," not in lab]
    (tmp_path / "mc.tsv").write_text("".join(f"{lab}\t{t}\n" for lab, t in rows), encoding="utf-8")
    cli("train", "--corpus", tmp_path / "mc.tsv", "--out", tmp_path / "cli.htm", "--tune", "--class-weight",
        "balanced", "--min-df", "1", "--max-df", "0.5", "--stop-words", "--no-sublinear", "--folds", "3")
    m = healthtopics.train([t for _, t in rows], [lab for lab, _ in rows], tune=True, class_weight="balanced",
                           min_df=1, max_df=0.5, stop_words=True, sublinear_tf=False, folds=3)
    assert not m.multilabel
    assert m.to_bytes() == (tmp_path / "cli.htm").read_bytes()


def shipped_options():
    """models/options (the one line models/build.sh passes to `healthtopics train`) as train_options keywords."""
    words = (REPO / "models" / "options").read_text(encoding="utf-8").split()
    flags = {"--list-context": "list_context", "--none-gate": "none_gate"}
    values = {"--C": ("C", float), "--min-df": ("min_df", int), "--max-features": ("max_features", int),
              "--folds": ("folds", int), "--ngrams": ("ngram_range", lambda v: tuple(int(x) for x in v.split("-")))}
    out, i = {}, 0
    while i < len(words):
        w = words[i]
        if w in flags:
            out[flags[w]] = True
            i += 1
        else:
            assert w in values, f"models/options has {w}, which this test does not map to train_options"
            name, conv = values[w]
            out[name] = conv(words[i + 1])
            i += 2
    return out


def test_train_corpus_rebuilds_the_shipped_model(model_path):
    """train_corpus on corpus/articles with models/options gives the shipped model's bytes, list lead-ins included."""
    opts = shipped_options()
    assert opts.get("list_context") and opts.get("none_gate")
    m = healthtopics.train_corpus(CORPUS, threads=2, **opts)
    assert m.to_bytes() == model_path.read_bytes()


def test_train_corpus_split_and_errors(cli, tmp_path):
    """The held-out split is what the CLI trains with --split heldout; a broken corpus line is a FormatError that
    names the file and line; a missing path is a FileError; an unknown split is refused before reading."""
    cli("train", "--corpus", CORPUS, "--split", "heldout", "--out", tmp_path / "cli.htm", "--ngrams", "1-2")
    m = healthtopics.train_corpus(CORPUS, split="heldout", ngram_range=(1, 2))
    assert m.to_bytes() == (tmp_path / "cli.htm").read_bytes()
    bad = tmp_path / "bad.tsv"
    bad.write_text("risks\tSome text here.\nno tab on this line\n", encoding="utf-8")
    with pytest.raises(healthtopics.FormatError, match="bad.tsv:2"):
        healthtopics.train_corpus(bad)
    with pytest.raises(healthtopics.FileError):
        healthtopics.train_corpus(tmp_path / "missing")
    with pytest.raises(ValueError, match="split"):
        healthtopics.train_corpus(CORPUS, split="test")
    with pytest.raises(ValueError, match="list_context"):
        healthtopics.train_corpus(CORPUS, list_context=True, heading_context=False)
