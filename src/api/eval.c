/* SPDX-License-Identifier: MIT */
/* eval.c: evaluation of a model on a corpus, and grouped k-fold cross-validation. */
#include "corpus/corpus.h"
#include "learn/learn.h"
#include "model/model.h"
#include "train_internal.h"

#include <stdlib.h>

typedef struct ht_eval_impl {
	ht_eval pub;
	char **names;
} ht_eval_impl;

void ht_eval_free(ht_eval *e)
{
	if (!e)
		return;
	ht_eval_impl *x = (ht_eval_impl *)e;
	if (x->names)
		for (size_t l = 0; l < e->label_count; l++)
			ht__free(x->names[l]);
	ht__free(x->names);
	ht__free(e->per_label);
	ht__free(e->confusion);
	ht__free(x);
}

/* An empty evaluation over the model's labels, in the model's order (not only those the corpus contains). */
static ht_eval_impl *eval_new(const ht_model *m)
{
	size_t L = m->n_labels;
	int multilabel = m->multilabel;
	ht_eval_impl *x = ht__calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->pub.label_count = L;
	x->pub.multilabel = multilabel;
	x->names = ht__calloc(L ? L : 1, sizeof *x->names);
	x->pub.per_label = ht__calloc(L ? L : 1, sizeof *x->pub.per_label);
	x->pub.confusion = ht__calloc(multilabel ? 4 * (L ? L : 1) : (L ? L * L : 1), sizeof *x->pub.confusion);
	if (!x->names || !x->pub.per_label || !x->pub.confusion) {
		ht_eval_free(&x->pub);
		return NULL;
	}
	for (size_t l = 0; l < L; l++)
		if (!(x->names[l] = ht__strndup(m->labels[l], strlen(m->labels[l])))) {
			ht_eval_free(&x->pub);
			return NULL;
		}
	x->pub.label_names = (const char *const *)x->names;
	return x;
}

/*
 * Add the predictions of model m for the given items to e, which scores every label of the model: a label the
 * corpus never uses still counts its false positives. map[corpus label] = model label. exact/hamming
 * accumulate in e->accuracy and e->hamming_loss as counts until finish().
 */
static int accumulate(ht_eval *e, const ht_model *m, const ht_corpus *c, const size_t *map, const size_t *items,
		      size_t n, ht_error *err)
{
	size_t L = e->label_count;
	ht_classifier cl;
	unsigned char *as = ht__calloc(L ? L : 1, 1), *gold = ht__calloc(L ? L : 1, 1);
	int rc = !as || !gold ? HT_NOMEM(err) : ht_model__classifier_init(&cl, m, err);
	if (rc < 0) {
		ht__free(as);
		ht__free(gold);
		return rc;
	}
	for (size_t k = 0; k < n; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		if ((rc = ht_model__classify(&cl, NULL, as, NULL, it->text, it->len, it->heading, it->heading_len, it->lead,
					      it->lead_len, err)) < 0)
			break;
		rc = 0;
		memset(gold, 0, L);
		for (size_t q = 0; q < it->label_count; q++)
			gold[map[it->labels[q]]] = 1;
		int exact = 1;
		size_t gold_one = SIZE_MAX, pred_one = SIZE_MAX;
		for (size_t l = 0; l < L; l++) {
			int g = gold[l], p = as[l];
			ht_label_scores *s = &e->per_label[l];
			s->support += g;
			s->predicted += p;
			s->true_positives += g && p;
			exact &= g == p;
			e->hamming_loss += g != p;
			if (e->multilabel)
				e->confusion[l * 4 + (size_t)(g * 2 + p)]++;
			if (g)
				gold_one = l;
			if (p)
				pred_one = l;
		}
		e->accuracy += exact;
		if (!e->multilabel && gold_one != SIZE_MAX && pred_one != SIZE_MAX)
			e->confusion[gold_one * L + pred_one]++;
		e->items++;
	}
	ht_model__classifier_free(&cl);
	ht__free(as);
	ht__free(gold);
	return rc;
}

