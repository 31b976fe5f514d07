/* SPDX-License-Identifier: MIT */
/*
 * test_robust_concurrency: one shared model, many threads. 8 threads make 100,000 ht_classify calls in total on
 * shared models (linear multi-label, rbf multi-label, poly multi-class), interleaved with article classification
 * and explanations, and every result must be bit-for-bit the single-threaded one. Run it in the ThreadSanitizer
 * build (-DHT_SANITIZE=thread; `ctest -R concurrency`) to check for data races as well.
 */
#include "robust.h"

#define THREADS 8
#define CALLS 100000
#define MODELS 3
#define MAXL 8

static const char *const texts[] = {
	"Gentle exercise eases knee pain and improves strength over a few weeks.",
	"Side effects include nausea, dizziness and, rarely, stomach bleeding.",
	"There are two kinds of brace: a soft sleeve and a hinged support.",
	"Other options include weight loss, walking aids and hydrotherapy.",
	"Free shipping on orders over forty dollars.",
	"",
	"   \n\t  ",
	"caf\xc3\xa9 na\xc3\xafve \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d cafe\xcc\x81",
	"invalid \xff\xfe bytes \xed\xa0\x80 and \xc0\xaf overlong",
	"It can ease pain quickly, but side effects such as heartburn are common.",
	"Masks come as nasal pillows, nasal masks and full-face masks; creams, patches or tablets.",
	"If tablets do not suit you, a steroid injection or surgery may help. Ask about physiotherapy instead.",
	"KNEE PAIN knee pain Knee Pain knee-pain knee's pain",
	"Stop taking the tablets and see a doctor if a rash or swelling appears.",
	"Strength training improves balance and reduces falls in older adults.",
	"Rare but serious risks include blood clots and infection after surgery.",
};
#define NT (sizeof texts / sizeof *texts)

static const char article_text[] = "# Benefits\n\nGentle exercise eases knee pain.\n\n# Risks\n\n- Nausea\n- Rash\n\n"
				   "Other options include surgery.\n";

typedef struct result {
	int rc;
	double prob[MAXL], margin[MAXL];
	unsigned char assigned[MAXL];
} result;

static ht_model *models[MODELS];
static result ref[MODELS][NT];
static double ref_article[MODELS][8 * MAXL];
static size_t ref_units[MODELS];
static double ref_expl_margin[MODELS][NT];

static void classify(result *r, const ht_model *m, size_t t)
{
	memset(r, 0, sizeof *r);
	r->rc = ht_classify(r->prob, r->assigned, r->margin, m, texts[t], strlen(texts[t]), NULL);
}

static int article_matches(int mi)
{
	ht_article *a = NULL;
	if (ht_classify_article(&a, models[mi], article_text, sizeof article_text - 1, NULL) != 0)
		return 0;
	size_t L = ht_model_label_count(models[mi]), n = ht_article_unit_count(a);
	int ok = n == ref_units[mi];
	for (size_t u = 0; ok && u < n; u++)
		ok = memcmp(ht_article_unit(a, u)->prob, ref_article[mi] + u * L, L * sizeof(double)) == 0;
	ht_article_free(a);
	return ok;
}

static double explain_margin(int mi, size_t t)
{
	ht_explanation *e = NULL;
	double m = -1e300;
	if (ht_explain(&e, models[mi], 0, texts[t], strlen(texts[t]), NULL, 0, 5, NULL) == 0)
		m = e->margin;
	ht_explanation_free(e);
	return m;
}

typedef struct worker_arg {
	int id;
	pthread_barrier_t *start;
	long calls, mismatches, extra;
} worker_arg;

static void *worker(void *p)
{
	worker_arg *w = p;
	pthread_barrier_wait(w->start);
	for (long i = 0; i < CALLS / THREADS; i++) {
		size_t k = (size_t)w->id * 7919 + (size_t)i;
		int mi = (int)(k % MODELS);
		size_t t = (k / MODELS) % NT;
		result r;
		classify(&r, models[mi], t);
		w->calls++;
		w->mismatches += memcmp(&r, &ref[mi][t], sizeof r) != 0;
		if (i % 64 == 0) {
			w->mismatches += !article_matches(mi);
			w->mismatches += explain_margin(mi, t) != ref_expl_margin[mi][t];
			w->extra += 2;
		}
	}
	return NULL;
}

static void test_setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	models[0] = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	o.solver = HT_SOLVER_RBF;
	models[1] = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	o.solver = HT_SOLVER_POLY;
	models[2] = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	for (int mi = 0; mi < MODELS; mi++) {
		size_t L = ht_model_label_count(models[mi]);
		CHECK(L <= MAXL);
		for (size_t t = 0; t < NT; t++) {
			classify(&ref[mi][t], models[mi], t);
			CHECK(ref[mi][t].rc >= 0);
			ref_expl_margin[mi][t] = explain_margin(mi, t);
			CHECK(ref_expl_margin[mi][t] == ref[mi][t].margin[0]);
		}
		ht_article *a = NULL;
		CHECK_EQ_INT(ht_classify_article(&a, models[mi], article_text, sizeof article_text - 1, NULL), 0);
		ref_units[mi] = ht_article_unit_count(a);
		CHECK(ref_units[mi] == 6);
		for (size_t u = 0; u < ref_units[mi] && u < 8; u++)
			memcpy(ref_article[mi] + u * L, ht_article_unit(a, u)->prob, L * sizeof(double));
		ht_article_free(a);
	}
}

static void test_concurrency_shared_model(void)
{
	pthread_t tid[THREADS];
	worker_arg args[THREADS];
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		args[i] = (worker_arg){i, &start, 0, 0, 0};
		CHECK_EQ_INT(pthread_create(&tid[i], NULL, worker, &args[i]), 0);
	}
	long calls = 0, mismatches = 0, extra = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		calls += args[i].calls;
		mismatches += args[i].mismatches;
		extra += args[i].extra;
	}
	pthread_barrier_destroy(&start);
	printf("%d threads: %ld classify calls and %ld article/explain calls, %ld results differing from the "
	       "single-threaded ones\n", THREADS, calls, extra, mismatches);
	CHECK_EQ_INT(calls, CALLS);
	CHECK_EQ_INT(mismatches, 0);
}

static void test_teardown(void)
{
	for (int mi = 0; mi < MODELS; mi++)
		ht_model_free(models[mi]);
}

RUN_TESTS("robust_concurrency", T(test_setup), T(test_concurrency_shared_model), T(test_teardown))
