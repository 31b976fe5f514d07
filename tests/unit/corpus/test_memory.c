/* SPDX-License-Identifier: MIT */
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

/* A counting allocator whose N-th allocation fails, and a count of live blocks. */
static long oom_calls, oom_fail_at, oom_failed, oom_live;
static void *oom_malloc(void *ctx, size_t n)
{
	if (++oom_calls == oom_fail_at) {
		oom_failed++;
		return NULL;
	}
	void *p = malloc(n);
	oom_live += p != NULL;
	return p;
}
static void *oom_realloc(void *ctx, void *p, size_t n)
{
	if (++oom_calls == oom_fail_at) {
		oom_failed++;
		return NULL;
	}
	void *q = realloc(p, n);
	oom_live += q && !p;
	return q;
}
static void oom_free(void *ctx, void *p)
{
	oom_live -= p != NULL;
	free(p);
}

/* Every allocation ht_corpus_from_memory makes, made to fail once: HT_ENOMEM with a message, nothing leaked. */
static void out_of_memory(void)
{
	const char *names[] = {"b", "a", "c"};
	uint32_t l1[] = {2, 0}, l2[] = {1};
	ht_memory_item items[] = {
		{"first text", 10, NULL, 0, 0, 2, l1},
		{"second text", 11, "heading", 7, 0, 1, l2},
		{"third", 5, NULL, 0, 1, 0, NULL},
	};
	static const ht_allocator a = {oom_malloc, oom_realloc, oom_free, NULL};
	long total = 0;
	for (long n = 0; n == 0 || n <= total + 1; n++) {
		oom_calls = oom_failed = oom_live = 0;
		oom_fail_at = n;
		ht_set_allocator(&a);
		ht_corpus *c = NULL;
		ht_error err = {0};
		int rc = ht_corpus_from_memory(&c, names, 3, items, 3, NULL, &err);
		if (rc == 0)
			CHECK_EQ_INT(ht_corpus_item_count(c), 3);
		ht_corpus_free(c);
		ht_set_allocator(NULL);
		if (n == 0)
			total = oom_calls;
		if (oom_failed) {
			CHECK_EQ_INT(rc, HT_ENOMEM);
			CHECK(c == NULL && err.message[0] != 0);
		} else {
			CHECK_EQ_INT(rc, 0);
		}
		CHECK_EQ_INT(oom_live, 0);
	}
	CHECK(total > 5);
}

RUN_TESTS("corpus_memory", T(same_model_as_tsv), T(problems_and_bad_arguments), T(out_of_memory))
