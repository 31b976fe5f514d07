/* SPDX-License-Identifier: MIT */
/* classify.c: the public classify, article and explain functions; thin wrappers over model and text. */
#include "model/model.h"
#include "text/doc.h"

#include <math.h>
#include <stdlib.h>

int ht_classify_unit(double *prob, unsigned char *assigned, double *margin, const ht_model *m, const char *text,
		     size_t len, const char *heading, size_t heading_len, ht_error *err)
{
	if (!m)
		return ht__err(err, HT_EINVAL, "ht_classify: model is NULL");
	ht_classifier c;
	int rc = ht_model__classifier_init(&c, m, err);
	if (rc < 0)
		return rc;
	rc = ht_model__classify(&c, prob, assigned, margin, text, len, heading, heading_len, NULL, 0, err);
	ht_model__classifier_free(&c);
	return rc;
}

int ht_classify(double *prob, unsigned char *assigned, double *margin, const ht_model *m, const char *text,
		size_t len, ht_error *err)
{
	return ht_classify_unit(prob, assigned, margin, m, text, len, NULL, 0, err);
}

int ht_classify_batch(double *prob, unsigned char *assigned, const ht_model *m, const char *const *texts,
		      const size_t *lens, size_t n, ht_error *err)
{
	if (!m || (n && (!texts || !lens)))
		return ht__err(err, HT_EINVAL, "ht_classify_batch: NULL argument");
	ht_classifier c;
	int rc = ht_model__classifier_init(&c, m, err);
	if (rc < 0)
		return rc;
	size_t L = m->n_labels;
	long total = 0;
	for (size_t i = 0; i < n; i++) {
		rc = ht_model__classify(&c, prob ? prob + i * L : NULL, assigned ? assigned + i * L : NULL, NULL,
					texts[i], lens[i], NULL, 0, NULL, 0, err);
		if (rc < 0)
			break;
		total += rc;
		rc = 0;
	}
	ht_model__classifier_free(&c);
	if (rc < 0)
		return rc;
	return total > INT32_MAX ? INT32_MAX : (int)total;
}

struct ht_article {
	size_t n;
	ht_unit *units;
	double *prob, *margin;
	unsigned char *assigned;
	char *text; /* the units' decoded text */
};

void ht_article_free(ht_article *a)
{
	if (!a)
		return;
	ht__free(a->units);
	ht__free(a->prob);
	ht__free(a->margin);
	ht__free(a->assigned);
	ht__free(a->text);
	ht__free(a);
}

size_t ht_article_unit_count(const ht_article *a) { return a ? a->n : 0; }
const ht_unit *ht_article_unit(const ht_article *a, size_t i) { return a && i < a->n ? &a->units[i] : NULL; }

int ht_classify_article(ht_article **out, const ht_model *m, const char *text, size_t len, ht_error *err)
{
	return ht_classify_article_ext(out, m, text, len, NULL, err);
}

/* Read the input in its format into units (text/doc.h); HT_ARTICLE_AUTO is decided here. */
static int read_doc(ht_doc *d, const ht_model *m, const char *text, size_t len, int format, ht_error *err)
{
	if (format == HT_ARTICLE_AUTO)
		format = ht_text__doc_detect(text, len);
	if (format == HT_ARTICLE_HTML)
		return ht_text__doc_html(d, text, len, m->limits.reject_invalid_utf8, err);
	if (format == HT_ARTICLE_MARKDOWN)
		return ht_text__doc_markdown(d, text, len, err);
	return ht_text__doc_text(d, text, len, err);
}

/*
 * Every unit is classified on its decoded text with its heading's decoded text as context (headings have none,
 * as in training); for a model trained with list context, a list item's context is its heading followed by its
 * list's lead-in paragraph (ht_features__context). Boilerplate units are not classified: their prob, margin and assigned stay 0.
 */
int ht_classify_article_ext(ht_article **out, const ht_model *m, const char *text, size_t len,
			    const ht_article_options *opts, ht_error *err)
{
	if (!out || !m || (!text && len))
		return ht__err(err, HT_EINVAL, "ht_classify_article: NULL argument");
	*out = NULL;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	if (opts) {
		if (opts->version < 1 || opts->version > HT_ARTICLE_OPTIONS_VERSION)
			return ht__err(err, HT_EINVAL, "ht_article_options: unknown version %u", opts->version);
		o = *opts;
	}
	if ((unsigned)o.format > HT_ARTICLE_HTML)
		return ht__err(err, HT_EINVAL, "ht_article_options: unknown format %d", (int)o.format);
	if (len > m->limits.max_text_bytes)
		return ht__err(err, HT_ELIMIT, "article of %zu bytes exceeds the limit of %zu bytes", len,
			       m->limits.max_text_bytes);
	ht_doc doc = {{0}, {0}};
	ht_classifier c;
	int rc;
	ht_article *a = ht__calloc(1, sizeof *a);
	if (!a)
		return HT_NOMEM(err);
	if ((rc = ht_model__classifier_init(&c, m, err)) < 0) {
		ht__free(a);
		return rc;
	}
	if ((rc = read_doc(&doc, m, text ? text : "", len, o.format, err)) < 0)
		goto cleanup;
	size_t L = m->n_labels, n = doc.units.len, cells;
	if (ht__mul_overflows(n ? n : 1, L, &cells)) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	a->n = n;
	a->units = ht__calloc(n ? n : 1, sizeof *a->units);
	a->prob = ht__calloc(cells, sizeof *a->prob);
	a->margin = ht__calloc(cells, sizeof *a->margin);
	a->assigned = ht__calloc(cells, 1);
	if (!a->units || !a->prob || !a->margin || !a->assigned) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	a->text = doc.text.data;
	doc.text.data = NULL;
	doc.text.len = doc.text.cap = 0;
	const char *dt = a->text ? a->text : "";
	for (size_t i = 0; i < n; i++) {
		ht_docunit s = doc.units.data[i];
		const char *h = NULL;
		size_t hl = 0;
		if (s.heading != SIZE_MAX && s.kind != HT_UNIT_HEADING) {
			h = dt + doc.units.data[s.heading].text_off;
			hl = doc.units.data[s.heading].text_len;
		}
		const char *lead = NULL;
		size_t ll = 0;
		if (s.kind == HT_UNIT_LIST_ITEM && s.lead_in != SIZE_MAX) {
			lead = dt + doc.units.data[s.lead_in].text_off;
			ll = doc.units.data[s.lead_in].text_len;
		}
		if (s.kind != HT_UNIT_BOILERPLATE &&
		    (rc = ht_model__classify(&c, a->prob + i * L, a->assigned + i * L, a->margin + i * L,
					     dt + s.text_off, s.text_len, h, hl, lead, ll, err)) < 0)
			goto cleanup;
		a->units[i] = (ht_unit){s.start, s.end, s.kind, s.heading, a->prob + i * L, a->margin + i * L,
					a->assigned + i * L, s.level, s.lead_in, dt + s.text_off, s.text_len, s.parent};
	}
	rc = 0;
	*out = a;
	a = NULL;
cleanup:
	ht_text__doc_free(&doc);
	ht_model__classifier_free(&c);
	ht_article_free(a);
	return rc;
}

