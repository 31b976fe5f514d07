/* SPDX-License-Identifier: MIT */
/* fuzz_corpus_article: ht_corpus_read_buffer with HT_CORPUS_ARTICLE, then ht_corpus_lint on what parses. */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_corpus(data, size, HT_CORPUS_ARTICLE);
	return 0;
}
