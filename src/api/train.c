/*
 * train.c: ht_train. Corpus -> vocabulary and TF-IDF rows -> (optional C tuning) -> cross-validated margins ->
 * Platt calibration and thresholds -> final per-label solvers -> an immutable model.
 */
#define _DEFAULT_SOURCE
#include "corpus/corpus.h"
#include "model/model.h"
#include "train_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct fx_pass {
	ht_strtab *terms;
	HT_VEC(uint32_t) ids;   /* every item's term ids, concatenated */
	HT_VEC(uint32_t) df;    /* per term */
	HT_VEC(uint32_t) seen;  /* per term: last item index + 1 that counted it */
	uint32_t item;
} fx_pass;

static int intern_term(void *ctx, const char *key, size_t len)
{
	fx_pass *p = ctx;
	uint32_t id;
	int added = ht__strtab_intern(p->terms, key, len, &id);
	if (added < 0)
		return HT_ENOMEM;
	if (added && (ht__vec_push(&p->df, 0) < 0 || ht__vec_push(&p->seen, 0) < 0))
		return HT_ENOMEM;
	if (p->seen.data[id] != p->item + 1) {
		p->seen.data[id] = p->item + 1;
		p->df.data[id]++;
	}
	return ht__vec_push(&p->ids, id);
}

