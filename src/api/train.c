/* SPDX-License-Identifier: MIT */
/*
 * train.c: ht_train, a sequence of calls: the corpus's vocabulary and TF-IDF rows (features/, learn/), the
 * solvers with C tuning, calibration and thresholds (model/build.h), the labels and the metadata.
 */
#define _DEFAULT_SOURCE
#include "corpus/corpus.h"
#include "model/build.h"
#include "train_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* The options with defaults filled in, or HT_EINVAL naming the first one out of range. */
static int check_train_options(const ht_train_options *o, ht_train_options *out, ht_error *err)
{
	static const ht_train_options defaults = HT_TRAIN_OPTIONS_INIT;
	*out = defaults;
	if (o && o->version == 1) /* a version-1 caller's struct ends before the warning fields */
		memcpy(out, o, offsetof(ht_train_options, warning));
	else if (o && o->version == 2) /* and a version-2 caller's before fork_workers */
		memcpy(out, o, offsetof(ht_train_options, fork_workers));
	else if (o && o->version == 3) /* and a version-3 caller's before none_gate */
		memcpy(out, o, offsetof(ht_train_options, none_gate));
	else if (o)
		*out = *o;
	if (o && o->version < 3) /* built before worker processes existed: it did not ask for them */
		out->fork_workers = 0;
	if (out->version < 1 || out->version > HT_TRAIN_OPTIONS_VERSION)
		return ht__err(err, HT_EINVAL, "unknown ht_train_options version %u", out->version);
	if (out->solver > HT_SOLVER_POLY || out->mode > HT_MODE_MULTILABEL || out->class_weight > HT_WEIGHT_BALANCED)
		return ht__err(err, HT_EINVAL, "solver, mode or class weight out of range");
	/* NaN passes every range comparison, so finiteness is checked first */
	if (!isfinite(out->C) || !isfinite(out->max_df) || !isfinite(out->gamma) || !isfinite(out->coef0))
		return ht__err(err, HT_EINVAL, "C, max_df, gamma and coef0 must be finite numbers");
	if (out->C <= 0)
		out->C = 1.0;
	if (out->ngram_min < 1 || out->ngram_max < out->ngram_min || out->ngram_max > 8)
		return ht__err(err, HT_EINVAL, "n-gram range %d..%d is invalid (1 <= min <= max <= 8)", out->ngram_min,
			       out->ngram_max);
	if (out->heading_context != 0 && out->heading_context != 1 && out->heading_context != 3)
		return ht__err(err, HT_EINVAL, "heading_context must be 0, 1 or 3 (heading and list lead-in)");
	if (!(out->max_df > 0 && out->max_df <= 1))
		return ht__err(err, HT_EINVAL, "max_df must be in (0, 1]");
	if (out->gamma <= 0)
		out->gamma = 1.0;
	if (out->degree < 1 || out->degree > 10)
		return ht__err(err, HT_EINVAL, "degree must be 1..10");
	const char *why = ht_model__kernel_params_error(out->solver, out->gamma, out->coef0, out->degree);
	if (why)
		return ht__err(err, HT_EINVAL, "kernel parameters: %s", why);
	if (out->folds < 0 || out->folds == 1 || out->folds > 100)
		return ht__err(err, HT_EINVAL, "folds must be 0 (no cross-validation) or 2..100");
	if (out->threads <= 0)
		out->threads = cpu_count();
	if (out->none_gate != 0 && out->none_gate != 1)
		return ht__err(err, HT_EINVAL, "none_gate must be 0 or 1");
	if (out->none_gate && (out->solver != HT_SOLVER_LINEAR || out->folds < 2))
		return ht__err(err, HT_EINVAL, "a none gate needs the linear solver and folds >= 2 (its calibration)");
	return 0;
}

/* Multi-label when asked, or (auto) when some item has other than exactly one label. */
static int is_multilabel(const ht_train_options *o, const ht_corpus *c, const size_t *items, size_t n)
{
	int multilabel = o->mode == HT_MODE_MULTILABEL;
	if (o->mode == HT_MODE_AUTO)
		for (size_t k = 0; k < n && !multilabel; k++)
			multilabel = c->items.data[items ? items[k] : k].label_count != 1;
	return multilabel;
}

