/* SPDX-License-Identifier: MIT */
/* learn.c: per-label binary training with LIBLINEAR (linear) and libsvm (kernels), on worker threads. */
#define _DEFAULT_SOURCE /* initstate, setstate */
#include "learn/learn.h"
#include "learn/pool.h"

#include <fcntl.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <svm.h>
#include <sys/resource.h>
#include <unistd.h>

int ht_learn__dataset_init(ht_dataset *d, size_t n_items, size_t n_features, size_t n_labels, ht_error *err)
{
	memset(d, 0, sizeof *d);
	d->n_items = n_items;
	d->n_features = n_features;
	d->n_labels = n_labels;
	d->row = ht__calloc(n_items + 1, sizeof *d->row);
	d->y = ht__calloc(n_items ? n_items : 1, n_labels ? n_labels : 1);
	d->group = ht__calloc(n_items ? n_items : 1, sizeof *d->group);
	if (!d->row || !d->y || !d->group) {
		ht_learn__dataset_free(d);
		return HT_NOMEM(err);
	}
	return 0;
}

int ht_learn__dataset_set(ht_dataset *d, size_t k, const uint32_t *idx, const double *val, size_t nnz,
			  const uint32_t *labels, size_t n_labels, size_t group, ht_error *err)
{
	size_t at = d->row[k];
	if (at + nnz < at)
		return HT_NOMEM(err);
	if (at + nnz > d->cap) {
		size_t cap = d->cap;
		if (ht__grow((void **)&d->idx, &cap, at + nnz, sizeof *d->idx) < 0)
			return HT_NOMEM(err);
		cap = d->cap;
		if (ht__grow((void **)&d->val, &cap, at + nnz, sizeof *d->val) < 0)
			return HT_NOMEM(err);
		d->cap = cap;
	}
	if (nnz) { /* an empty row may come with NULL arrays, and memcpy from NULL is undefined even for 0 bytes */
		memcpy(d->idx + at, idx, nnz * sizeof *idx);
		memcpy(d->val + at, val, nnz * sizeof *val);
	}
	d->row[k + 1] = at + nnz;
	for (size_t l = 0; l < n_labels; l++)
		d->y[k * d->n_labels + labels[l]] = 1;
	d->group[k] = group;
	return 0;
}

int ht_learn__imbalanced(const ht_dataset *d)
{
	size_t lo = SIZE_MAX, hi = 0;
	for (size_t l = 0; l < d->n_labels; l++) {
		size_t n = 0;
		for (size_t i = 0; i < d->n_items; i++)
			n += d->y[i * d->n_labels + l];
		if (n < lo)
			lo = n;
		if (n > hi)
			hi = n;
	}
	return lo * 3 < hi;
}

void ht_learn__dataset_free(ht_dataset *d)
{
	ht__free(d->row);
	ht__free(d->idx);
	ht__free(d->val);
	ht__free(d->y);
	ht__free(d->group);
	memset(d, 0, sizeof *d);
}

void ht_learn__binary_free(ht_binary *b)
{
	ht__free(b->w);
	ht__free(b->sv);
	ht__free(b->coef);
	memset(b, 0, sizeof *b);
}

static void quiet(const char *s) { (void)s; }

void ht_learn__rand_lock(int lock)
{
	static pthread_mutex_t rand_lock = PTHREAD_MUTEX_INITIALIZER;
	if (lock)
		pthread_mutex_lock(&rand_lock);
	else
		pthread_mutex_unlock(&rand_lock);
}

typedef ht_learn__nodes nodes;

typedef struct job {
	const ht_dataset *d;
	const size_t *items;
	size_t n_items;
	const ht_learn_params *p;
	const nodes *nd;
	ht_binary *out;
	pthread_mutex_t lock;
	size_t next_label, done_labels;
	int rc;
	int alone;          /* 1: in a worker process of its own, where rand() belongs to this fit alone */
	char msg[256];
} job;

/*
 * The binary problem for one label over the job's items: y = +1 / -1 and the row of each item (the node
 * layouts of LIBLINEAR and libsvm are the same, {int index; double value}). Returns the number of positives.
 */
