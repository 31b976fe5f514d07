/* SPDX-License-Identifier: MIT */
/*
 * fuzz_classify: ht_classify (and ht_classify_unit, ht_explain) of arbitrary bytes with a reference model (chosen by the input size).
 * Checks: success, probabilities in [0, 1], a multi-class model assigns exactly one label with probabilities
 * summing to 1, the explanation's margin is the classification's margin, and the strict model (reject invalid
 * UTF-8) fails exactly when the input is not well-formed UTF-8 and otherwise agrees bit for bit.
 */
#include "fuzz_common.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_model(0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int valid = fuzz_utf8_valid(data, size);
	{
		int i = fuzz_pick_model(size);
		const ht_model *m = fuzz_model(i);
		size_t L = ht_model_label_count(m);
		double prob[8], margin[8], prob2[8], margin2[8];
		unsigned char as[8], as2[8];
		ht_error err;
		FUZZ_ASSERT(L <= 8);
		int rc = ht_classify(prob, as, margin, m, text, size, &err);
		FUZZ_ASSERT(rc >= 0 && (size_t)rc <= L);
		double sum = 0;
		int count = 0;
		for (size_t l = 0; l < L; l++) {
			FUZZ_ASSERT(prob[l] >= 0 && prob[l] <= 1);
			FUZZ_ASSERT(isfinite(margin[l]));
			FUZZ_ASSERT(as[l] <= 1);
			sum += prob[l];
			count += as[l];
		}
		FUZZ_ASSERT(count == rc);
		if (!ht_model_is_multilabel(m)) {
			FUZZ_ASSERT(rc == 1);
			FUZZ_ASSERT(fabs(sum - 1.0) < 1e-9);
		}
		int rs = ht_classify(prob2, as2, margin2, fuzz_model_strict(i), text, size, &err);
		if (valid) {
			FUZZ_ASSERT(rs == rc);
			FUZZ_ASSERT(memcmp(prob, prob2, L * sizeof *prob) == 0);
			FUZZ_ASSERT(memcmp(margin, margin2, L * sizeof *margin) == 0);
			FUZZ_ASSERT(memcmp(as, as2, L) == 0);
		} else {
			FUZZ_ASSERT(rs == HT_EUTF8 && err.code == HT_EUTF8 && err.message[0]);
		}
		/* the input as a heading context for a fixed text, and the explanation of the last label */
		rc = ht_classify_unit(prob2, as2, margin2, m, "knee pain", 9, text, size, &err);
		FUZZ_ASSERT(rc >= 0);
		ht_explanation *e = NULL;
		FUZZ_ASSERT(ht_explain(&e, m, L - 1, text, size, NULL, 0, 4, &err) == 0);
		FUZZ_ASSERT(e->margin == margin[L - 1] && e->label == L - 1 && e->count <= 4);
		for (size_t k = 0; k < e->count; k++)
			FUZZ_ASSERT(e->terms[k].text && e->terms[k].text[0]);
		ht_explanation_free(e);
	}
	return 0;
}
