/* SPDX-License-Identifier: MIT */
/*
 * test_robust_limits: configurable limits. ht_limits.max_text_bytes is enforced by every function that takes
 * text (classify, unit with heading, batch, article, explain, vectorize): one byte over gives HT_ELIMIT with a
 * message naming both sizes, exactly at the limit succeeds, and the result is never computed on a truncated text.
 * The default limit (64 MiB) holds too. max_labels and max_vocabulary make loading (buffer and file) fail with
 * HT_ELIMIT and a message when the model has more, and succeed at exactly the model's counts. A corpus file
 * larger than ht_corpus_options.max_bytes is HT_ELIMIT too.
 */
#include "robust.h"

static ht_model *model;
static void *bytes;
static size_t len;

static void test_setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	model = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	bytes = robust_bytes(model, &len);
}

static ht_model *load_with(size_t max_text, int *rc, ht_error *err)
{
	ht_limits lim = HT_LIMITS_INIT;
	lim.max_text_bytes = max_text;
	ht_model *m = NULL;
	*rc = ht_model_load_buffer(&m, bytes, len, &lim, err);
	return m;
}

static int is_limit_error(int rc, const ht_error *err, const char *size)
{
	return rc == HT_ELIMIT && err->code == HT_ELIMIT && strstr(err->message, size) != NULL &&
	       strstr(err->message, "limit") != NULL;
}

