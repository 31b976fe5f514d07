/* SPDX-License-Identifier: MIT */
/*
 * build.c: a model's decision function from trained labels, cross-validated margins, and the fit of solvers,
 * calibration and thresholds (the training side of model/, see build.h).
 */
#include "model/build.h"

#include <stdlib.h>

void ht_model__decision_free(ht_model__decision *dec)
{
	ht__free(dec->w);
	ht__free(dec->bias);
	ht__free(dec->sv_row);
	ht__free(dec->sv_idx);
	ht__free(dec->sv_val);
	ht__free(dec->sv_sq);
	ht__free(dec->coef);
	ht__free(dec->rho);
	memset(dec, 0, sizeof *dec);
}

/* The kernel pool: the union of the labels' support vectors, ascending by dataset item. */
static int build_pool(ht_model__decision *dec, const ht_binary *bins, const ht_dataset *d, ht_error *err)
{
	size_t n = d->n_items, L = d->n_labels;
	uint8_t *is_sv = ht__calloc(n ? n : 1, 1);
	size_t *pos = ht__calloc(n ? n : 1, sizeof *pos);
	int rc = 0;
	if (!is_sv || !pos) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t l = 0; l < L; l++)
		for (size_t s = 0; s < bins[l].n_sv; s++)
			is_sv[bins[l].sv[s]] = 1;
	size_t nsv = 0, nnz = 0, cells;
	for (size_t i = 0; i < n; i++)
		if (is_sv[i]) {
			pos[i] = nsv++;
			nnz += d->row[i + 1] - d->row[i];
		}
	if (ht__mul_overflows(L, nsv ? nsv : 1, &cells)) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	dec->n_sv = nsv;
	dec->sv_row = ht__calloc(nsv + 1, sizeof *dec->sv_row);
	dec->sv_idx = ht__calloc(nnz ? nnz : 1, sizeof *dec->sv_idx);
	dec->sv_val = ht__calloc(nnz ? nnz : 1, sizeof *dec->sv_val);
	dec->sv_sq = ht__calloc(nsv ? nsv : 1, sizeof *dec->sv_sq);
	dec->coef = ht__calloc(cells, sizeof *dec->coef);
	dec->rho = ht__calloc(L ? L : 1, sizeof *dec->rho);
	if (!dec->sv_row || !dec->sv_idx || !dec->sv_val || !dec->sv_sq || !dec->coef || !dec->rho) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	size_t q = 0, s = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_sv[i])
			continue;
		for (size_t k = d->row[i]; k < d->row[i + 1]; k++, q++) {
			dec->sv_idx[q] = d->idx[k];
			dec->sv_val[q] = d->val[k];
		}
		dec->sv_row[++s] = q;
	}
	ht_model__sv_norms(dec->sv_sq, dec->sv_row, nsv, NULL, dec->sv_val);
	for (size_t l = 0; l < L; l++) {
		dec->rho[l] = bins[l].rho;
		for (size_t k = 0; k < bins[l].n_sv; k++)
			dec->coef[l * nsv + pos[bins[l].sv[k]]] = bins[l].coef[k];
	}
cleanup:
	ht__free(is_sv);
	ht__free(pos);
	return rc;
}

int ht_model__decision_build(ht_model__decision *dec, const ht_binary *bins, const ht_dataset *d,
			     const ht_learn_params *p, ht_error *err)
{
	size_t L = d->n_labels, F = d->n_features, cells;
	memset(dec, 0, sizeof *dec);
	dec->solver = p->solver;
	dec->gamma = p->gamma;
	dec->coef0 = p->coef0;
	dec->degree = p->degree;
	dec->n_labels = L;
	dec->n_features = F;
	int rc = 0;
	if (p->solver != HT_SOLVER_LINEAR) {
		rc = build_pool(dec, bins, d, err);
	} else if (ht__mul_overflows(F ? F : 1, L, &cells) || !(dec->w = ht__calloc(cells, sizeof *dec->w)) ||
		   !(dec->bias = ht__calloc(L ? L : 1, sizeof *dec->bias))) {
		rc = HT_NOMEM(err);
	} else {
		for (size_t l = 0; l < L; l++) {
			dec->bias[l] = bins[l].bias;
			for (size_t f = 0; f < F; f++)
				dec->w[f * L + l] = bins[l].w[f];
		}
	}
	if (rc < 0)
		ht_model__decision_free(dec);
	return rc;
}

