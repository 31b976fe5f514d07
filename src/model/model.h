/*
 * model.h: the in-memory model shared by the format code, the trainer and the classify API.
 * A model is immutable once built or loaded.
 */
#ifndef HT_MODEL_H
#define HT_MODEL_H

#include "features/features.h"
#include "learn/learn.h"
#include "healthtopics_train.h"

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
	char *meta;           /* "key: value" lines: options, corpus digest, versions */
	char *unicode_version;
};

static inline size_t ht__model_features(const ht_model *m) { return ht__strtab_count(&m->vocab); }

/* Allocate an empty model (all pointers NULL). */
ht_model *ht__model_new(void);

/* A term key of the text being classified: where its bytes are in ht_classifier.keys, and its hash. */
typedef struct ht_key {
	size_t off;
	uint32_t len, hash;
} ht_key;

/*
 * Per-thread working memory for classification, reused across texts of one call.
 */
typedef struct ht_classifier {
	const ht_model *m;
	ht_fx_scratch fx;
	HT_VEC(uint32_t) ids;
	ht_buf keys;                                /* the text's term keys, back to back */
	HT_VEC(ht_key) kq;
	ht_sparse x;
	ht_counter counts;
	int sorted;      /* 1: x's ids ascending (kernels and ht_model_vectorize need it); linear scoring does not */
	double *kvals;   /* kernel values per support vector */
	double *margin;  /* per label */
} ht_classifier;
int ht__classifier_init(ht_classifier *c, const ht_model *m);
void ht__classifier_free(ht_classifier *c);

/* Vectorise a text (with heading context) into c->x. */
int ht__classifier_vectorize(ht_classifier *c, const char *text, size_t len, const char *heading, size_t hlen,
			     ht_error *err);
/* Margins of c->x into c->margin. */
void ht__classifier_margins(ht_classifier *c);
/* Turn margins into probabilities and decisions; returns assigned count. */
int ht__decide(const ht_model *m, const double *margin, double *prob, unsigned char *assigned);

/* Serialise / parse the file format (docs/model-format.md). */
int ht__model_serialize(ht_buf *out, const ht_model *m, ht_error *err);
int ht__model_parse(ht_model **out, const unsigned char *data, size_t len, const ht_limits *limits, ht_error *err);

#endif
