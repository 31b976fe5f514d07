/* SPDX-License-Identifier: MIT */
/*
 * ht_model__classify, the one classification path of every API call: a text's own decisions, plus the labels its
 * sentences are given with probability >= HT_SENTENCE_MIN_PROB (the sentence rule), unless the none gate holds.
 * The expected result is recomputed here from the pieces (each sentence and the whole text, decided alone).
 */
#include "healthtopics_train.h"
#include "model/model.h"
#include "test.h"
#include "text/text.h"

#include "small_corpus.h"

/* Decisions of a text alone, without the sentence rule; returns the gate's probability. */
static const char *heading; /* the context of the texts checked, or NULL */

static double whole(ht_classifier *c, const char *t, size_t len, double *p, unsigned char *as)
{
	CHECK_EQ_INT(ht_model__classifier_vectorize(c, t, len, heading, heading ? strlen(heading) : 0, NULL, 0, NULL), 0);
	ht_model__classifier_margins(c);
	ht_model__decide(c->m, c->margin, c->gate_margin, p, as);
	return ht_model__gate_prob(c->m, c->gate_margin);
}

/* Check ht_model__classify on t against the rule recomputed from its pieces; returns the labels it added. */
static int check_text(ht_model *m, const char *t)
{
	ht_classifier c;
	CHECK_EQ_INT(ht_model__classifier_init(&c, m, NULL), 0);
	size_t len = strlen(t), L = m->n_labels;
	double pw[2], ps[2], expect_p[2], got_p[2], got_margin[2];
	unsigned char aw[2], as[2], expect_a[2], got_a[2];
	double gate = whole(&c, t, len, pw, aw);
	memcpy(expect_p, pw, sizeof pw);
	memcpy(expect_a, aw, sizeof aw);
	double whole_margin[2] = {c.margin[0], c.margin[1]};
	size_t pos = 0, a, b, n = 0;
	while (ht_text__next_sentence(t, len, &pos, &a, &b))
		n++;
	int added = 0;
	if (n > 1 && !(m->gate_w && gate >= m->gate_min)) {
		pos = 0;
		while (ht_text__next_sentence(t, len, &pos, &a, &b)) {
			size_t words = 1;
			for (size_t k = a; k < b; k++)
				words += t[k] == ' ';
			if (words < HT_SENTENCE_MIN_WORDS)
				continue;
			whole(&c, t + a, b - a, ps, as);
			for (size_t l = 0; l < L; l++)
				if (as[l] && ps[l] >= HT_SENTENCE_MIN_PROB) {
					added += !expect_a[l];
					expect_a[l] = 1;
					expect_p[l] = ps[l] > expect_p[l] ? ps[l] : expect_p[l];
				}
		}
	}
	int count = ht_model__classify(&c, got_p, got_a, got_margin, t, len, heading, heading ? strlen(heading) : 0,
				       NULL, 0, NULL);
	CHECK_EQ_INT(count, expect_a[0] + expect_a[1]);
	CHECK(memcmp(got_a, expect_a, L) == 0);
	CHECK(got_p[0] == expect_p[0] && got_p[1] == expect_p[1]);
	CHECK(got_margin[0] == whole_margin[0] && got_margin[1] == whole_margin[1]); /* the whole text's margins */
	ht_model__classifier_free(&c);
	return added;
}

static const char *const texts[] = {
	"Walking every day strengthens the heart and lifts your mood. Posted by Mara on 12 March, updated in June. "
	"Share this page with a friend today. Sign up to our newsletter for weekly tips. Leave a comment below. "
	"Side effects include a dry mouth, dizziness and headaches.",
	"Swimming builds stamina without straining the joints. Do not take the tablets with alcohol.",
	"Side effects include a dry mouth. Bleeding and bruising are the most common risks.",
	"One sentence only, about the heart and the mood of walking every day",
	"Call our clinic today to book a visit. All rights reserved. Terms and privacy.",
};

static void sentence_rule(void)
{
	ht_model *m = small_model(0);
	int added = 0;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		added += check_text(m, texts[i]);
	CHECK(added > 0);
	heading = "Side effects and risks"; /* context terms go with every sentence */
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		check_text(m, texts[i]);
	heading = NULL; /* the rule did something on these texts, so the checks above were not vacuous */
	/* the API calls agree: ht_classify, the batch, and the unit of an article */
	double p[2], pb[2];
	unsigned char as[2], ab[2];
	size_t len = strlen(texts[0]);
	CHECK(ht_classify(p, as, NULL, m, texts[0], len, NULL) >= 0);
	CHECK(ht_classify_batch(pb, ab, m, texts, &len, 1, NULL) >= 0);
	CHECK(memcmp(p, pb, sizeof p) == 0 && memcmp(as, ab, sizeof as) == 0);
	ht_article *a;
	CHECK_EQ_INT(ht_classify_article(&a, m, texts[0], len, NULL), 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	CHECK(memcmp(ht_article_unit(a, 0)->assigned, as, 2) == 0);
	ht_article_free(a);
	ht_model_free(m);
}

/* Kernel models score sorted vectors: the sentences' vectors, taken from the whole text's terms, must still be
 * exactly those of the sentences alone. */
static void kernel_model(void)
{
	ht_corpus *c = small_corpus(1);
	ht_train_options o = small_options(0);
	o.solver = HT_SOLVER_RBF;
	ht_model *m = NULL;
	CHECK_EQ_INT(ht_train(&m, c, &o, NULL), 0);
	for (int h = 0; h < 2; h++) {
		heading = h ? "Side effects and risks" : NULL;
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
			check_text(m, texts[i]);
	}
	heading = NULL;
	ht_model_free(m);
	ht_corpus_free(c);
}

static void gate_stops_the_rule(void)
{
	ht_model *m = small_model(1);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		check_text(m, texts[i]);
	/* a gate that holds for every text: no label, from the whole or from a sentence */
	memset(m->gate_w, 0, ht_model__features(m) * sizeof *m->gate_w);
	m->gate_a = -1;
	m->gate_b = 0;
	m->gate_bias = 10;
	double p[2];
	unsigned char as[2];
	CHECK_EQ_INT(ht_classify(p, as, NULL, m, texts[0], strlen(texts[0]), NULL), 0);
	CHECK(as[0] == 0 && as[1] == 0);
	ht_model_free(m);
}

RUN_TESTS("classify", T(sentence_rule), T(kernel_model), T(gate_stops_the_rule))