ht_model__scorer ht_model__decision_scorer(const ht_model__decision *dec)
{
	ht_model__scorer s = {dec->solver, dec->gamma, dec->coef0, dec->degree, dec->n_labels, NULL, dec->w,
			      dec->bias, dec->n_sv, dec->sv_row, dec->sv_idx, NULL, dec->sv_val, dec->sv_sq,
			      dec->coef, dec->rho};
	return s;
}

int ht_model__set_decision(ht_model *m, const ht_model__decision *dec, ht_error *err)
{
	size_t L = dec->n_labels, F = dec->n_features, cells;
	m->solver = dec->solver;
	m->gamma = dec->gamma;
	m->coef0 = dec->coef0;
	m->degree = dec->degree;
	m->n_labels = L;
	if (dec->solver == HT_SOLVER_LINEAR) {
		if (ht__mul_overflows(F ? F : 1, L, &cells) || !(m->w = ht__calloc(cells, sizeof *m->w)) ||
		    !(m->bias = ht__calloc(L, sizeof *m->bias)))
			return HT_NOMEM(err);
		memcpy(m->bias, dec->bias, L * sizeof *m->bias);
		for (size_t k = 0; k < F * L; k++)
			m->w[k] = (float)dec->w[k];
		return 0;
	}
	size_t nsv = dec->n_sv, nnz = (size_t)dec->sv_row[nsv];
	int rc = ht_model__alloc_kernel(m, nsv, nnz, err);
	if (rc < 0)
		return rc;
	memcpy(m->sv_row, dec->sv_row, (nsv + 1) * sizeof *m->sv_row);
	memcpy(m->sv_idx, dec->sv_idx, nnz * sizeof *m->sv_idx);
	for (size_t k = 0; k < nnz; k++)
		m->sv_val[k] = (float)dec->sv_val[k];
	ht_model__sv_norms(m->sv_sq, m->sv_row, nsv, m->sv_val, NULL);
	memcpy(m->rho, dec->rho, L * sizeof *m->rho);
	memcpy(m->coef, dec->coef, L * nsv * sizeof *m->coef);
	return 0;
}

int ht_model__set_labels(ht_model *m, const char *const *names, size_t n, ht_error *err)
{
	m->labels = ht__calloc(n ? n : 1, sizeof *m->labels);
	if (!m->labels)
		return HT_NOMEM(err);
	m->n_labels = n;
	for (size_t l = 0; l < n; l++)
		if (!(m->labels[l] = ht__strndup(names[l], strlen(names[l]))))
			return HT_NOMEM(err);
	return 0;
}

/* The cross-validation batch's state, for its sink. */
typedef struct cv_run {
	double *margins;
	const ht_dataset *d;
	const ht_learn_params *p;
	const int *fold;     /* per item */
	const int *set_fold; /* per set of the batch: the fold it leaves out, or -1 for the final training */
	int k;
	ht_binary *final;
} cv_run;

/* A fold's labels are in: score the items it left out with them, then free them. The final set's are kept. */
static int cv_sink(void *ctx, size_t set, ht_binary *bins, ht_error *err)
{
	cv_run *cv = ctx;
	const ht_dataset *d = cv->d;
	size_t n = d->n_items, L = d->n_labels;
	int f = cv->set_fold[set];
	if (f < 0) {
		memcpy(cv->final, bins, L * sizeof *bins);
		return 0;
	}
	ht_model__decision dec = {0};
	double *kvals = NULL;
	int rc = ht_model__decision_build(&dec, bins, d, cv->p, err);
	for (size_t l = 0; l < L; l++)
		ht_learn__binary_free(&bins[l]);
	if (rc < 0)
		goto cleanup;
	if (!(kvals = ht__calloc(dec.n_sv ? dec.n_sv : 1, sizeof *kvals))) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	ht_model__scorer s = ht_model__decision_scorer(&dec);
	for (size_t i = 0; i < n; i++)
		if (cv->fold[i] == f)
			ht_model__score(cv->margins + i * L, kvals, &s, d->idx + d->row[i], d->val + d->row[i],
					d->row[i + 1] - d->row[i]);
	if (cv->p->progress)
		cv->p->progress(cv->p->progress_ctx, cv->p->phase ? cv->p->phase : "cross-validation", (size_t)f + 1,
				(size_t)cv->k);
cleanup:
	ht_model__decision_free(&dec);
	ht__free(kvals);
	return rc;
}

