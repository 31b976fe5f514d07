/* SPDX-License-Identifier: MIT */
/*
 * test_robust_save: crash-safe saving. A child process saves a large-ish model (several MB) over an existing
 * model file and is killed with SIGKILL after a delay that varies from zero to past the time a whole save takes.
 * After every kill the file under the final name is byte-identical either to the previous model or to the
 * complete new one (when the rename happened), and it loads; it never holds a partial file. Stray temporary
 * files (allowed after a crash) are counted and removed.
 *
 * Failed saves (path in a missing directory, under a regular file, final name an existing directory, the file
 * size limit hit in the middle of writing, no file descriptors left, a read-only directory when not root)
 * return HT_EIO with a message, leave the previous file (if any) unchanged, nothing under the final name
 * otherwise, and no temporary files behind.
 */
#include "robust.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static ht_model *small_model, *big_model;
static void *small_bytes, *big_bytes;
static size_t small_len, big_len;
static char *dir;

/* A synthetic corpus with a large vocabulary: many distinct pseudo-words, so the model runs to megabytes. */
static char *big_corpus(void)
{
	static const char *const labels[] = {"benefits", "types", "risks", "alternatives"};
	size_t lines = 3000, words = 24, cap = lines * (words * 9 + 32);
	char *s = malloc(cap), *p = s;
	uint32_t x = 12345;
	for (size_t i = 0; i < lines; i++) {
		p += sprintf(p, "%s\t", labels[i % 4]);
		for (size_t w = 0; w < words; w++) {
			x = x * 1103515245u + 12345u;
			uint32_t v = (x >> 8) % 40000;
			p += sprintf(p, "%sw%c%c%u", w ? " " : "", 'a' + (int)(v % 26), 'a' + (int)((v / 26) % 26), v);
		}
		*p++ = '\n';
	}
	*p = 0;
	return s;
}

static void setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	small_model = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	small_bytes = robust_bytes(small_model, &small_len);
	char *corpus = big_corpus();
	o.folds = 0;
	big_model = fixture_train(corpus, HT_CORPUS_TSV, &o);
	free(corpus);
	big_bytes = robust_bytes(big_model, &big_len);
	dir = robust_tmpdir("save");
	printf("old model %zu bytes, new model %zu bytes\n", small_len, big_len);
}

/* Names of files in dir other than the ones given; removes them when `remove` is set. Returns their count. */
static int count_others(const char *keep1, const char *keep2, int remove)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (keep1 && !strcmp(e->d_name, keep1)) ||
		    (keep2 && !strcmp(e->d_name, keep2)))
			continue;
		n++;
		if (remove) {
			char p[4400];
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
	}
	if (d)
		closedir(d);
	return n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* 0 when path holds exactly `bytes`. */
static int holds(const char *path, const void *bytes, size_t len)
{
	size_t n;
	unsigned char *got = robust_read_file(path, &n);
	int same = got && n == len && memcmp(got, bytes, len) == 0;
	free(got);
	return same ? 0 : -1;
}

static void put_old(const char *path)
{
	ht_error err;
	if (holds(path, small_bytes, small_len) != 0 && ht_model_save(small_model, path, &err) < 0) {
		fprintf(stderr, "cannot save the old model: %s\n", err.message);
		exit(2);
	}
}

static void test_killed_saves(void)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/model.htm", dir);
	/* how long one whole save takes, in a child like the ones killed below */
	put_old(path);
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0)
		_exit(ht_model_save(big_model, path, NULL) == 0 ? 0 : 1);
	int status = 0;
	waitpid(pid, &status, 0);
	double whole = now() - t0;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_EQ_INT(holds(path, big_bytes, big_len), 0);
	printf("one save takes %.1f ms\n", whole * 1e3);

	int runs = 80, old = 0, new = 0, bad = 0, strays = 0;
	for (int k = 0; k < runs; k++) {
		put_old(path);
		/* delays from 0 to 1.25 x a whole save, in even steps */
		double delay = whole * 1.25 * k / (runs - 1);
		pid = fork();
		if (pid == 0)
			_exit(ht_model_save(big_model, path, NULL) == 0 ? 0 : 1);
		struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
		if (k)
			nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (holds(path, small_bytes, small_len) == 0) {
			old++;
		} else if (holds(path, big_bytes, big_len) == 0) {
			new++;
		} else {
			bad++;
			fprintf(stderr, "kill after %.2f ms: %s holds neither the old nor the new model\n", delay * 1e3, path);
		}
		ht_model *m = NULL;
		CHECK_EQ_INT(ht_model_load(&m, path, NULL, NULL), 0);
		ht_model_free(m);
		strays += count_others("model.htm", NULL, 1);
	}
	printf("%d kills: %d left the old model, %d the new one, %d anything else; %d stray temporary files\n", runs,
	       old, new, bad, strays);
	CHECK_EQ_INT(bad, 0);
	CHECK(old > 0);
	CHECK_EQ_INT(old + new, runs);
	/* an unkilled save completes */
	put_old(path);
	ht_error err;
	CHECK_EQ_INT(ht_model_save(big_model, path, &err), 0);
	CHECK_EQ_INT(holds(path, big_bytes, big_len), 0);
	CHECK_EQ_INT(count_others("model.htm", NULL, 1), 0);
	unlink(path);
}

