/* SPDX-License-Identifier: MIT */
/* threshold.c: F1-optimal decision thresholds, fitted on cross-validated margins. */
#include "learn/learn.h"

#include <math.h>
#include <stdlib.h>

typedef struct mi {
	double m;
	size_t i;
} mi;

static int by_margin_desc(const void *a, const void *b)
{
	const mi *x = a, *y = b;
	if (x->m != y->m)
		return x->m < y->m ? 1 : -1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Sweep the margins from the top: predicting the k highest as positive gives F1 = 2TP / (2TP + FP + FN). Cut only
 * between distinct margins; ties in F1 keep the higher threshold. The threshold is the midpoint of the cut.
 */
int ht_learn__best_threshold(double *out, const double *margin, const uint8_t *y, size_t n, size_t stride,
			     ht_error *err)
{
	mi *v = ht__calloc(n ? n : 1, sizeof *v);
	if (!v)
		return HT_NOMEM(err);
	size_t pos = 0;
	double top = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		v[i] = (mi){margin[i * stride], i};
		pos += y[i * stride] != 0;
		if (v[i].m > top)
			top = v[i].m;
	}
	if (pos == 0 || n == 0) {
		ht__free(v);
		*out = n ? top + 1.0 : 0.0;
		return 0;
	}
	qsort(v, n, sizeof *v, by_margin_desc);
	size_t tp = 0, best_k = 0;
	double best_f1 = 0;
	for (size_t k = 1; k <= n; k++) {
		tp += y[v[k - 1].i * stride] != 0;
		if (k < n && v[k].m == v[k - 1].m)
			continue;
		double f1 = 2.0 * (double)tp / (double)(k + pos); /* 2TP / (2TP + FP + FN) */
		if (f1 > best_f1) {
			best_f1 = f1;
			best_k = k;
		}
	}
	double t;
	if (best_k == 0)
		t = top + 1.0;
	else if (best_k == n)
		t = v[n - 1].m - 1.0;
	else
		t = 0.5 * (v[best_k - 1].m + v[best_k].m);
	ht__free(v);
	*out = t;
	return 0;
}