static size_t binary_problem(job *j, size_t label, double *y, void **x)
{
	const ht_dataset *d = j->d;
	size_t npos = 0;
	for (size_t k = 0; k < j->n_items; k++) {
		size_t it = j->items ? j->items[k] : k;
		y[k] = d->y[it * d->n_labels + label] ? 1.0 : -1.0;
		npos += y[k] > 0;
		x[k] = j->nd->space + j->nd->start[it];
	}
	return npos;
}

/* C multipliers for the positive and negative class: 1 and 1, or balanced n / (2 n_class). */
static void class_weights(double w[2], const job *j, size_t npos)
{
	w[0] = w[1] = 1.0;
	if (j->p->balanced) {
		w[0] = (double)j->n_items / (2.0 * (double)npos);
		w[1] = (double)j->n_items / (2.0 * (double)(j->n_items - npos));
	}
}

static int train_linear(ht_binary *b, job *j, size_t label, double *y, struct feature_node **x)
{
	const ht_dataset *d = j->d;
	size_t npos = binary_problem(j, label, y, (void **)x);
	b->w = ht__calloc(d->n_features ? d->n_features : 1, sizeof *b->w);
	if (!b->w)
		return HT_ENOMEM;
	if (npos == 0 || npos == j->n_items) { /* one class only: a constant decision */
		b->bias = npos ? 1.0 : -1.0;
		return 0;
	}
	int wl[2] = {1, -1};
	double wv[2];
	class_weights(wv, j, npos);
	struct problem prob = {(int)j->n_items, (int)d->n_features + 1, y, x, 1.0};
	struct parameter param;
	memset(&param, 0, sizeof param);
	param.solver_type = L2R_L2LOSS_SVC_DUAL;
	param.eps = 0.1;
	param.C = j->p->C;
	param.nr_weight = 2;
	param.weight_label = wl;
	param.weight = wv;
	const char *bad = check_parameter(&prob, &param);
	if (bad) {
		snprintf(j->msg, sizeof j->msg, "liblinear rejected the parameters: %s", bad);
		return HT_EINTERNAL;
	}
	/* LIBLINEAR's dual solver shuffles with the C library's rand(). Give it a private state with a fixed seed
	 * for the duration of the call and put the caller's state back afterwards, under a lock so that our own
	 * threads take turns: the result is the same on every run and the application's rand() sequence is left
	 * exactly where it was. (glibc's rand() draws from the random() state that initstate/setstate switch.) A
	 * worker process (pool.c) seeds the same state the same way but needs no lock: its rand() is its own, and
	 * the lock may have been held by another thread when the process was forked. */
	char state[128];
	if (!j->alone)
		ht_learn__rand_lock(1);
	char *saved = initstate(20261120u + (unsigned)label, state, sizeof state);
	struct model *m = train(&prob, &param);
	setstate(saved);
	if (!j->alone)
		ht_learn__rand_lock(0);
	if (!m) {
		snprintf(j->msg, sizeof j->msg, "liblinear failed to train label %zu", label);
		return HT_EINTERNAL;
	}
	double sign = m->label[0] == 1 ? 1.0 : -1.0;
	for (size_t f = 0; f < d->n_features; f++)
		b->w[f] = sign * m->w[f];
	b->bias = sign * m->w[d->n_features] * 1.0;
	free_and_destroy_model(&m);
	return 0;
}

int ht_learn__linear_task(ht_binary *b, const ht_learn__batch *bt, size_t task, double *y, void **x, int alone,
			  char *msg, size_t msg_len)
{
	size_t L = bt->d->n_labels, s = task / L;
	const ht_learn_set *set = &bt->sets[s];
	ht_learn_params ps = *bt->p;
	ps.C = set->C;
	job j = {bt->d, set->items, set->items ? set->n_items : bt->d->n_items, &ps, bt->nd, NULL,
		 PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, alone, {0}};
	memset(b, 0, sizeof *b);
	int rc = train_linear(b, &j, task % L, y, (struct feature_node **)x);
	if (rc < 0) {
		ht_learn__binary_free(b);
		snprintf(msg, msg_len, "%s", j.msg[0] ? j.msg : rc == HT_ENOMEM ? "out of memory" : "training failed");
	}
	return rc;
}

typedef struct sv_pair {
	size_t item;
	double coef;
} sv_pair;

static int by_item(const void *a, const void *b)
{
	const sv_pair *x = a, *y = b;
	return (x->item > y->item) - (x->item < y->item);
}