/* ---- explain ---- */

typedef struct ht_expl_impl {
	ht_explanation pub;
	ht_term *terms;
	char *strings;
} ht_expl_impl;

void ht_explanation_free(ht_explanation *e)
{
	if (!e)
		return;
	ht_expl_impl *x = (ht_expl_impl *)e;
	ht__free(x->terms);
	ht__free(x->strings);
	ht__free(x);
}

static int by_abs_contribution(const void *a, const void *b)
{
	const ht_term *x = a, *y = b;
	double ax = fabs(x->contribution), ay = fabs(y->contribution);
	if (ax != ay)
		return ax < ay ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* Each non-zero feature's contribution to the label's margin: its value times ht_model__term_weight. */
int ht_explain(ht_explanation **out, const ht_model *m, size_t label, const char *text, size_t len,
	       const char *heading, size_t heading_len, size_t top_k, ht_error *err)
{
	if (!out || !m)
		return ht__err(err, HT_EINVAL, "ht_explain: NULL argument");
	*out = NULL;
	if (label >= m->n_labels)
		return ht__err(err, HT_EINVAL, "label index %zu out of range (model has %zu labels)", label, m->n_labels);
	ht_classifier c;
	int rc = ht_model__classifier_init(&c, m, err);
	if (rc < 0)
		return rc;
	size_t L = m->n_labels;
	ht_expl_impl *x = ht__calloc(1, sizeof *x);
	double *prob = ht__calloc(L, sizeof *prob);
	unsigned char *as = ht__calloc(L, 1);
	if (!x || !prob || !as) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	if ((rc = ht_model__classify(&c, prob, as, NULL, text, len, heading, heading_len, NULL, 0, err)) < 0)
		goto cleanup;
	/* the terms and the margin are the whole text's: the sentence rule may have scored its sentences since */
	if ((rc = ht_model__classifier_vectorize(&c, text, len, heading, heading_len, NULL, 0, err)) < 0)
		goto cleanup;
	ht_model__classifier_margins(&c);
	size_t nx = c.x.idx.len;
	x->terms = ht__calloc(nx ? nx : 1, sizeof *x->terms);
	if (!x->terms) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t k = 0; k < nx; k++) {
		uint32_t j = c.x.idx.data[k];
		double v = c.x.val.data[k], w = ht_model__term_weight(m, label, j, v, c.kvals);
		x->terms[k].value = v;
		x->terms[k].weight = w;
		x->terms[k].contribution = ht_model__finite(v * w, 0);
	}
	/* term strings: copy into one block so the explanation owns them */
	size_t bytes = 0;
	for (size_t k = 0; k < nx; k++) {
		size_t l;
		ht_features__strtab_str(&m->vocab, c.x.idx.data[k], &l);
		bytes += l + 1;
	}
	x->strings = ht__malloc(bytes ? bytes : 1);
	if (!x->strings) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	char *p = x->strings;
	for (size_t k = 0; k < nx; k++) {
		size_t l;
		const char *s = ht_features__strtab_str(&m->vocab, c.x.idx.data[k], &l);
		memcpy(p, s, l);
		p[l] = 0;
		x->terms[k].text = p;
		p += l + 1;
	}
	qsort(x->terms, nx, sizeof *x->terms, by_abs_contribution);
	x->pub.label = label;
	x->pub.margin = c.margin[label];
	x->pub.bias = m->solver == HT_SOLVER_LINEAR ? m->bias[label] : -m->rho[label];
	x->pub.prob = prob[label];
	x->pub.assigned = as[label];
	x->pub.none_prob = m->gate_w ? ht_model__gate_prob(m, c.gate_margin) : -1;
	x->pub.gated = ht_model__gate_clears(m, c.margin, c.gate_margin);
	x->pub.count = top_k && top_k < nx ? top_k : nx;
	x->pub.terms = x->terms;
	*out = &x->pub;
	x = NULL;
	rc = 0;
cleanup:
	ht_model__classifier_free(&c);
	ht__free(prob);
	ht__free(as);
	ht_explanation_free(x ? &x->pub : NULL);
	return rc;
}
