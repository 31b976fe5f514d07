/* SPDX-License-Identifier: MIT */
/* fuzz_common.c: reference models, UTF-8 validation and the corpus checks shared by the fuzz targets. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}

static ht_model *models[FUZZ_MODELS], *strict_models[FUZZ_MODELS];
static const char *const model_names[FUZZ_MODELS] = {"linear-multilabel", "rbf-multilabel", "poly-multiclass"};

const char *fuzz_model_name(int i) { return model_names[i]; }

static ht_model *train_reference(int i, const ht_limits *lim)
{
	ht_train_options to = HT_TRAIN_OPTIONS_INIT;
	ht_model *loaded = NULL;
	ht_error err;
	void *buf = NULL;
	size_t len = 0;
	to.min_df = 1;
	to.threads = 1;
	to.solver = i == 0 ? HT_SOLVER_LINEAR : i == 1 ? HT_SOLVER_RBF : HT_SOLVER_POLY;
	to.folds = i == 2 ? 0 : 3; /* one article is one group: no cross-validation */
	to.mode = i == 2 ? HT_MODE_MULTICLASS : HT_MODE_MULTILABEL;
	ht_model *m = i == 2 ? fixture_train(fixture_article, HT_CORPUS_ARTICLE, &to)
			     : fixture_train(fixture_tsv, HT_CORPUS_TSV, &to);
	if (ht_model_serialize(&buf, &len, m, &err) < 0 || ht_model_load_buffer(&loaded, buf, len, lim, &err) < 0) {
		fprintf(stderr, "cannot build reference model %d: %s\n", i, err.message);
		abort();
	}
	ht_buffer_free(buf);
	ht_model_free(m);
	return loaded;
}

static void init_models(void)
{
	if (models[0])
		return;
	ht_limits strict = HT_LIMITS_INIT;
	strict.reject_invalid_utf8 = 1;
	for (int i = 0; i < FUZZ_MODELS; i++) {
		models[i] = train_reference(i, NULL);
		strict_models[i] = train_reference(i, &strict);
	}
}

const ht_model *fuzz_model(int i)
{
	init_models();
	return models[i];
}

const ht_model *fuzz_model_strict(int i)
{
	init_models();
	return strict_models[i];
}

int fuzz_utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = s[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (len - i - 1 < n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

typedef struct problems {
	size_t count;
} problems;

static void on_problem(void *ctx, const char *file, size_t line, const char *message)
{
	problems *p = ctx;
	FUZZ_ASSERT(file && message && message[0]);
	FUZZ_ASSERT(line >= 1);
	p->count++;
}

static void on_lint(void *ctx, const char *file, size_t line, const char *message)
{
	on_problem(ctx, file, line, message);
}

void fuzz_corpus(const uint8_t *data, size_t size, ht_corpus_format format)
{
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	problems p = {0}, lp = {0};
	ht_corpus *c = (ht_corpus *)&p; /* must be overwritten */
	ht_error err;
	co.format = format;
	co.on_problem = on_problem;
	co.ctx = &p;
	int rc = ht_corpus_read_buffer(&c, (const char *)data, size, "fuzz.txt", &co, &err);
	if (rc < 0) {
		/* Every problem is reported, and a failed read is a format error with a message, nothing else. */
		FUZZ_ASSERT(rc == HT_EFORMAT);
		FUZZ_ASSERT(c == NULL);
		FUZZ_ASSERT(err.code == rc && err.message[0]);
		FUZZ_ASSERT(p.count > 0);
		return;
	}
	FUZZ_ASSERT(rc == 0 && c != NULL && p.count == 0);
	size_t L = ht_corpus_label_count(c), n = ht_corpus_item_count(c), na = ht_corpus_article_count(c);
	for (size_t l = 0; l < L; l++) {
		const char *name = ht_corpus_label_name(c, l);
		FUZZ_ASSERT(name && name[0]);
		FUZZ_ASSERT(fuzz_utf8_valid((const uint8_t *)name, strlen(name)));
		if (l > 0 && format != HT_CORPUS_ARTICLE)
			FUZZ_ASSERT(strcmp(ht_corpus_label_name(c, l - 1), name) < 0);
	}
	for (size_t i = 0; i < n; i++) {
		const ht_item *it = ht_corpus_item(c, i);
		FUZZ_ASSERT(it && it->text && it->len > 0 && it->file && it->line >= 1);
		FUZZ_ASSERT(fuzz_utf8_valid((const uint8_t *)it->text, it->len));
		FUZZ_ASSERT(!it->heading_len || it->heading);
		FUZZ_ASSERT(format != HT_CORPUS_ARTICLE || it->article < na);
		for (size_t k = 0; k < it->label_count; k++) {
			FUZZ_ASSERT(it->labels[k] < L);
			FUZZ_ASSERT(k == 0 || it->labels[k - 1] < it->labels[k]);
		}
	}
	FUZZ_ASSERT(ht_corpus_item(c, n) == NULL);
	if (format == HT_CORPUS_ARTICLE) {
		FUZZ_ASSERT(na == 1);
		const char *id = ht_corpus_article_meta(c, 0, "id");
		FUZZ_ASSERT(id && id[0]);
	}
	int lr = ht_corpus_lint(c, on_lint, &lp, &err);
	FUZZ_ASSERT(lr >= 0 && (size_t)lr == lp.count);
	ht_corpus_free(c);
}
