/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common.h: what the libFuzzer targets share: the reference models (trained in-process from the tiny
 * built-in corpora of tests/fixtures on first use, so no model file has to be found at run time), a strict UTF-8 validator written
 * independently of the library, and an assertion that aborts (libFuzzer and the replay driver both report an
 * abort as a crash, with the input that caused it).
 */
#ifndef HT_FUZZ_COMMON_H
#define HT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "healthtopics.h"
#include "healthtopics_train.h"
#include "fixtures.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the failed condition: an invariant of the library does not hold for this input. */
#define FUZZ_ASSERT(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
void fuzz_fail(const char *file, int line, const char *what);

/* The reference models: 0 linear multi-label, 1 rbf multi-label, 2 poly multi-class with heading context. */
#define FUZZ_MODELS 3
const ht_model *fuzz_model(int i);
/* The same models loaded with limits.reject_invalid_utf8 = 1. */
const ht_model *fuzz_model_strict(int i);
/* The model an input of this size is checked with: one model per input keeps executions fast, and as the
 * fuzzer varies lengths every model gets every kind of input. */
static inline int fuzz_pick_model(size_t size) { return (int)(size % FUZZ_MODELS); }
/* Name of model i ("linear-multilabel", ...), for the seed writer. */
const char *fuzz_model_name(int i);

/* The built-in corpora the models are trained on (also written as seeds) are tests/fixtures/fixtures.h's. */

/* 1 when s[0..len) is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
int fuzz_utf8_valid(const uint8_t *s, size_t len);

/* A unit of an article carries the scores ht_classify_unit gives its text with heading h (NULL, 0: none) as
 * context, bit for bit (at most 8 labels). */
static inline void fuzz_check_unit_scores(const ht_model *m, const ht_unit *x, size_t L, const char *text,
					  size_t len, const char *h, size_t hl)
{
	double prob[8], margin[8];
	unsigned char as[8];
	ht_error err;
	FUZZ_ASSERT(L <= 8);
	FUZZ_ASSERT(ht_classify_unit(prob, as, margin, m, text, len, h, hl, &err) >= 0);
	FUZZ_ASSERT(memcmp(prob, x->prob, L * sizeof *prob) == 0);
	FUZZ_ASSERT(memcmp(margin, x->margin, L * sizeof *margin) == 0);
	FUZZ_ASSERT(memcmp(as, x->assigned, L) == 0);
}

/* Read a corpus buffer in one format, check the result's invariants, and lint it when it parses. */
void fuzz_corpus(const uint8_t *data, size_t size, ht_corpus_format format);

#endif