/*
 * Address space left under RLIMIT_AS (ulimit -v): the limit minus the process's current size (VmSize, from
 * /proc/self/statm), or SIZE_MAX when there is no limit or it cannot be read.
 */
static size_t address_space_left(void)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_AS, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
		return SIZE_MAX;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	char buf[64];
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return SIZE_MAX;
	buf[n] = 0;
	unsigned long long pages = strtoull(buf, NULL, 10), used = pages * (unsigned long long)sysconf(_SC_PAGESIZE);
	return (unsigned long long)r.rlim_cur > used ? (size_t)((unsigned long long)r.rlim_cur - used) : 0;
}

/*
 * libsvm allocates with plain malloc and does not check it: a failure inside svm_train is a crash (SIGSEGV in
 * SVC_Q::get_Q). So its needs are bounded before the call: for l training items it allocates about 200 bytes
 * per item (alpha, gradients, index arrays, the cache's heads, the model) plus its kernel cache, which is a
 * parameter and at least two columns (8 l bytes). The cache is given at most half of what each worker's share of
 * the address space left allows (never more than 100 MB; its size changes speed, not results), and when even
 * the minimum does not fit the label fails with HT_ENOMEM. What this cannot see is memory the kernel
 * overcommits without a limit (no ulimit -v): there Linux's OOM killer, not malloc, is the failure.
 */
static int kernel_cache_mb(double *mb, job *j)
{
	size_t l = j->n_items, left = address_space_left();
	*mb = 100;
	if (left == SIZE_MAX)
		return 0;
	size_t threads = j->p->threads > 0 ? (size_t)j->p->threads : 1;
	if (threads > j->d->n_labels)
		threads = j->d->n_labels ? j->d->n_labels : 1;
	size_t share = left / threads, fixed = (size_t)4 << 20, per_item = 256, need;
	if (ht__mul_overflows(l, per_item + 8, &need) || need > SIZE_MAX - fixed || (need += fixed) > share / 2) {
		snprintf(j->msg, sizeof j->msg,
			 "out of memory: kernel training on %zu items needs about %zu MB, and %zu MB of address space are "
			 "left per worker thread (ulimit -v)",
			 l, (l * (per_item + 8) + fixed) >> 20, share >> 20);
		return HT_ENOMEM;
	}
	double cache = (double)(share / 2 - need) / (1 << 20);
	*mb = cache < 100 ? cache : 100;
	return 0;
}

static int train_kernel(ht_binary *b, job *j, size_t label, double *y, struct svm_node **x)
{
	size_t npos = binary_problem(j, label, y, (void **)x);
	if (npos == 0 || npos == j->n_items) { /* one class only: a constant decision */
		b->rho = npos ? -1.0 : 1.0;
		return 0;
	}
	int wl[2] = {1, -1};
	double wv[2];
	class_weights(wv, j, npos);
	struct svm_problem prob = {(int)j->n_items, y, x};
	struct svm_parameter param;
	memset(&param, 0, sizeof param);
	param.svm_type = C_SVC;
	param.kernel_type = j->p->solver == HT_SOLVER_RBF ? RBF : POLY;
	param.degree = j->p->degree;
	param.gamma = j->p->gamma;
	param.coef0 = j->p->coef0;
	int rc = kernel_cache_mb(&param.cache_size, j);
	if (rc < 0)
		return rc;
	param.eps = 1e-3;
	param.C = j->p->C;
	param.nr_weight = 2;
	param.weight_label = wl;
	param.weight = wv;
	param.shrinking = 1;
	const char *bad = svm_check_parameter(&prob, &param);
	if (bad) {
		snprintf(j->msg, sizeof j->msg, "libsvm rejected the parameters: %s", bad);
		return HT_EINTERNAL;
	}
	struct svm_model *m = svm_train(&prob, &param);
	if (!m) {
		snprintf(j->msg, sizeof j->msg, "libsvm failed to train label %zu", label);
		return HT_EINTERNAL;
	}
	double sign = m->label[0] == 1 ? 1.0 : -1.0;
	b->n_sv = (size_t)m->l;
	b->sv = ht__calloc(b->n_sv ? b->n_sv : 1, sizeof *b->sv);
	b->coef = ht__calloc(b->n_sv ? b->n_sv : 1, sizeof *b->coef);
	if (!b->sv || !b->coef) {
		rc = HT_ENOMEM;
	} else {
		/* sv_indices are 1-based positions in prob, grouped by class: map them to dataset items and sort the
		 * (item, coefficient) pairs by item (items are distinct, so any sort gives the same order). */
		sv_pair *pairs = ht__calloc(b->n_sv ? b->n_sv : 1, sizeof *pairs);
		if (!pairs) {
			rc = HT_ENOMEM;
		} else {
			for (size_t k = 0; k < b->n_sv; k++) {
				size_t pos = (size_t)m->sv_indices[k] - 1;
				pairs[k] = (sv_pair){j->items ? j->items[pos] : pos, sign * m->sv_coef[0][k]};
			}
			qsort(pairs, b->n_sv, sizeof *pairs, by_item);
			for (size_t k = 0; k < b->n_sv; k++) {
				b->sv[k] = pairs[k].item;
				b->coef[k] = pairs[k].coef;
			}
			ht__free(pairs);
		}
		b->rho = sign * m->rho[0];
	}
	svm_free_and_destroy_model(&m);
	return rc;
}

