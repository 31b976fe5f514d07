/* SPDX-License-Identifier: MIT */
/* vectorize.c: ht_model_vectorize, a text's TF-IDF vector under a model (for exporting features). */
#include "model/model.h"

int ht_model_vectorize(uint32_t *index, double *value, size_t cap, const ht_model *m, const char *text, size_t len,
		       const char *heading, size_t heading_len, ht_error *err)
{
	if (!m)
		return ht__err(err, HT_EINVAL, "ht_model_vectorize: model is NULL");
	ht_classifier c;
	int rc = ht_model__classifier_init(&c, m, err);
	if (rc < 0)
		return rc;
	c.sorted = 1; /* the contract: indices ascending */
	rc = ht_model__classifier_vectorize(&c, text, len, heading, heading_len, NULL, 0, err);
	if (rc == 0) {
		size_t nnz = c.x.idx.len;
		for (size_t k = 0; k < nnz && k < cap; k++) {
			if (index)
				index[k] = c.x.idx.data[k];
			if (value)
				value[k] = c.x.val.data[k];
		}
		rc = nnz > INT32_MAX ? ht__err(err, HT_ELIMIT, "vector too large") : (int)nnz;
	}
	ht_model__classifier_free(&c);
	return rc;
}
