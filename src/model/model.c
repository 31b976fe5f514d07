/* SPDX-License-Identifier: MIT */
/* model.c: model lifetime, accessors, per-thread classification memory and decisions. */
#include "model/model.h"
#include "text/text.h"

#include <math.h>
#include <stdlib.h>

ht_model *ht_model__new(void)
{
	ht_model *m = ht__calloc(1, sizeof *m);
	if (m)
		m->limits = (ht_limits)HT_LIMITS_INIT;
	return m;
}

void ht_model_free(ht_model *m)
{
	if (!m)
		return;
	if (m->labels)
		for (size_t i = 0; i < m->n_labels; i++)
			ht__free(m->labels[i]);
	ht__free(m->labels);
	ht_features__strtab_free(&m->vocab);
	ht__free(m->idf);
	ht__free(m->w);
	ht__free(m->bias);
	ht__free(m->sv_row);
	ht__free(m->sv_idx);
	ht__free(m->sv_val);
	ht__free(m->sv_sq);
	ht__free(m->coef);
	ht__free(m->rho);
	ht__free(m->platt_a);
	ht__free(m->platt_b);
	ht__free(m->threshold);
	ht__free(m->gate_w);
	ht__free(m->meta);
	ht__free(m->unicode_version);
	ht__free(m);
}

size_t ht_model_label_count(const ht_model *m) { return m ? m->n_labels : 0; }
const char *ht_model_label_name(const ht_model *m, size_t i) { return m && i < m->n_labels ? m->labels[i] : NULL; }
int ht_model_is_multilabel(const ht_model *m) { return m ? m->multilabel : 0; }
size_t ht_model_feature_count(const ht_model *m) { return m ? ht_model__features(m) : 0; }
double ht_model_threshold(const ht_model *m, size_t i)
{
	return m && i < m->n_labels && m->multilabel ? m->threshold[i] : 0.0;
}

int ht_model_label_index(const ht_model *m, const char *name)
{
	if (!m || !name)
		return HT_EINVAL;
	for (size_t i = 0; i < m->n_labels; i++)
		if (strcmp(m->labels[i], name) == 0)
			return (int)i;
	return HT_EINVAL;
}

void ht_string_free(char *s) { ht__free(s); }

int ht_model_describe(char **out, const ht_model *m, ht_error *err)
{
	static const char *const solvers[] = {"linear", "rbf", "poly"};
	if (!out || !m)
		return ht__err(err, HT_EINVAL, "ht_model_describe: NULL argument");
	*out = NULL;
	ht_buf b = {0};
	/* the model stores the version of the utf8proc it was trained with; its Unicode version follows from it */
	const char *uv = ht_text__unicode_version_of(m->unicode_version);
	int rc = ht__buf_printf(&b, "format_version: %d\nlibrary_version: %s\nutf8proc_version: %s\nunicode_version: %s\n"
				    "solver: %s\nmode: %s\nlabels: %zu\nfeatures: %zu\nngram_range: %d-%d\nstop_words: %d\n"
				    "heading_context: %d\nsublinear_tf: %d\n",
				(int)ht_model__file_version(m), HT_VERSION_STRING, m->unicode_version ? m->unicode_version : "",
				uv ? uv : "unknown",
				solvers[m->solver], m->multilabel ? "multilabel" : "multiclass", m->n_labels,
				ht_model__features(m), m->fx.ngram_min, m->fx.ngram_max, m->fx.stop_words,
				m->fx.heading_context, m->fx.sublinear_tf);
	if (rc == 0 && m->solver != HT_SOLVER_LINEAR)
		rc = ht__buf_printf(&b, "support_vectors: %zu\ngamma: %g\ndegree: %d\ncoef0: %g\n", m->n_sv, m->gamma,
				    m->degree, m->coef0);
	for (size_t i = 0; rc == 0 && i < m->n_labels; i++)
		rc = ht__buf_printf(&b, "label.%s: platt_a=%.6g platt_b=%.6g threshold=%.6g\n", m->labels[i],
				    m->platt_a[i], m->platt_b[i], m->threshold[i]);
	if (rc == 0 && m->gate_w)
		rc = ht__buf_printf(&b, "none_gate: platt_a=%.6g platt_b=%.6g min_prob=%.6g\n", m->gate_a, m->gate_b,
				    m->gate_min);
	if (rc == 0 && m->meta)
		rc = ht__buf_append(&b, m->meta, strlen(m->meta));
	if (rc < 0) {
		ht__vec_free(&b);
		return HT_NOMEM(err);
	}
	*out = b.data;
	return 0;
}

