/* SPDX-License-Identifier: MIT */
/* platt.c: Platt scaling, fitted by the trainer on cross-validated margins and applied by every classification. */
#include "model/model.h"

#include <math.h>

/*
 * Fit P(y=1|f) = 1/(1+exp(A f + B)) by minimising the cross-entropy against regularised targets
 * (positives (N+ + 1)/(N+ + 2), negatives 1/(N- + 2)), with Newton steps, a backtracking line search and a small
 * ridge on the Hessian. Stable forms of log(1+exp(.)) keep it finite for any margins.
 */
void ht_model__platt_fit(double *A, double *B, const double *margin, const uint8_t *y, size_t n, size_t stride)
{
	double prior1 = 0, prior0 = 0;
	for (size_t i = 0; i < n; i++) {
		if (y[i * stride])
			prior1++;
		else
			prior0++;
	}
	const double hi = (prior1 + 1.0) / (prior1 + 2.0), lo = 1.0 / (prior0 + 2.0);
	const double sigma = 1e-12, eps = 1e-5, min_step = 1e-10;
	double a = 0.0, b = log((prior0 + 1.0) / (prior1 + 1.0));
	double fval = 0.0;
	for (size_t i = 0; i < n; i++) {
		double t = y[i * stride] ? hi : lo, z = margin[i * stride] * a + b;
		fval += z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z));
	}
	for (int iter = 0; iter < 100; iter++) {
		double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
		for (size_t i = 0; i < n; i++) {
			double f = margin[i * stride], t = y[i * stride] ? hi : lo, z = f * a + b, p, q;
			if (z >= 0) {
				p = exp(-z) / (1.0 + exp(-z));
				q = 1.0 / (1.0 + exp(-z));
			} else {
				p = 1.0 / (1.0 + exp(z));
				q = exp(z) / (1.0 + exp(z));
			}
			double d2 = p * q, d1 = t - p;
			h11 += f * f * d2;
			h22 += d2;
			h21 += f * d2;
			g1 += f * d1;
			g2 += d1;
		}
		if (fabs(g1) < eps && fabs(g2) < eps)
			break;
		double det = h11 * h22 - h21 * h21;
		if (det == 0)
			break;
		double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
		double gd = g1 * da + g2 * db, step = 1.0;
		while (step >= min_step) {
			double na = a + step * da, nb = b + step * db, nf = 0;
			for (size_t i = 0; i < n; i++) {
				double t = y[i * stride] ? hi : lo, z = margin[i * stride] * na + nb;
				nf += z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z));
			}
			if (nf < fval + 1e-4 * step * gd) {
				a = na;
				b = nb;
				fval = nf;
				break;
			}
			step /= 2;
		}
		if (step < min_step)
			break;
	}
	*A = a;
	*B = b;
}
