# SPDX-License-Identifier: MIT
"""The cffi declarations (ABI mode) match the C headers: sizes and offsets of every struct, and the enums."""
import os
import shutil
import subprocess

import pytest

from corpus_util import REPO
from healthtopics._ffi import ffi

STRUCTS = {
    "ht_error": ["code", "message"],
    "ht_limits": ["version", "max_text_bytes", "max_labels", "max_vocabulary", "reject_invalid_utf8"],
    "ht_unit": ["start", "end", "kind", "heading", "prob", "margin", "assigned", "level", "lead_in", "text",
                "text_len", "parent"],
    "ht_article_options": ["version", "format"],
    "ht_term": ["text", "value", "weight", "contribution"],
    "ht_explanation": ["label", "margin", "bias", "prob", "assigned", "count", "terms"],
    "ht_corpus_options": ["version", "format", "split", "on_problem", "ctx", "reject_invalid_utf8", "max_bytes"],
    "ht_memory_item": ["text", "len", "heading", "heading_len", "group", "label_count", "labels"],
    "ht_train_options": ["version", "solver", "mode", "C", "class_weight", "tune", "ngram_min", "ngram_max",
                         "min_df", "max_df", "max_features", "stop_words", "sublinear_tf", "heading_context",
                         "gamma", "degree", "coef0", "folds", "threads", "progress", "progress_ctx", "warning",
                         "warning_ctx", "strict", "fork_workers", "none_gate"],
}
MACROS = ["HT_LIMITS_VERSION", "HT_ARTICLE_OPTIONS_VERSION", "HT_CORPUS_OPTIONS_VERSION", "HT_TRAIN_OPTIONS_VERSION",
          "HT_ERROR_MESSAGE_SIZE"]
# enum constants whose values cffi must agree on (they are passed to and read from the library as ints)
ENUMS = ["HT_UNIT_PARAGRAPH", "HT_UNIT_HEADING", "HT_UNIT_BULLET", "HT_UNIT_LIST_ITEM", "HT_UNIT_TABLE_ROW",
         "HT_UNIT_QUOTE", "HT_UNIT_BOILERPLATE", "HT_ARTICLE_AUTO", "HT_ARTICLE_TEXT", "HT_ARTICLE_MARKDOWN",
         "HT_ARTICLE_HTML"]


def test_struct_layouts_match_headers(tmp_path):
    include = os.environ.get("HEALTHTOPICS_INCLUDE", str(REPO / "include"))
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc or not os.path.exists(os.path.join(include, "healthtopics_train.h")):
        pytest.skip("needs a C compiler and the headers")
    lines = ['#include <stddef.h>', '#include <stdio.h>', '#include "healthtopics_train.h"', "int main(void) {"]
    for s, fields in STRUCTS.items():
        lines.append(f'printf("{s} %zu\\n", sizeof({s}));')
        for f in fields:
            lines.append(f'printf("{s}.{f} %zu\\n", offsetof({s}, {f}));')
    for m in MACROS + ENUMS:
        lines.append(f'printf("{m} %d\\n", (int){m});')
    lines.append("return 0; }")
    src = tmp_path / "layout.c"
    src.write_text("\n".join(lines))
    exe = tmp_path / "layout"
    subprocess.run([cc, "-std=c11", "-I", include, str(src), "-o", str(exe)], check=True)
    c = dict(line.rsplit(" ", 1) for line in subprocess.run([str(exe)], check=True, stdout=subprocess.PIPE,
                                                              text=True).stdout.splitlines())
    for s, fields in STRUCTS.items():
        assert int(c[s]) == ffi.sizeof(s), s
        for f in fields:
            assert int(c[f"{s}.{f}"]) == ffi.offsetof(s, f), f"{s}.{f}"
    from healthtopics import _ffi
    assert int(c["HT_LIMITS_VERSION"]) == _ffi.LIMITS_VERSION
    assert int(c["HT_ARTICLE_OPTIONS_VERSION"]) == _ffi.ARTICLE_OPTIONS_VERSION
    for e in ENUMS:
        assert int(c[e]) == getattr(_ffi.lib, e), e
    assert int(c["HT_CORPUS_OPTIONS_VERSION"]) == _ffi.CORPUS_OPTIONS_VERSION
    assert int(c["HT_TRAIN_OPTIONS_VERSION"]) == _ffi.TRAIN_OPTIONS_VERSION
    assert int(c["HT_ERROR_MESSAGE_SIZE"]) == ffi.sizeof(ffi.new("ht_error *").message)
