/* SPDX-License-Identifier: MIT */
/* pool.h: private to learn/: what learn.c and pool.c (LIBLINEAR fits in worker processes) share. */
#ifndef HT_LEARN_POOL_H
#define HT_LEARN_POOL_H

#include "learn/learn.h"

struct feature_node;

/* Shared, read-only node arrays in the layout both libraries use ({int index; double value}, -1 terminated). */
typedef struct ht_learn__nodes {
	struct feature_node *space; /* linear: row nodes + bias node + terminator */
	size_t *start;              /* per item */
} ht_learn__nodes;

/* A batch of sets being trained: task t is label t % n_labels of set t / n_labels. */
typedef struct ht_learn__batch {
	const ht_dataset *d;
	const ht_learn__nodes *nd;
	const ht_learn_set *sets;
	size_t n_sets;
	const ht_learn_params *p;
	ht_learn_sink sink;
	void *ctx;
} ht_learn__batch;

/* Take (1) or give back (0) the lock under which this process's LIBLINEAR fits use rand(). */
void ht_learn__rand_lock(int lock);

/*
 * One LIBLINEAR fit: task `task` of the batch into *b (zeroed first; freed again on failure). y and x have room for
 * the dataset's items. alone: 1 in a worker process, whose rand() is the fit's alone (no lock). On failure msg
 * (msg_len bytes) says why.
 */
int ht_learn__linear_task(ht_binary *b, const ht_learn__batch *bt, size_t task, double *y, void **x, int alone,
			  char *msg, size_t msg_len);

/* Every task of a linear batch on up to p->threads worker processes (pool.c); see ht_learn__train_sets. */
int ht_learn__pool(const ht_learn__batch *bt, ht_error *err);

#endif
