/* SPDX-License-Identifier: MIT */
/*
 * fuzz_normalize: the text normaliser and tokeniser on arbitrary bytes, through ht_model_vectorize (as text and
 * as heading context) and through the internal tokeniser. Checks: vectors are sorted, in range, finite and of
 * unit length; asking with too small a buffer gives the same count; tokens are non-empty, well-formed UTF-8
 * without spaces; invalid UTF-8 is rejected exactly when the strict model is used and the input is not
 * well-formed, and otherwise replaced by U+FFFD without changing anything else.
 */
#include "fuzz_common.h"
#include "text/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_model(0);
	return 0;
}

static int vectorize(uint32_t **idx, double **val, const ht_model *m, const char *text, size_t len,
		     const char *heading, size_t hlen, ht_error *err)
{
	int n = ht_model_vectorize(NULL, NULL, 0, m, text, len, heading, hlen, err);
	if (n < 0)
		return n;
	*idx = malloc((size_t)n * sizeof **idx + 1);
	*val = malloc((size_t)n * sizeof **val + 1);
	FUZZ_ASSERT(*idx && *val);
	int again = ht_model_vectorize(*idx, *val, (size_t)n, m, text, len, heading, hlen, err);
	FUZZ_ASSERT(again == n);
	double norm = 0;
	size_t F = ht_model_feature_count(m);
	for (int k = 0; k < n; k++) {
		FUZZ_ASSERT((*idx)[k] < F);
		FUZZ_ASSERT(k == 0 || (*idx)[k - 1] < (*idx)[k]);
		FUZZ_ASSERT(isfinite((*val)[k]) && (*val)[k] > 0);
		norm += (*val)[k] * (*val)[k];
	}
	FUZZ_ASSERT(n == 0 || fabs(norm - 1.0) < 1e-9);
	return n;
}

static void check_tokens(const uint8_t *data, size_t size, int valid)
{
	ht_tokens t = {0};
	ht_error err;
	int rc = ht_text__tokenize(&t, (const char *)data, size, 0, &err);
	FUZZ_ASSERT(rc == 0);
	for (size_t k = 0; k < t.toks.len; k++) {
		ht_span sp = t.toks.data[k];
		const uint8_t *s = (const uint8_t *)t.bytes.data + sp.off;
		FUZZ_ASSERT(sp.len > 0 && sp.off + sp.len <= t.bytes.len);
		FUZZ_ASSERT(fuzz_utf8_valid(s, sp.len));
		FUZZ_ASSERT(!memchr(s, ' ', sp.len) && !memchr(s, '\n', sp.len) && !memchr(s, 0, sp.len));
		FUZZ_ASSERT(k == 0 || t.toks.data[k - 1].off + t.toks.data[k - 1].len <= sp.off);
	}
	ht_tokens strict = {0};
	rc = ht_text__tokenize(&strict, (const char *)data, size, 1, &err);
	if (valid) {
		FUZZ_ASSERT(rc == 0 && strict.bytes.len == t.bytes.len && strict.toks.len == t.toks.len);
		FUZZ_ASSERT(t.bytes.len == 0 || memcmp(strict.bytes.data, t.bytes.data, t.bytes.len) == 0);
	} else {
		FUZZ_ASSERT(rc == HT_EUTF8 && err.code == HT_EUTF8 && err.message[0]);
	}
	ht_text__tokens_free(&t);
	ht_text__tokens_free(&strict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int valid = fuzz_utf8_valid(data, size);
	check_tokens(data, size, valid);
	{
		int i = fuzz_pick_model(size);
		ht_error err;
		uint32_t *i1 = NULL, *i2 = NULL;
		double *v1 = NULL, *v2 = NULL;
		int n1 = vectorize(&i1, &v1, fuzz_model(i), text, size, NULL, 0, &err);
		FUZZ_ASSERT(n1 >= 0);
		int n2 = vectorize(&i2, &v2, fuzz_model_strict(i), text, size, NULL, 0, &err);
		if (valid) {
			FUZZ_ASSERT(n2 == n1);
			FUZZ_ASSERT(memcmp(i1, i2, (size_t)n1 * sizeof *i1) == 0);
			FUZZ_ASSERT(memcmp(v1, v2, (size_t)n1 * sizeof *v1) == 0);
		} else {
			FUZZ_ASSERT(n2 == HT_EUTF8 && err.code == HT_EUTF8);
		}
		free(i1), free(v1), free(i2), free(v2);
		i1 = i2 = NULL, v1 = v2 = NULL;
		n1 = vectorize(&i1, &v1, fuzz_model(i), "", 0, text, size, &err);
		FUZZ_ASSERT(n1 >= 0);
		free(i1), free(v1);
	}
	return 0;
}
