/* SPDX-License-Identifier: MIT */
/* Corpus readers: article, TSV and fastText formats; problems reported in one pass; splits; lint. */
#include "healthtopics_train.h"
#include "test.h"

typedef struct probs {
	int n;
	char all[2048];
} probs;
static void collect(void *ctx, const char *file, size_t line, const char *msg)
{
	probs *p = ctx;
	p->n++;
	char one[512];
	snprintf(one, sizeof one, "%s:%zu: %s\n", file, line, msg);
	strncat(p->all, one, sizeof p->all - strlen(p->all) - 1);
}

static void article_format(void)
{
	ht_corpus *c;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_read(&c, HT_TEST_DATA "/tiny-article.txt", NULL, &err), 0);
	CHECK_EQ_INT(ht_corpus_item_count(c), 4);
	CHECK_EQ_INT(ht_corpus_label_count(c), 4);
	CHECK_STR(ht_corpus_label_name(c, 0), "benefits");
	CHECK_STR(ht_corpus_article_meta(c, 0, "treatment"), "massage");
	const ht_item *h = ht_corpus_item(c, 0), *b = ht_corpus_item(c, 1), *tr = ht_corpus_item(c, 2);
	CHECK_EQ_INT(h->kind, HT_UNIT_HEADING);
	CHECK(h->heading == NULL);
	CHECK_EQ_INT(b->label_count, 1);
	CHECK_EQ_INT(b->labels[0], 0);
	CHECK(b->heading && strncmp(b->heading, "# A tiny article", b->heading_len) == 0);
	CHECK_EQ_INT(tr->label_count, 2);
	CHECK(tr->labels[0] == 1 && tr->labels[1] == 2);
	CHECK_EQ_INT(tr->line, 11);
	CHECK_EQ_INT(ht_corpus_item(c, 3)->label_count, 0);
	ht_corpus_free(c);
}

static void problems_in_one_pass(void)
{
	const char *bad = "id: Bad_ID\ntitle: t\ntreatment: x\nstyle: forum\nnonsense line\n\n"
			  "[benefits] fine\n[cures] unknown label\n[] no labels\n[none, risks] mixed\nno brackets\n"
			  "[risks]   \n[types] bad \xff byte\n";
	probs p = {0};
	ht_corpus_options o = HT_CORPUS_OPTIONS_INIT;
	o.on_problem = collect;
	o.ctx = &p;
	ht_corpus *c = (ht_corpus *)1;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, bad, strlen(bad), "bad.txt", &o, &err), HT_EFORMAT);
	CHECK(c == NULL);
	CHECK_EQ_INT(p.n, 9);
	CHECK(strstr(p.all, "bad.txt:1: id must be") != NULL);
	CHECK(strstr(p.all, "bad.txt:5: expected a header line") != NULL);
	CHECK(strstr(p.all, "missing header 'condition'") != NULL);
	CHECK(strstr(p.all, "bad.txt:8: unknown label 'cures'") != NULL);
	CHECK(strstr(p.all, "bad.txt:9: no labels") != NULL);
	CHECK(strstr(p.all, "bad.txt:10: 'none' cannot be combined") != NULL);
	CHECK(strstr(p.all, "bad.txt:11: expected a unit line") != NULL);
	CHECK(strstr(p.all, "bad.txt:12: empty unit") != NULL);
	CHECK(strstr(p.all, "bad.txt:13: invalid UTF-8") != NULL);
	CHECK(strstr(err.message, "9 problems") != NULL);
}

