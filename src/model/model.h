/* SPDX-License-Identifier: MIT */
/*
 * model.h: the in-memory model shared by the format code, the trainer and the classify API; its decision
 * function (ht_model__score) and calibration. A model is immutable once built or loaded.
 * This is the classify side of model/: it depends on features/, text/ and util/ only. The training side
 * (assembling a model from trained labels, cross-validated margins) is model/build.h.
 */
#ifndef HT_MODEL_H
#define HT_MODEL_H

#include "features/features.h"
#include "healthtopics_train.h"

#include <float.h>
#include <math.h>

struct ht_model {
	ht_fx fx;
	ht_limits limits;
	int multilabel;
	ht_solver solver;
	double gamma, coef0;
	int degree;
	size_t n_labels;
	char **labels;
	ht_strtab vocab;      /* feature id = string id */
	double *idf;          /* per feature */
	/* linear models */
	float *w;             /* n_features x n_labels, feature-major so one feature's weights are adjacent */
	double *bias;         /* per label */
	/* kernel models: support vectors shared by all labels, dense coefficient matrix */
	size_t n_sv;
	uint64_t *sv_row;     /* n_sv + 1 */
	uint32_t *sv_idx;
	float *sv_val;
	double *sv_sq;        /* squared norms */
	double *coef;         /* n_labels x n_sv, row-major */
	double *rho;          /* per label */
	/* calibration and decisions */
	double *platt_a, *platt_b, *threshold;
	/* the none gate (optional; linear multi-label models): a linear model of "the text has no label", its own
	 * Platt calibration, and the probability at which it may clear the labels (ht_model__decide) */
	float *gate_w;        /* n_features weights, or NULL: no gate */
	double gate_bias, gate_a, gate_b, gate_min;
	char *meta;           /* "key: value" lines: options, corpus digest, versions */
	char *unicode_version;
};

static inline size_t ht_model__features(const ht_model *m) { return ht_features__strtab_count(&m->vocab); }

/* Allocate an empty model (all pointers NULL). */
ht_model *ht_model__new(void);

/*
 * Allocate a kernel model's support-vector pool (nsv vectors, nnz non-zeros, n_labels x nsv coefficients); the
 * loader and the trainer fill it, then call ht_model__sv_norms. Returns 0 or HT_ENOMEM (err filled).
 */
int ht_model__alloc_kernel(ht_model *m, size_t nsv, size_t nnz, ht_error *err);
/* Squared norms of the support vectors sv_row/valf (float) or sv_row/vald (double; exactly one is set). */
void ht_model__sv_norms(double *sq, const uint64_t *sv_row, size_t nsv, const float *valf, const double *vald);

/*
 * The decision function's parameters: a view of a model's arrays, or of a trainer's double-precision ones
 * during cross-validation (ht_model__decision in build.h). Linear: margin = bias + x . w, weights feature-major
 * (n_features x n_labels), exactly one of wf / wd set. Kernel: margin = coef . k(x, sv) - rho over a pool of
 * support vectors shared by all labels, exactly one of sv_valf / sv_vald set.
 */
typedef struct ht_model__scorer {
	ht_solver solver;
	double gamma, coef0;
	int degree;
	size_t n_labels;
	const float *wf;
	const double *wd, *bias;
	size_t n_sv;
	const uint64_t *sv_row;
	const uint32_t *sv_idx;
	const float *sv_valf;
	const double *sv_vald, *sv_sq, *coef, *rho;
} ht_model__scorer;
ht_model__scorer ht_model__scorer_of(const ht_model *m);

/*
 * The one decision function: margins (n_labels) of the sparse vector (ix, vx, nx) under s. Kernel models need
 * ix ascending and write the kernel value against every support vector to kvals (n_sv); linear models take
 * ix in any order and leave kvals alone. Cross-validation, classification and explain all score through it, so
 * the margins calibration is fitted on and the margins it is applied to come from the same code.
 */
void ht_model__score(double *margin, double *kvals, const ht_model__scorer *s, const uint32_t *ix,
		     const double *vx, size_t nx);

/* What explain reports for feature j of the text last scored (see score.c): its weight in the label's margin. */
double ht_model__term_weight(const ht_model *m, size_t label, uint32_t j, double v, const double *kvals);

/*
 * NULL when kernel parameters keep every kernel value finite for vectors of norm at most 1 (every TF-IDF vector
 * and support vector), else what is wrong. rbf: gamma finite and >= 0. poly: gamma >= 0, degree 1..10 and
 * (gamma + |coef0|)^degree <= HT_MODEL_MAX_KERNEL, which also keeps libsvm's float kernel cache finite.
 * Linear models ignore these parameters. The trainer and the loader apply the same rule.
 */
#define HT_MODEL_MAX_KERNEL 1e30
const char *ht_model__kernel_params_error(int solver, double gamma, double coef0, int degree);

/*
 * v when finite; otherwise +-DBL_MAX for +-infinity and nan_as for NaN. The loader's bounds keep kernel values
 * finite, but a crafted model of finite numbers can still overflow a sum (huge coefficients of both signs give
 * inf - inf): every number the API returns goes through this, so none is ever NaN or infinite.
 */
