/* SPDX-License-Identifier: MIT */
/*
 * learn.h: the training rows and the binary one-vs-rest learners behind one interface (LIBLINEAR for linear
 * models, libsvm for kernels), trained per label on worker threads; grouped folds; F1-optimal thresholds.
 * Nothing here knows about text, features or models: learn/ sits on util/ only.
 *
 * Linear models use LIBLINEAR's dual coordinate descent for the L2-regularised L2-loss SVM (what LinearSVC
 * uses): on sparse TF-IDF it is about ten times faster than the primal Newton solver on MedQuAD. It shuffles with
 * the process-wide rand(), so every fit starts from a private rand() state seeded by its label (learn.c): in this
 * process those fits take turns, and with threads > 1 they run side by side in forked worker processes, each with
 * its own rand(), and send their weights back (pool.c). Either way a fit sees the same rand() sequence and gives
 * the same bits. libsvm's C-SVC without probability estimates uses no random numbers and trains labels on
 * threads. Every label's result goes to its own slot, so nothing depends on scheduling.
 */
#ifndef HT_LEARN_H
#define HT_LEARN_H

#include "healthtopics_train.h"
#include "util/util.h"

/* Sparse training rows with labels and article groups. */
typedef struct ht_dataset {
	size_t n_items, n_features, n_labels;
	size_t *row;        /* n_items + 1 offsets into idx/val */
	uint32_t *idx;      /* 0-based feature ids, ascending per row */
	double *val;
	size_t cap;         /* capacity of idx/val while rows are added */
	uint8_t *y;         /* n_items x n_labels, 1 when the item has the label */
	size_t *group;      /* grouping key (article) per item */
} ht_dataset;

/* Room for n items of n_labels labels over n_features features; rows are then added in order. */
int ht_learn__dataset_init(ht_dataset *d, size_t n_items, size_t n_features, size_t n_labels, ht_error *err);
/* Set item k's row (ids ascending), labels and group. Items must be added in order 0, 1, ... */
int ht_learn__dataset_set(ht_dataset *d, size_t k, const uint32_t *idx, const double *val, size_t nnz,
			  const uint32_t *labels, size_t n_labels, size_t group, ht_error *err);
void ht_learn__dataset_free(ht_dataset *d);
/* 1 when the rarest label has fewer than a third of the most common one's items (class weights: auto). */
int ht_learn__imbalanced(const ht_dataset *d);

typedef struct ht_learn_params {
	ht_solver solver;
	double C;
	int balanced;
	double gamma;
	int degree;
	double coef0;
	int threads;
	ht_progress_fn progress;
	void *progress_ctx;
	const char *phase;
	int no_fork;        /* 1: LIBLINEAR fits never run in forked worker processes (see ht_learn__train_sets) */
} ht_learn_params;

/* One trained label. Linear: w (n_features) and bias. Kernel: support vectors as dataset item indices. */
typedef struct ht_binary {
	double *w;
	double bias;
	size_t n_sv;
	size_t *sv;       /* item indices into the dataset, ascending */
	double *coef;     /* y_i * alpha_i per support vector */
	double rho;
} ht_binary;
void ht_learn__binary_free(ht_binary *b);

/* Train every label on the items subset (NULL: all). out has n_labels slots; on failure they are all freed. */
int ht_learn__train(ht_binary *out, const ht_dataset *d, const size_t *items, size_t n_items,
		    const ht_learn_params *p, ht_error *err);

/* One training set of a batch: every label is trained on these items at this C. */
typedef struct ht_learn_set {
	const size_t *items; /* NULL: every item of the dataset */
	size_t n_items;
	double C;
	const char *phase;   /* as ht_learn_params.phase: "training" reports "training labels", else "labels in fold" */
} ht_learn_set;

/*
 * Receives set `set`'s n_labels trained labels and owns them (ht_learn__binary_free each, or keep them). Returns
 * 0, or a negative ht_status (with err set) to stop the batch.
 */
typedef int (*ht_learn_sink)(void *ctx, size_t set, ht_binary *bins, ht_error *err);

/*
 * Train every label on each of n_sets sets and hand each set's labels to sink, in set order, from the calling
 * thread (progress too, in the same order as ht_learn__train set by set). With the linear solver, p->threads > 1
 * and p->no_fork == 0, the fits run in up to p->threads (at most 8) forked worker processes while the caller's
 * thread consumes finished sets (pool.c); a worker that cannot be started or that fails in any way only makes the
 * remaining fits run here, one at a time: the labels are bit-identical either way. Returns 0 or a negative
 * ht_status; on failure the labels not yet handed over are freed.
 */
int ht_learn__train_sets(const ht_dataset *d, const ht_learn_set *sets, size_t n_sets, const ht_learn_params *p,
			 ht_learn_sink sink, void *ctx, ht_error *err);

/*
 * Grouped k-fold: the fold of each item. Groups are numbered in order of first appearance and dealt to folds
 * round-robin in that order, so every group stays in one fold and the assignment is deterministic.
 * `group` has n entries.
 */
int ht_learn__folds(int *fold, const size_t *group, size_t n, int k, ht_error *err);

/* The margin threshold that maximises F1 for one label over (margin, label) pairs with stride. */
int ht_learn__best_threshold(double *out, const double *margin, const uint8_t *y, size_t n, size_t stride,
			     ht_error *err);

#endif
