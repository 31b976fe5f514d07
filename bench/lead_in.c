/* SPDX-License-Identifier: MIT */
/*
 * lead_in.c: does a list item's lead-in paragraph help as extra heading context (ht_article_options
 * .list_lead_in)? Scores the held-out list items of the article corpus that follow a paragraph, with the
 * heading alone (what the model was trained with) and with the heading followed by the lead-in, and prints
 * micro-F1 over labels for both.
 *
 *   cc -O2 -Iinclude bench/lead_in.c build/libhealthtopics.a $(pkg-config --libs libutf8proc openblas gumbo) \
 *      -llinear -lsvm -lpthread -lm -o /tmp/lead_in && /tmp/lead_in models/healthtopics-default.htm corpus/articles
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthtopics.h"
#include "healthtopics_train.h"

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return fprintf(stderr, "usage: lead_in MODEL CORPUS_DIR [train|heldout]\n"), 1;
	ht_model *m;
	ht_corpus *c;
	ht_error err;
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.split = argc > 3 && !strcmp(argv[3], "train") ? HT_SPLIT_TRAIN : HT_SPLIT_HELDOUT;
	if (ht_model_load(&m, argv[1], NULL, &err) < 0 || ht_corpus_read(&c, argv[2], &co, &err) < 0)
		return fprintf(stderr, "%s\n", err.message), 2;
	size_t L = ht_model_label_count(m), items = 0;
	long tp[2] = {0, 0}, fp[2] = {0, 0}, fn[2] = {0, 0};
	size_t lead = (size_t)-1;
	for (size_t i = 0; i < ht_corpus_item_count(c); i++) {
		const ht_item *it = ht_corpus_item(c, i);
		if (i == 0 || ht_corpus_item(c, i - 1)->article != it->article)
			lead = (size_t)-1;
		if (it->kind != HT_UNIT_BULLET) {
			lead = it->kind == HT_UNIT_PARAGRAPH ? i : (size_t)-1;
			continue;
		}
		if (lead == (size_t)-1)
			continue;
		const ht_item *li = ht_corpus_item(c, lead);
		unsigned char gold[64] = {0}, as[64];
		for (size_t k = 0; k < it->label_count; k++) {
			int j = ht_model_label_index(m, ht_corpus_label_name(c, it->labels[k]));
			if (j >= 0)
				gold[j] = 1;
		}
		size_t hl = it->heading_len + 1 + li->len;
		char *ctx = malloc(hl);
		memcpy(ctx, it->heading ? it->heading : "", it->heading_len);
		ctx[it->heading_len] = '\n';
		memcpy(ctx + it->heading_len + 1, li->text, li->len);
		for (int v = 0; v < 2; v++) {
			ht_classify_unit(NULL, as, NULL, m, it->text, it->len, v ? ctx : it->heading, v ? hl : it->heading_len, &err);
			for (size_t l = 0; l < L; l++) {
				tp[v] += as[l] && gold[l];
				fp[v] += as[l] && !gold[l];
				fn[v] += !as[l] && gold[l];
			}
		}
		free(ctx);
		items++;
	}
	for (int v = 0; v < 2; v++)
		printf("%-22s list items %zu  micro-F1 %.3f (tp %ld fp %ld fn %ld)\n", v ? "heading + lead-in" : "heading only",
		       items, 2.0 * tp[v] / (2.0 * tp[v] + fp[v] + fn[v]), tp[v], fp[v], fn[v]);
	ht_corpus_free(c);
	ht_model_free(m);
	return 0;
}
