/* SPDX-License-Identifier: MIT */
/*
 * test_robust_processes: LIBLINEAR's fits in worker processes (src/learn/pool.c) change nothing but the time.
 *
 * The article corpus (default options, 5-fold calibration) and the TSV fixtures (tuned C, multi-class) are
 * trained on 1 thread (every fit in this process) and on 2, 3 and 8 threads (forked workers), and with
 * fork_workers = 0; each model is saved with ht_model_save and the files must be byte-identical. Also identical:
 * the sequence of progress reports; the caller's rand() sequence is left where it was; and when workers fail
 * (every allocation in a worker fails, or a worker kills itself part-way), training falls back to this process
 * and still gives the same bytes, with no worker left behind.
 */
#include "robust.h"

#include <signal.h>

#ifndef HT_SOURCE_DIR
#define HT_SOURCE_DIR "."
#endif

static char *dir;

static ht_corpus *read_articles(void)
{
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.split = HT_SPLIT_TRAIN;
	ht_corpus *c = NULL;
	ht_error err;
	if (ht_corpus_read(&c, HT_SOURCE_DIR "/corpus/articles", &co, &err) < 0) {
		fprintf(stderr, "cannot read the article corpus: %s\n", err.message);
		exit(2);
	}
	return c;
}

/* A log of progress reports, to compare their sequence. */
typedef struct progress_log {
	char *text;
	size_t len, cap;
} progress_log;

static void log_progress(void *ctx, const char *phase, size_t done, size_t total)
{
	progress_log *lg = ctx;
	char line[128];
	int n = snprintf(line, sizeof line, "%s %zu/%zu\n", phase, done, total);
	if (lg->len + (size_t)n + 1 > lg->cap) {
		lg->cap = 2 * (lg->len + (size_t)n + 1);
		lg->text = realloc(lg->text, lg->cap);
	}
	memcpy(lg->text + lg->len, line, (size_t)n + 1);
	lg->len += (size_t)n;
}

/* Train, save to dir/name, return the saved file's bytes (caller frees). */
static unsigned char *train_saved(const ht_corpus *c, ht_train_options o, const char *name, size_t *len,
				  progress_log *lg)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s.htm", dir, name);
	if (lg) {
		o.progress = log_progress;
		o.progress_ctx = lg;
	}
	ht_model *m = NULL;
	ht_error err;
	int rc = ht_train(&m, c, &o, &err);
	CHECK_EQ_INT(rc, 0);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", name, err.message);
		*len = 0;
		return NULL;
	}
	CHECK_EQ_INT(ht_model_save(m, path, &err), 0);
	ht_model_free(m);
	return robust_read_file(path, len);
}

static int same_file(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, const char *what)
{
	if (a && b && alen == blen && memcmp(a, b, alen) == 0)
		return 1;
	fprintf(stderr, "%s: saved model differs from the 1-thread one (%zu and %zu bytes)\n", what, alen, blen);
	return 0;
}

/* No child of this process is left (workers are reaped before ht_train returns). */
static void no_children_left(void)
{
	errno = 0;
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD);
}

static void articles_any_thread_count(void)
{
	ht_corpus *c = read_articles();
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.threads = 1;
	progress_log l1 = {0}, l2 = {0};
	size_t n1, n;
	unsigned char *b1 = train_saved(c, o, "t1", &n1, &l1);
	CHECK(b1 != NULL && n1 > 1000);
	static const int threads[] = {2, 3, 8};
	for (size_t k = 0; k < sizeof threads / sizeof *threads; k++) {
		char name[32];
		snprintf(name, sizeof name, "t%d", threads[k]);
		o.threads = threads[k];
		unsigned char *b = train_saved(c, o, name, &n, k == 0 ? &l2 : NULL);
		CHECK(same_file(b1, n1, b, n, name));
		free(b);
		no_children_left();
	}
	/* the same progress reports in the same order */
	CHECK(l1.text && l2.text && strcmp(l1.text, l2.text) == 0);
	/* workers switched off */
	o.threads = 4;
	o.fork_workers = 0;
	unsigned char *b = train_saved(c, o, "nofork", &n, NULL);
	CHECK(same_file(b1, n1, b, n, "fork_workers 0"));
	free(b);
	free(b1);
	free(l1.text);
	free(l2.text);
	ht_corpus_free(c);
}

