/* SPDX-License-Identifier: MIT */
/*
 * pool.c: LIBLINEAR fits side by side in forked worker processes.
 *
 * LIBLINEAR's dual solver draws from rand(), whose state belongs to the process: two fits on two threads would
 * interleave their draws, so in one process they take turns (learn.c). A worker process has a rand() of its own.
 * The batch's fits (task t: label t % L of set t / L) are handed out in task order, one at a time, to up to 8
 * workers over a socket pair each; a worker answers with the label's bias and weights, bit for bit what the same
 * fit gives in the calling process: the same seed before the same train() call on the same data (which the
 * worker sees through fork's copy-on-write), the same code. The calling thread stores the answers, reports
 * progress and hands each set to the sink once it and every earlier set are complete, so the caller sees the
 * same calls, in the same order, as on the serial path.
 *
 * Any failure (socketpair, fork, a worker that dies, a short or unexpected message, a worker's own error) stops
 * the pool: the workers are killed and reaped, and every fit not yet received runs in the calling process, one
 * at a time. A real error (LIBLINEAR refusing the parameters, memory) then comes from there, with its message.
 *
 * A worker is a fork of a process that may have other threads. It only trains (malloc, rand, the allocation
 * hook), sends, and leaves with _exit: no stdio, no atexit handlers, no signal handlers (it blocks every signal;
 * on Linux it is killed when the thread that forked it goes away). glibc makes malloc safe across fork, but not
 * rand()'s lock or an application allocator's: an application thread inside rand()/random() (or holding its
 * allocator's lock) at the instant of the fork could leave a worker waiting forever. healthtopics_train.h says
 * so and offers fork_workers = 0. This library's own fits hold ht_learn__rand_lock around their rand() use, and
 * the fork happens under that lock.
 */
#define _DEFAULT_SOURCE
#include "learn/pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define MAX_WORKERS 8

/* A worker's answer, followed by n_features doubles (the weights) when rc is 0. */
typedef struct reply {
	uint64_t task;
	int64_t rc;
	double bias;
} reply;

typedef struct worker_proc {
	pid_t pid;
	int fd;    /* the calling process's end of the socket pair */
	int busy;  /* a task was sent and its answer is not in yet */
	size_t task;
} worker_proc;

typedef struct pool {
	const ht_learn__batch *bt;
	size_t L, n_tasks;
	ht_binary *bins;     /* n_tasks; a set's slots are the sink's once handed over */
	uint8_t *got;        /* per task: its result is in bins */
	size_t *done;        /* per set: results in */
	size_t head;         /* the next set for the sink */
	size_t reported;     /* progress reports made for the head set's labels */
	size_t next;         /* the next task to hand out */
	worker_proc w[MAX_WORKERS];
	int nw;
} pool;

/* Send (sending = 1) or receive all len bytes, through EINTR; -1 when the other end is gone or the socket
 * fails. Sending never raises SIGPIPE. */
