/*
 * learn.h: binary one-vs-rest learners behind one interface (LIBLINEAR for linear models, libsvm for kernels),
 * trained per label on worker threads, plus cross-validated margins, Platt calibration and thresholds.
 *
 * Linear models use LIBLINEAR's dual coordinate descent for the L2-regularised L2-loss SVM (what LinearSVC
 * uses): on sparse TF-IDF it is about ten times faster than the primal Newton solver on MedQuAD. It shuffles with
 * rand(), so those calls run one at a time with a private, seeded rand() state (learn.c). libsvm's C-SVC without
 * probability estimates uses no random numbers and trains labels in parallel. Every label's result goes to its
 * own slot, so nothing depends on thread scheduling.
 */
#ifndef HT_LEARN_H
#define HT_LEARN_H

#include "healthtopics_train.h"
#include "util/util.h"

#include <math.h>

/* TF-IDF rows of a training set, with labels and article groups. */
typedef struct ht_dataset {
	size_t n_items, n_features, n_labels;
	size_t *row;        /* n_items + 1 offsets into idx/val */
	uint32_t *idx;      /* 0-based feature ids, ascending per row */
	double *val;
	uint8_t *y;         /* n_items x n_labels, 1 when the item has the label */
	size_t *group;      /* grouping key (article) per item */
} ht_dataset;
void ht__dataset_free(ht_dataset *d);

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
void ht__binary_free(ht_binary *b);

/* Train every label on the items subset (NULL: all). out has n_labels slots. */
int ht__learn(ht_binary *out, const ht_dataset *d, const size_t *items, size_t n_items, const ht_learn_params *p,
	      ht_error *err);

/* Margin of dataset row `item` under a trained label. */
double ht__margin(const ht_binary *b, const ht_dataset *d, const ht_learn_params *p, size_t item);

/* Kernel value between two sparse rows. */
double ht__kernel(const ht_learn_params *p, const uint32_t *ia, const double *va, size_t na, const uint32_t *ib,
		  const double *vb, size_t nb);

/*
 * Grouped k-fold: fold of each item (groups are dealt to folds in order of first appearance, round-robin over
 * groups sorted by a hash of their key, so folds are balanced and deterministic).
 */
int ht__folds(int *fold, const ht_dataset *d, int k);

/* Cross-validated margins (n_items x n_labels) with k folds. */
int ht__cv_margins(double *margins, const ht_dataset *d, int k, const ht_learn_params *p, ht_error *err);

/* Platt scaling: P(y=1|f) = 1 / (1 + exp(A f + B)), fitted on (margin, label) pairs with stride. */
void ht__platt_fit(double *A, double *B, const double *margin, const uint8_t *y, size_t n, size_t stride);
static inline double ht__platt_prob(double A, double B, double f)
{
	double z = A * f + B; /* computed without overflow for any margin */
	return z >= 0 ? exp(-z) / (1.0 + exp(-z)) : 1.0 / (1.0 + exp(z));
}

/* The margin threshold that maximises F1 for one label over (margin, label) pairs with stride. */
double ht__best_threshold(const double *margin, const uint8_t *y, size_t n, size_t stride, ht_error *err,
			  int *rc);

#endif