static void fixtures_tuned_and_multiclass(void)
{
	for (int kind = 0; kind < 2; kind++) {
		ht_corpus *c = fixture_corpus(kind ? fixture_multiclass_tsv : fixture_tsv, HT_CORPUS_TSV);
		ht_train_options o = robust_options(HT_SOLVER_LINEAR);
		o.tune = kind == 0;
		size_t n1, n;
		unsigned char *b1 = train_saved(c, o, "f1", &n1, NULL);
		o.threads = 2;
		unsigned char *b = train_saved(c, o, "f2", &n, NULL);
		CHECK(same_file(b1, n1, b, n, kind ? "multi-class, 2 threads" : "tuned, 2 threads"));
		free(b);
		free(b1);
		ht_corpus_free(c);
		no_children_left();
	}
}

/* The caller's rand() sequence is where it was, whichever way the fits ran. */
static void rand_sequence_untouched(void)
{
	ht_corpus *c = fixture_corpus(fixture_tsv, HT_CORPUS_TSV);
	for (int threads = 1; threads <= 2; threads++) {
		srand(12345);
		int first = rand();
		int expect = rand();
		srand(12345);
		CHECK_EQ_INT(rand(), first);
		ht_train_options o = robust_options(HT_SOLVER_LINEAR);
		o.threads = threads;
		ht_model *m = NULL;
		CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0);
		ht_model_free(m);
		CHECK_EQ_INT(rand(), expect);
	}
	ht_corpus_free(c);
}

/* An allocator that misbehaves in worker processes only: fails every allocation, or kills the worker at its
 * `kill_at`-th allocation. The parent's allocations go through plain malloc. */
static pid_t parent_pid;
static int child_mode; /* 1: fail, 2: kill */
static long child_calls, kill_at;

static void *child_malloc(void *ctx, size_t size)
{
	(void)ctx;
	if (getpid() != parent_pid) {
		if (child_mode == 1)
			return NULL;
		if (++child_calls == kill_at)
			kill(getpid(), SIGKILL);
	}
	return malloc(size);
}

static void *child_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	if (getpid() != parent_pid && child_mode == 1)
		return NULL;
	return realloc(ptr, size);
}

static void child_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static void workers_fail_same_bytes(void)
{
	ht_corpus *c = read_articles();
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.threads = 1;
	size_t n1, n;
	unsigned char *b1 = train_saved(c, o, "ref", &n1, NULL);
	static const ht_allocator a = {child_malloc, child_realloc, child_free, NULL};
	parent_pid = getpid();
	o.threads = 2;
	/* every worker allocation fails: each worker leaves at once or answers with an error */
	child_mode = 1;
	ht_set_allocator(&a);
	unsigned char *b = train_saved(c, o, "fail", &n, NULL);
	ht_set_allocator(NULL);
	CHECK(same_file(b1, n1, b, n, "workers out of memory"));
	free(b);
	no_children_left();
	/* workers killed part-way: early (first task) and later (some fits done) */
	static const long at[] = {3, 6};
	for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
		child_mode = 2;
		child_calls = 0;
		kill_at = at[k];
		ht_set_allocator(&a);
		b = train_saved(c, o, "killed", &n, NULL);
		ht_set_allocator(NULL);
		CHECK(same_file(b1, n1, b, n, "workers killed"));
		free(b);
		no_children_left();
	}
	free(b1);
	ht_corpus_free(c);
}

int main(void)
{
	dir = robust_tmpdir("processes");
	static const test_case t[] = {T(articles_any_thread_count), T(fixtures_tuned_and_multiclass),
				      T(rand_sequence_untouched), T(workers_fail_same_bytes)};
	int rc = run_tests("robust_processes", t, 4);
	robust_rmdir(dir);
	return rc;
}