/* Expect a failed save with HT_EIO and a message, and no new files in dir. */
static void expect_failed_save(const char *path, const char *what)
{
	ht_error err;
	memset(&err, 0, sizeof err);
	int before = count_others(NULL, NULL, 0);
	int rc = ht_model_save(small_model, path, &err);
	if (rc != HT_EIO || err.code != HT_EIO || !err.message[0])
		fprintf(stderr, "%s: status %d, message '%s'\n", what, rc, err.message);
	CHECK_EQ_INT(rc, HT_EIO);
	CHECK(err.message[0] != '\0');
	CHECK_EQ_INT(count_others(NULL, NULL, 0), before);
}

static void test_failed_saves(void)
{
	char path[4200], file[4200];
	/* a missing directory */
	snprintf(path, sizeof path, "%s/missing/model.htm", dir);
	expect_failed_save(path, "missing directory");
	CHECK(!robust_exists(path));
	/* a regular file where a directory should be */
	snprintf(file, sizeof file, "%s/plain", dir);
	CHECK_EQ_INT(robust_write_file(file, "x", 1), 0);
	snprintf(path, sizeof path, "%s/plain/model.htm", dir);
	expect_failed_save(path, "not a directory");
	unlink(file);
	/* the final name is a directory: the temporary file is written, the rename fails, it is removed */
	snprintf(path, sizeof path, "%s/isdir", dir);
	CHECK_EQ_INT(mkdir(path, 0755), 0);
	expect_failed_save(path, "final name is a directory");
	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	rmdir(path);
	/* an empty path */
	ht_error err;
	CHECK_EQ_INT(ht_model_save(small_model, "", &err), HT_EINVAL);
	CHECK_EQ_INT(count_others(NULL, NULL, 0), 0);
}

/* In a child with a resource limit, save the big model over the old one; the child's exit code is the status. */
static int limited_save(const char *path, int resource, rlim_t limit)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN); /* past RLIMIT_FSIZE, write() fails with EFBIG instead of killing */
		struct rlimit rl = {limit, limit};
		if (setrlimit(resource, &rl) != 0)
			_exit(100);
		ht_error err;
		int rc = ht_model_save(big_model, path, &err);
		_exit(rc == HT_EIO && err.message[0] ? 0 : 1 + (rc == 0));
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static void test_failed_saves_keep_old_file(void)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/model.htm", dir);
	/* the file size limit stops the write half way */
	put_old(path);
	CHECK_EQ_INT(limited_save(path, RLIMIT_FSIZE, (rlim_t)big_len / 2), 0);
	CHECK_EQ_INT(holds(path, small_bytes, small_len), 0);
	CHECK_EQ_INT(count_others("model.htm", NULL, 0), 0);
	/* no file descriptor left for the temporary file */
	CHECK_EQ_INT(limited_save(path, RLIMIT_NOFILE, 3), 0);
	CHECK_EQ_INT(holds(path, small_bytes, small_len), 0);
	CHECK_EQ_INT(count_others("model.htm", NULL, 0), 0);
	/* a directory the process may not write to (root may write anywhere: then this part is skipped) */
	if (geteuid() != 0) {
		CHECK_EQ_INT(chmod(dir, 0555), 0);
		expect_failed_save(path, "read-only directory");
		chmod(dir, 0755);
		CHECK_EQ_INT(holds(path, small_bytes, small_len), 0);
		CHECK_EQ_INT(count_others("model.htm", NULL, 0), 0);
	} else {
		printf("running as root: the read-only directory case is skipped\n");
	}
	unlink(path);
}

static void test_teardown(void)
{
	ht_model_free(small_model);
	ht_model_free(big_model);
	ht_buffer_free(small_bytes);
	ht_buffer_free(big_bytes);
	robust_rmdir(dir);
}

static void test_setup(void) { setup(); }

RUN_TESTS("robust_save", T(test_setup), T(test_killed_saves), T(test_failed_saves), T(test_failed_saves_keep_old_file),
	  T(test_teardown))
