/* SPDX-License-Identifier: MIT */
/* Platt scaling, F1-optimal thresholds and grouped folds. */
#include "learn/learn.h"
#include "model/model.h"
#include "test.h"

static void platt_is_monotone_and_calibrated(void)
{
	/* margins from -3 to 3; label 1 exactly when margin > 0, plus some noise near 0 */
	enum { N = 200 };
	double m[N];
	uint8_t y[N];
	for (int i = 0; i < N; i++) {
		m[i] = -3.0 + 6.0 * i / (N - 1);
		y[i] = m[i] > 0;
	}
	y[95] = 1;
	y[105] = 0;
	double A, B;
	ht_model__platt_fit(&A, &B, m, y, N, 1);
	CHECK(A < 0);
	CHECK(ht_model__platt_prob(A, B, 3) > 0.95);
	CHECK(ht_model__platt_prob(A, B, -3) < 0.05);
	CHECK_NEAR(ht_model__platt_prob(A, B, -B / A), 0.5, 1e-9);
	for (int i = 1; i < N; i++)
		CHECK(ht_model__platt_prob(A, B, m[i]) >= ht_model__platt_prob(A, B, m[i - 1]));
	/* extreme margins stay finite */
	CHECK(ht_model__platt_prob(A, B, 1e300) <= 1.0);
	CHECK(ht_model__platt_prob(A, B, -1e300) >= 0.0);
}

static void platt_with_stride(void)
{
	/* two labels interleaved; the second is the negation of the first */
	double m[40];
	uint8_t y[40];
	for (int i = 0; i < 20; i++) {
		m[2 * i] = i - 10;
		y[2 * i] = i >= 10;
		m[2 * i + 1] = 10 - i;
		y[2 * i + 1] = i < 10;
	}
	double A1, B1, A2, B2;
	ht_model__platt_fit(&A1, &B1, m, y, 20, 2);
	ht_model__platt_fit(&A2, &B2, m + 1, y + 1, 20, 2);
	CHECK(A1 < 0 && A2 < 0);
	CHECK_NEAR(ht_model__platt_prob(A1, B1, 5), ht_model__platt_prob(A2, B2, 5), 0.05);
}

static void threshold_maximises_f1(void)
{
	/* sorted margins: 5 4 3 2 1 0 with labels 1 1 0 1 0 0. Predicting the top 4 gives TP 3, FP 1, FN 0:
	 * F1 = 6/7, better than top 2 (F1 = 4/5) or top 1 (F1 = 1/2). The cut is between 2 and 1. */
	double m[] = {3, 0, 5, 1, 4, 2};
	uint8_t y[] = {0, 0, 1, 0, 1, 1};
	int rc;
	double t;
	rc = ht_learn__best_threshold(&t, m, y, 6, 1, NULL);
	CHECK_EQ_INT(rc, 0);
	CHECK_NEAR(t, 1.5, 1e-12);
	/* no positives: nothing should pass */
	uint8_t none[] = {0, 0, 0, 0, 0, 0};
	rc = ht_learn__best_threshold(&t, m, none, 6, 1, NULL);
	CHECK(t > 5);
	/* ties are never split */
	double tied[] = {1, 1, 1, 0};
	uint8_t ty[] = {1, 0, 1, 0};
	rc = ht_learn__best_threshold(&t, tied, ty, 4, 1, NULL);
	CHECK(t < 1 && t > 0);
}

static void folds_keep_groups_together(void)
{
	size_t group[] = {7, 7, 3, 3, 3, 9, 1, 1, 9, 7};
	int fold[10];
	CHECK_EQ_INT(ht_learn__folds(fold, group, 10, 3, NULL), 0);
	for (int i = 0; i < 10; i++)
		for (int j = 0; j < 10; j++)
			if (group[i] == group[j])
				CHECK_EQ_INT(fold[i], fold[j]);
	/* four groups over three folds: round-robin in order of first appearance */
	CHECK_EQ_INT(fold[0], 0);
	CHECK_EQ_INT(fold[2], 1);
	CHECK_EQ_INT(fold[5], 2);
	CHECK_EQ_INT(fold[6], 0);
}

RUN_TESTS("calibrate", T(platt_is_monotone_and_calibrated), T(platt_with_stride), T(threshold_maximises_f1),
	  T(folds_keep_groups_together))
