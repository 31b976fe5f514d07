/* SPDX-License-Identifier: MIT */
/*
 * test_robust_determinism: the same corpus and options give the same model bytes.
 *
 *   test_robust_determinism                 in-process: 3 trainings of each kind of model give identical
 *                                           bytes (and a kernel model is the same on 1 or 4 threads); the CLI:
 *                                           3 runs of `healthtopics train` on the article corpus and on a TSV
 *                                           corpus give identical files.
 *   test_robust_determinism --cross [CLI]   this build's CLI and another build's CLI (e.g. gcc and clang; the
 *                                           path, or $HT_OTHER_CLI) train the same corpora into identical
 *                                           files. Without a second CLI it exits 77 (skipped under ctest).
 *
 * tests/robust/determinism.sh builds a gcc and a clang tree and runs both comparisons.
 */
#include "robust.h"

#ifndef HT_CLI
#define HT_CLI "healthtopics"
#endif
#ifndef HT_SOURCE_DIR
#define HT_SOURCE_DIR "."
#endif

static int same_bytes(const void *a, size_t alen, const void *b, size_t blen, const char *what)
{
	if (alen == blen && memcmp(a, b, alen) == 0)
		return 1;
	size_t i = 0;
	while (i < alen && i < blen && ((const unsigned char *)a)[i] == ((const unsigned char *)b)[i])
		i++;
	fprintf(stderr, "%s: models differ (%zu and %zu bytes, first difference at byte %zu)\n", what, alen, blen, i);
	return 0;
}

static void *train_bytes(const char *text, ht_corpus_format format, ht_train_options o, size_t *len)
{
	ht_model *m = fixture_train(text, format, &o);
	void *b = robust_bytes(m, len);
	ht_model_free(m);
	return b;
}

static void test_in_process(void)
{
	static const char *const names[] = {"linear", "rbf", "poly multi-class", "linear tuned, stop words, 1-3 grams"};
	for (int kind = 0; kind < 4; kind++) {
		ht_train_options o = robust_options(kind == 1 ? HT_SOLVER_RBF : kind == 2 ? HT_SOLVER_POLY : HT_SOLVER_LINEAR);
		if (kind == 3) {
			o.tune = 1;
			o.stop_words = 1;
			o.ngram_max = 3;
		}
		const char *corpus = kind == 2 ? fixture_multiclass_tsv : fixture_tsv;
		size_t l0, l1;
		void *b0 = train_bytes(corpus, HT_CORPUS_TSV, o, &l0);
		for (int run = 1; run < 3; run++) {
			void *b1 = train_bytes(corpus, HT_CORPUS_TSV, o, &l1);
			CHECK(same_bytes(b0, l0, b1, l1, names[kind]));
			ht_buffer_free(b1);
		}
		/* more threads for the per-label problems: the same model */
		o.threads = 4;
		void *b4 = train_bytes(corpus, HT_CORPUS_TSV, o, &l1);
		CHECK(same_bytes(b0, l0, b4, l1, "4 threads"));
		ht_buffer_free(b4);
		ht_buffer_free(b0);
	}
}

/* Train with a CLI; returns the model bytes (caller frees) or NULL. */
static unsigned char *cli_train(const char *cli, const char *corpus, const char *out, const char *extra1,
				const char *extra2, size_t *len)
{
	char *argv[16];
	int k = 0;
	argv[k++] = (char *)cli;
	argv[k++] = "train";
	argv[k++] = "--corpus";
	argv[k++] = (char *)corpus;
	argv[k++] = "--out";
	argv[k++] = (char *)out;
	if (extra1)
		argv[k++] = (char *)extra1;
	if (extra2)
		argv[k++] = (char *)extra2;
	argv[k] = NULL;
	unlink(out);
	int rc = robust_run(argv, NULL);
	if (rc != 0) {
		fprintf(stderr, "%s train --corpus %s exited with %d\n", cli, corpus, rc);
		*len = 0;
		return NULL;
	}
	return robust_read_file(out, len);
}

typedef struct job {
	const char *corpus; /* relative to the temporary directory when it starts with no '/' */
	const char *extra1, *extra2;
	const char *name;
} job;

static void compare_clis(const char *cli_a, const char *cli_b, int runs_each)
{
	char *dir = robust_tmpdir("determinism"), tsv[4200], out[4200], articles[4200];
	snprintf(tsv, sizeof tsv, "%s/tiny.tsv", dir);
	robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv));
	snprintf(articles, sizeof articles, "%s/corpus/articles", HT_SOURCE_DIR);
	snprintf(out, sizeof out, "%s/model.htm", dir);
	job jobs[] = {{articles, NULL, NULL, "article corpus, default options"},
		      {articles, "--tune", NULL, "article corpus, --tune"},
		      {tsv, "--solver", "rbf", "tiny TSV, rbf"},
		      {tsv, "--min-df", "1", "tiny TSV, linear, min-df 1"}};
	for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++) {
		size_t l0, l1;
		unsigned char *b0 = cli_train(cli_a, jobs[j].corpus, out, jobs[j].extra1, jobs[j].extra2, &l0);
		CHECK(b0 != NULL);
		for (int run = 1; b0 && run < runs_each; run++) {
			unsigned char *b1 = cli_train(cli_a, jobs[j].corpus, out, jobs[j].extra1, jobs[j].extra2, &l1);
			CHECK(b1 && same_bytes(b0, l0, b1, l1, jobs[j].name));
			free(b1);
		}
		if (b0 && cli_b) {
			unsigned char *b1 = cli_train(cli_b, jobs[j].corpus, out, jobs[j].extra1, jobs[j].extra2, &l1);
			CHECK(b1 && same_bytes(b0, l0, b1, l1, jobs[j].name));
			if (b1 && l0 == l1 && memcmp(b0, b1, l0) == 0)
				printf("%s: %zu bytes, identical from %s and %s\n", jobs[j].name, l0, cli_a, cli_b);
			free(b1);
		} else if (b0) {
			printf("%s: %zu bytes, identical in %d runs\n", jobs[j].name, l0, runs_each);
		}
		free(b0);
	}
	robust_rmdir(dir);
}

static void test_cli_three_runs(void) { compare_clis(HT_CLI, NULL, 3); }

static const char *other_cli;
static void test_cli_across_builds(void) { compare_clis(HT_CLI, other_cli, 1); }

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--cross") == 0) {
		other_cli = argc >= 3 && argv[2][0] ? argv[2] : getenv("HT_OTHER_CLI");
		if (!other_cli || !other_cli[0]) {
			printf("robust_determinism_cross: no second CLI given (HT_DETERMINISM_OTHER_CLI or HT_OTHER_CLI); "
			       "skipped\n");
			return 77;
		}
		static const test_case t[] = {T(test_cli_across_builds)};
		return run_tests("robust_determinism_cross", t, 1);
	}
	static const test_case t[] = {T(test_in_process), T(test_cli_three_runs)};
	return run_tests("robust_determinism", t, 2);
}
