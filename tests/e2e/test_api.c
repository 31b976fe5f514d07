/* SPDX-License-Identifier: MIT */
/* The public API end to end: train -> save -> load -> identical scores; multi-label and multi-class; both
 * solvers; articles; explain; batch; evaluation and cross-validation. */
#define _DEFAULT_SOURCE
#include <unistd.h>

#include "healthtopics_train.h"
#include "test.h"

static ht_corpus *read_corpus(const char *path)
{
	ht_corpus *c = NULL;
	ht_error err;
	int rc = ht_corpus_read(&c, path, NULL, &err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err.message);
	CHECK_EQ_INT(rc, 0);
	return c;
}

static ht_model *train(ht_corpus *c, ht_solver solver)
{
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.solver = solver;
	o.folds = 3;
	ht_model *m = NULL;
	ht_error err;
	int rc = ht_train(&m, c, &o, &err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err.message);
	CHECK_EQ_INT(rc, 0);
	return m;
}

static const char *texts[] = {
	"Regular massage eased my back pain and I sleep better now.",
	"Avoid it if you take blood thinners; bruising is a common side effect.",
	"Swedish massage uses long strokes while deep tissue goes deeper.",
	"If you cannot take tablets, a TENS unit or physiotherapy are other options.",
	"Book online today. Copyright 2024.",
	"",
};
#define NT (sizeof texts / sizeof *texts)

static void save_load_identical(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	for (ht_solver s = HT_SOLVER_LINEAR; s <= HT_SOLVER_POLY; s++) {
		ht_model *m = train(c, s);
		char path[] = "/tmp/ht-e2e-XXXXXX";
		int fd = mkstemp(path);
		CHECK(fd >= 0);
		close(fd);
		ht_error err;
		CHECK_EQ_INT(ht_model_save(m, path, &err), 0);
		ht_model *m2;
		CHECK_EQ_INT(ht_model_load(&m2, path, NULL, &err), 0);
		CHECK_EQ_INT(ht_model_is_multilabel(m2), 1);
		CHECK_EQ_INT(ht_model_label_count(m2), 4);
		for (size_t i = 0; i < NT; i++) {
			double p1[4], p2[4], g1[4], g2[4];
			unsigned char a1[4], a2[4];
			int n1 = ht_classify(p1, a1, g1, m, texts[i], strlen(texts[i]), NULL);
			int n2 = ht_classify(p2, a2, g2, m2, texts[i], strlen(texts[i]), NULL);
			CHECK(n1 >= 0 && n1 == n2);
			for (int l = 0; l < 4; l++) {
				CHECK(p1[l] == p2[l] && g1[l] == g2[l] && a1[l] == a2[l]);
				CHECK(p1[l] >= 0 && p1[l] <= 1);
			}
		}
		ht_model_free(m2);
		ht_model_free(m);
		unlink(path);
	}
	ht_corpus_free(c);
}

