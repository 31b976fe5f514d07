/* SPDX-License-Identifier: MIT */
/* corpus.h: the corpus structure shared by the readers, lint and the trainer. */
#ifndef HT_CORPUS_H
#define HT_CORPUS_H

#include "features/features.h"
#include "healthtopics_train.h"

typedef struct ht_article_rec {
	char *id;
	const char *file;
	size_t line;
	HT_VEC(char *) meta; /* key, value, key, value ... */
} ht_article_rec;

struct ht_corpus {
	HT_VEC(unsigned char *) buffers; /* file contents; item text points into them */
	HT_VEC(char *) files;
	HT_VEC(ht_item) items;
	HT_VEC(size_t) label_off;        /* per item: offset into label_ids (fixed up into items at the end) */
	HT_VEC(uint32_t) label_ids;
	ht_strtab labels;
	HT_VEC(char *) label_names;      /* NUL-terminated copies, in label order */
	HT_VEC(ht_article_rec) articles;
	ht_corpus_format format;
};

/*
 * The digest a model stores of the items it was trained on (items: indices, NULL for all n): FNV-1a 64 over
 * each item's text, 0x1f, heading, NUL-terminated label names and a newline, as 16 hex digits.
 */
void ht_corpus__digest(const ht_corpus *c, const size_t *items, size_t n, char out[17]);

#endif
