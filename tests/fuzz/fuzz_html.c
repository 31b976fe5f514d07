/* SPDX-License-Identifier: MIT */
/* fuzz_html: ht_classify_article_ext of arbitrary bytes read as HTML (checks: fuzz_article_format.h). */
#include "fuzz_article_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_article_format(data, size, HT_ARTICLE_HTML); }
