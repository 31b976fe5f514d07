/* SPDX-License-Identifier: MIT */
/* ngrams.c: from text to term keys (word n-grams and heading-context features). */
#include "features/features.h"

#include <math.h>
#include <stdlib.h>

void ht_features__fx_scratch_free(ht_fx_scratch *s)
{
	ht_text__tokens_free(&s->tokens);
	ht__vec_free(&s->key);
	ht__vec_free(&s->kept);
	ht__vec_free(&s->kept_src);
}

/* Emit the n-grams of the kept spans with the given prefix (empty for the text, "h:" for the heading). */
static int emit_ngrams(ht_fx_scratch *s, size_t from, const char *prefix, int nmin, int nmax,
		       ht_term_fn fn, void *ctx)
{
	size_t plen = strlen(prefix);
	const char *base = s->tokens.bytes.data;
	for (size_t i = from; i < s->kept.len; i++) {
		for (int n = nmin; n <= nmax; n++) {
			if (i + (size_t)n > s->kept.len)
				break;
			size_t need = plen;
			for (int k = 0; k < n; k++)
				need += s->kept.data[i + (size_t)k].len + 1;
			s->key.len = 0;
			if (ht__vec_reserve(&s->key, need) < 0)
				return HT_ENOMEM;
			char *o = s->key.data;
			memcpy(o, prefix, plen);
			o += plen;
			for (int k = 0; k < n; k++) {
				ht_span sp = s->kept.data[i + (size_t)k];
				if (k)
					*o++ = ' ';
				memcpy(o, base + sp.off, sp.len);
				o += sp.len;
			}
			s->key.len = (size_t)(o - s->key.data);
			int context = *prefix != 0;
			s->term_first = context ? SIZE_MAX : s->kept_src.data[i];
			s->term_last = context ? SIZE_MAX : s->kept_src.data[i + (size_t)n - 1];
			int rc = fn(ctx, s->key.data, s->key.len);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static int keep_tokens(ht_fx_scratch *s, const ht_fx *fx, size_t from_tok)
{
	for (size_t i = from_tok; i < s->tokens.toks.len; i++) {
		ht_span sp = s->tokens.toks.data[i];
		if (fx->stop_words && ht_text__is_stop_word(s->tokens.bytes.data + sp.off, sp.len))
			continue;
		if (ht__vec_push(&s->kept, sp) < 0 || ht__vec_push(&s->kept_src, s->tokens.src.data[i]) < 0)
			return HT_ENOMEM;
	}
	return 0;
}

int ht_features__fx_terms(ht_fx_scratch *s, const ht_fx *fx, const char *text, size_t len, const char *heading,
		 size_t heading_len, int reject_utf8, ht_term_fn fn, void *ctx, ht_error *err)
{
	int rc;
	ht_text__tokens_clear(&s->tokens);
	s->kept.len = 0;
	s->kept_src.len = 0;
	/* One allocation up front instead of repeated doubling: tokens never hold more bytes than the text (ASCII)
	 * and there are at most len/2 + 1 of them; non-ASCII text may still grow the buffers. */
	size_t hint = len + heading_len;
	if (hint > ((size_t)1 << 26))
		hint = (size_t)1 << 26;
	if (ht__vec_reserve(&s->tokens.bytes, hint + 16) < 0 || ht__vec_reserve(&s->tokens.toks, hint / 4 + 16) < 0 ||
	    ht__vec_reserve(&s->kept, hint / 4 + 16) < 0)
		return HT_NOMEM(err);
	if ((rc = ht_text__tokenize(&s->tokens, text, len, reject_utf8, err)) < 0)
		return rc;
	if (keep_tokens(s, fx, 0) < 0)
		return HT_NOMEM(err);
	if ((rc = emit_ngrams(s, 0, "", fx->ngram_min, fx->ngram_max, fn, ctx)) < 0)
		return rc == HT_ENOMEM ? HT_NOMEM(err) : rc;
	if (fx->heading_context && heading && heading_len) {
		size_t from_tok = s->tokens.toks.len, from_kept = s->kept.len;
		if ((rc = ht_text__tokenize(&s->tokens, heading, heading_len, reject_utf8, err)) < 0)
			return rc;
		if (keep_tokens(s, fx, from_tok) < 0)
			return HT_NOMEM(err);
		if ((rc = emit_ngrams(s, from_kept, "h:", 1, 1, fn, ctx)) < 0)
			return rc == HT_ENOMEM ? HT_NOMEM(err) : rc;
	}
	return 0;
}

int ht_features__context(ht_buf *scratch, const ht_fx *fx, const char *heading, size_t hlen, const char *lead,
			 size_t llen, const char **out, size_t *out_len)
{
	*out = heading;
	*out_len = hlen;
	if (!lead || !llen || !(fx->heading_context & HT_CONTEXT_LIST_LEAD_IN))
		return 0;
	scratch->len = 0;
	if ((hlen && ht__buf_append(scratch, heading, hlen) < 0) || ht__buf_append(scratch, "\n", 1) < 0 ||
	    ht__buf_append(scratch, lead, llen) < 0)
		return HT_ENOMEM;
	*out = scratch->data;
	*out_len = scratch->len;
	return 0;
}

void ht_features__sparse_free(ht_sparse *v)
{
	ht__vec_free(&v->idx);
	ht__vec_free(&v->val);
}

int ht_features__tfidf(ht_sparse *out, uint32_t *ids, size_t n, const double *idf, int sublinear, ht_error *err)
{
	out->idx.len = out->val.len = 0;
	ht__sort_u32(ids, n);
	double norm = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ids[j] == ids[i])
			j++;
		if (ids[i] != UINT32_MAX) {
			double tf = (double)(j - i);
			double v = (sublinear ? 1.0 + log(tf) : tf) * idf[ids[i]];
			if (ht__vec_push(&out->idx, ids[i]) < 0 || ht__vec_push(&out->val, v) < 0)
				return HT_NOMEM(err);
			norm += v * v;
		}
		i = j;
	}
	if (norm > 0) {
		norm = 1.0 / sqrt(norm);
		for (size_t i = 0; i < out->val.len; i++)
			out->val.data[i] *= norm;
	}
	return 0;
}

void ht_features__counter_free(ht_counter *c)
{
	ht__free(c->slots);
	c->slots = NULL;
	c->cap = 0;
}

int ht_features__tfidf_unsorted(ht_sparse *out, ht_counter *c, const uint32_t *ids, size_t n, const double *idf,
				int sublinear, ht_error *err)
{
	out->idx.len = out->val.len = 0;
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > c->cap) {
		uint64_t *s = ht__calloc(cap, sizeof *s);
		if (!s)
			return HT_NOMEM(err);
		ht__free(c->slots);
		c->slots = s;
		c->cap = cap;
	}
	/* Use the low `cap` slots of the (possibly larger) table; they are all zero between calls. */
	size_t mask = cap - 1;
	if (ht__vec_reserve(&out->idx, n) < 0 || ht__vec_reserve(&out->val, n) < 0)
		return HT_NOMEM(err);
	for (size_t i = 0; i < n; i++) {
		uint32_t id = ids[i];
		if (id == UINT32_MAX)
			continue;
		size_t k = (id * 0x9E3779B1u) & mask;
		for (;;) {
			uint64_t v = c->slots[k];
			if (!v) {
				c->slots[k] = (uint64_t)(id + 1) << 32 | 1;
				out->idx.data[out->idx.len++] = id; /* first occurrence order */
				break;
			}
			if ((uint32_t)(v >> 32) == id + 1) {
				c->slots[k] = v + 1;
				break;
			}
			k = (k + 1) & mask;
		}
	}
	double norm = 0;
	for (size_t q = 0; q < out->idx.len; q++) {
		uint32_t id = out->idx.data[q];
		size_t k = (id * 0x9E3779B1u) & mask;
		while ((uint32_t)(c->slots[k] >> 32) != id + 1)
			k = (k + 1) & mask;
		double tf = (double)(uint32_t)c->slots[k];
		c->slots[k] = 0; /* leave the table clean for the next call */
		double v = (sublinear ? 1.0 + log(tf) : tf) * idf[id];
		out->val.data[q] = v;
		norm += v * v;
	}
	/* Clearing slots during the walk is safe: the lookup above probes until it finds the id, it never stops
	 * at an empty slot, and every id it looks for is present. */
	out->val.len = out->idx.len;
	if (norm > 0) {
		norm = 1.0 / sqrt(norm);
		for (size_t q = 0; q < out->val.len; q++)
			out->val.data[q] *= norm;
	}
	return 0;
}
