/* SPDX-License-Identifier: MIT */
/*
 * build.h: the training side of model/: from trained labels (learn/) to a decision function, cross-validated
 * margins scored with the model's own decision function, and a model's solvers, calibration and thresholds
 * fitted on a dataset. Part of the training library only: it is the one place model/ uses learn/.
 */
#ifndef HT_MODEL_BUILD_H
#define HT_MODEL_BUILD_H

#include "learn/learn.h"
#include "model/model.h"

/*
 * The decision function of trained labels in double precision, as cross-validation scores with it and before a
 * model stores it rounded to float. Linear: w (n_features x n_labels, feature-major) and bias. Kernel: the union
 * of the labels' support vectors in ascending item order (rows copied from the dataset), the coefficient matrix
 * (n_labels x n_sv; zero where a vector is not one of the label's) and rho.
 */
typedef struct ht_model__decision {
	ht_solver solver;
	double gamma, coef0;
	int degree;
	size_t n_labels, n_features;
	double *w, *bias;
	size_t n_sv;
	uint64_t *sv_row;
	uint32_t *sv_idx;
	double *sv_val, *sv_sq, *coef, *rho;
} ht_model__decision;

int ht_model__decision_build(ht_model__decision *out, const ht_binary *bins, const ht_dataset *d,
			     const ht_learn_params *p, ht_error *err);
void ht_model__decision_free(ht_model__decision *dec);
ht_model__scorer ht_model__decision_scorer(const ht_model__decision *dec);
/* Store dec in m (solver, kernel parameters, weights or support vectors rounded to float). */
int ht_model__set_decision(ht_model *m, const ht_model__decision *dec, ht_error *err);

/* Copy the label names into m (m->n_labels of them). */
int ht_model__set_labels(ht_model *m, const char *const *names, size_t n, ht_error *err);

/*
 * Cross-validated margins (n_items x n_labels) over k grouped folds. With final (n_labels zeroed slots, the
 * caller frees them) the labels trained on every item at the same C come in the same batch.
 */
int ht_model__cv_margins(double *margins, const ht_dataset *d, int k, const ht_learn_params *p, ht_binary *final,
			 ht_error *err);

/* What ht_model__fit needs besides the dataset. */
typedef struct ht_model__fit_options {
	ht_learn_params learn; /* C is the starting value; balanced is decided by the caller */
	int multilabel;
	int folds;             /* 0: no cross-validation, uncalibrated */
	int tune;              /* choose C from a grid by cross-validation */
} ht_model__fit_options;

/*
 * Fit m's decision function, Platt calibration and thresholds on d: choose C (optional), cross-validated
 * margins, calibration, then the final solvers on every item. *chosen_C receives the C used.
 */
int ht_model__fit(ht_model *m, double *chosen_C, const ht_dataset *d, const ht_model__fit_options *o,
		  ht_error *err);

/*
 * Fit m's none gate on d (linear, multi-label, o->folds >= 2): a binary model of "the item has no label", trained
 * with o's options at C, calibrated on its cross-validated margins like a label (ht_model__fit), with min_prob
 * as the probability from which it may clear labels. Returns 0, HT_EINVAL when d has fewer than
 * HT_TRAIN_MIN_EXAMPLES items with or without labels, or another error.
 */
int ht_model__fit_gate(ht_model *m, const ht_dataset *d, const ht_model__fit_options *o, double C, double min_prob,
		       ht_error *err);

#endif