int ht_model__cv_margins(double *margins, const ht_dataset *d, int k, const ht_learn_params *p, ht_binary *final,
			 ht_error *err)
{
	size_t n = d->n_items, cells;
	int rc = 0;
	int *fold = ht__calloc(n ? n : 1, sizeof *fold);
	int *set_fold = ht__calloc((size_t)k + 1, sizeof *set_fold);
	ht_learn_set *sets = ht__calloc((size_t)k + 1, sizeof *sets);
	size_t *items = ht__mul_overflows(n, (size_t)k, &cells) ? NULL : ht__calloc(cells ? cells : 1, sizeof *items);
	if (!fold || !set_fold || !sets || !items) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	if ((rc = ht_learn__folds(fold, d->group, n, k, err)) < 0)
		goto cleanup;
	/* every fold's training set, and the final training on every item, in one batch: they can run side by side
	 * (ht_learn__train_sets), and the sink scores each fold as soon as its labels are in */
	size_t n_sets = 0;
	for (int f = 0; f < k; f++) {
		size_t nt = 0, *tr = items + (size_t)f * n;
		for (size_t i = 0; i < n; i++)
			if (fold[i] != f)
				tr[nt++] = i;
		if (nt == n) /* an empty fold (fewer groups than folds) */
			continue;
		set_fold[n_sets] = f;
		sets[n_sets++] = (ht_learn_set){tr, nt, p->C, p->phase};
	}
	if (final) {
		set_fold[n_sets] = -1;
		sets[n_sets++] = (ht_learn_set){NULL, 0, p->C, "training"};
	}
	cv_run cv = {margins, d, p, fold, set_fold, k, final};
	rc = ht_learn__train_sets(d, sets, n_sets, p, cv_sink, &cv, err);
cleanup:
	ht__free(fold);
	ht__free(set_fold);
	ht__free(sets);
	ht__free(items);
	return rc;
}

/* Score of CV margins for choosing C: accuracy (multi-class) or micro-F1 at F1-optimal thresholds. */
static int cv_score(double *out, const double *mg, const ht_dataset *d, int multilabel, ht_error *err)
{
	size_t L = d->n_labels, n = d->n_items;
	if (!multilabel) {
		size_t ok = 0;
		for (size_t i = 0; i < n; i++) {
			size_t best = 0;
			for (size_t l = 1; l < L; l++)
				if (mg[i * L + l] > mg[i * L + best])
					best = l;
			ok += d->y[i * L + best];
		}
		*out = n ? (double)ok / (double)n : 0;
		return 0;
	}
	size_t tp = 0, fp = 0, fn = 0;
	for (size_t l = 0; l < L; l++) {
		double t;
		int rc = ht_learn__best_threshold(&t, mg + l, d->y + l, n, L, err);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			int p = mg[i * L + l] >= t, g = d->y[i * L + l];
			tp += p && g;
			fp += p && !g;
			fn += !p && g;
		}
	}
	*out = tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0;
	return 0;
}

/*
 * Cross-validated margins at the given C, with the final labels trained in the same batch into final; or, when
 * tuning, at the best C of a grid (its margins kept), final left untouched.
 */
static int tuned_margins(double *margins, double *chosen_C, ht_binary *final, const ht_dataset *d,
			 const ht_model__fit_options *o, ht_error *err)
{
	static const double grid[] = {0.125, 0.25, 0.5, 1, 2, 4, 8};
	ht_learn_params lp = o->learn;
	size_t cells = d->n_items * d->n_labels;
	*chosen_C = lp.C;
	if (!o->tune) {
		lp.phase = lp.phase ? lp.phase : "cross-validation";
		return ht_model__cv_margins(margins, d, o->folds, &lp, final, err);
	}
	double best = -1;
	int rc = 0;
	double *tmp = ht__calloc(cells ? cells : 1, sizeof *tmp);
	if (!tmp)
		return HT_NOMEM(err);
	lp.phase = "tuning C";
	for (size_t g = 0; g < sizeof grid / sizeof *grid; g++) {
		double s;
		lp.C = grid[g];
		if ((rc = ht_model__cv_margins(tmp, d, o->folds, &lp, NULL, err)) < 0 ||
		    (rc = cv_score(&s, tmp, d, o->multilabel, err)) < 0)
			break;
		if (s > best + 1e-12) {
			best = s;
			*chosen_C = grid[g];
			memcpy(margins, tmp, cells * sizeof *tmp);
		}
	}
	ht__free(tmp);
	return rc;
}

