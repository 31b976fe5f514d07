# SPDX-License-Identifier: MIT
"""classify_article's formats (HTML, Markdown, text): kinds, levels, heading and lead-in indices, boilerplate,
offsets into the original input, decoded text, and the CLI's JSON for the same page and --format."""
import html
import re

import pytest

from corpus_util import REPO

# Non-ASCII before and inside units (é, —, “ ”, ©), so string indices and byte offsets differ; entities and
# inline markup inside units, so the decoded text differs from the input's span.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Massage &amp; you</title>
<style>p { color: #333 }</style>
<script>var tracking = "Massage can cause bruising";</script>
</head>
<body>
<header><a href="/">Café Clinic</a> <nav><a href="/services">Services</a> <a href="/blog">Blog</a></nav></header>
<div class="cookie-banner">We use cookies &mdash; <button>Accept</button></div>
<main>
<h1>Massage — what to expect</h1>
<p>Massage can ease muscle pain &amp; stiffness, and many people feel <em>calmer</em> afterwards.</p>
<h2>Risks of massage</h2>
<p>It is usually safe, but there are a few things to watch for:</p>
<ul>
  <li>Bruising, especially if you take blood thinners</li>
  <li>Soreness for a day or two</li>
</ul>
<blockquote>“Deep tissue work can leave you sore,” says one physiotherapist.</blockquote>
<table><tr><td>Swedish</td><td>gentle, long strokes</td></tr></table>
</main>
<footer>© 2026 Café Clinic. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def words(s):
    return re.findall(r"\w+", s)


def test_html_page(model):
    units = model.classify_article(PAGE, format="html")
    kinds = [u.kind for u in units]
    assert {"boilerplate", "heading", "paragraph", "list_item", "quote", "table_row"} <= set(kinds)
    assert kinds[0] == "boilerplate" and kinds[-1] == "boilerplate"  # the header and the footer
    # script, style and head never give units
    assert not any("tracking" in u.text or "color" in u.text or "Massage & you" in u.text for u in units)

    page_bytes = PAGE.encode("utf-8")
    for u in units:
        span = PAGE[u.begin:u.end]
        # offsets slice the original input: str indices for str input, UTF-8 byte offsets always
        assert page_bytes[u.byte_begin:u.byte_end].decode("utf-8") == span
        if u.begin > PAGE.index("é"):
            assert u.byte_begin > u.begin
        # the span is the unit's raw markup, from its first to its last character; text is the decoded text
        assert words(html.unescape(re.sub(r"<[^>]*>", " ", span))) == words(u.text), u
        assert span[:1] in (u.text[:1], "&") and span[-1:] in (u.text[-1:], ";")
        if u.kind == "boilerplate":  # never classified
            assert u.labels == ()
            assert set(u.scores.values()) == {0.0} and set(u.margins.values()) == {0.0}
            assert u.heading_index is None and u.level == 0
        assert u.to_json().endswith(f',"kind":"{u.kind}"' + (f',"level":{u.level}' if u.kind == "heading" else "")
                                    + "}")
        # where the unit sits, in the JSON only when it has it
        assert ('"heading_unit":' in u.to_json()) == (u.heading_index is not None)
        assert ('"lead_in_unit":' in u.to_json()) == (u.lead_in_index is not None)
        assert ('"parent_unit":' in u.to_json()) == (u.parent_index is not None)
        assert u.parent_index is None or u.kind == "heading"

    by_text = {u.text: u for u in units}
    h1, h2 = by_text["Massage — what to expect"], by_text["Risks of massage"]
    assert (h1.kind, h1.level, h2.kind, h2.level) == ("heading", 1, "heading", 2)
    assert (h1.parent_index, h2.parent_index) == (None, h1.index)  # the heading chain: h2 under h1
    assert f'"parent_unit":{h1.index},"kind":"heading","level":2}}' in h2.to_json()
    para = by_text["Massage can ease muscle pain & stiffness, and many people feel calmer afterwards."]
    assert PAGE[para.begin:para.end] == ("Massage can ease muscle pain &amp; stiffness, and many people feel "
                                         "<em>calmer</em> afterwards.")
    assert para.heading_index == h1.index and para.heading == h1.text and "benefits" in para.labels
    lead = by_text["It is usually safe, but there are a few things to watch for:"]
    items = [u for u in units if u.kind == "list_item"]
    assert [u.text for u in items] == ["Bruising, especially if you take blood thinners", "Soreness for a day or two"]
    for u in items:
        assert u.heading_index == h2.index and u.heading == "Risks of massage"
        assert u.lead_in_index == lead.index and lead.lead_in_index is None
        assert "risks" in u.labels
    assert [u for u in units if u.kind == "boilerplate" and "cookies" in u.text]

    # bytes in: offsets are byte offsets, everything else is the same
    ub = model.classify_article(page_bytes, format="html")
    assert [(u.begin, u.end) for u in ub] == [(u.byte_begin, u.byte_end) for u in units]
    assert [u.to_json() for u in ub] == [u.to_json() for u in units]
    assert [u.text for u in ub] == [u.text for u in units]
    # auto-detection reads it as HTML too; as plain text it is not HTML (the tags are text)
    assert model.classify_article(PAGE) == units
    assert "boilerplate" not in [u.kind for u in model.classify_article(PAGE, format="text")]


def test_html_page_equals_cli(model, model_path, cli, tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes(PAGE.encode("utf-8"))
    for fmt in ("html", "auto"):
        want = cli("classify", "--model", model_path, "--article", "--format", fmt, f).decode()
        assert "".join(u.to_json() + "\n" for u in model.classify_article(PAGE, format=fmt)) == want


@pytest.mark.parametrize("fmt", ["auto", "html", "markdown", "text"])
def test_pages_equal_cli_in_every_format(model, model_path, cli, fmt):
    """The test pages (tests/data/pages: HTML, Markdown and browser-copied text of five sites) and the sample
    articles, each read as every format: the CLI's lines, from str and from bytes."""
    pages = sorted(p for p in (REPO / "tests" / "data" / "pages").iterdir() if p.suffix in (".html", ".md", ".txt"))
    pages += [REPO / "docs" / "sample-article.html", REPO / "docs" / "sample-article.txt"]
    assert len(pages) >= 17
    for path in pages:
        want = cli("classify", "--model", model_path, "--article", "--format", fmt, path).decode()
        data = path.read_bytes()
        text = data.decode("utf-8")
        units = model.classify_article(text, format=fmt)
        assert "".join(u.to_json() + "\n" for u in units) == want, (path.name, fmt)
        assert [u.to_json() for u in model.classify_article(data, format=fmt)] == [u.to_json() for u in units]
        for u in units:
            assert data[u.byte_begin:u.byte_end].decode("utf-8") == text[u.begin:u.end]


def test_markdown_text_is_decoded(model):
    md = "## Risks of *deep* massage\n\nIt can [bruise](https://example.org/bruise) you.\n\n- Soreness\n"
    units = model.classify_article(md, format="markdown")
    assert [(u.kind, u.level) for u in units] == [("heading", 2), ("paragraph", 0), ("list_item", 0)]
    assert units[1].text == "It can bruise you."  # link text kept, link markup removed
    assert md[units[1].begin:units[1].end] == "It can [bruise](https://example.org/bruise) you."
    assert units[2].heading_index == 0 and units[2].lead_in_index == 1