int ht_model__classifier_init(ht_classifier *c, const ht_model *m, ht_error *err)
{
	memset(c, 0, sizeof *c);
	c->m = m;
	c->sorted = m->solver != HT_SOLVER_LINEAR;
	size_t L = m->n_labels ? m->n_labels : 1;
	c->margin = ht__calloc(L, sizeof *c->margin);
	c->sprob = ht__calloc(L, sizeof *c->sprob);
	c->sas = ht__calloc(L, 1);
	c->uas = ht__calloc(L, 1);
	if (m->n_sv)
		c->kvals = ht__calloc(m->n_sv, sizeof *c->kvals);
	if (!c->margin || !c->sprob || !c->sas || !c->uas || (m->n_sv && !c->kvals)) {
		ht_model__classifier_free(c);
		return HT_NOMEM(err);
	}
	return 0;
}

void ht_model__classifier_free(ht_classifier *c)
{
	ht_features__fx_scratch_free(&c->fx);
	ht__vec_free(&c->ids);
	ht__vec_free(&c->id_first);
	ht__vec_free(&c->id_last);
	ht__vec_free(&c->sids);
	ht__vec_free(&c->keys);
	ht__vec_free(&c->kq);
	ht__vec_free(&c->ctx);
	ht_features__sparse_free(&c->x);
	ht_features__counter_free(&c->counts);
	ht__free(c->kvals);
	ht__free(c->margin);
	ht__free(c->sprob);
	ht__free(c->sas);
	ht__free(c->uas);
	memset(c, 0, sizeof *c);
}

/* Resolve the collected keys to feature ids, prefetching the slots of keys a few places ahead. */
static int resolve_keys(ht_classifier *c)
{
	const ht_strtab *v = &c->m->vocab;
	size_t n = c->kq.len;
	c->id_first.len = c->id_last.len = c->ids.len; /* parallel to ids */
	if (ht__vec_reserve(&c->ids, n) < 0 || ht__vec_reserve(&c->id_first, n) < 0 ||
	    ht__vec_reserve(&c->id_last, n) < 0)
		return HT_ENOMEM;
	/* ids are appended: keys are resolved in chunks while a long text is still being tokenised */
	for (size_t i = 0; i < n; i++) {
		if (i + 8 < n)
			ht_features__strtab_prefetch(v, c->kq.data[i + 8].hash);
		ht_key k = c->kq.data[i];
		int64_t id = ht_features__strtab_find_hashed(v, c->keys.data + k.off, k.len, k.hash);
		if (id >= 0) {
			c->id_first.data[c->id_first.len++] = k.first;
			c->id_last.data[c->id_last.len++] = k.last;
			c->ids.data[c->ids.len++] = (uint32_t)id;
		}
	}
	c->kq.len = 0;
	c->keys.len = 0;
	return 0;
}

static int collect_key(void *ctx, const char *key, size_t len)
{
	ht_classifier *c = ctx;
	if (len > UINT32_MAX)
		return 0; /* longer than any vocabulary term can be */
	ht_key k = {c->keys.len, (uint32_t)len, ht_features__hash_bytes(key, len), c->fx.term_first, c->fx.term_last};
	if (ht__vec_push(&c->kq, k) < 0 || ht__buf_append(&c->keys, key, len) < 0)
		return HT_ENOMEM;
	ht_features__strtab_prefetch(&c->m->vocab, k.hash);
	/* Resolve in chunks: a huge text then needs memory for its ids, not for all of its keys at once. */
	return c->kq.len >= 8192 ? resolve_keys(c) : 0;
}

/* The TF-IDF vector of ids into c->x, as ht_model__classifier_vectorize makes it (the sorted form sorts ids). */
static int tfidf_of(ht_classifier *c, uint32_t *ids, size_t n, ht_error *err)
{
	const ht_model *m = c->m;
	return c->sorted ? ht_features__tfidf(&c->x, ids, n, m->idf, m->fx.sublinear_tf, err)
			 : ht_features__tfidf_unsorted(&c->x, &c->counts, ids, n, m->idf, m->fx.sublinear_tf, err);
}

