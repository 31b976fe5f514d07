/* SPDX-License-Identifier: MIT */
/*
 * fuzz_article_format.h: the body shared by fuzz_html and fuzz_markdown: ht_classify_article_ext of arbitrary
 * bytes read in one format. It succeeds (or, for HTML, fails with HT_EUTF8 and a message: a page declaring a
 * non-UTF-8 charset that is not UTF-8); units lie inside the input with non-empty, untrimmed-free ranges and
 * decoded text; kinds are known; headings have a level of 1-6 (or 0), other units 0; a unit's heading is an
 * earlier heading unit and its lead-in an earlier paragraph or list item; boilerplate is never labeled; the rest
 * score exactly as ht_classify_unit on their decoded text and heading.
 */
#ifndef FUZZ_ARTICLE_FORMAT_H
#define FUZZ_ARTICLE_FORMAT_H
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_model(0);
	return 0;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n'; }

/* The checks of fuzz_html and fuzz_markdown: the input read in format f. */
static int fuzz_article_format(const uint8_t *data, size_t size, ht_article_format f)
{
	const char *text = (const char *)data;
	const ht_model *m = fuzz_model(fuzz_pick_model(size));
	size_t L = ht_model_label_count(m);
	ht_article *a = NULL;
	ht_error err;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	o.format = f;
	int rc = ht_classify_article_ext(&a, m, text, size, &o, &err);
	if (rc < 0) {
		FUZZ_ASSERT(o.format == HT_ARTICLE_HTML && rc == HT_EUTF8 && !a && err.code == rc && err.message[0]);
		FUZZ_ASSERT(!fuzz_utf8_valid(data, size));
		return 0;
	}
	FUZZ_ASSERT(rc == 0 && a);
	size_t n = ht_article_unit_count(a), prev_end = 0;
	for (size_t u = 0; u < n; u++) {
		const ht_unit *x = ht_article_unit(a, u);
		FUZZ_ASSERT(x && x->start < x->end && x->end <= size);
		FUZZ_ASSERT(!is_space(data[x->start]) && !is_space(data[x->end - 1]));
		if (o.format == HT_ARTICLE_MARKDOWN) { /* line-based: in order, no overlap */
			FUZZ_ASSERT(x->start >= prev_end);
			prev_end = x->end;
		}
		FUZZ_ASSERT(x->text && x->text_len > 0);
		FUZZ_ASSERT(!is_space((unsigned char)x->text[0]) && !is_space((unsigned char)x->text[x->text_len - 1]));
		FUZZ_ASSERT(x->kind >= HT_UNIT_PARAGRAPH && x->kind <= HT_UNIT_BOILERPLATE);
		FUZZ_ASSERT(x->kind == HT_UNIT_HEADING ? x->level <= 6 : x->level == 0);
		FUZZ_ASSERT(x->lead_in == (size_t)-1 || (x->kind == HT_UNIT_LIST_ITEM && x->lead_in < u));
		if (x->lead_in != (size_t)-1) {
			ht_unit_kind k = ht_article_unit(a, x->lead_in)->kind;
			FUZZ_ASSERT(k == HT_UNIT_PARAGRAPH || k == HT_UNIT_LIST_ITEM);
		}
		if (x->parent != (size_t)-1) { /* the heading chain: an earlier heading with a lower level */
			FUZZ_ASSERT(x->kind == HT_UNIT_HEADING && x->parent < u);
			const ht_unit *p = ht_article_unit(a, x->parent);
			FUZZ_ASSERT(p->kind == HT_UNIT_HEADING && p->level >= 1 && (x->level == 0 || p->level < x->level));
		}
		const char *h = NULL;
		size_t hl = 0;
		if (x->heading != (size_t)-1) {
			FUZZ_ASSERT(x->kind != HT_UNIT_HEADING && x->kind != HT_UNIT_BOILERPLATE && x->heading < u);
			const ht_unit *hu = ht_article_unit(a, x->heading);
			FUZZ_ASSERT(hu->kind == HT_UNIT_HEADING);
			h = hu->text;
			hl = hu->text_len;
		}
		if (x->kind == HT_UNIT_BOILERPLATE) {
			for (size_t l = 0; l < L; l++)
				FUZZ_ASSERT(!x->assigned[l] && x->prob[l] == 0);
			continue;
		}
		if (u >= 8 || x->lead_in != (size_t)-1) /* a lead-in may be context (ht_features__context) */
			continue;
		fuzz_check_unit_scores(m, x, L, x->text, x->text_len, h, hl);
	}
	FUZZ_ASSERT(ht_article_unit(a, n) == NULL);
	ht_article_free(a);
	return 0;
}
#endif
