# SPDX-License-Identifier: MIT
"""Read the repository's article corpus (corpus/FORMAT.md) in Python, for tests that compare with the CLI."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus" / "articles"
HEADING = re.compile(r"[ \t\r\f\v]*#{1,6}([ \t\r\f\v]|$)")  # ht__line_kind's Markdown heading rule


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def is_heldout(article_id: str) -> bool:
    return fnv1a32(article_id.encode()) % 5 == 0


def read_article(path: Path) -> Tuple[Dict[str, str], List[Tuple[List[str], str]]]:
    """(header, [(labels, unit text)]) of one corpus article; [none] gives no labels."""
    header: Dict[str, str] = {}
    units: List[Tuple[List[str], str]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines) and lines[i].strip():
        k, _, v = lines[i].partition(":")
        header[k.strip()] = v.strip()
        i += 1
    for line in lines[i:]:
        line = line.rstrip("\r")
        if not line.strip():
            continue
        close = line.index("]")
        labels = [x.strip() for x in line[1:close].split(",")]
        text = line[close + 1:].lstrip(" \t")
        units.append(([] if labels == ["none"] else labels, text))
    return header, units


def corpus_items(split: str = "train"):
    """Items as the article reader makes them: (text, labels, heading or None, article id), in file order."""
    out = []
    for path in sorted(CORPUS.glob("*.txt"), key=lambda p: p.name.encode()):
        header, units = read_article(path)
        aid = header["id"]
        if split != "all" and is_heldout(aid) != (split == "heldout"):
            continue
        heading: Optional[str] = None
        for labels, text in units:
            is_heading = bool(HEADING.match(text))
            out.append((text, labels, None if is_heading else heading, aid))
            if is_heading:
                heading = text
    return out


def article_texts() -> List[Tuple[str, str]]:
    """(id, plain text) of every corpus article: its units, one per paragraph, as a page would show them."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        header, units = read_article(path)
        out.append((header["id"], "\n\n".join(text for _, text in units) + "\n"))
    return out
