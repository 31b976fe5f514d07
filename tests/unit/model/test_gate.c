/* SPDX-License-Identifier: MIT */
/*
 * The none gate (ht_train_options.none_gate, model/build.c's ht_model__fit_gate, model.c's ht_model__decide,
 * format version 2): what training refuses, that the labels' own model is unchanged by it, the decision rule, its
 * use in evaluation, and the file layout.
 */
#include <math.h>

#include "healthtopics_train.h"
#include "model/model.h"
#include "small_corpus.h"
#include "test.h"
#include "util/util.h"

static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64(const unsigned char *p) { return u32(p) | (uint64_t)u32(p + 4) << 32; }

static void refused_where_it_cannot_work(void)
{
	ht_corpus *c = small_corpus(1), *labeled = small_corpus(0);
	ht_model *m = (ht_model *)1;
	ht_error err;
	ht_train_options o = small_options(1);
	o.solver = HT_SOLVER_RBF;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), HT_EINVAL);
	CHECK(m == NULL && strstr(err.message, "linear") != NULL);
	o = small_options(1);
	o.folds = 0;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), HT_EINVAL);
	CHECK(strstr(err.message, "folds") != NULL);
	o = small_options(1);
	o.mode = HT_MODE_MULTICLASS;
	CHECK_EQ_INT(ht_train(&m, labeled, &o, &err), HT_EINVAL);
	CHECK(strstr(err.message, "multi-label") != NULL);
	o = small_options(2);
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), HT_EINVAL);
	/* nothing to learn "none" from */
	o = small_options(1);
	CHECK_EQ_INT(ht_train(&m, labeled, &o, &err), HT_EINVAL);
	CHECK(strstr(err.message, "without a label") != NULL);
	/* a version-3 caller's struct ends before none_gate: whatever follows it is not read */
	o = small_options(7);
	o.version = 3;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), 0);
	CHECK(m->gate_w == NULL);
	ht_model_free(m);
	ht_corpus_free(c);
	ht_corpus_free(labeled);
}

/* The gate is an addition: the labels' weights, calibration and thresholds are those of the model without it. */
static void labels_model_unchanged(void)
{
	ht_model *a = small_model(0), *b = small_model(1);
	CHECK(a->gate_w == NULL && b->gate_w != NULL);
	size_t F = ht_model__features(a), L = a->n_labels;
	CHECK_EQ_INT(ht_model__features(b), F);
	CHECK(memcmp(a->w, b->w, F * L * sizeof *a->w) == 0);
	CHECK(memcmp(a->bias, b->bias, L * sizeof *a->bias) == 0);
	CHECK(memcmp(a->platt_a, b->platt_a, L * sizeof *a->platt_a) == 0);
	CHECK(memcmp(a->threshold, b->threshold, L * sizeof *a->threshold) == 0);
	CHECK(b->gate_a < 0); /* the probability of "none" rises with its margin */
	CHECK(b->gate_min == 0.5);
	/* chrome scores higher on the gate than a topic sentence */
	ht_classifier c;
	CHECK_EQ_INT(ht_model__classifier_init(&c, b, NULL), 0);
	const char *chrome = "Sign up to our newsletter for weekly tips.", *topic = "Side effects include a dry mouth.";
	CHECK_EQ_INT(ht_model__classifier_vectorize(&c, chrome, strlen(chrome), NULL, 0, NULL, 0, NULL), 0);
	ht_model__classifier_margins(&c);
	double g_chrome = c.gate_margin;
	CHECK_EQ_INT(ht_model__classifier_vectorize(&c, topic, strlen(topic), NULL, 0, NULL, 0, NULL), 0);
	ht_model__classifier_margins(&c);
	CHECK(g_chrome > c.gate_margin);
	ht_model__classifier_free(&c);
	char *d;
	CHECK_EQ_INT(ht_model_describe(&d, b, NULL), 0);
	CHECK(strstr(d, "format_version: 2\n") != NULL && strstr(d, "none_gate: ") != NULL &&
	      strstr(d, "option.none_gate: 1\n") != NULL);
	ht_string_free(d);
	CHECK_EQ_INT(ht_model_describe(&d, a, NULL), 0);
	CHECK(strstr(d, "format_version: 1\n") != NULL && strstr(d, "none_gate") == NULL);
	ht_string_free(d);
	ht_model_free(a);
	ht_model_free(b);
}

