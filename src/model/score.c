/* SPDX-License-Identifier: MIT */
/*
 * score.c: the decision function of every model, the one place margins are computed (classification, explain
 * and cross-validation), and the support-vector pool shared by the loader and the trainer.
 * Plain C: kernel models need no BLAS, so the classify library links nothing but utf8proc and libm.
 */
#include "model/model.h"

#include <math.h>

int ht_model__alloc_kernel(ht_model *m, size_t nsv, size_t nnz, ht_error *err)
{
	size_t L = m->n_labels, cells;
	if (ht__mul_overflows(L, nsv ? nsv : 1, &cells))
		return HT_NOMEM(err);
	m->n_sv = nsv;
	m->sv_row = ht__calloc(nsv + 1, sizeof *m->sv_row);
	m->sv_idx = ht__calloc(nnz ? nnz : 1, sizeof *m->sv_idx);
	m->sv_val = ht__calloc(nnz ? nnz : 1, sizeof *m->sv_val);
	m->sv_sq = ht__calloc(nsv ? nsv : 1, sizeof *m->sv_sq);
	m->rho = ht__calloc(L ? L : 1, sizeof *m->rho);
	m->coef = ht__calloc(cells, sizeof *m->coef);
	if (!m->sv_row || !m->sv_idx || !m->sv_val || !m->sv_sq || !m->rho || !m->coef)
		return HT_NOMEM(err);
	return 0;
}

void ht_model__sv_norms(double *sq, const uint64_t *sv_row, size_t nsv, const float *valf, const double *vald)
{
	for (size_t s = 0; s < nsv; s++) {
		double v = 0;
		for (uint64_t k = sv_row[s]; k < sv_row[s + 1]; k++)
			v += valf ? (double)valf[k] * valf[k] : vald[k] * vald[k];
		sq[s] = v;
	}
}

const char *ht_model__kernel_params_error(int solver, double gamma, double coef0, int degree)
{
	if (solver == HT_SOLVER_LINEAR)
		return NULL;
	if (!isfinite(gamma) || !isfinite(coef0) || gamma < 0)
		return "gamma must be a finite number >= 0 and coef0 finite";
	if (solver == HT_SOLVER_POLY) {
		if (degree < 1 || degree > 10)
			return "degree must be 1..10";
		/* the largest |gamma <x,y> + coef0| for |<x,y>| <= 1, raised to the degree, in logs: no overflow */
		double base = gamma + fabs(coef0);
		if (base > 1 && degree * log10(base) > log10(HT_MODEL_MAX_KERNEL))
			return "(gamma + |coef0|)^degree exceeds 1e30: kernel values would overflow";
	}
	return NULL;
}

ht_model__scorer ht_model__scorer_of(const ht_model *m)
{
	ht_model__scorer s = {m->solver, m->gamma, m->coef0, m->degree, m->n_labels, m->w, NULL, m->bias,
			      m->n_sv, m->sv_row, m->sv_idx, m->sv_val, NULL, m->sv_sq, m->coef, m->rho};
	return s;
}

/* Linear margins with weights of type T: walk the feature-major weight rows of the vector's non-zeros. */
#define LINEAR_MARGINS(W)                                                    \
	for (size_t k = 0; k < nx; k++) {                                    \
		double v = vx[k];                                            \
		for (size_t l = 0; l < L; l++)                               \
			margin[l] += v * (W)[(size_t)ix[k] * L + l];         \
	}

/* Dot product of x with support vector sv whose values (of type T) are V. */
#define SV_DOT(V)                                                            \
	while (i < nx && j < ns) {                                           \
		if (ix[i] == is[j])                                          \
			dot += vx[i++] * (V)[b + j++];                       \
		else if (ix[i] < is[j])                                      \
			i++;                                                 \
		else                                                         \
			j++;                                                 \
	}

/*
 * Linear: margin = bias + sum_j x_j w[j,:]. Kernel: the kernel values against every support vector (shared by
 * all labels) form k, and margin = coef k - rho, summed in support-vector order. The sums run in the same order
 * whatever the precision of the parameters, so cross-validation (double) and a model's own margins differ only
 * by the rounding of the stored parameters to float.
 */
void ht_model__score(double *margin, double *kvals, const ht_model__scorer *s, const uint32_t *ix,
		     const double *vx, size_t nx)
{
	size_t L = s->n_labels;
	if (s->solver == HT_SOLVER_LINEAR) {
		for (size_t l = 0; l < L; l++)
			margin[l] = s->bias[l];
		if (s->wf) {
			LINEAR_MARGINS(s->wf)
		} else {
			LINEAR_MARGINS(s->wd)
		}
		for (size_t l = 0; l < L; l++) /* a NaN margin (inf - inf) ranks last */
			margin[l] = ht_model__finite(margin[l], -DBL_MAX);
		return;
	}
	double sx = 0;
	for (size_t k = 0; k < nx; k++)
		sx += vx[k] * vx[k];
	for (size_t q = 0; q < s->n_sv; q++) {
		uint64_t b = s->sv_row[q];
		const uint32_t *is = s->sv_idx + b;
		size_t ns = (size_t)(s->sv_row[q + 1] - b), i = 0, j = 0;
		double dot = 0;
		if (s->sv_valf) {
			SV_DOT(s->sv_valf)
		} else {
			SV_DOT(s->sv_vald)
		}
		if (s->solver == HT_SOLVER_POLY) {
			kvals[q] = pow(s->gamma * dot + s->coef0, s->degree);
		} else {
			double d2 = sx + s->sv_sq[q] - 2 * dot;
			kvals[q] = exp(-s->gamma * (d2 > 0 ? d2 : 0));
		}
	}
	for (size_t l = 0; l < L; l++) {
		const double *c = s->coef + l * s->n_sv;
		double v = -s->rho[l];
		for (size_t q = 0; q < s->n_sv; q++)
			v += c[q] * kvals[q];
		margin[l] = ht_model__finite(v, -DBL_MAX); /* a NaN margin (inf - inf) ranks last */
	}
}

/*
 * The weight explain reports for feature j (value v in the text last scored, kvals its kernel values).
 * Linear: w[j, label], so v * weight is the feature's exact share of the margin (the rest is the bias).
 * Kernel: d(margin)/d(x_j), so v * weight is gradient-times-input, a first-order local attribution that does
 * not sum to the margin exactly.
 */
double ht_model__term_weight(const ht_model *m, size_t label, uint32_t j, double v, const double *kvals)
{
	if (m->solver == HT_SOLVER_LINEAR)
		return m->w[(size_t)j * m->n_labels + label];
	double g = 0;
	for (size_t s = 0; s < m->n_sv; s++) {
		double sj = 0;
		for (uint64_t q = m->sv_row[s]; q < m->sv_row[s + 1]; q++)
			if (m->sv_idx[q] == j) {
				sj = m->sv_val[q];
				break;
			}
		double a = m->coef[label * m->n_sv + s];
		if (m->solver == HT_SOLVER_RBF)
			g += a * kvals[s] * (-2.0 * m->gamma) * (v - sj);
		else if (m->degree > 0 && kvals[s] != 0)
			g += a * m->degree * pow(pow(kvals[s], 1.0 / m->degree), m->degree - 1) * m->gamma * sj;
	}
	return ht_model__finite(g, 0); /* e.g. a negative poly kernel value has no real root: no attribution */
}