int ht_model__classifier_vectorize(ht_classifier *c, const char *text, size_t len, const char *heading, size_t hlen,
				   const char *lead, size_t llen, ht_error *err)
{
	const ht_model *m = c->m;
	size_t longest = len > hlen ? len : hlen;
	if (llen > longest)
		longest = llen;
	if (longest > m->limits.max_text_bytes)
		return ht__err(err, HT_ELIMIT, "text of %zu bytes exceeds the limit of %zu bytes", longest,
			       m->limits.max_text_bytes);
	if ((!text && len) || (!heading && hlen) || (!lead && llen))
		return ht__err(err, HT_EINVAL, "NULL text with a non-zero length");
	if (ht_features__context(&c->ctx, &m->fx, heading, hlen, lead, llen, &heading, &hlen) < 0)
		return HT_NOMEM(err);
	c->ids.len = 0;
	c->keys.len = 0;
	c->kq.len = 0;
	int rc = ht_features__fx_terms(&c->fx, &m->fx, text ? text : "", len, heading, hlen, m->limits.reject_invalid_utf8,
			      collect_key, c, err);
	if (rc < 0)
		return rc == HT_ENOMEM ? HT_NOMEM(err) : rc;
	if (resolve_keys(c) < 0)
		return HT_NOMEM(err);
	if (!c->sorted)
		return tfidf_of(c, c->ids.data, c->ids.len, err);
	/* sorting would break ids' order, which the sentence rule reads: sort a copy */
	c->sids.len = 0;
	if (ht__vec_reserve(&c->sids, c->ids.len) < 0)
		return HT_NOMEM(err);
	if (c->ids.len) /* no ids: data may be NULL, which memcpy may not be given */
		memcpy(c->sids.data, c->ids.data, c->ids.len * sizeof *c->ids.data);
	c->sids.len = c->ids.len;
	return tfidf_of(c, c->sids.data, c->sids.len, err);
}

/* Margins of c->x into c->margin, and the none gate's into c->gate_margin. */
void ht_model__classifier_margins(ht_classifier *c)
{
	const ht_model *m = c->m;
	ht_model__scorer s = ht_model__scorer_of(m);
	ht_model__score(c->margin, c->kvals, &s, c->x.idx.data, c->x.val.data, c->x.idx.len);
	c->gate_margin = 0;
	if (m->gate_w) {
		double g = m->gate_bias;
		for (size_t k = 0; k < c->x.idx.len; k++)
			g += c->x.val.data[k] * m->gate_w[c->x.idx.data[k]];
		c->gate_margin = ht_model__finite(g, -DBL_MAX);
	}
}

double ht_model__gate_prob(const ht_model *m, double gate_margin)
{
	return m->gate_w ? ht_model__platt_prob(m->gate_a, m->gate_b, gate_margin) : 0;
}

/* 1 when the model has a none gate and its probability `none` reaches the gate's minimum. */
static int gate_open(const ht_model *m, double none) { return m->gate_w && none >= m->gate_min; }

int ht_model__gate_clears(const ht_model *m, const double *margin, double gate_margin)
{
	double none = ht_model__gate_prob(m, gate_margin), top = 0; /* top: the largest given label's probability */
	int given = 0;
	if (!m->multilabel || !gate_open(m, none))
		return 0;
	for (size_t l = 0; l < m->n_labels; l++) {
		if (margin[l] < m->threshold[l])
			continue;
		double p = ht_model__platt_prob(m->platt_a[l], m->platt_b[l], margin[l]);
		if (p > top)
			top = p;
		given = 1;
	}
	return given && none > top;
}

int ht_model__decide(const ht_model *m, const double *margin, double gate_margin, double *prob,
		     unsigned char *assigned)
{
	size_t L = m->n_labels;
	int count = 0;
	if (m->multilabel) {
		for (size_t l = 0; l < L; l++) {
			int on = margin[l] >= m->threshold[l];
			if (prob)
				prob[l] = ht_model__platt_prob(m->platt_a[l], m->platt_b[l], margin[l]);
			if (assigned)
				assigned[l] = (unsigned char)on;
			count += on;
		}
		if (count && ht_model__gate_clears(m, margin, gate_margin)) {
			if (assigned)
				memset(assigned, 0, L);
			count = 0;
		}
		return count;
	}
	size_t best = 0;
	for (size_t l = 1; l < L; l++)
		if (margin[l] > margin[best])
			best = l;
	if (prob) {
		double sum = 0;
		for (size_t l = 0; l < L; l++)
			sum += prob[l] = ht_model__platt_prob(m->platt_a[l], m->platt_b[l], margin[l]);
		for (size_t l = 0; l < L; l++)
			prob[l] = sum > 0 ? prob[l] / sum : 1.0 / (double)L;
	}
	if (assigned)
		for (size_t l = 0; l < L; l++)
			assigned[l] = l == best;
	return L ? 1 : 0;
}