int ht_model__fit(ht_model *m, double *chosen_C, const ht_dataset *d, const ht_model__fit_options *o,
		  ht_error *err)
{
	size_t n = d->n_items, L = d->n_labels;
	ht_learn_params lp = o->learn;
	ht_binary *bins = ht__calloc(L ? L : 1, sizeof *bins);
	double *margins = ht__calloc(n * L + 1, sizeof *margins);
	ht_model__decision dec = {0};
	int rc = 0;
	m->n_labels = L;
	m->platt_a = ht__calloc(L ? L : 1, sizeof *m->platt_a);
	m->platt_b = ht__calloc(L ? L : 1, sizeof *m->platt_b);
	m->threshold = ht__calloc(L ? L : 1, sizeof *m->threshold);
	if (!bins || !margins || !m->platt_a || !m->platt_b || !m->threshold) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	*chosen_C = lp.C;
	if (o->folds >= 2 && (rc = tuned_margins(margins, chosen_C, bins, d, o, err)) < 0)
		goto cleanup;
	int trained = o->folds >= 2 && !o->tune; /* the final labels came with the cross-validation batch */
	lp.C = *chosen_C;
	for (size_t l = 0; l < L; l++) {
		if (o->folds >= 2) {
			ht_model__platt_fit(&m->platt_a[l], &m->platt_b[l], margins + l, d->y + l, n, L);
			m->threshold[l] = 0;
			if (o->multilabel &&
			    (rc = ht_learn__best_threshold(&m->threshold[l], margins + l, d->y + l, n, L, err)) < 0)
				goto cleanup;
		} else { /* no cross-validation: an uncalibrated logistic of the margin, threshold at 0 */
			m->platt_a[l] = -2.0;
			m->platt_b[l] = 0.0;
			m->threshold[l] = 0.0;
		}
	}
	lp.phase = "training";
	if (!trained && (rc = ht_learn__train(bins, d, NULL, 0, &lp, err)) < 0)
		goto cleanup;
	if (lp.progress)
		lp.progress(lp.progress_ctx, "training", L, L);
	if ((rc = ht_model__decision_build(&dec, bins, d, &lp, err)) < 0 ||
	    (rc = ht_model__set_decision(m, &dec, err)) < 0)
		goto cleanup;
cleanup:
	for (size_t l = 0; bins && l < L; l++)
		ht_learn__binary_free(&bins[l]);
	ht__free(bins);
	ht__free(margins);
	ht_model__decision_free(&dec);
	return rc;
}

int ht_model__fit_gate(ht_model *m, const ht_dataset *d, const ht_model__fit_options *o, double C, double min_prob,
		       ht_error *err)
{
	size_t n = d->n_items, L = d->n_labels, none = 0;
	uint8_t *y = ht__calloc(n ? n : 1, 1);
	if (!y)
		return HT_NOMEM(err);
	for (size_t i = 0; i < n; i++) {
		y[i] = 1;
		for (size_t l = 0; l < L && y[i]; l++)
			y[i] = !d->y[i * L + l];
		none += y[i];
	}
	int rc = 0;
	ht_model *g = NULL;
	if (none < HT_TRAIN_MIN_EXAMPLES || n - none < HT_TRAIN_MIN_EXAMPLES) {
		rc = ht__err(err, HT_EINVAL,
			     "a none gate needs at least %d items without a label and %d with one (the corpus has %zu and "
			     "%zu)",
			     HT_TRAIN_MIN_EXAMPLES, HT_TRAIN_MIN_EXAMPLES, none, n - none);
		goto cleanup;
	}
	if (!(g = ht_model__new())) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	/* the same rows, one label: "none" */
	ht_dataset one = *d;
	one.n_labels = 1;
	one.y = y;
	ht_model__fit_options fo = *o;
	fo.learn.C = C;
	fo.learn.phase = "none gate";
	fo.multilabel = 1;
	fo.tune = 0;
	double used;
	if ((rc = ht_model__fit(g, &used, &one, &fo, err)) < 0)
		goto cleanup;
	m->gate_w = g->w;
	g->w = NULL;
	m->gate_bias = g->bias[0];
	m->gate_a = g->platt_a[0];
	m->gate_b = g->platt_b[0];
	m->gate_min = min_prob;
cleanup:
	ht_model_free(g);
	ht__free(y);
	return rc;
}
