/* SPDX-License-Identifier: MIT */
/* input.c: reading the tool's inputs: a text file or stdin, a model, a corpus. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * The installed model, found relative to the running executable (bin/healthtopics ->
 * share/healthtopics/healthtopics-default.htm), so that a moved installation still finds its model. NULL when
 * the executable's path is unknown or too long.
 */
static const char *installed_model_path(void)
{
	static char path[4096];
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	int w = snprintf(path, sizeof path, "%s/%s", exe, HT_INSTALLED_MODEL_FROM_BINDIR);
	return w > 0 && (size_t)w < sizeof path ? path : NULL;
}

const char *cli_model_path(const char *given, const char **source)
{
	const char *env = getenv("HEALTHTOPICS_MODEL");
	const char *inst;
	if (given) {
		*source = "--model";
		return given;
	}
	if (env && *env) {
		*source = "HEALTHTOPICS_MODEL";
		return env;
	}
	*source = "installed default";
	if ((inst = installed_model_path()) != NULL && access(inst, R_OK) == 0)
		return inst;
	return NULL;
}

int cli_load_model(ht_model **m, const char *path)
{
	ht_error err;
	const char *source;
	*m = NULL;
	if (!(path = cli_model_path(path, &source))) {
		const char *inst = installed_model_path();
		fprintf(stderr,
			"healthtopics: no model: give --model MODEL or set HEALTHTOPICS_MODEL (no installed model at %s)\n",
			inst ? inst : "share/healthtopics/" HT_DEFAULT_MODEL_NAME);
		return CLI_EXIT_USAGE;
	}
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