static void tsv_and_fasttext(void)
{
	const char *tsv = "\xef\xbb\xbfrisks,benefits\tit helps but hurts\r\n\n\tno label here\nzeta\tz\n";
	ht_corpus *c;
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, tsv, strlen(tsv), "a.tsv", NULL, NULL), 0);
	CHECK_EQ_INT(ht_corpus_item_count(c), 3);
	CHECK_EQ_INT(ht_corpus_label_count(c), 3);
	CHECK_STR(ht_corpus_label_name(c, 0), "benefits"); /* sorted by name */
	CHECK_STR(ht_corpus_label_name(c, 2), "zeta");
	const ht_item *it = ht_corpus_item(c, 0);
	CHECK(it->label_count == 2 && it->labels[0] == 0 && it->labels[1] == 1);
	CHECK_EQ_INT(it->len, strlen("it helps but hurts"));
	CHECK_EQ_INT(ht_corpus_item(c, 1)->label_count, 0);
	CHECK_EQ_INT(ht_corpus_item(c, 1)->line, 3);
	ht_corpus_free(c);
	const char *ft = "__label__a __label__b some text\n__label__a more\n";
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, ft, strlen(ft), "a.ft", NULL, NULL), 0);
	CHECK_EQ_INT(ht_corpus_item_count(c), 2);
	CHECK_EQ_INT(ht_corpus_item(c, 0)->label_count, 2);
	CHECK(strncmp(ht_corpus_item(c, 0)->text, "some text", 9) == 0);
	ht_corpus_free(c);
	probs p = {0};
	ht_corpus_options o = HT_CORPUS_OPTIONS_INIT;
	o.format = HT_CORPUS_TSV;
	o.on_problem = collect;
	o.ctx = &p;
	const char *badtsv = "a\tok\nno tab here\na,\tempty label\nb\t   \n";
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, badtsv, strlen(badtsv), "b.tsv", &o, NULL), HT_EFORMAT);
	CHECK_EQ_INT(p.n, 3);
	CHECK(strstr(p.all, "b.tsv:2:") && strstr(p.all, "b.tsv:3:") && strstr(p.all, "b.tsv:4:"));
}

static void heldout_split_is_by_id_hash(void)
{
	/* FNV-1a 32 of the id, divisible by 5 */
	int held = 0;
	char id[32];
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(id, sizeof id, "article-%d", i);
		held += ht_corpus_id_is_heldout(id, (size_t)n);
	}
	CHECK(held > 150 && held < 250);
	ht_corpus_options o = HT_CORPUS_OPTIONS_INIT;
	ht_corpus *all, *tr, *ho;
	o.split = HT_SPLIT_ALL;
	CHECK_EQ_INT(ht_corpus_read(&all, HT_CORPUS_DIR, &o, NULL), 0);
	o.split = HT_SPLIT_TRAIN;
	CHECK_EQ_INT(ht_corpus_read(&tr, HT_CORPUS_DIR, &o, NULL), 0);
	o.split = HT_SPLIT_HELDOUT;
	CHECK_EQ_INT(ht_corpus_read(&ho, HT_CORPUS_DIR, &o, NULL), 0);
	CHECK_EQ_INT(ht_corpus_item_count(tr) + ht_corpus_item_count(ho), ht_corpus_item_count(all));
	CHECK(ht_corpus_item_count(ho) > ht_corpus_item_count(all) / 10);
	for (size_t i = 0; i < ht_corpus_item_count(ho); i++) {
		const char *aid = ht_corpus_article_meta(ho, ht_corpus_item(ho, i)->article, "id");
		CHECK(aid && ht_corpus_id_is_heldout(aid, strlen(aid)));
	}
	ht_corpus_free(all);
	ht_corpus_free(tr);
	ht_corpus_free(ho);
}

static void lint_finds_near_duplicates(void)
{
	const char *a = "id: dup-a\ntitle: t\ntreatment: x\ncondition: y\nstyle: blogpost\n\n"
			"[none] # Side effects\n[none] # Side effects\n"
			"[risks] one two three four five six seven eight nine ten eleven twelve thirteen\n"
			"[risks] zero one two three four five six seven eight nine ten eleven twelve\n"
			"[risks] one two three four five six seven eight nine ten eleven\n";
	ht_corpus *c;
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, a, strlen(a), "dup-a.txt", NULL, NULL), 0);
	probs p = {0};
	int n = ht_corpus_lint(c, collect, &p, NULL);
	CHECK_EQ_INT(n, 2); /* the unknown style, and line 10 repeating line 9's run of twelve words */
	CHECK(strstr(p.all, "unknown style 'blogpost'") != NULL);
	CHECK(strstr(p.all, "dup-a.txt:10: shares a run of 12") != NULL);
	ht_corpus_free(c);
	/* the shipped corpus is clean */
	CHECK_EQ_INT(ht_corpus_read(&c, HT_CORPUS_DIR, NULL, NULL), 0);
	CHECK_EQ_INT(ht_corpus_lint(c, NULL, NULL, NULL), 0);
	ht_corpus_free(c);
}

RUN_TESTS("corpus", T(article_format), T(problems_in_one_pass), T(tsv_and_fasttext), T(heldout_split_is_by_id_hash),
	  T(lint_finds_near_duplicates))
