/* SPDX-License-Identifier: MIT */
/*
 * features.h: n-grams, the vocabulary (an interning hash table of byte strings), and TF-IDF vectors.
 *
 * Terms are word n-grams joined by one space ("side effects"); with heading context on, the heading's unigrams
 * are added as "h:<token>" (':' never occurs inside a token, so the two kinds cannot collide). TF-IDF follows
 * scikit-learn's TfidfVectorizer: tf or 1+ln(tf), idf = ln((1+n)/(1+df)) + 1, then L2 normalisation.
 */
#ifndef HT_FEATURES_H
#define HT_FEATURES_H

#include "text/text.h"

/* Feature extraction settings, stored in the model. */
typedef struct ht_fx {
	int ngram_min, ngram_max;
	int stop_words;
	int heading_context;
	int sublinear_tf;
} ht_fx;

/*
 * An interning table of byte strings: id -> bytes, bytes -> id. Each string lives in the arena as one entry
 * [u32 hash][u32 id][u32 len][bytes], and a slot holds (hash << 32 | arena offset + 1), so a lookup touches the
 * slot array and, on a hash match, one arena entry: two cache misses on a large vocabulary rather than four.
 */
typedef struct ht_strtab {
	ht_buf arena;
	HT_VEC(uint32_t) off; /* per id: arena offset of its entry */
	uint64_t *slots;
	size_t nslots;        /* power of two */
} ht_strtab;

uint32_t ht_features__hash_bytes(const void *data, size_t len);
/* Find or add s; *id receives its id; returns 1 if added, 0 if found, HT_ENOMEM. */
int ht_features__strtab_intern(ht_strtab *t, const char *s, size_t len, uint32_t *id);
/* Id of s or -1. */
int64_t ht_features__strtab_find(const ht_strtab *t, const char *s, size_t len);
static inline size_t ht_features__strtab_count(const ht_strtab *t) { return t->off.len; }
static inline const char *ht_features__strtab_str(const ht_strtab *t, uint32_t id, size_t *len)
{
	const char *e = t->arena.data + t->off.data[id];
	uint32_t l;
	memcpy(&l, e + 8, 4);
	*len = l;
	return e + 12;
}
/* The same with the hash already computed (ht_features__hash_bytes), and a prefetch of the slot such a lookup reads
 * first: callers with many keys hash them all, then prefetch a few ahead of each lookup so that the cache
 * misses overlap instead of queueing. */
int64_t ht_features__strtab_find_hashed(const ht_strtab *t, const char *s, size_t len, uint32_t h);
static inline void ht_features__strtab_prefetch(const ht_strtab *t, uint32_t h)
{
	if (t->nslots)
		__builtin_prefetch(&t->slots[h & (t->nslots - 1)]);
}
/* Make room for n strings of `bytes` total so that adding them cannot fail. */
int ht_features__strtab_reserve(ht_strtab *t, size_t n, size_t bytes);
void ht_features__strtab_free(ht_strtab *t);

/* Reusable per-thread scratch for turning text into term keys. */
typedef struct ht_fx_scratch {
	ht_tokens tokens;
	ht_buf key;
	HT_VEC(ht_span) kept; /* token spans after stop-word removal */
	HT_VEC(size_t) kept_src; /* per kept token: its word's offset in the text (ht_tokens.src) */
	/* while a term is passed to the ht_term_fn: the text offsets of the words of its first and last tokens, or
	 * SIZE_MAX for both when it is a context ("h:") term */
	size_t term_first, term_last;
} ht_fx_scratch;
void ht_features__fx_scratch_free(ht_fx_scratch *s);

/* heading_context bits: the heading's words, and (with it) a list item's lead-in paragraph. */
#define HT_CONTEXT_HEADING 1
#define HT_CONTEXT_LIST_LEAD_IN 2

/*
 * A unit's context as features see it: its heading, followed (when fx uses HT_CONTEXT_LIST_LEAD_IN and the unit
 * has one) by its list's lead-in paragraph, joined in scratch. Training, evaluation and classification all
 * build context here, so a model sees the same context it was trained with. 0 or HT_ENOMEM.
 */
