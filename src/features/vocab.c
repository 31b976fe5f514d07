/* SPDX-License-Identifier: MIT */
/* vocab.c: the vocabulary of a training set: terms, document frequencies, pruning and idf. */
#include "features/features.h"

#include <math.h>
#include <stdlib.h>

double ht_features__idf(size_t n_docs, size_t df) { return log((1.0 + (double)n_docs) / (1.0 + (double)df)) + 1.0; }

static int intern_term(void *ctx, const char *key, size_t len)
{
	ht_features__df *p = ctx;
	uint32_t id, doc = (uint32_t)p->doc_end.len;
	int added = ht_features__strtab_intern(&p->terms, key, len, &id);
	if (added < 0)
		return HT_NOMEM(p->err);
	if (added && (ht__vec_push(&p->df, 0) < 0 || ht__vec_push(&p->seen, 0) < 0))
		return HT_NOMEM(p->err);
	if (p->seen.data[id] != doc + 1) {
		p->seen.data[id] = doc + 1;
		p->df.data[id]++;
	}
	return ht__vec_push(&p->ids, id) < 0 ? HT_NOMEM(p->err) : 0;
}

int ht_features__df_add(ht_features__df *p, const ht_fx *fx, const char *text, size_t len, const char *heading,
			size_t heading_len, ht_error *err)
{
	p->err = err;
	int rc = ht_features__fx_terms(&p->scratch, fx, text, len, heading, heading_len, 0, intern_term, p, err);
	if (rc < 0)
		return rc;
	return ht__vec_push(&p->doc_end, p->ids.len) < 0 ? HT_NOMEM(err) : 0;
}

void ht_features__df_drop_terms(ht_features__df *p)
{
	ht_features__strtab_free(&p->terms);
	ht_features__fx_scratch_free(&p->scratch);
}

void ht_features__df_free(ht_features__df *p)
{
	ht_features__df_drop_terms(p);
	ht__vec_free(&p->ids);
	ht__vec_free(&p->doc_end);
	ht__vec_free(&p->df);
	ht__vec_free(&p->seen);
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

int ht_features__prune(uint32_t **remap, size_t *kept, const ht_features__df *p, size_t min_df, double max_df,
		       size_t max_features, size_t max_vocabulary, ht_error *err)
{
	size_t T = ht_features__strtab_count(&p->terms), n = p->doc_end.len, k = 0;
	uint32_t *r = ht__calloc(T ? T : 1, sizeof *r);
	*remap = NULL;
	*kept = 0;
	if (!r)
		return HT_NOMEM(err);
	double top = max_df * (double)n;
	for (size_t t = 0; t < T; t++) {
		uint32_t df = p->df.data[t];
		r[t] = (df >= min_df && (double)df <= top) ? 1 : 0;
	}
	if (max_features) {
		size_t cand = 0;
		for (size_t t = 0; t < T; t++)
			cand += r[t];
		if (cand > max_features) {
			df_rank *rank = ht__calloc(cand, sizeof *rank);
			if (!rank) {
				ht__free(r);
				return HT_NOMEM(err);
			}
			size_t q = 0;
			for (size_t t = 0; t < T; t++)
				if (r[t])
					rank[q++] = (df_rank){p->df.data[t], (uint32_t)t};
			qsort(rank, cand, sizeof *rank, by_df_desc);
			for (size_t j = max_features; j < cand; j++)
				r[rank[j].id] = 0;
			ht__free(rank);
		}
	}
	for (size_t t = 0; t < T; t++)
		r[t] = r[t] ? (uint32_t)k++ : UINT32_MAX;
	if (k > max_vocabulary) {
		ht__free(r);
		return ht__err(err, HT_ELIMIT, "vocabulary of %zu features exceeds the limit", k);
	}
	*remap = r;
	*kept = k;
	return 0;
}

int ht_features__vocabulary(ht_strtab *vocab, double **idf, const ht_features__df *p, const uint32_t *remap,
			    size_t kept, ht_error *err)
{
	size_t T = ht_features__strtab_count(&p->terms), n = p->doc_end.len;
	double *v = ht__calloc(kept ? kept : 1, sizeof *v);
	*idf = NULL;
	if (!v || ht_features__strtab_reserve(vocab, kept, p->terms.arena.len) < 0) {
		ht__free(v);
		return HT_NOMEM(err);
	}
	for (size_t t = 0; t < T; t++) {
		if (remap[t] == UINT32_MAX)
			continue;
		size_t len;
		uint32_t id;
		const char *s = ht_features__strtab_str(&p->terms, (uint32_t)t, &len);
		if (ht_features__strtab_intern(vocab, s, len, &id) < 0) {
			ht__free(v);
			return HT_NOMEM(err);
		}
		v[id] = ht_features__idf(n, p->df.data[t]);
	}
	*idf = v;
	return 0;
}

int ht_features__doc_vector(ht_sparse *out, ht_features__df *p, size_t doc, const uint32_t *remap,
			    const double *idf, int sublinear, ht_error *err)
{
	size_t b = doc ? p->doc_end.data[doc - 1] : 0, e = p->doc_end.data[doc];
	for (size_t q = b; q < e; q++)
		p->ids.data[q] = remap[p->ids.data[q]];
	return ht_features__tfidf(out, p->ids.data + b, e - b, idf, sublinear, err);
}