/* The vocabulary and idf of the items into m, and their TF-IDF rows with labels and article groups into d. */
static int featurize(ht_model *m, ht_dataset *d, const ht_corpus *c, const size_t *items, size_t n,
		     const ht_train_options *o, ht_error *err)
{
	ht_features__df df = {0};
	ht_sparse vec = {0};
	ht_buf ctx = {0};
	uint32_t *remap = NULL;
	size_t kept;
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		const char *h;
		size_t hl;
		if (ht_features__context(&ctx, &m->fx, it->heading, it->heading_len, it->lead, it->lead_len, &h, &hl) < 0)
			rc = HT_NOMEM(err);
		else
			rc = ht_features__df_add(&df, &m->fx, it->text, it->len, h, hl, err);
		if (rc == 0 && o->progress && (k % 1000 == 999 || k + 1 == n))
			o->progress(o->progress_ctx, "features", k + 1, n);
	}
	if (rc < 0 ||
	    (rc = ht_features__prune(&remap, &kept, &df, o->min_df, o->max_df, o->max_features,
				     ((ht_limits)HT_LIMITS_INIT).max_vocabulary, err)) < 0)
		goto cleanup;
	/* A model without features would give every text the same scores: refuse it and say why. */
	if (kept == 0) {
		rc = ht__err(err, HT_EINVAL,
			     "the vocabulary is empty: no n-gram of the %zu texts is in at least min_df=%zu of them%s "
			     "(a smaller corpus needs a lower min_df, e.g. --min-df 1)",
			     n, o->min_df, o->max_df < 1 ? " and in at most max_df of them" : "");
		goto cleanup;
	}
	if ((rc = ht_features__vocabulary(&m->vocab, &m->idf, &df, remap, kept, err)) < 0)
		goto cleanup;
	if ((rc = ht_learn__dataset_init(d, n, kept, c->label_names.len, err)) < 0)
		goto cleanup;
	for (size_t k = 0; k < n; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		if ((rc = ht_features__doc_vector(&vec, &df, k, remap, m->idf, m->fx.sublinear_tf, err)) < 0)
			goto cleanup;
		if ((rc = ht_learn__dataset_set(d, k, vec.idx.data, vec.val.data, vec.idx.len, it->labels,
						it->label_count, it->article, err)) < 0)
			goto cleanup;
	}
cleanup:
	ht_features__df_free(&df);
	ht_features__sparse_free(&vec);
	ht__vec_free(&ctx);
	ht__free(remap);
	return rc;
}

/* Metadata: enough to reproduce and audit the model; no dates, so rebuilds are byte-identical. */
static int describe_training(ht_model *m, const ht_corpus *c, const size_t *items, size_t n,
			     const ht_train_options *o, double C, int balanced, ht_error *err)
{
	static const char *const sv[] = {"linear", "rbf", "poly"};
	char digest[17];
	ht_buf meta = {0};
	ht_corpus__digest(c, items, n, digest);
	int rc = ht__buf_printf(&meta,
				"trained_by: healthtopics %s\ncorpus_items: %zu\ncorpus_digest: fnv1a64:%s\n"
				"option.solver: %s\noption.C: %g\noption.tuned: %d\noption.class_weight: %s\n"
				"option.min_df: %zu\noption.max_df: %g\noption.max_features: %zu\noption.folds: %d\n",
				HT_VERSION_STRING, n, digest, sv[o->solver], C, o->tune, balanced ? "balanced" : "none",
				o->min_df, o->max_df, o->max_features, o->folds);
	if (rc == 0 && o->none_gate) /* only when set, so that models without a gate stay byte-identical */
		rc = ht__buf_printf(&meta, "option.none_gate: 1\n");
	if (rc < 0 || !(m->unicode_version = ht__strndup(ht_text__utf8proc_version(), strlen(ht_text__utf8proc_version())))) {
		ht__vec_free(&meta);
		return HT_NOMEM(err);
	}
	m->meta = meta.data;
	return 0;
}

/*
 * Degenerate training data, found after fitting: a label with fewer than HT_TRAIN_MIN_EXAMPLES examples (its
 * cross-validated threshold and calibration rest on almost nothing), or a calibration whose probability falls
 * as the margin rises (Platt slope >= 0: the label is in effect never assigned). Each is passed to o->warning;
 * with o->strict the first is an HT_EINVAL error instead.
 */
