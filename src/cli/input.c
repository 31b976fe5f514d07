/* SPDX-License-Identifier: MIT */
/* input.c: reading the tool's inputs: a text file or stdin, a model, a corpus. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_read_input(const char *path, char **out, size_t *len)
{
	FILE *f = (!path || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n == cap) {
			char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = !buf || ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

int cli_load_model(ht_model **m, const char *path)
{
	ht_error err;
	int rc = ht_model_load(m, path, NULL, &err);
	return rc < 0 ? cli_fail(path, rc, &err) : 0;
}

int cli_load_model_and_corpus(ht_model **m, ht_corpus **c, const char *model_path, const char *corpus_path,
			      const ht_corpus_options *co)
{
	int rc = cli_load_model(m, model_path);
	if (rc)
		return rc;
	if ((rc = cli_load_corpus(c, corpus_path, co)) != 0) {
		ht_model_free(*m);
		*m = NULL;
	}
	return rc;
}

int cli_load_corpus(ht_corpus **c, const char *path, const ht_corpus_options *co)
{
	ht_error err;
	int rc = ht_corpus_read(c, path, co, &err);
	return rc < 0 ? cli_fail(path, rc, &err) : 0;
}