/* Set the gate so that every text's none-probability is p: zero weights, margin = bias, A = -1, B = 0. */
static void gate_at(ht_model *m, double p)
{
	memset(m->gate_w, 0, ht_model__features(m) * sizeof *m->gate_w);
	m->gate_a = -1;
	m->gate_b = 0;
	m->gate_bias = log(p / (1 - p));
}

static void decision_rule(void)
{
	ht_model *m = small_model(1);
	/* the first of these texts whose top assigned probability leaves room on both sides for the checks below */
	static const char *const candidates[] = {"It eases pain quickly, but it can upset your stomach.",
						 "Most people sleep better on it, though some feel drowsy.",
						 "Walking strengthens the heart.", "Side effects include headaches.",
						 "The cream soothes the skin but may cause bleeding."};
	const char *t = NULL;
	double p[2], q[2], top = 0;
	unsigned char as[2], bs[2];
	int n = 0;
	float *w = m->gate_w;
	m->gate_w = NULL; /* the labels alone */
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates && !(top > 0.52 && top < 0.98); i++) {
		t = candidates[i];
		n = ht_classify(p, as, NULL, m, t, strlen(t), NULL);
		top = 0;
		for (int l = 0; l < 2; l++)
			if (as[l] && p[l] > top)
				top = p[l];
	}
	m->gate_w = w;
	CHECK(n >= 1);
	CHECK(top > 0.52 && top < 0.98); /* room on both sides for the checks below */
	/* below the top assigned probability: the labels stay, and so do all probabilities */
	gate_at(m, top - 0.01);
	CHECK_EQ_INT(ht_classify(q, bs, NULL, m, t, strlen(t), NULL), n);
	CHECK(memcmp(as, bs, 2) == 0 && p[0] == q[0] && p[1] == q[1]);
	/* above it: no label, the probabilities unchanged */
	gate_at(m, top + 0.01);
	CHECK_EQ_INT(ht_classify(q, bs, NULL, m, t, strlen(t), NULL), 0);
	CHECK(bs[0] == 0 && bs[1] == 0 && p[0] == q[0] && p[1] == q[1]);
	/* above it but under the gate's own minimum: the labels stay */
	m->gate_min = top + 0.02;
	CHECK_EQ_INT(ht_classify(q, bs, NULL, m, t, strlen(t), NULL), n);
	m->gate_min = 0.5;
	/* explain reports the gated decision, the gate's probability and that the gate cleared the labels */
	ht_explanation *x;
	size_t label = as[0] ? 0 : 1;
	CHECK_EQ_INT(ht_explain(&x, m, label, t, strlen(t), NULL, 0, 3, NULL), 0);
	CHECK(x->assigned == 0 && x->prob == p[label]);
	CHECK(x->gated == 1 && fabs(x->none_prob - (top + 0.01)) < 1e-9);
	ht_explanation_free(x);
	/* a gate below the top label: the label stays, nothing cleared, the gate's probability still reported */
	gate_at(m, top - 0.01);
	CHECK_EQ_INT(ht_explain(&x, m, label, t, strlen(t), NULL, 0, 3, NULL), 0);
	CHECK(x->assigned == 1 && x->gated == 0 && fabs(x->none_prob - (top - 0.01)) < 1e-9);
	ht_explanation_free(x);
	/* above the top label but under the gate's minimum: not cleared */
	gate_at(m, top + 0.01);
	m->gate_min = top + 0.02;
	CHECK_EQ_INT(ht_explain(&x, m, label, t, strlen(t), NULL, 0, 3, NULL), 0);
	CHECK(x->assigned == 1 && x->gated == 0);
	ht_explanation_free(x);
	m->gate_min = 0.5;
	/* a model without a gate: -1, never cleared */
	m->gate_w = NULL;
	CHECK_EQ_INT(ht_explain(&x, m, label, t, strlen(t), NULL, 0, 3, NULL), 0);
	CHECK(x->assigned == 1 && x->gated == 0 && x->none_prob == -1);
	ht_explanation_free(x);
	m->gate_w = w;
	/* evaluation decides as classification does: a gate that always wins leaves nothing predicted */
	gate_at(m, 0.5);
	m->gate_bias = 700; /* none-probability exactly 1: above any label's */
	ht_corpus *c = small_corpus(1);
	ht_eval *e;
	CHECK_EQ_INT(ht_evaluate(&e, m, c, NULL), 0);
	CHECK(e->per_label[0].predicted == 0 && e->per_label[1].predicted == 0);
	ht_eval_free(e);
	ht_corpus_free(c);
	ht_model_free(m);
}

