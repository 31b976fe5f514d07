# SPDX-License-Identifier: MIT
"""Results identical to the command-line tool's, byte for byte after serialisation, on the shipped model and on
MedQuAD-sized data made from the repository's corpus (all 4,973 units, 277 articles)."""
import pytest

import healthtopics
from corpus_util import CORPUS, article_texts, corpus_items


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
    --list-context: train() takes no list lead-ins, so the shipped model itself cannot be rebuilt from Python yet)."""
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
