/* SPDX-License-Identifier: MIT */
/*
 * robust.h: what the robustness tests share: the built-in corpora of tests/fixtures, options for small reference
 * models, a counting allocator that can make the N-th allocation fail, and small file helpers. Everything goes
 * through the public API, so the tests keep holding while the internals change.
 */
#ifndef HT_ROBUST_H
#define HT_ROBUST_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "healthtopics.h"
#include "healthtopics_train.h"
#include "fixtures.h"
#include "test.h"

/* Options for the small reference models: every n-gram kept, single-threaded unless asked. */
static inline ht_train_options robust_options(ht_solver solver)
{
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.solver = solver;
	o.min_df = 1;
	o.folds = 3;
	o.threads = 1;
	return o;
}

/* The model as file bytes; caller frees with ht_buffer_free. */
static inline void *robust_bytes(const ht_model *m, size_t *len)
{
	void *buf = NULL;
	ht_error err;
	if (ht_model_serialize(&buf, len, m, &err) < 0) {
		fprintf(stderr, "cannot serialise: %s\n", err.message);
		exit(2);
	}
	return buf;
}

/* ---- files ---- */

static inline int robust_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return fclose(f) == 0 && w == len ? 0 : -1;
}

/* Whole file into a malloc'ed buffer, or NULL (then *len is 0). */
static inline unsigned char *robust_read_file(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		unsigned char *nb = realloc(buf, cap *= 2);
		if (!nb)
			free(buf);
		buf = nb;
	}
	fclose(f);
	if (buf)
		*len = n;
	return buf;
}

static inline int robust_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* A fresh private directory under TMPDIR (or /tmp); the caller removes it with robust_rmdir. */
static inline char *robust_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	static char path[4096];
	snprintf(path, sizeof path, "%s/ht-%s-XXXXXX", base && *base ? base : "/tmp", tag);
	if (!mkdtemp(path)) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		exit(2);
	}
	return strdup(path);
}

/* rm -r of a directory this test made (one level of files, no subdirectories expected). */
static inline void robust_rmdir(char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
}

/* How robust_spawn runs a program: its outputs and the limits it runs under (0: none). */
typedef struct robust_spawn_opts {
	const char *out;   /* stdout to this file (created, truncated), else /dev/null */
	const char *err;   /* stderr likewise */
	unsigned seconds;  /* killed by SIGALRM after this long */
	rlim_t fsize;      /* RLIMIT_FSIZE in bytes; SIGXFSZ ignored unless keep_xfsz */
	int keep_xfsz;
	rlim_t as;         /* RLIMIT_AS in bytes (as ulimit -v), with OPENBLAS_NUM_THREADS=1 so that BLAS threads
			      do not spend it */
} robust_spawn_opts;

/* Run argv[0] (a path) with argv under o; returns its exit code, or -1 when it died of a signal. */
static inline int robust_spawn(char *const argv[], const robust_spawn_opts *o)
{
	pid_t pid = fork();
	if (pid == 0) {
		int out = open(o->out ? o->out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(o->err ? o->err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(out, 1);
		dup2(e, 2);
		if (o->fsize) {
			struct rlimit r = {o->fsize, o->fsize};
			setrlimit(RLIMIT_FSIZE, &r);
			signal(SIGXFSZ, o->keep_xfsz ? SIG_DFL : SIG_IGN);
		}
		if (o->as) {
			struct rlimit r = {o->as, o->as};
			setrlimit(RLIMIT_AS, &r);
			setenv("OPENBLAS_NUM_THREADS", "1", 1);
		}
		if (o->seconds)
			alarm(o->seconds);
		execv(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run a program with stdout to /dev/null and stderr to err_path (or /dev/null); returns its exit code, or -1
 * when it died of a signal. */
static inline int robust_run(char *const argv[], const char *err_path)
{
	return robust_spawn(argv, &(robust_spawn_opts){.err = err_path});
}

/* ---- a counting allocator that fails the N-th call ---- */

typedef struct robust_alloc {
	pthread_mutex_t lock;
	long calls;    /* malloc and realloc calls so far */
	long fail_at;  /* the call number that returns NULL (1-based); 0: none */
	long failed;   /* how many calls returned NULL */
	long live;     /* blocks allocated and not yet freed */
} robust_alloc;

static robust_alloc robust_a = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0};

static inline int robust_should_fail(void)
{
	int fail;
	pthread_mutex_lock(&robust_a.lock);
	robust_a.calls++;
	fail = robust_a.fail_at && robust_a.calls == robust_a.fail_at;
	robust_a.failed += fail;
	pthread_mutex_unlock(&robust_a.lock);
	return fail;
}

static inline void *robust_malloc(void *ctx, size_t size)
{
	(void)ctx;
	if (robust_should_fail())
		return NULL;
	void *p = malloc(size);
	if (p) {
		pthread_mutex_lock(&robust_a.lock);
		robust_a.live++;
		pthread_mutex_unlock(&robust_a.lock);
	}
	return p;
}

static inline void *robust_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	if (robust_should_fail())
		return NULL;
	void *p = realloc(ptr, size);
	if (p && !ptr) {
		pthread_mutex_lock(&robust_a.lock);
		robust_a.live++;
		pthread_mutex_unlock(&robust_a.lock);
	}
	return p;
}

static inline void robust_free(void *ctx, void *ptr)
{
	(void)ctx;
	if (!ptr)
		return;
	pthread_mutex_lock(&robust_a.lock);
	robust_a.live--;
	pthread_mutex_unlock(&robust_a.lock);
	free(ptr);
}

/* Install the counting allocator with the N-th call failing (0: none), counters reset. */
static inline void robust_alloc_start(long fail_at)
{
	static const ht_allocator a = {robust_malloc, robust_realloc, robust_free, NULL};
	robust_a.calls = robust_a.failed = robust_a.live = 0;
	robust_a.fail_at = fail_at;
	ht_set_allocator(&a);
}

static inline void robust_alloc_stop(void) { ht_set_allocator(NULL); }

#endif
