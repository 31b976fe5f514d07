/* SPDX-License-Identifier: MIT */
/*
 * test_robust_oom: out of memory. Through ht_set_allocator the N-th allocation fails, for every N from 1 to one
 * past the number of allocations an operation makes: model loading (buffer and file), classification (text,
 * unit, batch, article), explain, vectorize, describe, serialise and save, corpus reading (each format, buffer,
 * file and directory) and lint, training (linear and kernel) and evaluation. Each run must end with HT_ENOMEM
 * and a message when an allocation failed and succeed otherwise, and every block allocated through the hook
 * must have been freed when the operation returns (outputs included: each operation frees what it made).
 */
#include "robust.h"

typedef int (*op_fn)(void *ctx, ht_error *err);

/* Run op with the N-th allocation failing for every N; returns the number of allocations of a clean run. */
static long sweep(const char *name, op_fn op, void *ctx)
{
	ht_error err;
	robust_alloc_start(0);
	int rc = op(ctx, &err);
	long total = robust_a.calls, live = robust_a.live;
	robust_alloc_stop();
	if (rc < 0 || live != 0) {
		fprintf(stderr, "%s: clean run gave %d (%s), %ld blocks live\n", name, rc, rc < 0 ? err.message : "",
			live);
		CHECK(0);
		return 0;
	}
	int reported = 0;
	for (long n = 1; n <= total + 1; n++) {
		memset(&err, 0, sizeof err);
		robust_alloc_start(n);
		rc = op(ctx, &err);
		long failed = robust_a.failed;
		live = robust_a.live;
		robust_alloc_stop();
		int ok = failed ? (rc == HT_ENOMEM && err.code == HT_ENOMEM && err.message[0] != '\0') : rc >= 0;
		if ((!ok || live != 0) && reported++ < 5) {
			fprintf(stderr, "%s: allocation %ld of %ld failing: status %d (%s), message '%s', %ld blocks leaked\n",
				name, n, total, rc, ht_status_name(rc), err.message, live);
			CHECK(0);
		}
	}
	printf("%s: %ld allocations, each made to fail once\n", name, total);
	return total;
}

/* ---- fixtures, made with the default allocator before any sweep ---- */

static ht_model *linear_model, *rbf_model, *multiclass_model;
static void *linear_bytes;
static size_t linear_len;
static ht_corpus *tsv_corpus, *multiclass_corpus;
static char *tmp;

static const char text[] = "Gentle exercise eases knee pain, but side effects include nausea. Ask about braces.";
static const char article[] = "# Benefits\n\nGentle exercise eases knee pain and improves strength.\n\n"
			      "# Risks\n\n- Nausea and dizziness\n- Stomach bleeding\n\nOther options include surgery.\n";
static const char article_corpus[] =
	"id: oom-kneepain\ntitle: Knee pain\ntreatment: exercise\ncondition: knee pain\nstyle: clinic-blog\n\n"
	"[none] # Knee pain\n"
	"[benefits] Gentle exercise eases knee pain and improves strength over a few weeks for most people who try it.\n"
	"[risks] - Nausea and dizziness\n"
	"[benefits, types] Gentle exercise eases knee pain and improves strength over a few weeks for most people.\n";
static const char fasttext_corpus[] = "__label__a __label__b knee pain\n__label__b back pain\nneck ache\n";

static void setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	linear_model = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	o.solver = HT_SOLVER_RBF;
	rbf_model = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	o.solver = HT_SOLVER_LINEAR;
	multiclass_model = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	linear_bytes = robust_bytes(linear_model, &linear_len);
	tsv_corpus = fixture_corpus(fixture_tsv, HT_CORPUS_TSV);
	multiclass_corpus = fixture_corpus(fixture_multiclass_tsv, HT_CORPUS_TSV);
	tmp = robust_tmpdir("oom");
	char path[4200];
	snprintf(path, sizeof path, "%s/model.htm", tmp);
	robust_write_file(path, linear_bytes, linear_len);
	snprintf(path, sizeof path, "%s/corpus.tsv", tmp);
	robust_write_file(path, fixture_tsv, strlen(fixture_tsv));
	snprintf(path, sizeof path, "%s/articles", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/articles/oom-kneepain.txt", tmp);
	robust_write_file(path, article_corpus, strlen(article_corpus));
}

/* ---- operations: each frees what it made ---- */

static int op_load_buffer(void *ctx, ht_error *err)
{
	ht_model *m;
	int rc = ht_model_load_buffer(&m, linear_bytes, linear_len, NULL, err);
	ht_model_free(m);
	(void)ctx;
	return rc;
}

static int op_load_file(void *ctx, ht_error *err)
{
	char path[4200];
	ht_model *m;
	snprintf(path, sizeof path, "%s/model.htm", tmp);
	int rc = ht_model_load(&m, path, NULL, err);
	ht_model_free(m);
	(void)ctx;
	return rc;
}

static int op_classify(void *ctx, ht_error *err)
{
	double prob[8], margin[8];
	unsigned char as[8];
	return ht_classify(prob, as, margin, ctx, text, sizeof text - 1, err);
}