static void test_max_text_bytes(void)
{
	int rc;
	ht_error err;
	ht_model *m = load_with(64, &rc, &err);
	CHECK_EQ_INT(rc, 0);
	/* 65 bytes: one over; words at the end so that truncation would be visible as a different result */
	char text[66];
	memset(text, 'x', sizeof text);
	memcpy(text, "knee pain side effects nausea ", 30);
	double prob[4] = {-1, -1, -1, -1};
	unsigned char as[4] = {9, 9, 9, 9};
	memset(&err, 0, sizeof err);
	rc = ht_classify(prob, as, NULL, m, text, 65, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	CHECK(strstr(err.message, "64") != NULL);
	CHECK(prob[0] == -1 && as[0] == 9); /* nothing computed */
	CHECK(ht_classify(prob, as, NULL, m, text, 64, &err) >= 0);

	rc = ht_classify_unit(prob, as, NULL, m, "knee", 4, text, 65, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	CHECK(ht_classify_unit(prob, as, NULL, m, "knee", 4, text, 64, &err) >= 0);

	const char *texts[2] = {"knee pain", text};
	size_t lens[2] = {9, 65};
	double bp[8];
	rc = ht_classify_batch(bp, NULL, m, texts, lens, 2, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	lens[1] = 64;
	CHECK(ht_classify_batch(bp, NULL, m, texts, lens, 2, &err) >= 0);

	ht_article *a = (ht_article *)&a;
	rc = ht_classify_article(&a, m, text, 65, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	CHECK(a == NULL);
	CHECK_EQ_INT(ht_classify_article(&a, m, text, 64, &err), 0);
	ht_article_free(a);

	ht_explanation *e = (ht_explanation *)&e;
	rc = ht_explain(&e, m, 0, text, 65, NULL, 0, 5, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	CHECK(e == NULL);
	CHECK_EQ_INT(ht_explain(&e, m, 0, text, 64, NULL, 0, 5, &err), 0);
	ht_explanation_free(e);

	uint32_t idx[16];
	double val[16];
	rc = ht_model_vectorize(idx, val, 16, m, text, 65, NULL, 0, &err);
	CHECK(is_limit_error(rc, &err, "65"));
	CHECK(ht_model_vectorize(idx, val, 16, m, text, 64, NULL, 0, &err) >= 0);
	ht_model_free(m);
}

static void test_default_text_limit(void)
{
	ht_model *m = NULL;
	ht_error err;
	CHECK_EQ_INT(ht_model_load_buffer(&m, bytes, len, NULL, &err), 0);
	size_t lim = (size_t)64 << 20;
	char *big = malloc(lim + 1);
	memset(big, ' ', lim + 1);
	memcpy(big + lim - 9, "knee pain", 9);
	int rc = ht_classify(NULL, NULL, NULL, m, big, lim + 1, &err);
	CHECK(is_limit_error(rc, &err, "67108865"));
	ht_article *a = NULL;
	CHECK_EQ_INT(ht_classify_article(&a, m, big, lim + 1, &err), HT_ELIMIT);
	CHECK(a == NULL);
	/* exactly at the limit: classified, and the words at the very end count */
	double margin_end[4], margin_ref[4];
	CHECK(ht_classify(NULL, NULL, margin_end, m, big, lim, &err) >= 0);
	CHECK(ht_classify(NULL, NULL, margin_ref, m, "knee pain", 9, &err) >= 0);
	CHECK(memcmp(margin_end, margin_ref, sizeof margin_ref) == 0);
	free(big);
	ht_model_free(m);
}

static void test_max_labels(void)
{
	size_t L = ht_model_label_count(model);
	ht_limits lim = HT_LIMITS_INIT;
	ht_model *m = (ht_model *)&m;
	ht_error err;
	lim.max_labels = L - 1;
	int rc = ht_model_load_buffer(&m, bytes, len, &lim, &err);
	CHECK_EQ_INT(rc, HT_ELIMIT);
	CHECK(m == NULL);
	CHECK(err.code == HT_ELIMIT && strstr(err.message, "labels") != NULL);
	lim.max_labels = L;
	CHECK_EQ_INT(ht_model_load_buffer(&m, bytes, len, &lim, &err), 0);
	ht_model_free(m);
	lim.max_labels = 0;
	CHECK_EQ_INT(ht_model_load_buffer(&m, bytes, len, &lim, &err), HT_ELIMIT);
}

static void test_max_vocabulary(void)
{
	size_t F = ht_model_feature_count(model);
	ht_limits lim = HT_LIMITS_INIT;
	ht_model *m = (ht_model *)&m;
	ht_error err;
	lim.max_vocabulary = F - 1;
	int rc = ht_model_load_buffer(&m, bytes, len, &lim, &err);
	CHECK_EQ_INT(rc, HT_ELIMIT);
	CHECK(m == NULL);
	CHECK(err.code == HT_ELIMIT && strstr(err.message, "features") != NULL);
	lim.max_vocabulary = F;
	CHECK_EQ_INT(ht_model_load_buffer(&m, bytes, len, &lim, &err), 0);
	CHECK_EQ_INT(ht_model_feature_count(m), F);
	ht_model_free(m);
}

static void test_limits_from_file(void)
{
	char *dir = robust_tmpdir("limits");
	char path[4200];
	snprintf(path, sizeof path, "%s/m.htm", dir);
	CHECK_EQ_INT(robust_write_file(path, bytes, len), 0);
	ht_limits lim = HT_LIMITS_INIT;
	ht_model *m = NULL;
	ht_error err;
	lim.max_labels = 2;
	CHECK_EQ_INT(ht_model_load(&m, path, &lim, &err), HT_ELIMIT);
	CHECK(m == NULL && err.message[0]);
	lim = (ht_limits)HT_LIMITS_INIT;
	lim.max_vocabulary = 10;
	CHECK_EQ_INT(ht_model_load(&m, path, &lim, &err), HT_ELIMIT);
	CHECK(m == NULL && err.message[0]);
	lim = (ht_limits)HT_LIMITS_INIT;
	lim.max_text_bytes = 3;
	CHECK_EQ_INT(ht_model_load(&m, path, &lim, &err), 0);
	CHECK_EQ_INT(ht_classify(NULL, NULL, NULL, m, "knee", 4, &err), HT_ELIMIT);
	ht_model_free(m);
	robust_rmdir(dir);
}

/* ht_corpus_options.max_bytes: a corpus file one byte over is HT_ELIMIT, not a partial corpus */
static void test_corpus_max_bytes(void)
{
	char *dir = robust_tmpdir("limits");
	char path[4200];
	snprintf(path, sizeof path, "%s/c.tsv", dir);
	size_t n = strlen(fixture_tsv);
	CHECK_EQ_INT(robust_write_file(path, fixture_tsv, n), 0);
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	ht_corpus *c = (ht_corpus *)&c;
	ht_error err;
	co.max_bytes = n - 1;
	CHECK_EQ_INT(ht_corpus_read(&c, path, &co, &err), HT_ELIMIT);
	CHECK(c == NULL && err.code == HT_ELIMIT && strstr(err.message, "limit") != NULL);
	co.max_bytes = n;
	CHECK_EQ_INT(ht_corpus_read(&c, path, &co, &err), 0);
	CHECK_EQ_INT(ht_corpus_item_count(c), 22);
	ht_corpus_free(c);
	robust_rmdir(dir);
}

static void test_teardown(void)
{
	ht_model_free(model);
	ht_buffer_free(bytes);
}

RUN_TESTS("robust_limits", T(test_setup), T(test_max_text_bytes), T(test_default_text_limit), T(test_max_labels),
	  T(test_max_vocabulary), T(test_limits_from_file), T(test_corpus_max_bytes), T(test_teardown))