static int check_degenerate(const ht_model *m, const ht_dataset *d, const char *const *names,
			    const ht_train_options *o, ht_error *err)
{
	char msg[512];
	for (size_t l = 0; l < d->n_labels; l++) {
		size_t pos = 0;
		for (size_t i = 0; i < d->n_items; i++)
			pos += d->y[i * d->n_labels + l] != 0;
		for (int check = 0; check < 2; check++) {
			if (check == 0 && pos < HT_TRAIN_MIN_EXAMPLES)
				snprintf(msg, sizeof msg,
					 "label '%s' has %zu example%s; at least %d are needed for a reliable threshold "
					 "and calibration",
					 names[l], pos, pos == 1 ? "" : "s", HT_TRAIN_MIN_EXAMPLES);
			else if (check == 1 && o->folds >= 2 && m->platt_a[l] >= 0)
				snprintf(msg, sizeof msg,
					 "label '%s': its calibration does not rise with the margin (Platt A = %.3g >= 0 on "
					 "cross-validated margins), so its probabilities are meaningless and it is rarely "
					 "or never assigned",
					 names[l], m->platt_a[l]);
			else
				continue;
			if (o->strict)
				return ht__err(err, HT_EINVAL, "%s (strict)", msg);
			if (o->warning)
				o->warning(o->warning_ctx, msg);
		}
	}
	return 0;
}

/* Train on the items subset of c (NULL: every item): features, rows, solvers with calibration, metadata. */
int ht_api__train_items(ht_model **out, const ht_corpus *c, const size_t *items, size_t n_items,
			const ht_train_options *opts, ht_error *err)
{
	ht_train_options o;
	int rc = check_train_options(opts, &o, err);
	if (rc < 0)
		return rc;
	*out = NULL;
	size_t n = items ? n_items : c->items.len, L = c->label_names.len;
	if (n == 0)
		return ht__err(err, HT_EINVAL, "the corpus has no items to train on");
	if (L == 0)
		return ht__err(err, HT_EINVAL, "the corpus has no labels");
	int multilabel = is_multilabel(&o, c, items, n);
	if (!multilabel && L < 2)
		return ht__err(err, HT_EINVAL, "multi-class training needs at least two labels");
	if (!multilabel && o.none_gate)
		return ht__err(err, HT_EINVAL, "a none gate needs a multi-label model (a multi-class model gives every "
					       "text one label)");

	ht_dataset d = {0};
	ht_model *m = ht_model__new();
	if (!m)
		return HT_NOMEM(err);
	m->fx = (ht_fx){o.ngram_min, o.ngram_max, o.stop_words, o.heading_context, o.sublinear_tf};
	m->multilabel = multilabel;
	if ((rc = featurize(m, &d, c, items, n, &o, err)) < 0)
		goto cleanup;
	ht_model__fit_options fo = {{o.solver, o.C, 0, o.gamma, o.degree, o.coef0, o.threads, o.progress,
				     o.progress_ctx, NULL, !o.fork_workers},
				    multilabel, o.folds, o.tune};
	fo.learn.balanced = o.class_weight == HT_WEIGHT_BALANCED ||
			    (o.class_weight == HT_WEIGHT_AUTO && ht_learn__imbalanced(&d));
	double C;
	if ((rc = ht_model__fit(m, &C, &d, &fo, err)) < 0 ||
	    (rc = check_degenerate(m, &d, (const char *const *)c->label_names.data, &o, err)) < 0 ||
	    (o.none_gate && (rc = ht_model__fit_gate(m, &d, &fo, C, 0.5, err)) < 0) ||
	    (rc = ht_model__set_labels(m, (const char *const *)c->label_names.data, L, err)) < 0 ||
	    (rc = describe_training(m, c, items, n, &o, C, fo.learn.balanced, err)) < 0)
		goto cleanup;
	*out = m;
	m = NULL;
cleanup:
	ht_learn__dataset_free(&d);
	ht_model_free(m);
	return rc;
}

int ht_train(ht_model **out, const ht_corpus *corpus, const ht_train_options *opts, ht_error *err)
{
	if (!out || !corpus)
		return ht__err(err, HT_EINVAL, "ht_train: NULL argument");
	*out = NULL;
	return ht_api__train_items(out, corpus, NULL, 0, opts, err);
}