static int op_classify_unit(void *ctx, ht_error *err)
{
	double prob[8];
	return ht_classify_unit(prob, NULL, NULL, ctx, text, sizeof text - 1, "Side effects", 12, err);
}

static int op_batch(void *ctx, ht_error *err)
{
	const char *texts[3] = {text, "knee pain", ""};
	size_t lens[3] = {sizeof text - 1, 9, 0};
	double prob[3 * 8];
	unsigned char as[3 * 8];
	return ht_classify_batch(prob, as, ctx, texts, lens, 3, err);
}

static int op_article(void *ctx, ht_error *err)
{
	ht_article *a;
	int rc = ht_classify_article(&a, ctx, article, sizeof article - 1, err);
	if (rc == 0 && ht_article_unit_count(a) != 6)
		rc = HT_EINTERNAL;
	ht_article_free(a);
	return rc;
}

/* HTML goes through gumbo, whose allocation failures jump out of the parser; Markdown has its own reader. */
static const char page_html[] = "<!DOCTYPE html><html><head><title>T</title><script>x()</script></head><body>"
				"<nav><a href=\"/\">Home</a></nav><main><h1>Knee braces</h1><p>A brace &amp; a sleeve "
				"ease<br>knee pain.</p><ul><li>Less pain</li><li>More steps</li></ul><table><tr><td>Hinged"
				"</td><td>High</td></tr></table></main><footer>Foot</footer></body></html>";
static const char page_md[] = "Knee braces\n===========\n\nA **brace** eases [knee pain](/k).\n\n- Less pain\n"
			      "- More steps\n\n> Quoted\n\n| a | b |\n|---|---|\n| c | d |\n";

static int op_article_format(void *ctx, ht_error *err, const char *page, size_t len, ht_article_format f,
			     size_t units)
{
	ht_article *a;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	o.format = f;
	int rc = ht_classify_article_ext(&a, ctx, page, len, &o, err);
	if (rc == 0 && ht_article_unit_count(a) != units)
		rc = HT_EINTERNAL;
	ht_article_free(a);
	return rc;
}
static int op_html(void *ctx, ht_error *err)
{
	return op_article_format(ctx, err, page_html, sizeof page_html - 1, HT_ARTICLE_HTML, 7);
}
static int op_markdown(void *ctx, ht_error *err)
{
	return op_article_format(ctx, err, page_md, sizeof page_md - 1, HT_ARTICLE_MARKDOWN, 7);
}

static int op_explain(void *ctx, ht_error *err)
{
	ht_explanation *e;
	int rc = ht_explain(&e, ctx, 1, text, sizeof text - 1, "Risks", 5, 5, err);
	ht_explanation_free(e);
	return rc;
}

static int op_vectorize(void *ctx, ht_error *err)
{
	uint32_t idx[64];
	double val[64];
	return ht_model_vectorize(idx, val, 64, ctx, text, sizeof text - 1, "Risks", 5, err);
}

static int op_describe(void *ctx, ht_error *err)
{
	char *s;
	int rc = ht_model_describe(&s, ctx, err);
	ht_string_free(s);
	return rc;
}

static int op_serialize(void *ctx, ht_error *err)
{
	void *buf;
	size_t len;
	int rc = ht_model_serialize(&buf, &len, ctx, err);
	ht_buffer_free(buf);
	return rc;
}

/* Save over an existing file: a failed save must leave that file as it was, and no temporary file behind. */
static int op_save(void *ctx, ht_error *err)
{
	static const char old[] = "the previous file";
	char path[4200], cmd[4400];
	snprintf(path, sizeof path, "%s/saved.htm", tmp);
	robust_write_file(path, old, sizeof old - 1);
	int rc = ht_model_save(ctx, path, err);
	size_t n;
	unsigned char *now = robust_read_file(path, &n);
	int unchanged = now && n == sizeof old - 1 && memcmp(now, old, n) == 0;
	free(now);
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -q tmp-", tmp);
	if (system(cmd) == 0) {
		fprintf(stderr, "save: a temporary file was left behind\n");
		return HT_EINTERNAL;
	}
	if (rc < 0 && !unchanged) {
		fprintf(stderr, "save: failed with '%s' but replaced the previous file\n", err->message);
		return HT_EINTERNAL;
	}
	return rc;
}

typedef struct corpus_op {
	const char *text;
	ht_corpus_format format;
	int lint;
} corpus_op;

static int op_corpus_buffer(void *ctx, ht_error *err)
{
	const corpus_op *o = ctx;
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	ht_corpus *c;
	co.format = o->format;
	int rc = ht_corpus_read_buffer(&c, o->text, strlen(o->text), "mem", &co, err);
	if (rc == 0 && o->lint) {
		rc = ht_corpus_lint(c, NULL, NULL, err);
		if (rc == 0) /* the fixture has one near-duplicate pair */
			rc = HT_EINTERNAL;
	}
	ht_corpus_free(c);
	return rc < 0 ? rc : 0;
}

