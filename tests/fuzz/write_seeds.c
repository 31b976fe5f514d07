/* SPDX-License-Identifier: MIT */
/*
 * write_seeds.c: writes the reference models and built-in corpora as seed files, so the committed seeds are
 * exactly what the fuzz targets use:
 *
 *   fuzz_write_seeds tests/fuzz/corpus
 *
 * writes corpus/model_load/<model>.htm (the three reference models and a tiny one, small enough for mutations to
 * reach every section quickly), corpus/corpus_tsv/builtin.tsv, corpus/corpus_fasttext/builtin.txt and
 * corpus/corpus_article/builtin.txt (other seeds are written by hand).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <string.h>

static int write_file(const char *dir, const char *sub, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		return 1;
	}
	printf("wrote %s (%zu bytes)\n", path, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* A tiny multi-class linear model: three labels, a handful of unigrams, no cross-validation. */
static int write_tiny(const char *dir)
{
	static const char tiny[] = "a\tknee pain\nb\tback pain\nc\tneck ache\na\tknee\n";
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	ht_train_options to = HT_TRAIN_OPTIONS_INIT;
	ht_corpus *c = NULL;
	ht_model *m = NULL;
	void *buf = NULL;
	size_t len = 0;
	ht_error err;
	co.format = HT_CORPUS_TSV;
	to.min_df = 1;
	to.ngram_max = 1;
	to.folds = 0;
	to.threads = 1;
	if (ht_corpus_read_buffer(&c, tiny, sizeof tiny - 1, "tiny", &co, &err) < 0 || ht_train(&m, c, &to, &err) < 0 ||
	    ht_model_serialize(&buf, &len, m, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	int bad = write_file(dir, "model_load", "tiny-multiclass.htm", buf, len);
	ht_buffer_free(buf);
	ht_model_free(m);
	ht_corpus_free(c);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_write_seeds CORPUS_DIR\n");
		return 1;
	}
	int bad = 0;
	for (int i = 0; i < FUZZ_MODELS; i++) {
		void *buf;
		size_t len;
		ht_error err;
		char name[64];
		if (ht_model_serialize(&buf, &len, fuzz_model(i), &err) < 0) {
			fprintf(stderr, "%s\n", err.message);
			return 1;
		}
		snprintf(name, sizeof name, "%s.htm", fuzz_model_name(i));
		bad |= write_file(argv[1], "model_load", name, buf, len);
		ht_buffer_free(buf);
	}
	bad |= write_tiny(argv[1]);
	bad |= write_file(argv[1], "corpus_tsv", "builtin.tsv", fixture_tsv, strlen(fixture_tsv));
	bad |= write_file(argv[1], "corpus_fasttext", "builtin.txt", fixture_fasttext, strlen(fixture_fasttext));
	bad |= write_file(argv[1], "corpus_article", "builtin.txt", fixture_article, strlen(fixture_article));
	return bad;
}
