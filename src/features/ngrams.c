/* ngrams.c: from text to term keys (word n-grams and heading-context features). */
#include "features/features.h"

#include <math.h>
#include <stdlib.h>

void ht__fx_scratch_free(ht_fx_scratch *s)
{
	ht__tokens_free(&s->tokens);
	ht__vec_free(&s->key);
	ht__vec_free(&s->kept);
}

/* Emit the n-grams of the kept spans with the given prefix (empty for the text, "h:" for the heading). */
static int emit_ngrams(ht_fx_scratch *s, const ht_fx *fx, size_t from, const char *prefix, int nmin, int nmax,
		       ht_term_fn fn, void *ctx)
{
	size_t plen = strlen(prefix);
	const char *base = s->tokens.bytes.data;
	for (size_t i = from; i < s->kept.len; i++) {
		for (int n = nmin; n <= nmax; n++) {
			if (i + (size_t)n > s->kept.len)
				break;
			s->key.len = 0;
			if (ht__buf_append(&s->key, prefix, plen) < 0)
				return HT_ENOMEM;
			for (int k = 0; k < n; k++) {
				ht_span sp = s->kept.data[i + (size_t)k];
				if ((k && ht__buf_append(&s->key, " ", 1) < 0) ||
				    ht__buf_append(&s->key, base + sp.off, sp.len) < 0)
					return HT_ENOMEM;
			}
			int rc = fn(ctx, s->key.data, s->key.len);
			if (rc < 0)
				return rc;
		}
	}
	(void)fx;
	return 0;
}

static int keep_tokens(ht_fx_scratch *s, const ht_fx *fx, size_t from_tok)
{
	for (size_t i = from_tok; i < s->tokens.toks.len; i++) {
		ht_span sp = s->tokens.toks.data[i];
		if (fx->stop_words && ht__is_stop_word(s->tokens.bytes.data + sp.off, sp.len))
			continue;
		if (ht__vec_push(&s->kept, sp) < 0)
			return HT_ENOMEM;
	}
	return 0;
}

int ht__fx_terms(ht_fx_scratch *s, const ht_fx *fx, const char *text, size_t len, const char *heading,
		 size_t heading_len, int reject_utf8, ht_term_fn fn, void *ctx, ht_error *err)
{
	int rc;
	ht__tokens_clear(&s->tokens);
	s->kept.len = 0;
	if ((rc = ht__tokenize(&s->tokens, text, len, reject_utf8, err)) < 0)
		return rc;
	if (keep_tokens(s, fx, 0) < 0)
		return HT_NOMEM(err);
	if ((rc = emit_ngrams(s, fx, 0, "", fx->ngram_min, fx->ngram_max, fn, ctx)) < 0)
		return rc == HT_ENOMEM ? HT_NOMEM(err) : rc;
	if (fx->heading_context && heading && heading_len) {
		size_t from_tok = s->tokens.toks.len, from_kept = s->kept.len;
		if ((rc = ht__tokenize(&s->tokens, heading, heading_len, reject_utf8, err)) < 0)
			return rc;
		if (keep_tokens(s, fx, from_tok) < 0)
			return HT_NOMEM(err);
		if ((rc = emit_ngrams(s, fx, from_kept, "h:", 1, 1, fn, ctx)) < 0)
			return rc == HT_ENOMEM ? HT_NOMEM(err) : rc;
	}
	return 0;
}

void ht__sparse_free(ht_sparse *v)
{
	ht__vec_free(&v->idx);
	ht__vec_free(&v->val);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int ht__tfidf(ht_sparse *out, uint32_t *ids, size_t n, const double *idf, int sublinear)
{
	out->idx.len = out->val.len = 0;
	if (n > 1)
		qsort(ids, n, sizeof *ids, cmp_u32);
	double norm = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ids[j] == ids[i])
			j++;
		if (ids[i] != UINT32_MAX) {
			double tf = (double)(j - i);
			double v = (sublinear ? 1.0 + log(tf) : tf) * idf[ids[i]];
			if (ht__vec_push(&out->idx, ids[i]) < 0 || ht__vec_push(&out->val, v) < 0)
				return HT_ENOMEM;
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
