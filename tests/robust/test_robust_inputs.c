/*
 * test_robust_inputs: hostile files and options given to the API and the CLI.
 *
 * - FIFOs (and other non-regular files) given as a model, a corpus, or inside an article directory are refused
 *   at once with a message; nothing blocks (every CLI run here is killed by SIGALRM after 30 s, a failure).
 * - Non-finite training options (NaN passes range checks) and poly kernel parameters whose values overflow are
 *   refused by ht_train (HT_EINVAL) and by `healthtopics train`, which writes nothing.
 * - A corpus whose vocabulary is empty after pruning gives HT_EINVAL with a message; rows without any kept
 *   term train (run under UBSan, this is where memcpy from NULL was).
 */
#include "robust.h"

#include <math.h>
#include <signal.h>

#ifndef HT_CLI
#define HT_CLI "healthtopics"
#endif

static char *dir;

/* Like robust_run, but the child is killed by SIGALRM after `seconds` (then -1, as for any signal), and stdout
 * goes to out_path when given. */
static int run_cli(char *const argv[], const char *out_path, const char *err_path, unsigned seconds)
{
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err_path ? err_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(o, 1);
		dup2(e, 2);
		alarm(seconds);
		execv(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *path_in(const char *name)
{
	static char buf[8][4400];
	static int k;
	char *p = buf[k++ % 8];
	snprintf(p, sizeof buf[0], "%s/%s", dir, name);
	return p;
}

/* 1 when the file holds `needle`. */
static int file_has(const char *path, const char *needle)
{
	size_t len;
	unsigned char *b = robust_read_file(path, &len);
	if (!b)
		return 0;
	b = realloc(b, len + 1);
	b[len] = 0;
	int r = strstr((char *)b, needle) != NULL;
	free(b);
	return r;
}

/* ---- FIFOs ---- */

static void fifo_model_and_corpus(void)
{
	char *fifo = path_in("f"), *err = path_in("fifo.err"), *model = path_in("fifo-model.htm");
	CHECK(mkfifo(fifo, 0600) == 0);
	ht_model *m = (ht_model *)1;
	ht_error e;
	CHECK_EQ_INT(ht_model_load(&m, fifo, NULL, &e), HT_EIO);
	CHECK(m == NULL);
	CHECK(strstr(e.message, "FIFO") != NULL);
	ht_corpus *c = (ht_corpus *)1;
	CHECK_EQ_INT(ht_corpus_read(&c, fifo, NULL, &e), HT_EIO);
	CHECK(c == NULL);

	/* a model to pair with the FIFO corpus */
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *good = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	CHECK(ht_model_save(good, model, &e) == 0);
	ht_model_free(good);

	char *info[] = {HT_CLI, "info", fifo, NULL};
	CHECK_EQ_INT(run_cli(info, NULL, err, 30), 2);
	CHECK(file_has(err, "not a regular file"));
	char *classify[] = {HT_CLI, "classify", "--model", fifo, "/dev/null", NULL};
	CHECK_EQ_INT(run_cli(classify, NULL, err, 30), 2);
	char *train[] = {HT_CLI, "train", "--corpus", fifo, "--out", path_in("never.htm"), NULL};
	CHECK_EQ_INT(run_cli(train, NULL, err, 30), 2);
	CHECK(!robust_exists(path_in("never.htm")));
	char *lint[] = {HT_CLI, "corpus", "lint", fifo, NULL};
	CHECK_EQ_INT(run_cli(lint, NULL, err, 30), 2);
	char *eval1[] = {HT_CLI, "eval", "--model", fifo, "--corpus", fifo, NULL};
	CHECK_EQ_INT(run_cli(eval1, NULL, err, 30), 2);
	char *eval2[] = {HT_CLI, "eval", "--model", model, "--corpus", fifo, NULL};
	CHECK_EQ_INT(run_cli(eval2, NULL, err, 30), 2);
	unlink(fifo);
	unlink(model);
}

static void fifo_in_article_directory(void)
{
	char *sub = path_in("articles"), *err = path_in("fifo-dir.err");
	CHECK(mkdir(sub, 0700) == 0);
	char art[4400], ff[4400];
	snprintf(art, sizeof art, "%s/ab.txt", sub);
	CHECK(robust_write_file(art, fixture_article, strlen(fixture_article)) == 0);
	snprintf(ff, sizeof ff, "%s/aa.txt", sub);
	CHECK(mkfifo(ff, 0600) == 0);
	ht_corpus *c = (ht_corpus *)1;
	ht_error e;
	CHECK_EQ_INT(ht_corpus_read(&c, sub, NULL, &e), HT_EIO);
	CHECK(c == NULL);
	CHECK(strstr(e.message, "aa.txt") != NULL);
	char *lint[] = {HT_CLI, "corpus", "lint", sub, NULL};
	CHECK_EQ_INT(run_cli(lint, NULL, err, 30), 2);
	CHECK(file_has(err, "aa.txt"));
	unlink(ff);
	unlink(art);
	rmdir(sub);
}

/* ---- non-finite and overflowing training options ---- */

static void train_options_non_finite(void)
{
	ht_corpus *c = fixture_corpus(fixture_tsv, HT_CORPUS_TSV);
	struct {
		ht_solver solver;
		double C, max_df, gamma, coef0;
		int degree;
	} bad[] = {
		{HT_SOLVER_LINEAR, NAN, 1, 0, 1, 2},          {HT_SOLVER_LINEAR, INFINITY, 1, 0, 1, 2},
		{HT_SOLVER_LINEAR, 1, NAN, 0, 1, 2},          {HT_SOLVER_RBF, 1, 1, NAN, 1, 2},
		{HT_SOLVER_POLY, 1, 1, 1, NAN, 2},            {HT_SOLVER_POLY, 1, 1, 1e6, 1e6, 10},
		{HT_SOLVER_POLY, 1, 1, INFINITY, 1, 2},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ht_train_options o = robust_options(bad[i].solver);
		o.C = bad[i].C;
		o.max_df = bad[i].max_df;
		o.gamma = bad[i].gamma;
		o.coef0 = bad[i].coef0;
		o.degree = bad[i].degree;
		ht_model *m = (ht_model *)1;
		ht_error e;
		e.message[0] = 0;
		int rc = ht_train(&m, c, &o, &e);
		if (rc != HT_EINVAL)
			fprintf(stderr, "case %zu: rc %d\n", i, rc);
		CHECK_EQ_INT(rc, HT_EINVAL);
		CHECK(m == NULL);
		CHECK(e.message[0] != 0);
		if (rc == 0)
			ht_model_free(m);
	}
	ht_corpus_free(c);

	char *tsv = path_in("opts.tsv"), *out = path_in("opts.htm"), *err = path_in("opts.err");
	CHECK(robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv)) == 0);
	char *const cases[][12] = {
		{"--solver", "rbf", "--gamma", "nan"},
		{"--solver", "poly", "--coef0", "nan"},
		{"--solver", "poly", "--gamma", "1e6", "--degree", "10", "--coef0", "1e6"},
		{"--C", "nan"},
		{"--C", "inf"},
		{"--max-df", "nan"},
		{"--max-df", "-nan"},
		{"--min-df", "nan"},
		{"--max-features", "nan"},
		{"--threads", "nan"},
		{"--folds", "nan"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *argv[24] = {HT_CLI, "train", "--corpus", tsv, "--format", "tsv", "--out", out};
		size_t n = 8;
		for (size_t k = 0; cases[i][k]; k++)
			argv[n++] = cases[i][k];
		argv[n] = NULL;
		int rc = run_cli(argv, NULL, err, 60);
		if (rc != 1 && rc != 2)
			fprintf(stderr, "train %s %s: exit %d\n", cases[i][0], cases[i][1], rc);
		CHECK(rc == 1 || rc == 2);
		CHECK(!robust_exists(out));
		CHECK(!file_has(err, "wrote"));
		unlink(out);
	}
}

/* ---- an empty vocabulary, and empty rows (memcpy from NULL under UBSan before the fix) ---- */

static void empty_vocabulary(void)
{
	static const char none[] = "benefits\tgood for you\nrisks\tmay hurt\n";
	ht_corpus *c = fixture_corpus(none, HT_CORPUS_TSV);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT; /* min_df 2: no term is kept */
	o.folds = 0;
	o.threads = 1;
	ht_model *m = (ht_model *)1;
	ht_error e;
	CHECK_EQ_INT(ht_train(&m, c, &o, &e), HT_EINVAL);
	CHECK(m == NULL);
	CHECK(strstr(e.message, "vocabulary is empty") != NULL);
	ht_corpus_free(c);

	/* the first row has no kept term, the others do: trains, and the empty row is an empty vector */
	static const char first_empty[] = "benefits\tgood for you\nrisks\tmay hurt\nrisks\tmay hurt a lot\n"
					  "benefits\tgood and kind\n";
	c = fixture_corpus(first_empty, HT_CORPUS_TSV);
	for (int solver = HT_SOLVER_LINEAR; solver <= HT_SOLVER_POLY; solver++) {
		o.solver = (ht_solver)solver;
		m = NULL;
		CHECK_EQ_INT(ht_train(&m, c, &o, &e), 0);
		ht_model_free(m);
	}
	ht_corpus_free(c);

	char *tsv = path_in("empty.tsv"), *out = path_in("empty.htm"), *err = path_in("empty.err");
	CHECK(robust_write_file(tsv, none, strlen(none)) == 0);
	char *argv[] = {HT_CLI, "train", "--corpus", tsv, "--out", out, NULL};
	CHECK_EQ_INT(run_cli(argv, NULL, err, 60), 2);
	CHECK(file_has(err, "vocabulary is empty"));
	CHECK(!robust_exists(out));
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	alarm(900); /* an in-process read that blocks on a FIFO fails the test instead of hanging ctest */
	dir = robust_tmpdir("inputs");
	static const test_case t[] = {
		T(fifo_model_and_corpus),
		T(fifo_in_article_directory),
		T(train_options_non_finite),
		T(empty_vocabulary),
	};
	int rc = run_tests("robust_inputs", t, sizeof t / sizeof *t);
	robust_rmdir(dir);
	return rc;
}
