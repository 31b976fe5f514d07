/* SPDX-License-Identifier: MIT */
/* train_internal.h: training and evaluation on a subset of a corpus's items (for cross-validation). */
#ifndef HT_TRAIN_INTERNAL_H
#define HT_TRAIN_INTERNAL_H

#include "healthtopics_train.h"

int ht_api__train_items(ht_model **out, const ht_corpus *c, const size_t *items, size_t n_items,
			const ht_train_options *opts, ht_error *err);

#endif