static inline double ht_model__finite(double v, double nan_as)
{
	return isnan(v) ? nan_as : v > DBL_MAX ? DBL_MAX : v < -DBL_MAX ? -DBL_MAX : v;
}

/* Platt scaling: P(y=1|f) = 1 / (1 + exp(A f + B)), fitted on (margin, label) pairs with stride. */
void ht_model__platt_fit(double *A, double *B, const double *margin, const uint8_t *y, size_t n, size_t stride);
static inline double ht_model__platt_prob(double A, double B, double f)
{
	double z = A * f + B; /* computed without overflow for any margin */
	if (isnan(z)) /* A * f is finite for finite A, f; kept as a last guard: no information, no preference */
		return 0.5;
	return z >= 0 ? exp(-z) / (1.0 + exp(-z)) : 1.0 / (1.0 + exp(z));
}

/* A term key of the text being classified: where its bytes are in ht_classifier.keys, and its hash. */
typedef struct ht_key {
	size_t off;
	uint32_t len, hash;
	size_t first, last; /* the text offsets of its first and last words (ht_fx_scratch.term_first/last) */
} ht_key;

/*
 * Per-thread working memory for classification, reused across texts of one call.
 */
typedef struct ht_classifier {
	const ht_model *m;
	ht_fx_scratch fx;
	HT_VEC(uint32_t) ids;
	HT_VEC(size_t) id_first, id_last; /* per id: where its term's first and last words start (SIZE_MAX: context) */
	HT_VEC(uint32_t) sids;             /* the ids of one sentence (ht_model__classify) */
	ht_buf keys;                                /* the text's term keys, back to back */
	ht_buf ctx;                                 /* a unit's joined context (ht_features__context) */
	HT_VEC(ht_key) kq;
	ht_sparse x;
	ht_counter counts;
	int sorted;      /* 1: x's ids ascending (kernels and ht_model_vectorize need it); linear scoring does not */
	double *kvals;   /* kernel values per support vector */
	double *margin;  /* per label */
	double gate_margin; /* the none gate's margin (models with a gate) */
	double *sprob;   /* per label: a sentence's probabilities (ht_model__classify) */
	unsigned char *sas, *uas; /* per label: a sentence's decisions, the whole text's */
} ht_classifier;
int ht_model__classifier_init(ht_classifier *c, const ht_model *m, ht_error *err);
void ht_model__classifier_free(ht_classifier *c);

/* Vectorise a text, with its heading and (models trained with it) its list lead-in as context, into c->x. */
int ht_model__classifier_vectorize(ht_classifier *c, const char *text, size_t len, const char *heading, size_t hlen,
				   const char *lead, size_t llen, ht_error *err);
/* Margins of c->x into c->margin, and the none gate's into c->gate_margin. */
void ht_model__classifier_margins(ht_classifier *c);
/*
 * Turn margins into probabilities and decisions; returns assigned count. A model with a none gate clears every
 * label when the gate's probability (from gate_margin) is at least gate_min and above each assigned label's.
 */
int ht_model__decide(const ht_model *m, const double *margin, double gate_margin, double *prob,
		     unsigned char *assigned);
/* The format version of m's file: 2 when it has a none gate (which version 1 readers do not know), else 1. */
static inline uint32_t ht_model__file_version(const ht_model *m) { return m->gate_w ? 2 : 1; }

/* The none gate's probability for its margin: 0 for a model without a gate. */
double ht_model__gate_prob(const ht_model *m, double gate_margin);
/* 1 when m's none gate clears the labels these margins give: its probability reaches the gate's minimum and is
 * above every given label's. 0 for a model without a gate, a multi-class model, or margins that give no label. */
int ht_model__gate_clears(const ht_model *m, const double *margin, double gate_margin);

/* A sentence counts toward its text's labels from this many words, at this probability (ht_model__classify). */
#define HT_SENTENCE_MIN_WORDS 5
#define HT_SENTENCE_MIN_PROB 0.6

/*
 * The one classification of a text with its context (heading, list lead-in), used by every API call: vectorise,
 * margins and ht_model__decide; then, in a multi-label model, a text of several sentences (ht_text__next_sentence)
 * also takes each label that one of its sentences of at least HT_SENTENCE_MIN_WORDS words, classified with the
 * same context, is given with a probability of at least HT_SENTENCE_MIN_PROB, unless the model's none gate holds
 * for the text as a whole. Such a label's probability becomes the sentence's when higher; margins stay the whole
 * text's. prob, assigned and margin may be NULL. Returns the number of labels assigned, or an error.
 */
int ht_model__classify(ht_classifier *c, double *prob, unsigned char *assigned, double *margin, const char *text,
		       size_t len, const char *heading, size_t hlen, const char *lead, size_t llen, ht_error *err);

/* Serialise / parse the file format (docs/model-format.md). */
int ht_model__serialize(ht_buf *out, const ht_model *m, ht_error *err);
int ht_model__parse(ht_model **out, const unsigned char *data, size_t len, const ht_limits *limits, ht_error *err);

#endif