static int op_corpus_file(void *ctx, ht_error *err)
{
	char path[4200];
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	ht_corpus *c;
	snprintf(path, sizeof path, "%s/%s", tmp, (const char *)ctx);
	int rc = ht_corpus_read(&c, path, &co, err);
	ht_corpus_free(c);
	return rc;
}

typedef struct train_op {
	const ht_corpus *c;
	ht_solver solver;
} train_op;

static int op_train(void *ctx, ht_error *err)
{
	const train_op *t = ctx;
	ht_train_options o = robust_options(t->solver);
	o.folds = 2;
	ht_model *m;
	int rc = ht_train(&m, t->c, &o, err);
	ht_model_free(m);
	return rc;
}

static int op_evaluate(void *ctx, ht_error *err)
{
	ht_eval *e;
	int rc = ht_evaluate(&e, ctx, tsv_corpus, err);
	ht_eval_free(e);
	return rc;
}

/* ---- tests ---- */

static void test_oom_model_loading(void)
{
	CHECK(sweep("load_buffer", op_load_buffer, NULL) > 5);
	CHECK(sweep("load_file", op_load_file, NULL) > 5);
}

static void test_oom_classify(void)
{
	CHECK(sweep("classify linear", op_classify, linear_model) > 0);
	CHECK(sweep("classify rbf", op_classify, rbf_model) > 0);
	CHECK(sweep("classify multiclass", op_classify, multiclass_model) > 0);
	CHECK(sweep("classify_unit", op_classify_unit, linear_model) > 0);
	CHECK(sweep("classify_batch", op_batch, rbf_model) > 0);
	CHECK(sweep("vectorize", op_vectorize, linear_model) > 0);
}

static void test_oom_article(void)
{
	CHECK(sweep("article linear", op_article, linear_model) > 0);
	CHECK(sweep("article rbf", op_article, rbf_model) > 0);
	CHECK(sweep("article html", op_html, linear_model) > 0);
	CHECK(sweep("article markdown", op_markdown, linear_model) > 0);
}

static void test_oom_explain(void)
{
	CHECK(sweep("explain linear", op_explain, linear_model) > 0);
	CHECK(sweep("explain rbf", op_explain, rbf_model) > 0);
}

static void test_oom_describe_serialize_save(void)
{
	CHECK(sweep("describe", op_describe, rbf_model) > 0);
	CHECK(sweep("serialize", op_serialize, rbf_model) > 0);
	CHECK(sweep("save", op_save, linear_model) > 0);
}

static void test_oom_corpus_reading(void)
{
	corpus_op tsv = {fixture_tsv, HT_CORPUS_TSV, 0}, ft = {fasttext_corpus, HT_CORPUS_FASTTEXT, 0},
		  art = {article_corpus, HT_CORPUS_ARTICLE, 1}, aut = {article_corpus, HT_CORPUS_AUTO, 0};
	CHECK(sweep("corpus tsv", op_corpus_buffer, &tsv) > 5);
	CHECK(sweep("corpus fasttext", op_corpus_buffer, &ft) > 5);
	CHECK(sweep("corpus article + lint", op_corpus_buffer, &art) > 5);
	CHECK(sweep("corpus auto", op_corpus_buffer, &aut) > 5);
	CHECK(sweep("corpus file", op_corpus_file, "corpus.tsv") > 5);
	CHECK(sweep("corpus directory", op_corpus_file, "articles") > 5);
}

static void test_oom_training(void)
{
	train_op lin = {tsv_corpus, HT_SOLVER_LINEAR}, rbf = {tsv_corpus, HT_SOLVER_RBF},
		 mc = {multiclass_corpus, HT_SOLVER_POLY};
	CHECK(sweep("train linear", op_train, &lin) > 10);
	CHECK(sweep("train rbf", op_train, &rbf) > 10);
	CHECK(sweep("train poly multiclass", op_train, &mc) > 10);
}

static void test_oom_evaluate(void)
{
	CHECK(sweep("evaluate", op_evaluate, linear_model) > 0);
}

static void test_oom_allocator_reset(void)
{
	/* NULL restores malloc: a model loads and classifies with no hook installed */
	ht_set_allocator(NULL);
	ht_model *m = NULL;
	CHECK_EQ_INT(ht_model_load_buffer(&m, linear_bytes, linear_len, NULL, NULL), 0);
	CHECK(ht_classify(NULL, NULL, NULL, m, text, sizeof text - 1, NULL) >= 0);
	ht_model_free(m);
}

static void teardown(void)
{
	ht_model_free(linear_model);
	ht_model_free(rbf_model);
	ht_model_free(multiclass_model);
	ht_buffer_free(linear_bytes);
	ht_corpus_free(tsv_corpus);
	ht_corpus_free(multiclass_corpus);
	robust_rmdir(tmp);
}

static void test_setup(void) { setup(); }
static void test_teardown(void) { teardown(); }

RUN_TESTS("robust_oom", T(test_setup), T(test_oom_model_loading), T(test_oom_classify), T(test_oom_article),
	  T(test_oom_explain), T(test_oom_describe_serialize_save), T(test_oom_corpus_reading), T(test_oom_training),
	  T(test_oom_evaluate), T(test_oom_allocator_reset), T(test_teardown))
