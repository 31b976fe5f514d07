/* SPDX-License-Identifier: MIT */
/* fuzz_corpus_tsv: ht_corpus_read_buffer with HT_CORPUS_TSV, then ht_corpus_lint on what parses. */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_corpus(data, size, HT_CORPUS_TSV);
	return 0;
}
