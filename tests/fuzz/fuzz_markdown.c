/* SPDX-License-Identifier: MIT */
/* fuzz_markdown: ht_classify_article_ext of arbitrary bytes read as Markdown (checks: fuzz_article_format.h). */
#include "fuzz_article_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_article_format(data, size, HT_ARTICLE_MARKDOWN); }