static void file_layout(void)
{
	ht_model *m = small_model(1);
	void *buf;
	size_t len;
	CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, NULL), 0);
	unsigned char *p = buf;
	CHECK_EQ_INT(u32(p + 8), 2);
	CHECK_EQ_INT(u32(p + 12), 2);
	CHECK_EQ_INT(u32(p + 16), 7);
	uint32_t ids[] = {1, 2, 3, 4, 5, 7, 8};
	uint64_t expect = 32 + 7 * 24;
	for (int s = 0; s < 7; s++) {
		const unsigned char *e = p + 32 + 24 * s;
		CHECK_EQ_INT(u32(e), ids[s]);
		CHECK_EQ_INT(u64(e + 8), expect);
		expect += u64(e + 16);
	}
	CHECK_EQ_INT(expect, len);
	/* the gate section: F, bias, A, B, min_prob, F weights */
	size_t F = ht_model__features(m);
	const unsigned char *g = p + u64(p + 32 + 6 * 24 + 8);
	CHECK_EQ_INT(u64(p + 32 + 6 * 24 + 16), 4 + 4 * 8 + F * 4);
	CHECK_EQ_INT(u32(g), F);
	double min_prob;
	memcpy(&min_prob, g + 4 + 3 * 8, 8);
	CHECK(min_prob == 0.5);
	float w0;
	memcpy(&w0, g + 36, 4);
	CHECK(w0 == m->gate_w[0]);
	/* the bytes load back and serialise to the same bytes */
	ht_model *m2;
	ht_error err;
	CHECK_EQ_INT(ht_model_load_buffer(&m2, buf, len, NULL, &err), 0);
	CHECK(m2->gate_w != NULL && m2->gate_a == m->gate_a && m2->gate_bias == m->gate_bias);
	void *buf2;
	size_t len2;
	CHECK_EQ_INT(ht_model_serialize(&buf2, &len2, m2, NULL), 0);
	CHECK(len2 == len && memcmp(buf, buf2, len) == 0);
	ht_buffer_free(buf2);
	ht_model_free(m2);
	/* a gate in a file that says a version-1 reader may read it (header checksum fixed): refused */
	p[8] = p[12] = 1;
	uint32_t crc = ht__crc32(ht__crc32(0, p, 24), p + 28, 4 + 7 * 24);
	memcpy(p + 24, (unsigned char[4]){(unsigned char)crc, (unsigned char)(crc >> 8), (unsigned char)(crc >> 16),
					 (unsigned char)(crc >> 24)},
	       4);
	CHECK_EQ_INT(ht_model_load_buffer(&m2, buf, len, NULL, &err), HT_EFORMAT);
	CHECK(strstr(err.message, "none gate") != NULL);
	ht_buffer_free(buf);
	/* a gate's probability outside [0, 1] is not saved */
	m->gate_min = 1.5;
	CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, &err), HT_EINVAL);
	ht_model_free(m);
}

RUN_TESTS("gate", T(refused_where_it_cannot_work), T(labels_model_unchanged), T(decision_rule), T(file_layout))