static int transfer(int fd, void *buf, size_t len, int sending)
{
	char *p = buf;
	while (len) {
		ssize_t n = sending ? send(fd, p, len, MSG_NOSIGNAL) : recv(fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The worker process: fits tasks as they come until the socket closes. Never returns. */
_Noreturn static void worker_main(const pool *pl, int fd, pid_t parent)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent went before the line above took effect */
		_exit(0);
#else
	(void)parent;
#endif
	const ht_dataset *d = pl->bt->d;
	double *y = ht__calloc(d->n_items ? d->n_items : 1, sizeof *y);
	void **x = ht__calloc(d->n_items ? d->n_items : 1, sizeof *x);
	if (!y || !x)
		_exit(1);
	for (;;) {
		uint64_t t;
		if (transfer(fd, &t, sizeof t, 0) < 0)
			_exit(0); /* closed: the batch is over */
		if (t >= pl->n_tasks)
			_exit(1);
		ht_binary b;
		char msg[8];
		int rc = ht_learn__linear_task(&b, pl->bt, (size_t)t, y, x, 1, msg, sizeof msg);
		reply r = {t, rc, rc == 0 ? b.bias : 0.0};
		if (transfer(fd, &r, sizeof r, 1) < 0 || (rc == 0 && transfer(fd, b.w, d->n_features * sizeof *b.w, 1) < 0))
			_exit(1);
		ht_learn__binary_free(&b);
	}
}

/* Start up to `want` workers; fewer (even none) when the system refuses. */
static void start_workers(pool *pl, int want)
{
	pid_t parent = getpid();
	while (pl->nw < want) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
			return;
		ht_learn__rand_lock(1); /* no fit of this library is inside rand() while we fork */
		pid_t pid = fork();
		if (pid == 0) {
			close(sv[0]);
			for (int k = 0; k < pl->nw; k++)
				close(pl->w[k].fd);
			worker_main(pl, sv[1], parent);
		}
		ht_learn__rand_lock(0);
		close(sv[1]);
		if (pid < 0) {
			close(sv[0]);
			return;
		}
		pl->w[pl->nw++] = (worker_proc){pid, sv[0], 0, 0};
	}
}

/* Close every worker's socket (a worker between tasks then leaves by itself), kill it if asked, and reap it. */
static void stop_workers(pool *pl, int kill_them)
{
	for (int k = 0; k < pl->nw; k++) {
		if (kill_them)
			kill(pl->w[k].pid, SIGKILL);
		close(pl->w[k].fd);
	}
	for (int k = 0; k < pl->nw; k++) /* ECHILD when the application reaps children itself or ignores SIGCHLD */
		while (waitpid(pl->w[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
	pl->nw = 0;
}

static const char *label_phase(const ht_learn_set *set)
{
	return set->phase && !strcmp(set->phase, "training") ? "training labels" : "labels in fold";
}

/* A result is in: report progress for the head set and hand every complete set at the head to the sink. */
static int advance(pool *pl, ht_error *err)
{
	const ht_learn__batch *bt = pl->bt;
	while (pl->head < bt->n_sets) {
		size_t s = pl->head;
		while (pl->reported < pl->done[s]) {
			pl->reported++;
			if (bt->p->progress)
				bt->p->progress(bt->p->progress_ctx, label_phase(&bt->sets[s]), pl->reported, pl->L);
		}
		if (pl->done[s] < pl->L)
			return 0;
		pl->head++;
		pl->reported = 0;
		ht_binary *bins = pl->bins + s * pl->L;
		int rc = bt->sink(bt->ctx, s, bins, err);
		memset(bins, 0, pl->L * sizeof *bins); /* the sink's now */
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void store(pool *pl, size_t t)
{
	pl->got[t] = 1;
	pl->done[t / pl->L]++;
}

/* Read a busy worker's answer into bins. -1 on anything unexpected (the pool then stops). */
static int receive(pool *pl, worker_proc *w)
{
	reply r;
	w->busy = 0;
	if (transfer(w->fd, &r, sizeof r, 0) < 0 || r.task != w->task || r.rc != 0)
		return -1;
	size_t nf = pl->bt->d->n_features;
	ht_binary *b = &pl->bins[w->task];
	if (!(b->w = ht__calloc(nf ? nf : 1, sizeof *b->w)) || transfer(w->fd, b->w, nf * sizeof *b->w, 0) < 0) {
		ht_learn__binary_free(b);
		return -1;
	}
	b->bias = r.bias;
	store(pl, w->task);
	return 0;
}

/*
 * Run the pool until every set is handed over or something fails (sets are then left over). Returns a sink's
 * error (the batch then ends), else 0.
 */
static int run_workers(pool *pl, ht_error *err)
{
	struct pollfd fds[MAX_WORKERS];
	int who[MAX_WORKERS];
	while (pl->head < pl->bt->n_sets) {
		/* hand out tasks in order, at most about two sets ahead of the sink, so that finished sets waiting for
		 * a slow label do not pile up */
		size_t window = (pl->head + 2) * pl->L + (size_t)pl->nw;
		for (int k = 0; k < pl->nw; k++) {
			worker_proc *w = &pl->w[k];
			if (w->busy || pl->next >= pl->n_tasks || pl->next >= window)
				continue;
			uint64_t t = pl->next;
			if (transfer(w->fd, &t, sizeof t, 1) < 0) {
				return 0;
			}
			w->busy = 1;
			w->task = pl->next++;
		}
		int n = 0;
		for (int k = 0; k < pl->nw; k++)
			if (pl->w[k].busy) {
				fds[n] = (struct pollfd){pl->w[k].fd, POLLIN, 0};
				who[n++] = k;
			}
		if (n == 0) { /* cannot happen: the head set has a task out or one to hand out */
			return 0;
		}
		int ready = poll(fds, (nfds_t)n, -1);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			return 0;
		}
		for (int i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (receive(pl, &pl->w[who[i]]) < 0) {
				return 0;
			}
			int rc = advance(pl, err);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* Every task not received yet, in this process, one at a time. */
static int run_here(pool *pl, ht_error *err)
{
	const ht_dataset *d = pl->bt->d;
	double *y = ht__calloc(d->n_items ? d->n_items : 1, sizeof *y);
	void **x = ht__calloc(d->n_items ? d->n_items : 1, sizeof *x);
	int rc = 0;
	if (!y || !x) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t t = pl->head * pl->L; t < pl->n_tasks && rc == 0; t++) {
		if (pl->got[t])
			continue;
		char msg[256];
		if ((rc = ht_learn__linear_task(&pl->bins[t], pl->bt, t, y, x, 0, msg, sizeof msg)) < 0) {
			rc = ht__err(err, rc, "%s", msg);
			break;
		}
		store(pl, t);
		rc = advance(pl, err);
	}
cleanup:
	ht__free(y);
	ht__free(x);
	return rc;
}

int ht_learn__pool(const ht_learn__batch *bt, ht_error *err)
{
	pool pl;
	memset(&pl, 0, sizeof pl);
	pl.bt = bt;
	pl.L = bt->d->n_labels;
	pl.n_tasks = bt->n_sets * pl.L;
	int rc = 0;
	pl.bins = ht__calloc(pl.n_tasks ? pl.n_tasks : 1, sizeof *pl.bins);
	pl.got = ht__calloc(pl.n_tasks ? pl.n_tasks : 1, 1);
	pl.done = ht__calloc(bt->n_sets ? bt->n_sets : 1, sizeof *pl.done);
	if (!pl.bins || !pl.got || !pl.done) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	int want = bt->p->threads < MAX_WORKERS ? bt->p->threads : MAX_WORKERS;
	if ((size_t)want > pl.n_tasks)
		want = (int)pl.n_tasks;
	start_workers(&pl, want);
	if (pl.nw > 0)
		rc = run_workers(&pl, err);
	/* workers are killed unless every set was handed over (a sink's error or a failure leaves some at work) */
	stop_workers(&pl, pl.head < bt->n_sets);
	if (rc == 0 && pl.head < bt->n_sets)
		rc = run_here(&pl, err);
cleanup:
	for (size_t t = pl.head * pl.L; pl.bins && t < pl.n_tasks; t++)
		ht_learn__binary_free(&pl.bins[t]);
	ht__free(pl.bins);
	ht__free(pl.got);
	ht__free(pl.done);
	return rc;
}