int ht_features__context(ht_buf *scratch, const ht_fx *fx, const char *heading, size_t hlen, const char *lead,
			 size_t llen, const char **out, size_t *out_len);

/* Called for every term of a text, in order, with duplicates. Return < 0 to stop. */
typedef int (*ht_term_fn)(void *ctx, const char *key, size_t len);

int ht_features__fx_terms(ht_fx_scratch *s, const ht_fx *fx, const char *text, size_t len, const char *heading,
		 size_t heading_len, int reject_utf8, ht_term_fn fn, void *ctx, ht_error *err);

/* A sparse vector: sorted feature ids and values. */
typedef struct ht_sparse {
	HT_VEC(uint32_t) idx;
	HT_VEC(double) val;
} ht_sparse;
void ht_features__sparse_free(ht_sparse *v);

/* idf of a term in df of n documents: ln((1 + n) / (1 + df)) + 1 (scikit-learn's smooth_idf). */
double ht_features__idf(size_t n_docs, size_t df);

/*
 * The terms of a training set, document by document: the vocabulary seen so far with each term's document
 * frequency, and every document's term ids kept for building its vector once the vocabulary is pruned.
 */
typedef struct ht_features__df {
	ht_strtab terms;
	HT_VEC(uint32_t) ids;     /* every document's term ids, concatenated */
	HT_VEC(size_t) doc_end;   /* per document: end of its ids */
	HT_VEC(uint32_t) df;      /* per term */
	HT_VEC(uint32_t) seen;    /* per term: last document index + 1 that counted it */
	ht_fx_scratch scratch;
	ht_error *err;
} ht_features__df;
/* Count the terms of one more document. */
int ht_features__df_add(ht_features__df *p, const ht_fx *fx, const char *text, size_t len, const char *heading,
			size_t heading_len, ht_error *err);
/* Free the term table and scratch once the vocabulary is built (the ids stay for the vectors). */
void ht_features__df_drop_terms(ht_features__df *p);
void ht_features__df_free(ht_features__df *p);

/*
 * Prune the vocabulary: keep terms with min_df <= df <= max_df * n_docs, then the max_features (0: all) most
 * frequent ones (ties: first seen first). Kept terms keep their first-seen order, which is deterministic.
 * *remap (caller frees) maps a term id to its feature id or UINT32_MAX; *kept is the feature count.
 * HT_ELIMIT when more than max_vocabulary features remain.
 */
int ht_features__prune(uint32_t **remap, size_t *kept, const ht_features__df *p, size_t min_df, double max_df,
		       size_t max_features, size_t max_vocabulary, ht_error *err);
/* The pruned vocabulary (vocab must be empty) and its idf (*idf: kept entries, caller frees). */
int ht_features__vocabulary(ht_strtab *vocab, double **idf, const ht_features__df *p, const uint32_t *remap,
			    size_t kept, ht_error *err);
/* The TF-IDF vector of document `doc` over the pruned vocabulary (its ids are remapped in place: call once). */
int ht_features__doc_vector(ht_sparse *out, ht_features__df *p, size_t doc, const uint32_t *remap,
			    const double *idf, int sublinear, ht_error *err);

/*
 * From term ids with repeats (ids[0..n), any order; ids equal to UINT32_MAX are unknown terms and skipped) to
 * a TF-IDF vector with unit L2 norm, its ids ascending. `ids` is sorted in place.
 */
int ht_features__tfidf(ht_sparse *out, uint32_t *ids, size_t n, const double *idf, int sublinear, ht_error *err);

/*
 * The same vector with its entries in order of first occurrence instead (no sort: linear scoring does not need
 * one). `counts` is working memory reused across calls. Deterministic for a given text.
 */
typedef struct ht_counter {
	uint64_t *slots; /* (id + 1) << 32 | count, 0 empty */
	size_t cap;
} ht_counter;
int ht_features__tfidf_unsorted(ht_sparse *out, ht_counter *counts, const uint32_t *ids, size_t n, const double *idf,
				int sublinear, ht_error *err);
void ht_features__counter_free(ht_counter *c);

#endif