typedef struct df_rank {
	uint32_t df, id;
} df_rank;
static int by_df_desc(const void *a, const void *b)
{
	const df_rank *x = a, *y = b;
	if (x->df != y->df)
		return x->df < y->df ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int ht__check_train_options(const ht_train_options *o, ht_train_options *out, ht_error *err)
{
	static const ht_train_options defaults = HT_TRAIN_OPTIONS_INIT;
	*out = o ? *o : defaults;
	if (out->version != HT_TRAIN_OPTIONS_VERSION)
		return ht__err(err, HT_EINVAL, "unknown ht_train_options version %u", out->version);
	if (out->solver > HT_SOLVER_POLY || out->mode > HT_MODE_MULTILABEL || out->class_weight > HT_WEIGHT_BALANCED)
		return ht__err(err, HT_EINVAL, "solver, mode or class weight out of range");
	if (out->C <= 0)
		out->C = 1.0;
	if (out->ngram_min < 1 || out->ngram_max < out->ngram_min || out->ngram_max > 8)
		return ht__err(err, HT_EINVAL, "n-gram range %d..%d is invalid (1 <= min <= max <= 8)", out->ngram_min,
			       out->ngram_max);
	if (out->max_df <= 0 || out->max_df > 1)
		return ht__err(err, HT_EINVAL, "max_df must be in (0, 1]");
	if (out->gamma <= 0)
		out->gamma = 1.0;
	if (out->degree < 1 || out->degree > 10)
		return ht__err(err, HT_EINVAL, "degree must be 1..10");
	if (out->folds < 0 || out->folds == 1 || out->folds > 100)
		return ht__err(err, HT_EINVAL, "folds must be 0 (no cross-validation) or 2..100");
	if (out->threads <= 0)
		out->threads = cpu_count();
	return 0;
}

static int label_counts_imbalanced(const ht_dataset *d)
{
	size_t lo = SIZE_MAX, hi = 0;
	for (size_t l = 0; l < d->n_labels; l++) {
		size_t n = 0;
		for (size_t i = 0; i < d->n_items; i++)
			n += d->y[i * d->n_labels + l];
		if (n < lo)
			lo = n;
		if (n > hi)
			hi = n;
	}
	return lo * 3 < hi;
}

/* Score of CV margins for choosing C: accuracy (multi-class) or micro-F1 at F1-optimal thresholds. */
static double cv_score(const double *mg, const ht_dataset *d, int multilabel, ht_error *err, int *rc)
{
	size_t L = d->n_labels, n = d->n_items;
	*rc = 0;
	if (!multilabel) {
		size_t ok = 0;
		for (size_t i = 0; i < n; i++) {
			size_t best = 0;
			for (size_t l = 1; l < L; l++)
				if (mg[i * L + l] > mg[i * L + best])
					best = l;
			ok += d->y[i * L + best];
		}
		return n ? (double)ok / (double)n : 0;
	}
	size_t tp = 0, fp = 0, fn = 0;
	for (size_t l = 0; l < L; l++) {
		double t = ht__best_threshold(mg + l, d->y + l, n, L, err, rc);
		if (*rc < 0)
			return 0;
		for (size_t i = 0; i < n; i++) {
			int p = mg[i * L + l] >= t, g = d->y[i * L + l];
			tp += p && g;
			fp += p && !g;
			fn += !p && g;
		}
	}
	return tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0;
}

int ht__train_items(ht_model **out, const ht_corpus *c, const size_t *items, size_t n_items,
		    const ht_train_options *opts, ht_error *err)
{
	ht_train_options o;
	int rc = ht__check_train_options(opts, &o, err);
	if (rc < 0)
		return rc;
	*out = NULL;
	size_t n = items ? n_items : c->items.len, L = c->label_names.len;
	if (n == 0)
		return ht__err(err, HT_EINVAL, "the corpus has no items to train on");
	if (L == 0)
		return ht__err(err, HT_EINVAL, "the corpus has no labels");
	int multilabel = o.mode == HT_MODE_MULTILABEL;
	if (o.mode == HT_MODE_AUTO)
		for (size_t k = 0; k < n && !multilabel; k++)
			multilabel = c->items.data[items ? items[k] : k].label_count != 1;
	if (!multilabel && L < 2)
		return ht__err(err, HT_EINVAL, "multi-class training needs at least two labels");

	ht_fx fx = {o.ngram_min, o.ngram_max, o.stop_words, o.heading_context, o.sublinear_tf};
	ht_strtab terms = {0};
	fx_pass p = {&terms, {0}, {0}, {0}, 0};
	ht_fx_scratch scratch = {0};
	size_t *item_end = ht__calloc(n, sizeof *item_end);
	uint32_t *remap = NULL;
	ht_dataset d = {0};
	ht_binary *bins = NULL;
	double *margins = NULL, *A = NULL, *B = NULL, *T = NULL;
	ht_model *m = NULL;
	ht_sparse vec = {0};
	if (!item_end) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	/* 1. terms and document frequencies */
	for (size_t k = 0; k < n; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		p.item = (uint32_t)k;
		rc = ht__fx_terms(&scratch, &fx, it->text, it->len, it->heading, it->heading_len, 0, intern_term, &p, err);
		if (rc < 0) {
			if (rc == HT_ENOMEM)
				HT_NOMEM(err);
			goto cleanup;
		}
		item_end[k] = p.ids.len;
		if (o.progress && (k % 1000 == 999 || k + 1 == n))
			o.progress(o.progress_ctx, "features", k + 1, n);
	}
	/* 2. prune the vocabulary; kept terms keep their first-seen order, which is deterministic */
	size_t T0 = ht__strtab_count(&terms), kept = 0;
	remap = ht__calloc(T0 ? T0 : 1, sizeof *remap);
	if (!remap) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	double max_df = o.max_df * (double)n;
	for (size_t t = 0; t < T0; t++) {
		uint32_t df = p.df.data[t];
		remap[t] = (df >= o.min_df && (double)df <= max_df) ? 1 : 0;
	}
	if (o.max_features) {
		size_t cand = 0;
		for (size_t t = 0; t < T0; t++)
			cand += remap[t];
		if (cand > o.max_features) {
			df_rank *r = ht__calloc(cand, sizeof *r);
			if (!r) {
				rc = HT_NOMEM(err);
				goto cleanup;
			}
			size_t q = 0;
			for (size_t t = 0; t < T0; t++)
				if (remap[t])
					r[q++] = (df_rank){p.df.data[t], (uint32_t)t};
			qsort(r, cand, sizeof *r, by_df_desc);
			for (size_t k = o.max_features; k < cand; k++)
				remap[r[k].id] = 0;
			ht__free(r);
		}
	}
	for (size_t t = 0; t < T0; t++)
		remap[t] = remap[t] ? (uint32_t)kept++ : UINT32_MAX;
	if (kept > ((ht_limits)HT_LIMITS_INIT).max_vocabulary) {
		rc = ht__err(err, HT_ELIMIT, "vocabulary of %zu features exceeds the limit", kept);
		goto cleanup;
	}
	/* 3. the model's vocabulary and idf */
	m = ht__model_new();
	if (!m) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	m->fx = fx;
	m->multilabel = multilabel;
	m->solver = o.solver;
	m->gamma = o.gamma;
	m->degree = o.degree;
	m->coef0 = o.coef0;
	m->idf = ht__calloc(kept ? kept : 1, sizeof *m->idf);
	if (!m->idf || ht__strtab_reserve(&m->vocab, kept, terms.arena.len) < 0) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t t = 0; t < T0; t++) {
		if (remap[t] == UINT32_MAX)
			continue;
		size_t len;
		uint32_t id;
		const char *s = ht__strtab_str(&terms, (uint32_t)t, &len);
		if (ht__strtab_intern(&m->vocab, s, len, &id) < 0) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		m->idf[id] = log((1.0 + (double)n) / (1.0 + (double)p.df.data[t])) + 1.0;
	}
	/* 4. TF-IDF rows */
	d.n_items = n;
	d.n_features = kept;
	d.n_labels = L;
	d.row = ht__calloc(n + 1, sizeof *d.row);
	d.y = ht__calloc(n, L);
	d.group = ht__calloc(n, sizeof *d.group);
	if (!d.row || !d.y || !d.group) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	HT_VEC(uint32_t) didx = {0};
	HT_VEC(double) dval = {0};
	for (size_t k = 0; k < n && rc == 0; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		size_t b = k ? item_end[k - 1] : 0, e = item_end[k];
		for (size_t q = b; q < e; q++)
			p.ids.data[q] = remap[p.ids.data[q]];
		if (ht__tfidf(&vec, p.ids.data + b, e - b, m->idf, fx.sublinear_tf) < 0 ||
		    ht__vec_reserve(&didx, vec.idx.len) < 0 || ht__vec_reserve(&dval, vec.val.len) < 0) {
			rc = HT_NOMEM(err);
			break;
		}
		memcpy(didx.data + didx.len, vec.idx.data, vec.idx.len * sizeof *didx.data);
		memcpy(dval.data + dval.len, vec.val.data, vec.val.len * sizeof *dval.data);
		didx.len += vec.idx.len;
		dval.len += vec.val.len;
		d.row[k + 1] = didx.len;
		for (size_t l = 0; l < it->label_count; l++)
			d.y[k * L + it->labels[l]] = 1;
		d.group[k] = it->article;
	}
	d.idx = didx.data;
	d.val = dval.data;
	if (rc < 0)
		goto cleanup;
	/* the raw term lists are no longer needed: free them before the solvers run */
	ht__vec_free(&p.ids);
	ht__strtab_free(&terms);

	/* 5. solvers, tuning and calibration */
	ht_learn_params lp = {o.solver, o.C, 0, o.gamma, o.degree, o.coef0, o.threads, o.progress, o.progress_ctx, NULL};
	lp.balanced = o.class_weight == HT_WEIGHT_BALANCED || (o.class_weight == HT_WEIGHT_AUTO && label_counts_imbalanced(&d));
	size_t cells = n * L;
	margins = ht__calloc(cells, sizeof *margins);
	A = ht__calloc(L, sizeof *A);
	B = ht__calloc(L, sizeof *B);
	T = ht__calloc(L, sizeof *T);
	bins = ht__calloc(L, sizeof *bins);
	if (!margins || !A || !B || !T || !bins) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	double chosen_C = o.C;
	if (o.folds >= 2 && o.tune) {
		static const double grid[] = {0.125, 0.25, 0.5, 1, 2, 4, 8};
		double best = -1;
		double *tmp = ht__calloc(cells, sizeof *tmp);
		if (!tmp) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		for (size_t g = 0; g < sizeof grid / sizeof *grid; g++) {
			lp.C = grid[g];
			lp.phase = "tuning C";
			if ((rc = ht__cv_margins(tmp, &d, o.folds, &lp, err)) < 0)
				break;
			double s = cv_score(tmp, &d, multilabel, err, &rc);
			if (rc < 0)
				break;
			if (s > best + 1e-12) {
				best = s;
				chosen_C = grid[g];
				memcpy(margins, tmp, cells * sizeof *tmp);
			}
		}
		ht__free(tmp);
		if (rc < 0)
			goto cleanup;
	} else if (o.folds >= 2) {
		lp.phase = "cross-validation";
		if ((rc = ht__cv_margins(margins, &d, o.folds, &lp, err)) < 0)
			goto cleanup;
	}
	lp.C = chosen_C;
	for (size_t l = 0; l < L; l++) {
		if (o.folds >= 2) {
			ht__platt_fit(&A[l], &B[l], margins + l, d.y + l, n, L);
			T[l] = multilabel ? ht__best_threshold(margins + l, d.y + l, n, L, err, &rc) : 0;
			if (rc < 0)
				goto cleanup;
		} else { /* no cross-validation: an uncalibrated logistic of the margin, threshold at 0 */
			A[l] = -2.0;
			B[l] = 0.0;
			T[l] = 0.0;
		}
	}
	lp.phase = "training";
	if ((rc = ht__learn(bins, &d, NULL, 0, &lp, err)) < 0)
		goto cleanup;
	if (o.progress)
		o.progress(o.progress_ctx, "training", L, L);

	/* 6. the model */
	m->n_labels = L;
	m->labels = ht__calloc(L, sizeof *m->labels);
	if (!m->labels) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t l = 0; l < L; l++)
		if (!(m->labels[l] = ht__strndup(c->label_names.data[l], strlen(c->label_names.data[l])))) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
	m->platt_a = A;
	m->platt_b = B;
	m->threshold = T;
	A = B = T = NULL;
	if (o.solver == HT_SOLVER_LINEAR) {
		size_t wc;
		if (ht__mul_overflows(kept ? kept : 1, L, &wc) || !(m->w = ht__calloc(wc, sizeof *m->w)) ||
		    !(m->bias = ht__calloc(L, sizeof *m->bias))) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		for (size_t l = 0; l < L; l++) {
			m->bias[l] = bins[l].bias;
			for (size_t f = 0; f < kept; f++)
				m->w[f * L + l] = (float)bins[l].w[f];
		}
	} else {
		/* pool of support vectors: union over labels, ascending item index */
		uint8_t *is_sv = ht__calloc(n, 1);
		size_t *pos = ht__calloc(n, sizeof *pos);
		if (!is_sv || !pos) {
			ht__free(is_sv);
			ht__free(pos);
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		for (size_t l = 0; l < L; l++)
			for (size_t s = 0; s < bins[l].n_sv; s++)
				is_sv[bins[l].sv[s]] = 1;
		size_t nsv = 0, nnz = 0;
		for (size_t i = 0; i < n; i++)
			if (is_sv[i]) {
				pos[i] = nsv++;
				nnz += d.row[i + 1] - d.row[i];
			}
		m->n_sv = nsv;
		m->sv_row = ht__calloc(nsv + 1, sizeof *m->sv_row);
		m->sv_idx = ht__calloc(nnz ? nnz : 1, sizeof *m->sv_idx);
		m->sv_val = ht__calloc(nnz ? nnz : 1, sizeof *m->sv_val);
		m->sv_sq = ht__calloc(nsv ? nsv : 1, sizeof *m->sv_sq);
		m->rho = ht__calloc(L, sizeof *m->rho);
		m->coef = ht__calloc(L * (nsv ? nsv : 1), sizeof *m->coef);
		if (!m->sv_row || !m->sv_idx || !m->sv_val || !m->sv_sq || !m->rho || !m->coef) {
			ht__free(is_sv);
			ht__free(pos);
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		size_t q = 0, s = 0;
		for (size_t i = 0; i < n; i++) {
			if (!is_sv[i])
				continue;
			for (size_t k = d.row[i]; k < d.row[i + 1]; k++, q++) {
				m->sv_idx[q] = d.idx[k];
				m->sv_val[q] = (float)d.val[k];
				m->sv_sq[s] += (double)m->sv_val[q] * m->sv_val[q];
			}
			m->sv_row[++s] = q;
		}
		for (size_t l = 0; l < L; l++) {
			m->rho[l] = bins[l].rho;
			for (size_t k = 0; k < bins[l].n_sv; k++)
				m->coef[l * nsv + pos[bins[l].sv[k]]] = bins[l].coef[k];
		}
		ht__free(is_sv);
		ht__free(pos);
	}
	/* 7. metadata: enough to reproduce and audit the model; no dates, so rebuilds are byte-identical */
	{
		char digest[17];
		uint64_t h = HT_FNV64_INIT;
		for (size_t k = 0; k < n; k++) {
			const ht_item *it = &c->items.data[items ? items[k] : k];
			h = ht__fnv1a64(h, it->text, it->len);
			h = ht__fnv1a64(h, "\x1f", 1);
			if (it->heading)
				h = ht__fnv1a64(h, it->heading, it->heading_len);
			for (size_t l = 0; l < it->label_count; l++)
				h = ht__fnv1a64(h, c->label_names.data[it->labels[l]], strlen(c->label_names.data[it->labels[l]]) + 1);
			h = ht__fnv1a64(h, "\n", 1);
		}
		snprintf(digest, sizeof digest, "%016llx", (unsigned long long)h);
		static const char *const sv[] = {"linear", "rbf", "poly"};
		ht_buf meta = {0};
		rc = ht__buf_printf(&meta,
				    "trained_by: healthtopics %s\ncorpus_items: %zu\ncorpus_digest: fnv1a64:%s\n"
				    "option.solver: %s\noption.C: %g\noption.tuned: %d\noption.class_weight: %s\n"
				    "option.min_df: %zu\noption.max_df: %g\noption.max_features: %zu\noption.folds: %d\n",
				    HT_VERSION_STRING, n, digest, sv[o.solver], chosen_C, o.tune,
				    lp.balanced ? "balanced" : "none", o.min_df, o.max_df, o.max_features, o.folds);
		if (rc < 0 || !(m->unicode_version = ht__strndup(ht__unicode_version(), strlen(ht__unicode_version())))) {
			ht__vec_free(&meta);
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		m->meta = meta.data;
	}
	*out = m;
	m = NULL;
	rc = 0;
cleanup:
	if (bins)
		for (size_t l = 0; l < L; l++)
			ht__binary_free(&bins[l]);
	ht__free(bins);
	ht__free(margins);
	ht__free(A);
	ht__free(B);
	ht__free(T);
	ht__free(item_end);
	ht__free(remap);
	ht__vec_free(&p.ids);
	ht__vec_free(&p.df);
	ht__vec_free(&p.seen);
	ht__strtab_free(&terms);
	ht__fx_scratch_free(&scratch);
	ht__sparse_free(&vec);
	ht__dataset_free(&d);
	ht_model_free(m);
	return rc;
}

int ht_train(ht_model **out, const ht_corpus *corpus, const ht_train_options *opts, ht_error *err)
{
	if (!out || !corpus)
		return ht__err(err, HT_EINVAL, "ht_train: NULL argument");
	*out = NULL;
	return ht__train_items(out, corpus, NULL, 0, opts, err);
}

int ht_model_vectorize(uint32_t *index, double *value, size_t cap, const ht_model *m, const char *text, size_t len,
		       const char *heading, size_t heading_len, ht_error *err)
{
	if (!m)
		return ht__err(err, HT_EINVAL, "ht_model_vectorize: model is NULL");
	ht_classifier c;
	if (ht__classifier_init(&c, m) < 0)
		return HT_NOMEM(err);
	c.sorted = 1; /* the contract: indices ascending */
	int rc = ht__classifier_vectorize(&c, text, len, heading, heading_len, err);
	if (rc == 0) {
		size_t nnz = c.x.idx.len;
		for (size_t k = 0; k < nnz && k < cap; k++) {
			if (index)
				index[k] = c.x.idx.data[k];
			if (value)
				value[k] = c.x.val.data[k];
		}
		rc = nnz > INT32_MAX ? ht__err(err, HT_ELIMIT, "vector too large") : (int)nnz;
	}
	ht__classifier_free(&c);
	return rc;
}