static void *worker(void *arg)
{
	job *j = arg;
	double *y = ht__calloc(j->n_items ? j->n_items : 1, sizeof *y);
	void **x = ht__calloc(j->n_items ? j->n_items : 1, sizeof *x);
	int rc = (!y || !x) ? HT_ENOMEM : 0;
	for (;;) {
		pthread_mutex_lock(&j->lock);
		if (rc < 0 && j->rc == 0)
			j->rc = rc;
		size_t label = j->rc < 0 ? j->d->n_labels : j->next_label++;
		pthread_mutex_unlock(&j->lock);
		if (label >= j->d->n_labels)
			break;
		rc = j->p->solver == HT_SOLVER_LINEAR
			     ? train_linear(&j->out[label], j, label, y, (struct feature_node **)x)
			     : train_kernel(&j->out[label], j, label, y, (struct svm_node **)x);
		pthread_mutex_lock(&j->lock);
		if (rc < 0 && j->rc == 0)
			j->rc = rc;
		j->done_labels++;
		/* one report per trained label (a kernel label can take minutes): under the lock, so the callback
		 * is never entered by two threads at once */
		if (j->p->progress && rc == 0 && j->rc == 0)
			j->p->progress(j->p->progress_ctx,
				       j->p->phase && !strcmp(j->p->phase, "training") ? "training labels" : "labels in fold",
				       j->done_labels, j->d->n_labels);
		pthread_mutex_unlock(&j->lock);
	}
	ht__free(y);
	ht__free(x);
	return NULL;
}

static int build_nodes(nodes *nd, const ht_dataset *d, int with_bias)
{
	size_t total = d->row[d->n_items] + d->n_items * (with_bias ? 2 : 1);
	nd->space = ht__calloc(total ? total : 1, sizeof *nd->space);
	nd->start = ht__calloc(d->n_items ? d->n_items : 1, sizeof *nd->start);
	if (!nd->space || !nd->start)
		return HT_ENOMEM;
	size_t p = 0;
	for (size_t i = 0; i < d->n_items; i++) {
		nd->start[i] = p;
		for (size_t k = d->row[i]; k < d->row[i + 1]; k++) {
			nd->space[p].index = (int)d->idx[k] + 1;
			nd->space[p++].value = d->val[k];
		}
		if (with_bias) {
			nd->space[p].index = (int)d->n_features + 1;
			nd->space[p++].value = 1.0;
		}
		nd->space[p++].index = -1;
	}
	return 0;
}