static void learns_the_obvious(void)
{
	ht_corpus *c = read_corpus(HT_CORPUS_DIR);
	ht_model *m = train(c, HT_SOLVER_LINEAR);
	int b = ht_model_label_index(m, "benefits"), r = ht_model_label_index(m, "risks"),
	    t = ht_model_label_index(m, "types"), a = ht_model_label_index(m, "alternatives");
	CHECK(b >= 0 && r >= 0 && t >= 0 && a >= 0);
	unsigned char as[4];
	double p[4];
	CHECK(ht_classify(p, as, NULL, m, texts[1], strlen(texts[1]), NULL) >= 1);
	CHECK(as[r]);
	CHECK(ht_classify(p, as, NULL, m, texts[4], strlen(texts[4]), NULL) == 0); /* boilerplate: no label */
	CHECK(ht_classify(p, as, NULL, m, texts[3], strlen(texts[3]), NULL) >= 1);
	CHECK(as[a]);
	/* heading context changes the answer for a context-dependent bullet */
	double pb[4], pr[4];
	const char *bullet = "- Pregnancy";
	CHECK(ht_classify_unit(pb, NULL, NULL, m, bullet, strlen(bullet), "# Who should avoid it?", 22, NULL) >= 0);
	CHECK(ht_classify_unit(pr, NULL, NULL, m, bullet, strlen(bullet), "# Benefits of massage", 21, NULL) >= 0);
	CHECK(pb[r] > pr[r]);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void multiclass_path(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny-mc.tsv");
	ht_model *m = train(c, HT_SOLVER_LINEAR);
	CHECK_EQ_INT(ht_model_is_multilabel(m), 0);
	CHECK_EQ_INT(ht_model_label_count(m), 3);
	double p[3];
	unsigned char as[3];
	const char *t = "Symptoms include a cough, fever and tiredness.";
	CHECK_EQ_INT(ht_classify(p, as, NULL, m, t, strlen(t), NULL), 1);
	CHECK(as[ht_model_label_index(m, "symptoms")]);
	CHECK_NEAR(p[0] + p[1] + p[2], 1.0, 1e-9);
	ht_eval *e;
	CHECK_EQ_INT(ht_evaluate(&e, m, c, NULL), 0);
	CHECK(e->accuracy > 0.9);
	CHECK_EQ_INT(e->items, 12);
	size_t diag = 0;
	for (size_t l = 0; l < 3; l++)
		diag += e->confusion[l * 3 + l];
	CHECK_NEAR(e->accuracy, diag / 12.0, 1e-12);
	ht_eval_free(e);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void article_units(void)
{
	ht_corpus *c = read_corpus(HT_CORPUS_DIR);
	ht_model *m = train(c, HT_SOLVER_LINEAR);
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(HT_TEST_DATA "/article.txt", "rb");
	CHECK(f != NULL);
	if (f) {
		text = malloc(1 << 16);
		len = fread(text, 1, 1 << 16, f);
		fclose(f);
	}
	ht_article *a;
	CHECK_EQ_INT(ht_classify_article(&a, m, text, len, NULL), 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 14);
	int r = ht_model_label_index(m, "risks"), t = ht_model_label_index(m, "types");
	for (size_t i = 0; i < ht_article_unit_count(a); i++) {
		const ht_unit *u = ht_article_unit(a, i);
		CHECK(u->start < u->end && u->end <= len);
		if (u->kind == HT_UNIT_HEADING)
			CHECK(u->heading == (size_t)-1);
		else if (i > 0)
			CHECK(u->heading < i);
	}
	const ht_unit *risk_par = ht_article_unit(a, 10), *types_par = ht_article_unit(a, 8);
	CHECK(strncmp(text + risk_par->start, "You may feel sore", 17) == 0);
	CHECK(risk_par->assigned[r]);
	CHECK(types_par->assigned[t]);
	/* a unit classified alone with its heading gives the same scores */
	double p[4];
	const ht_unit *hd = ht_article_unit(a, risk_par->heading);
	CHECK(ht_classify_unit(p, NULL, NULL, m, text + risk_par->start, risk_par->end - risk_par->start,
			       text + hd->start, hd->end - hd->start, NULL) >= 0);
	for (int l = 0; l < 4; l++)
		CHECK(p[l] == risk_par->prob[l]);
	ht_article_free(a);
	free(text);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void explain_adds_up(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	ht_model *m = train(c, HT_SOLVER_LINEAR);
	int r = ht_model_label_index(m, "risks");
	ht_explanation *x;
	CHECK_EQ_INT(ht_explain(&x, m, (size_t)r, texts[1], strlen(texts[1]), NULL, 0, 0, NULL), 0);
	double sum = x->bias;
	for (size_t i = 0; i < x->count; i++)
		sum += x->terms[i].contribution;
	CHECK_NEAR(sum, x->margin, 1e-6);
	CHECK(x->count > 3);
	for (size_t i = 1; i < x->count; i++)
		CHECK(fabs(x->terms[i - 1].contribution) >= fabs(x->terms[i].contribution));
	double g[4];
	ht_classify(NULL, NULL, g, m, texts[1], strlen(texts[1]), NULL);
	CHECK_NEAR(g[r], x->margin, 1e-12);
	ht_explanation_free(x);
	CHECK_EQ_INT(ht_explain(&x, m, 4, "x", 1, NULL, 0, 5, NULL), HT_EINVAL);
	CHECK_EQ_INT(ht_explain(&x, m, (size_t)r, texts[1], strlen(texts[1]), NULL, 0, 2, NULL), 0);
	CHECK_EQ_INT(x->count, 2);
	ht_explanation_free(x);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void batch_equals_single(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	ht_model *m = train(c, HT_SOLVER_LINEAR);
	size_t lens[NT];
	for (size_t i = 0; i < NT; i++)
		lens[i] = strlen(texts[i]);
	double pb[NT * 4], p[4];
	unsigned char ab[NT * 4], a[4];
	int total = ht_classify_batch(pb, ab, m, texts, lens, NT, NULL), sum = 0;
	for (size_t i = 0; i < NT; i++) {
		sum += ht_classify(p, a, NULL, m, texts[i], lens[i], NULL);
		for (int l = 0; l < 4; l++)
			CHECK(p[l] == pb[i * 4 + l] && a[l] == ab[i * 4 + l]);
	}
	CHECK_EQ_INT(total, sum);
	ht_model_free(m);
	ht_corpus_free(c);
}

static void cross_validation_and_errors(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	ht_eval *e;
	ht_error err;
	CHECK_EQ_INT(ht_cross_validate(&e, c, &o, 3, &err), 0);
	CHECK_EQ_INT(e->items, ht_corpus_item_count(c));
	CHECK(e->micro.f1 > 0 && e->micro.f1 <= 1);
	ht_eval_free(e);
	CHECK_EQ_INT(ht_cross_validate(&e, c, &o, 1, &err), HT_EINVAL);
	o.ngram_min = 3;
	o.ngram_max = 2;
	ht_model *m = (ht_model *)1;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), HT_EINVAL);
	CHECK(m == NULL);
	CHECK(strstr(err.message, "n-gram") != NULL);
	CHECK_EQ_INT(ht_classify(NULL, NULL, NULL, NULL, "x", 1, &err), HT_EINVAL);
	ht_corpus_free(c);
	/* reproducible: two trainings give the same bytes */
	c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	ht_model *m1 = train(c, HT_SOLVER_LINEAR), *m2 = train(c, HT_SOLVER_LINEAR);
	void *b1, *b2;
	size_t l1, l2;
	CHECK_EQ_INT(ht_model_serialize(&b1, &l1, m1, NULL), 0);
	CHECK_EQ_INT(ht_model_serialize(&b2, &l2, m2, NULL), 0);
	CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
	ht_buffer_free(b1);
	ht_buffer_free(b2);
	ht_model_free(m1);
	ht_model_free(m2);
	ht_corpus_free(c);
}

static void versions(void)
{
	char v[32];
	snprintf(v, sizeof v, "%d.%d.%d", HT_VERSION_MAJOR, HT_VERSION_MINOR, HT_VERSION_PATCH);
	CHECK_STR(ht_version(), v);
	CHECK_EQ_INT(ht_format_version(), HT_FORMAT_VERSION);
	CHECK_STR(ht_status_name(HT_EFORMAT), "HT_EFORMAT");
}

static void count_warning(void *ctx, const char *message)
{
	int *n = ctx;
	(*n)++;
	CHECK(strstr(message, "'rare'") != NULL);
}

/* A label with one example: a warning through the callback (the library prints nothing), an error with strict;
 * version-1 options (no warning fields) still train. */
static void degenerate_training_warns(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	size_t n = ht_corpus_item_count(c);
	const char *names[] = {"alternatives", "benefits", "rare", "risks", "types"};
	ht_memory_item *items = calloc(n + 1, sizeof *items);
	uint32_t *labs = calloc(4 * (n + 1), sizeof *labs);
	for (size_t i = 0; i < n; i++) {
		const ht_item *it = ht_corpus_item(c, i);
		items[i] = (ht_memory_item){it->text, it->len, NULL, 0, i, it->label_count, labs + 4 * i};
		for (size_t q = 0; q < it->label_count; q++) {
			const char *name = ht_corpus_label_name(c, it->labels[q]);
			for (uint32_t k = 0; k < 5; k++)
				if (!strcmp(name, names[k]))
					labs[4 * i + q] = k;
		}
	}
	static const char rare[] = "Massage once made my ears ring for an hour.";
	labs[4 * n] = 2;
	items[n] = (ht_memory_item){rare, strlen(rare), NULL, 0, n, 1, labs + 4 * n};
	ht_corpus *c2 = NULL;
	CHECK_EQ_INT(ht_corpus_from_memory(&c2, names, 5, items, n + 1, NULL, NULL), 0);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	int warnings = 0;
	o.folds = 3;
	o.warning = count_warning;
	o.warning_ctx = &warnings;
	ht_model *m = NULL;
	ht_error err;
	CHECK_EQ_INT(ht_train(&m, c2, &o, &err), 0);
	CHECK(warnings >= 1);
	ht_model_free(m);
	o.strict = 1;
	warnings = 0;
	CHECK_EQ_INT(ht_train(&m, c2, &o, &err), HT_EINVAL);
	CHECK(m == NULL && strstr(err.message, "'rare'") != NULL && warnings == 0);
	o = (ht_train_options)HT_TRAIN_OPTIONS_INIT;
	o.version = 1;
	o.folds = 3;
	o.warning = count_warning; /* beyond a version-1 struct: must not be read */
	o.strict = 1;
	CHECK_EQ_INT(ht_train(&m, c2, &o, &err), 0);
	CHECK(warnings == 0);
	ht_model_free(m);
	ht_corpus_free(c2);
	ht_corpus_free(c);
	free(items);
	free(labs);
}

static void count_progress(void *ctx, const char *phase, size_t done, size_t total)
{
	size_t *n = ctx;
	if (!strcmp(phase, "training labels")) {
		CHECK(done >= 1 && done <= total && total == 4);
		n[0]++;
	} else if (!strcmp(phase, "labels in fold")) {
		n[1]++;
	}
}

/* Progress reaches the caller for every label trained, kernels included (a long RBF run is not silent). */
static void progress_per_label(void)
{
	ht_corpus *c = read_corpus(HT_TEST_DATA "/tiny.tsv");
	size_t counts[2] = {0, 0};
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.solver = HT_SOLVER_RBF;
	o.folds = 2;
	o.threads = 2;
	o.progress = count_progress;
	o.progress_ctx = counts;
	ht_model *m = NULL;
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0);
	CHECK_EQ_INT(counts[0], 4);
	CHECK_EQ_INT(counts[1], 2 * 4);
	ht_model_free(m);
	ht_corpus_free(c);
}

RUN_TESTS("api", T(save_load_identical), T(learns_the_obvious), T(multiclass_path), T(article_units),
	  T(explain_adds_up), T(batch_equals_single), T(cross_validation_and_errors), T(versions),
	  T(degenerate_training_warns), T(progress_per_label))