/* One text, no sentence rule: vectorise, margins, decisions. */
static int classify_whole(ht_classifier *c, double *prob, unsigned char *assigned, const char *text, size_t len,
			  const char *heading, size_t hlen, const char *lead, size_t llen, ht_error *err)
{
	int rc = ht_model__classifier_vectorize(c, text, len, heading, hlen, lead, llen, err);
	if (rc < 0)
		return rc;
	ht_model__classifier_margins(c);
	return ht_model__decide(c->m, c->margin, c->gate_margin, prob, assigned);
}

/*
 * The sentence [a, b) of the text whose ids c holds, decided alone into c->sprob and c->sas: its vector is made
 * of the terms whose words all lie in it, and of the context terms, in the order the text gave them. That is the
 * vector the sentence alone would get (sentences end at white space, which no token or term crosses inside a
 * sentence), without tokenising and looking up its terms again. The text's terms come in the order of their
 * first words, then the context terms: *from is where the scan for this sentence starts, moved past it.
 */
static int decide_sentence(ht_classifier *c, size_t a, size_t b, size_t *from, size_t context_from, ht_error *err)
{
	c->sids.len = 0;
	if (ht__vec_reserve(&c->sids, c->ids.len) < 0)
		return HT_NOMEM(err);
	size_t k = *from;
	while (k < context_from && c->id_first.data[k] < a)
		k++;
	for (; k < context_from && c->id_first.data[k] < b; k++)
		if (c->id_last.data[k] < b)
			c->sids.data[c->sids.len++] = c->ids.data[k];
	*from = k;
	for (k = context_from; k < c->ids.len; k++)
		c->sids.data[c->sids.len++] = c->ids.data[k];
	int rc = tfidf_of(c, c->sids.data, c->sids.len, err);
	if (rc < 0)
		return rc;
	ht_model__classifier_margins(c);
	return ht_model__decide(c->m, c->margin, c->gate_margin, c->sprob, c->sas);
}

int ht_model__classify(ht_classifier *c, double *prob, unsigned char *assigned, double *margin, const char *text,
		       size_t len, const char *heading, size_t hlen, const char *lead, size_t llen, ht_error *err)
{
	const ht_model *m = c->m;
	size_t L = m->n_labels;
	int count = classify_whole(c, prob, c->uas, text, len, heading, hlen, lead, llen, err);
	if (count < 0)
		return count;
	if (margin)
		memcpy(margin, c->margin, L * sizeof *margin);
	size_t pos = 0, a, b;
	/* a multi-label model, a text of more than one sentence, and no none gate that holds for the whole */
	if (m->multilabel && text && ht_text__next_sentence(text, len, &pos, &a, &b) && pos < len &&
	    !gate_open(m, ht_model__gate_prob(m, c->gate_margin))) {
		size_t from = 0, context_from = c->ids.len;
		while (context_from > 0 && c->id_first.data[context_from - 1] == SIZE_MAX)
			context_from--;
		do { /* from the first sentence, found above */
			if (ht_text__count_words(text + a, b - a) < HT_SENTENCE_MIN_WORDS)
				continue;
			int rc = decide_sentence(c, a, b, &from, context_from, err);
			if (rc < 0)
				return rc;
			for (size_t l = 0; l < L; l++) {
				if (!c->sas[l] || c->sprob[l] < HT_SENTENCE_MIN_PROB)
					continue;
				count += !c->uas[l];
				c->uas[l] = 1;
				if (prob && c->sprob[l] > prob[l])
					prob[l] = c->sprob[l];
			}
		} while (ht_text__next_sentence(text, len, &pos, &a, &b));
	}
	if (assigned)
		memcpy(assigned, c->uas, L);
	return count;
}