/* Every label of one set into out (n_labels slots): kernels on worker threads, linear fits one at a time. */
static int train_set(ht_binary *out, const ht_dataset *d, const nodes *nd, const ht_learn_set *set,
		     const ht_learn_params *p, ht_error *err)
{
	ht_learn_params ps = *p;
	ps.C = set->C;
	ps.phase = set->phase;
	memset(out, 0, d->n_labels * sizeof *out);
	job j = {d, set->items, set->items ? set->n_items : d->n_items, &ps, nd, out, PTHREAD_MUTEX_INITIALIZER,
		 0, 0, 0, 0, {0}};
	/* LIBLINEAR calls take turns here (see the rand() note in train_linear), so extra threads would only wait:
	 * they run side by side in worker processes instead (pool.c). */
	int nthreads = p->solver == HT_SOLVER_LINEAR ? 1 : p->threads > 0 ? p->threads : 1;
	if ((size_t)nthreads > d->n_labels)
		nthreads = (int)(d->n_labels ? d->n_labels : 1);
	pthread_t tid[8];
	int started = 0;
	for (int t = 1; t < nthreads && t < 8; t++) {
		if (pthread_create(&tid[started], NULL, worker, &j) == 0)
			started++;
	}
	worker(&j); /* the calling thread works too; with no extra threads it does everything */
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&j.lock);
	if (j.rc < 0) {
		for (size_t l = 0; l < d->n_labels; l++)
			ht_learn__binary_free(&out[l]);
		if (j.rc == HT_ENOMEM)
			return ht__err(err, HT_ENOMEM, "%s", j.msg[0] ? j.msg : "out of memory");
		return ht__err(err, j.rc, "%s", j.msg[0] ? j.msg : "training failed");
	}
	return 0;
}

int ht_learn__train_sets(const ht_dataset *d, const ht_learn_set *sets, size_t n_sets, const ht_learn_params *p,
			 ht_learn_sink sink, void *ctx, ht_error *err)
{
	if (d->n_features >= (size_t)INT32_MAX - 1 || d->n_items >= (size_t)INT32_MAX)
		return ht__err(err, HT_ELIMIT, "too many features or items for the solvers (at most 2^31)");
	set_print_string_function(quiet);
	svm_set_print_string_function(quiet);
	nodes nd = {0};
	ht_binary *bins = NULL;
	int rc = build_nodes(&nd, d, p->solver == HT_SOLVER_LINEAR);
	if (rc < 0) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	if (p->solver == HT_SOLVER_LINEAR && !p->no_fork && p->threads > 1 && n_sets * d->n_labels > 1) {
		ht_learn__batch bt = {d, &nd, sets, n_sets, p, sink, ctx};
		rc = ht_learn__pool(&bt, err);
		goto cleanup;
	}
	if (!(bins = ht__calloc(d->n_labels ? d->n_labels : 1, sizeof *bins))) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t s = 0; s < n_sets && rc == 0; s++)
		if ((rc = train_set(bins, d, &nd, &sets[s], p, err)) == 0)
			rc = sink(ctx, s, bins, err);
cleanup:
	ht__free(bins);
	ht__free(nd.space);
	ht__free(nd.start);
	return rc;
}

typedef struct take {
	ht_binary *out;
	size_t n_labels;
} take;

static int take_labels(void *ctx, size_t set, ht_binary *bins, ht_error *err)
{
	(void)set;
	(void)err;
	take *t = ctx;
	memcpy(t->out, bins, t->n_labels * sizeof *bins);
	return 0;
}

int ht_learn__train(ht_binary *out, const ht_dataset *d, const size_t *items, size_t n_items, const ht_learn_params *p,
		    ht_error *err)
{
	ht_learn_set set = {items, n_items, p->C, p->phase};
	take t = {out, d->n_labels};
	memset(out, 0, d->n_labels * sizeof *out);
	return ht_learn__train_sets(d, &set, 1, p, take_labels, &t, err);
}

/* Groups are mapped to dense numbers in order of first appearance with a small open table: the keys are article
 * indices, dense and ascending in corpus order, but nothing here relies on it. */
int ht_learn__folds(int *fold, const size_t *group, size_t n, int k, ht_error *err)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	size_t *keys = ht__calloc(cap, sizeof *keys);
	int *vals = ht__calloc(cap, sizeof *vals);
	if (!keys || !vals) {
		ht__free(keys);
		ht__free(vals);
		return HT_NOMEM(err);
	}
	for (size_t i = 0; i < cap; i++)
		keys[i] = SIZE_MAX;
	int next = 0;
	for (size_t i = 0; i < n; i++) {
		size_t g = group[i];
		size_t h = (g * 0x9E3779B97F4A7C15ULL) & (cap - 1);
		while (keys[h] != SIZE_MAX && keys[h] != g)
			h = (h + 1) & (cap - 1);
		if (keys[h] == SIZE_MAX) {
			keys[h] = g;
			vals[h] = next++ % k;
		}
		fold[i] = vals[h];
	}
	ht__free(keys);
	ht__free(vals);
	return 0;
}
