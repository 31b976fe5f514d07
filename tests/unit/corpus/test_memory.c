/* test_memory.c: ht_corpus_from_memory builds the corpus, and so the model bytes, that the TSV reader builds. */
#include "corpus/corpus.h"
#include "test.h"

#include <stdlib.h>

static void same_model_as_tsv(void)
{
	ht_corpus *tsv, *mem;
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.format = HT_CORPUS_TSV;
	CHECK_EQ_INT(ht_corpus_read(&tsv, HT_TEST_DATA "/tiny.tsv", &co, NULL), 0);
	if (!tsv)
		return;
	size_t n = ht_corpus_item_count(tsv), L = ht_corpus_label_count(tsv);
	const char **names = calloc(L, sizeof *names);
	ht_memory_item *items = calloc(n, sizeof *items);
	for (size_t l = 0; l < L; l++)
		names[l] = ht_corpus_label_name(tsv, l);
	for (size_t i = 0; i < n; i++) {
		const ht_item *it = ht_corpus_item(tsv, i);
		items[i] = (ht_memory_item){it->text, it->len, NULL, 0, i, it->label_count, it->labels};
	}
	ht_error err;
	CHECK_EQ_INT(ht_corpus_from_memory(&mem, names, L, items, n, NULL, &err), 0);
	CHECK_EQ_INT(ht_corpus_item_count(mem), n);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.threads = 2;
	ht_model *a, *b;
	void *ba = NULL, *bb = NULL;
	size_t la = 0, lb = 0;
	CHECK_EQ_INT(ht_train(&a, tsv, &o, NULL), 0);
	CHECK_EQ_INT(ht_train(&b, mem, &o, NULL), 0);
	CHECK_EQ_INT(ht_model_serialize(&ba, &la, a, NULL), 0);
	CHECK_EQ_INT(ht_model_serialize(&bb, &lb, b, NULL), 0);
	CHECK(la == lb && la > 0 && memcmp(ba, bb, la) == 0);
	ht_buffer_free(ba);
	ht_buffer_free(bb);
	ht_model_free(a);
	ht_model_free(b);
	ht_corpus_free(mem);
	free(names);
	free(items);
	ht_corpus_free(tsv);
}

typedef struct probs {
	int n;
	char first[256];
} probs;
static void collect(void *ctx, const char *file, size_t line, const char *msg)
{
	probs *p = ctx;
	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%s:%zu: %s", file, line, msg);
}

static void problems_and_bad_arguments(void)
{
	const char *names[] = {"a", "b"};
	uint32_t la = 0, lbad = 7;
	ht_memory_item items[] = {
		{"fine text", 9, NULL, 0, 0, 1, &la},
		{"  ", 2, NULL, 0, 1, 1, &la},
		{"bad \xff utf8", 10, NULL, 0, 2, 0, NULL},
		{"unknown label", 13, NULL, 0, 3, 1, &lbad},
	};
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	probs p = {0};
	co.on_problem = collect;
	co.ctx = &p;
	ht_corpus *c = (ht_corpus *)1;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_from_memory(&c, names, 2, items, 4, &co, &err), HT_EFORMAT);
	CHECK(c == NULL);
	CHECK_EQ_INT(p.n, 3);
	CHECK_STR(p.first, "<memory>:2: empty text");
	CHECK(strstr(err.message, "3 problems") != NULL);
	const char *dup[] = {"a", "a"};
	CHECK_EQ_INT(ht_corpus_from_memory(&c, dup, 2, items, 1, NULL, &err), HT_EINVAL);
	CHECK_EQ_INT(ht_corpus_from_memory(NULL, names, 2, items, 1, NULL, &err), HT_EINVAL);
	CHECK_EQ_INT(ht_corpus_from_memory(&c, NULL, 2, items, 1, NULL, &err), HT_EINVAL);
	/* no items is a valid, empty corpus; training on it is the error */
	CHECK_EQ_INT(ht_corpus_from_memory(&c, names, 2, NULL, 0, NULL, &err), 0);
	ht_model *m;
	CHECK_EQ_INT(ht_train(&m, c, NULL, &err), HT_EINVAL);
	ht_corpus_free(c);
	/* labels are stored ascending without repeats; groups become the items' article keys */
	uint32_t ls[] = {1, 0, 1};
	ht_memory_item one = {"text", 4, "head", 4, 42, 3, ls};
	CHECK_EQ_INT(ht_corpus_from_memory(&c, names, 2, &one, 1, NULL, &err), 0);
	const ht_item *it = ht_corpus_item(c, 0);
	CHECK_EQ_INT(it->label_count, 2);
	CHECK(it->labels[0] == 0 && it->labels[1] == 1);
	CHECK_EQ_INT(it->article, 42);
	CHECK(it->heading_len == 4 && memcmp(it->heading, "head", 4) == 0);
	ht_corpus_free(c);
}

RUN_TESTS("corpus_memory", T(same_model_as_tsv), T(problems_and_bad_arguments))
