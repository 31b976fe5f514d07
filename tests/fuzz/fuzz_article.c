/* SPDX-License-Identifier: MIT */
/*
 * fuzz_article: ht_classify_article_ext of arbitrary bytes read as text (fuzz_html covers HTML and Markdown). Units are in order, their byte ranges lie inside the
 * input, are trimmed (no leading or trailing space or newline) and do not overlap; a unit's heading is an earlier
 * heading unit; the first units classify exactly as ht_classify_unit classifies their text under their heading
 * (checking every unit would halve the executions per second for little gain).
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_model(0);
	return 0;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n'; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	{
		int i = fuzz_pick_model(size);
		const ht_model *m = fuzz_model(i);
		size_t L = ht_model_label_count(m);
		ht_article *a = NULL;
		ht_error err;
		ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
		o.format = HT_ARTICLE_TEXT;
		FUZZ_ASSERT(ht_classify_article_ext(&a, m, text, size, &o, &err) == 0 && a);
		size_t n = ht_article_unit_count(a), prev_end = 0;
		for (size_t u = 0; u < n; u++) {
			const ht_unit *x = ht_article_unit(a, u);
			FUZZ_ASSERT(x);
			FUZZ_ASSERT(x->start < x->end && x->end <= size && x->start >= prev_end);
			FUZZ_ASSERT(!is_space(data[x->start]) && !is_space(data[x->end - 1]));
			FUZZ_ASSERT(x->kind == HT_UNIT_PARAGRAPH || x->kind == HT_UNIT_HEADING || x->kind == HT_UNIT_BULLET);
			prev_end = x->end;
			FUZZ_ASSERT(x->text_len == x->end - x->start && memcmp(x->text, text + x->start, x->text_len) == 0);
			const char *h = NULL;
			size_t hl = 0;
			if (x->heading != (size_t)-1) {
				FUZZ_ASSERT(x->kind != HT_UNIT_HEADING);
				FUZZ_ASSERT(x->heading < u);
				const ht_unit *hu = ht_article_unit(a, x->heading);
				FUZZ_ASSERT(hu->kind == HT_UNIT_HEADING);
				h = text + hu->start;
				hl = hu->end - hu->start;
			}
			if (u >= 8)
				continue;
			fuzz_check_unit_scores(m, x, L, text + x->start, x->end - x->start, h, hl);
		}
		FUZZ_ASSERT(ht_article_unit(a, n) == NULL);
		ht_article_free(a);
	}
	return 0;
}
