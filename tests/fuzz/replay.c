/* SPDX-License-Identifier: MIT */
/*
 * replay.c: the plain driver. Runs every file named on the command line, or found (in name order, not
 * recursively) in a directory named there, through the target's LLVMFuzzerTestOneInput, so the seed corpora and
 * the regression files are checked under ctest by an ordinary build (and under the sanitizer builds).
 *
 *   fuzz_replay_<target> [--require N] DIR|FILE...
 *
 * --require N fails unless at least N inputs were run (so an empty or missing seed corpus is an error).
 */
#define _DEFAULT_SOURCE
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf)
			break;
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *nb = realloc(buf, cap *= 2);
		if (!nb)
			free(buf);
		buf = nb;
	}
	int bad = ferror(f) || !buf;
	fclose(f);
	if (bad) {
		free(buf);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	/* an exact-size copy, so that ASan sees reads past the end of the input */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	long require = 0, ran = 0;
	int failed = 0;
	LLVMFuzzerInitialize(&argc, &argv);
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--require") == 0 && a + 1 < argc) {
			require = atol(argv[++a]);
			continue;
		}
		struct stat st;
		if (stat(argv[a], &st) != 0) {
			continue; /* a target without regressions has no directory */
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= run_file(argv[a]) < 0;
			ran++;
			continue;
		}
		DIR *d = opendir(argv[a]);
		if (!d) {
			fprintf(stderr, "replay: cannot open directory %s\n", argv[a]);
			failed = 1;
			continue;
		}
		char **names = NULL;
		size_t nn = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
				continue;
			if (nn == cap) {
				cap = cap ? cap * 2 : 64;
				char **nb = realloc(names, cap * sizeof *names);
				if (!nb)
					abort();
				names = nb;
			}
			size_t len = strlen(argv[a]) + strlen(e->d_name) + 2;
			names[nn] = malloc(len);
			if (!names[nn])
				abort();
			snprintf(names[nn++], len, "%s/%s", argv[a], e->d_name);
		}
		closedir(d);
		if (nn > 1)
			qsort(names, nn, sizeof *names, cmp);
		for (size_t i = 0; i < nn; i++) {
			failed |= run_file(names[i]) < 0;
			ran++;
			free(names[i]);
		}
		free(names);
	}
	printf("replayed %ld inputs\n", ran);
	if (ran < require) {
		fprintf(stderr, "replay: expected at least %ld inputs\n", require);
		return 1;
	}
	return failed;
}
