/* SPDX-License-Identifier: MIT */
/*
 * small_corpus.h: a two-label corpus with units of no label (chrome), built in memory, and models trained on it
 * with or without a none gate; shared by the model tests. Included by one test file each (static functions).
 */
#ifndef HT_TEST_SMALL_CORPUS_H
#define HT_TEST_SMALL_CORPUS_H

#include "healthtopics_train.h"
#include "test.h"

static const char *const names[] = {"benefits", "risks"};

/* label mask (1 benefits, 2 risks, 0 none), text */
static const struct {
	int mask;
	const char *text;
} rows[] = {
	{1, "Walking every day strengthens the heart and lifts your mood."},
	{1, "Most patients feel less pain after a few weeks of stretching."},
	{1, "The cream soothes itchy skin and helps it heal faster."},
	{1, "Swimming builds stamina without straining the joints."},
	{1, "Regular sessions improve sleep and lower stress for many people."},
	{1, "A small trial found the brace eased knee pain on stairs."},
	{2, "Side effects include a dry mouth, dizziness and headaches."},
	{2, "Do not take the tablets with alcohol or on an empty stomach."},
	{2, "Rarely, the injection causes an infection at the site."},
	{2, "Stop the exercises and call your doctor if the pain gets worse."},
	{2, "Bleeding and bruising are the most common risks of the procedure."},
	{2, "People with kidney problems should not use this medicine."},
	{3, "It eases pain quickly, but it can upset your stomach."},
	{3, "Most people sleep better on it, though some feel drowsy the next day."},
	{0, "Share this page with a friend."},
	{0, "Posted by Mara on 12 March, updated in June."},
	{0, "Sign up to our newsletter for weekly tips."},
	{0, "Reply"},
	{0, "Call our clinic today to book a visit."},
	{0, "All rights reserved. Terms and privacy."},
	{0, "Leave a comment below; your email stays private."},
	{0, "Next week we will look at the history of the clinic."},
	{0, "Photo: a patient in the waiting room of our clinic."},
	{0, "Home > Treatments > Back care"},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* the rows as a corpus; with_none 0 leaves the unlabeled rows out */
static ht_corpus *small_corpus(int with_none)
{
	static uint32_t labs[4][2] = {{0}, {0}, {1}, {0, 1}};
	static const size_t counts[4] = {0, 1, 1, 2};
	ht_memory_item items[N_ROWS];
	size_t n = 0;
	for (size_t i = 0; i < N_ROWS; i++) {
		if (!with_none && !rows[i].mask)
			continue;
		/* labeled units have a heading that names their topic, so the models have context ("h:") terms */
		static const char *const headings[4] = {NULL, "Why it helps", "Side effects and risks", "Benefits and risks"};
		const char *h = headings[rows[i].mask];
		items[n] = (ht_memory_item){rows[i].text, strlen(rows[i].text), h, h ? strlen(h) : 0, i % 6,
					    counts[rows[i].mask], labs[rows[i].mask]};
		n++;
	}
	ht_corpus *c = NULL;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_from_memory(&c, names, 2, items, n, NULL, &err), 0);
	return c;
}

static ht_train_options small_options(int gate)
{
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.min_df = 1;
	o.folds = 3;
	o.threads = 1;
	o.none_gate = gate;
	return o;
}

static ht_model *small_model(int gate)
{
	ht_corpus *c = small_corpus(1);
	ht_train_options o = small_options(gate);
	ht_model *m = NULL;
	ht_error err;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), 0);
	ht_corpus_free(c);
	return m;
}

#endif