static void finish(ht_eval *e)
{
	size_t L = e->label_count, tp = 0, sup = 0, pred = 0, with_support = 0;
	double sp = 0, sr = 0, sf = 0;
	for (size_t l = 0; l < L; l++) {
		ht_label_scores *s = &e->per_label[l];
		s->precision = s->predicted ? (double)s->true_positives / (double)s->predicted : 0;
		s->recall = s->support ? (double)s->true_positives / (double)s->support : 0;
		s->f1 = s->precision + s->recall > 0 ? 2 * s->precision * s->recall / (s->precision + s->recall) : 0;
		tp += s->true_positives;
		sup += s->support;
		pred += s->predicted;
		if (!s->support)
			continue; /* recall and F1 are undefined without gold examples: not in the macro average */
		with_support++;
		sp += s->precision;
		sr += s->recall;
		sf += s->f1;
	}
	e->micro = (ht_label_scores){pred ? (double)tp / (double)pred : 0, sup ? (double)tp / (double)sup : 0, 0, sup,
				     pred, tp};
	e->micro.f1 = pred + sup ? 2.0 * (double)tp / (double)(pred + sup) : 0;
	double k = (double)with_support;
	e->macro = (ht_label_scores){with_support ? sp / k : 0, with_support ? sr / k : 0, with_support ? sf / k : 0,
				     sup, pred, tp};
	if (e->items) {
		e->accuracy /= (double)e->items;
		e->hamming_loss /= (double)(e->items * (L ? L : 1));
	}
}

static int label_map(size_t **map, const ht_model *m, const ht_corpus *c, ht_error *err)
{
	size_t L = c->label_names.len;
	*map = ht__calloc(L ? L : 1, sizeof **map);
	if (!*map)
		return HT_NOMEM(err);
	for (size_t l = 0; l < L; l++) {
		int idx = ht_model_label_index(m, c->label_names.data[l]);
		if (idx < 0) {
			ht__free(*map);
			*map = NULL;
			return ht__err(err, HT_EINVAL, "corpus label '%s' is not a label of the model", c->label_names.data[l]);
		}
		(*map)[l] = (size_t)idx;
	}
	return 0;
}

int ht_evaluate(ht_eval **out, const ht_model *m, const ht_corpus *c, ht_error *err)
{
	if (!out || !m || !c)
		return ht__err(err, HT_EINVAL, "ht_evaluate: NULL argument");
	*out = NULL;
	size_t *map;
	int rc = label_map(&map, m, c, err);
	if (rc < 0)
		return rc;
	ht_eval_impl *x = eval_new(m);
	if (!x) {
		ht__free(map);
		return HT_NOMEM(err);
	}
	rc = accumulate(&x->pub, m, c, map, NULL, c->items.len, err);
	ht__free(map);
	if (rc < 0) {
		ht_eval_free(&x->pub);
		return rc;
	}
	finish(&x->pub);
	*out = &x->pub;
	return 0;
}

int ht_cross_validate(ht_eval **out, const ht_corpus *c, const ht_train_options *opts, int folds, ht_error *err)
{
	if (!out || !c)
		return ht__err(err, HT_EINVAL, "ht_cross_validate: NULL argument");
	*out = NULL;
	if (folds < 2 || folds > 100)
		return ht__err(err, HT_EINVAL, "folds must be 2..100");
	size_t n = c->items.len;
	if (n < (size_t)folds)
		return ht__err(err, HT_EINVAL, "%zu items cannot make %d folds", n, folds);
	size_t *group = ht__calloc(n, sizeof *group);
	int *fold = ht__calloc(n, sizeof *fold);
	size_t *tr = ht__calloc(n, sizeof *tr), *te = ht__calloc(n, sizeof *te), *map = NULL;
	ht_eval_impl *x = NULL;
	ht_model *m = NULL;
	int rc = 0;
	if (!group || !fold || !tr || !te) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++)
		group[i] = c->items.data[i].article;
	if ((rc = ht_learn__folds(fold, group, n, folds, err)) < 0)
		goto cleanup;
	for (int f = 0; f < folds; f++) {
		size_t nt = 0, ne = 0;
		for (size_t i = 0; i < n; i++) {
			if (fold[i] == f)
				te[ne++] = i;
			else
				tr[nt++] = i;
		}
		if (!ne || !nt)
			continue;
		if ((rc = ht_api__train_items(&m, c, tr, nt, opts, err)) < 0)
			goto cleanup;
		if (!x) {
			if (!(x = eval_new(m))) {
				rc = HT_NOMEM(err);
				goto cleanup;
			}
			if ((rc = label_map(&map, m, c, err)) < 0)
				goto cleanup;
		}
		if ((rc = accumulate(&x->pub, m, c, map, te, ne, err)) < 0)
			goto cleanup;
		ht_model_free(m);
		m = NULL;
		if (opts && opts->progress)
			opts->progress(opts->progress_ctx, "cross-validation folds", (size_t)f + 1, (size_t)folds);
	}
	if (!x) {
		rc = ht__err(err, HT_EINVAL, "no fold could be evaluated");
		goto cleanup;
	}
	finish(&x->pub);
	*out = &x->pub;
	x = NULL;
cleanup:
	ht_model_free(m);
	ht__free(map);
	ht_eval_free(x ? &x->pub : NULL);
	ht__free(group);
	ht__free(fold);
	ht__free(tr);
	ht__free(te);
	return rc;
}
