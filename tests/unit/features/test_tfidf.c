/* SPDX-License-Identifier: MIT */
/* Vocabulary table, n-grams, and TF-IDF values checked against values computed by hand. */
#include "features/features.h"
#include "healthtopics_train.h"
#include "test.h"

static void strtab_interns_and_grows(void)
{
	ht_strtab t = {0};
	char buf[32];
	for (int i = 0; i < 5000; i++) {
		uint32_t id;
		int n = snprintf(buf, sizeof buf, "term%d", i);
		CHECK_EQ_INT(ht_features__strtab_intern(&t, buf, (size_t)n, &id), 1);
		CHECK_EQ_INT(id, i);
	}
	uint32_t id;
	CHECK_EQ_INT(ht_features__strtab_intern(&t, "term42", 6, &id), 0);
	CHECK_EQ_INT(id, 42);
	CHECK_EQ_INT(ht_features__strtab_find(&t, "term4999", 8), 4999);
	CHECK_EQ_INT(ht_features__strtab_find(&t, "term5000", 8), -1);
	size_t len;
	CHECK(memcmp(ht_features__strtab_str(&t, 7, &len), "term7", 5) == 0 && len == 5);
	ht_features__strtab_free(&t);
}

static int collect(void *ctx, const char *key, size_t len)
{
	char *out = ctx;
	strncat(out, key, len);
	strcat(out, "|");
	return 0;
}

static void ngrams_and_heading_context(void)
{
	ht_fx fx = {1, 2, 0, 1, 1};
	ht_fx_scratch s = {0};
	char out[512] = "";
	CHECK_EQ_INT(ht_features__fx_terms(&s, &fx, "Side effects are rare", 21, "Is it safe?", 11, 0, collect, out, NULL), 0);
	CHECK_STR(out, "side|side effects|effects|effects are|are|are rare|rare|h:is|h:it|h:safe|");
	fx.stop_words = 1;
	out[0] = 0;
	CHECK_EQ_INT(ht_features__fx_terms(&s, &fx, "Side effects are rare", 21, NULL, 0, 0, collect, out, NULL), 0);
	CHECK_STR(out, "side|side effects|effects|effects rare|rare|");
	ht_features__fx_scratch_free(&s);
}

/*
 * Three texts, unigrams, min_df 1: "a b", "a c", "a a d". n = 3; idf = ln((1+n)/(1+df)) + 1:
 * a: df 3 -> 1; b, c, d: df 1 -> 1 + ln 2. Sublinear tf: a in "a a d" -> 1 + ln 2.
 */
static void tfidf_by_hand(void)
{
	const char *tsv = "x\ta b\ny\ta c\nx\ta a d\n";
	ht_corpus *c;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, tsv, strlen(tsv), "hand.tsv", NULL, &err), 0);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.ngram_max = 1;
	o.min_df = 1;
	o.folds = 0;
	ht_model *m;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), 0);
	CHECK_EQ_INT(ht_model_feature_count(m), 4);
	uint32_t idx[8];
	double val[8];
	double l2 = 1 + log(2.0);
	/* "a b": a -> 1, b -> 1 + ln 2, normalised */
	CHECK_EQ_INT(ht_model_vectorize(idx, val, 8, m, "a b", 3, NULL, 0, &err), 2);
	double norm = sqrt(1 + l2 * l2);
	CHECK_EQ_INT(idx[0], 0);
	CHECK_NEAR(val[0], 1 / norm, 1e-12);
	CHECK_NEAR(val[1], l2 / norm, 1e-12);
	/* "a a d": a -> (1 + ln 2) * 1, d -> 1 * (1 + ln 2): equal, so 1/sqrt(2) each */
	CHECK_EQ_INT(ht_model_vectorize(idx, val, 8, m, "a a d", 5, NULL, 0, &err), 2);
	CHECK_NEAR(val[0], 1 / sqrt(2.0), 1e-12);
	CHECK_NEAR(val[1], 1 / sqrt(2.0), 1e-12);
	/* unknown words are ignored; an empty text is the zero vector */
	CHECK_EQ_INT(ht_model_vectorize(idx, val, 8, m, "zzz", 3, NULL, 0, &err), 0);
	/* raw tf: "a a d" -> a: 2, d: 1 + ln 2 */
	ht_model_free(m);
	o.sublinear_tf = 0;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), 0);
	CHECK_EQ_INT(ht_model_vectorize(idx, val, 8, m, "a a d", 5, NULL, 0, &err), 2);
	norm = sqrt(4 + l2 * l2);
	CHECK_NEAR(val[0], 2 / norm, 1e-12);
	CHECK_NEAR(val[1], l2 / norm, 1e-12);
	/* capacity too small: the count comes back, nothing is written past cap */
	CHECK_EQ_INT(ht_model_vectorize(idx, val, 1, m, "a b c", 5, NULL, 0, &err), 3);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void min_df_and_max_features(void)
{
	const char *tsv = "x\talpha beta\ny\talpha gamma\nx\talpha beta delta\n";
	ht_corpus *c;
	CHECK_EQ_INT(ht_corpus_read_buffer(&c, tsv, strlen(tsv), "df.tsv", NULL, NULL), 0);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.ngram_max = 1;
	o.folds = 0;
	ht_model *m;
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0); /* min_df 2: alpha, beta */
	CHECK_EQ_INT(ht_model_feature_count(m), 2);
	ht_model_free(m);
	o.min_df = 1;
	o.max_features = 1;
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0); /* the most frequent: alpha */
	CHECK_EQ_INT(ht_model_feature_count(m), 1);
	ht_model_free(m);
	o.max_features = 0;
	o.max_df = 0.9; /* alpha is in every text */
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0);
	CHECK_EQ_INT(ht_model_feature_count(m), 3);
	ht_model_free(m);
	ht_corpus_free(c);
}

/* A long text: hundreds of distinct ids go through the quicksort path; the vector must come out strictly
 * ascending with unit norm, and classify (unsorted path) must agree with the sorted vector's margin. */
static void long_vectors_sorted(void)
{
	ht_corpus *c;
	CHECK_EQ_INT(ht_corpus_read(&c, HT_TEST_DATA "/tiny.tsv", NULL, NULL), 0);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.min_df = 1;
	o.folds = 0;
	ht_model *m;
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0);
	static char text[1 << 15];
	size_t len = 0;
	for (int rep = 0; rep < 3; rep++)
		for (size_t i = 0; i < ht_corpus_item_count(c); i++) {
			const ht_item *it = ht_corpus_item(c, (i * 7 + (size_t)rep) % ht_corpus_item_count(c));
			memcpy(text + len, it->text, it->len);
			len += it->len;
			text[len++] = ' ';
		}
	static uint32_t idx[4096];
	static double val[4096];
	int n = ht_model_vectorize(idx, val, 4096, m, text, len, NULL, 0, NULL);
	CHECK(n > 200);
	double norm = 0;
	for (int k = 0; k < n; k++) {
		if (k)
			CHECK(idx[k] > idx[k - 1]);
		norm += val[k] * val[k];
	}
	CHECK_NEAR(norm, 1.0, 1e-9);
	ht_model_free(m);
	ht_corpus_free(c);
}

RUN_TESTS("tfidf", T(long_vectors_sorted), T(strtab_interns_and_grows), T(ngrams_and_heading_context), T(tfidf_by_hand),
	  T(min_df_and_max_features))
