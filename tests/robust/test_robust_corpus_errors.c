/* SPDX-License-Identifier: MIT */
/*
 * test_robust_corpus_errors: corpus errors are all found in one pass. Unknown labels, empty units, broken
 * headers, duplicate article ids and bad encoding, several in one file, are each reported once through
 * on_problem as (file, line, message); ht_corpus_read returns HT_EFORMAT with the count and the first problem,
 * and no corpus. The same for TSV and fastText files. `healthtopics train` on such a corpus prints every problem
 * as file:line: message, exits 2 and writes no model: the --out path does not exist afterwards, or, when a model
 * was there, it is unchanged, and no temporary file is left beside it.
 */
#include "robust.h"

#ifndef HT_CLI
#define HT_CLI "healthtopics"
#endif

typedef struct problem {
	char file[512];
	size_t line;
	char message[512];
} problem;

typedef struct problems {
	problem p[64];
	size_t n;
} problems;

static void collect(void *ctx, const char *file, size_t line, const char *message)
{
	problems *ps = ctx;
	if (ps->n < 64) {
		snprintf(ps->p[ps->n].file, sizeof ps->p[ps->n].file, "%s", file ? file : "(null)");
		ps->p[ps->n].line = line;
		snprintf(ps->p[ps->n].message, sizeof ps->p[ps->n].message, "%s", message ? message : "(null)");
	}
	ps->n++;
}

/* How many reported problems are at file (suffix) and line with message containing `what`. */
static int count(const problems *ps, const char *file, size_t line, const char *what)
{
	int n = 0;
	for (size_t i = 0; i < ps->n && i < 64; i++) {
		size_t fl = strlen(ps->p[i].file), sl = strlen(file);
		if (fl >= sl && strcmp(ps->p[i].file + fl - sl, file) == 0 && ps->p[i].line == line &&
		    strstr(ps->p[i].message, what))
			n++;
	}
	return n;
}

static void dump(const problems *ps)
{
	for (size_t i = 0; i < ps->n && i < 64; i++)
		fprintf(stderr, "  reported %s:%zu: %s\n", ps->p[i].file, ps->p[i].line, ps->p[i].message);
}

static const char article_a[] =
	"id: dup-id\n"                        /* 1 */
	"title: First\n"                      /* 2 */
	"Not A Header\n"                      /* 3 broken header line */
	"treatment:\n"                        /* 4 header without a value (so 'treatment' is also missing) */
	"condition: knee pain\n"              /* 5 */
	"style: clinic-blog\n"                /* 6 */
	"\n"                                  /* 7 */
	"[benefits] A fine unit.\n"           /* 8 */
	"[unknown] An unknown label.\n"       /* 9 */
	"[benefits]\n"                        /* 10 empty unit */
	"[] No labels at all.\n"              /* 11 */
	"[risks] Bad \xff encoding.\n"        /* 12 */
	"no brackets at all\n"                /* 13 */
	"[none, risks] Mixed none.\n"         /* 14 */
	"[benefits, ] An empty label.\n";     /* 15 */

static const char article_b[] =
	"id: dup-id\ntitle: Second\ntreatment: yoga\ncondition: back pain\nstyle: forum\n\n[types] Fine.\n";

static char *make_corpus_dir(void)
{
	char *dir = robust_tmpdir("corpus"), path[4200];
	snprintf(path, sizeof path, "%s/corpus", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/corpus/a.txt", dir);
	robust_write_file(path, article_a, sizeof article_a - 1);
	snprintf(path, sizeof path, "%s/corpus/b.txt", dir);
	robust_write_file(path, article_b, sizeof article_b - 1);
	return dir;
}

static void test_article_errors_all_reported(void)
{
	char *dir = make_corpus_dir(), path[4200];
	snprintf(path, sizeof path, "%s/corpus", dir);
	problems ps;
	memset(&ps, 0, sizeof ps);
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.on_problem = collect;
	co.ctx = &ps;
	ht_corpus *c = (ht_corpus *)&c;
	ht_error err;
	int rc = ht_corpus_read(&c, path, &co, &err);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(c == NULL);
	CHECK_EQ_INT(count(&ps, "a.txt", 3, "header"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 4, "no value"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 1, "missing header 'treatment'"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 9, "unknown label 'unknown'"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 10, "empty unit"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 11, "no labels"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 12, "UTF-8"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 13, "unit line"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 14, "'none'"), 1);
	CHECK_EQ_INT(count(&ps, "a.txt", 15, "empty label"), 1);
	CHECK_EQ_INT(count(&ps, "b.txt", 1, "duplicate article id 'dup-id'"), 1);
	CHECK_EQ_INT(ps.n, 11);
	if (ps.n != 11)
		dump(&ps);
	/* the error: the count and the first problem as file:line: message */
	CHECK(err.code == HT_EFORMAT && strstr(err.message, "11 problems") != NULL);
	CHECK(strstr(err.message, "a.txt:3: ") != NULL);
	/* without a callback, the same result */
	co.on_problem = NULL;
	CHECK_EQ_INT(ht_corpus_read(&c, path, &co, &err), HT_EFORMAT);
	CHECK(c == NULL && strstr(err.message, "11 problems") != NULL);
	robust_rmdir(dir);
}

static void read_buffer(problems *ps, const char *text, ht_corpus_format format, int *rc, ht_error *err)
{
	memset(ps, 0, sizeof *ps);
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.format = format;
	co.on_problem = collect;
	co.ctx = ps;
	ht_corpus *c = (ht_corpus *)&c;
	*rc = ht_corpus_read_buffer(&c, text, strlen(text), "mem.txt", &co, err);
	CHECK(*rc == 0 || c == NULL);
	ht_corpus_free(*rc == 0 ? c : NULL);
}

static void test_tsv_and_fasttext_errors(void)
{
	problems ps;
	ht_error err;
	int rc;
	static const char tsv[] = "benefits\tfine\n"       /* 1 */
				  "no tab on this line\n"  /* 2 */
				  "risks\t   \n"           /* 3 empty text */
				  "a,,b\ttext\n"           /* 4 empty label */
				  "types\tbad \xc0\xaf\n"  /* 5 overlong encoding */
				  "x\0y\ttext\n";          /* 6 NUL in a label */
	memset(&ps, 0, sizeof ps);
	ht_corpus_options co = HT_CORPUS_OPTIONS_INIT;
	co.format = HT_CORPUS_TSV;
	co.on_problem = collect;
	co.ctx = &ps;
	ht_corpus *c = (ht_corpus *)&c;
	rc = ht_corpus_read_buffer(&c, tsv, sizeof tsv - 1, "mem.tsv", &co, &err);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(c == NULL);
	CHECK_EQ_INT(count(&ps, "mem.tsv", 2, "tab"), 1);
	CHECK_EQ_INT(count(&ps, "mem.tsv", 3, "empty text"), 1);
	CHECK_EQ_INT(count(&ps, "mem.tsv", 4, "empty label"), 1);
	CHECK_EQ_INT(count(&ps, "mem.tsv", 5, "UTF-8"), 1);
	CHECK_EQ_INT(count(&ps, "mem.tsv", 6, "NUL"), 1);
	CHECK_EQ_INT(ps.n, 5);
	if (ps.n != 5)
		dump(&ps);
	CHECK(strstr(err.message, "5 problems") && strstr(err.message, "mem.tsv:2: "));

	static const char ft[] = "__label__a fine\n"            /* 1 */
				 "__label__ empty label\n"      /* 2 */
				 "__label__b\n"                 /* 3 no text */
				 "__label__c \xed\xa0\x80 text\n" /* 4 lone surrogate */
				 "plain text, no labels\n";     /* 5 fine */
	read_buffer(&ps, ft, HT_CORPUS_FASTTEXT, &rc, &err);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK_EQ_INT(count(&ps, "mem.txt", 2, "empty __label__"), 1);
	CHECK_EQ_INT(count(&ps, "mem.txt", 3, "no text"), 1);
	CHECK_EQ_INT(count(&ps, "mem.txt", 4, "UTF-8"), 1);
	CHECK_EQ_INT(ps.n, 3);

	/* an article that is nothing but a broken header, and an empty file */
	read_buffer(&ps, "title only\n", HT_CORPUS_ARTICLE, &rc, &err);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(ps.n >= 6); /* the line, five missing keys, no units */
	CHECK_EQ_INT(count(&ps, "mem.txt", 1, "no units"), 1);
	read_buffer(&ps, "", HT_CORPUS_ARTICLE, &rc, &err);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(ps.n >= 1);
	/* a clean corpus reads with no problem reported */
	read_buffer(&ps, article_b, HT_CORPUS_ARTICLE, &rc, &err);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ps.n, 0);
}

static int file_contains(const char *path, const char *what)
{
	size_t n;
	unsigned char *s = robust_read_file(path, &n);
	int found = 0;
	if (s) {
		for (size_t i = 0; !found && i + strlen(what) <= n; i++)
			found = memcmp(s + i, what, strlen(what)) == 0;
		free(s);
	}
	return found;
}

static int entries(const char *dir)
{
	char cmd[4300];
	snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
	return system(cmd) == 0 ? 1 : 0;
}

static void test_cli_train_writes_nothing(void)
{
	char *dir = make_corpus_dir(), corpus[4200], out_dir[4200], out[4300], errf[4200];
	snprintf(corpus, sizeof corpus, "%s/corpus", dir);
	snprintf(out_dir, sizeof out_dir, "%s/out", dir);
	mkdir(out_dir, 0755);
	snprintf(out, sizeof out, "%s/model.htm", out_dir);
	snprintf(errf, sizeof errf, "%s/stderr.txt", dir);
	char *argv[] = {HT_CLI, "train", "--corpus", corpus, "--out", out, "--split", "all", NULL};

	/* no model before: none after */
	CHECK_EQ_INT(robust_run(argv, errf), 2);
	CHECK(!robust_exists(out));
	CHECK(file_contains(errf, "a.txt:9: unknown label 'unknown'"));
	CHECK(file_contains(errf, "a.txt:12: invalid UTF-8"));
	CHECK(file_contains(errf, "b.txt:1: duplicate article id"));
	CHECK(file_contains(errf, "11 problems"));

	/* a model before: byte-identical after, and nothing else in its directory */
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *m = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	ht_error err;
	CHECK_EQ_INT(ht_model_save(m, out, &err), 0);
	ht_model_free(m);
	size_t before_len, after_len;
	unsigned char *before = robust_read_file(out, &before_len);
	CHECK_EQ_INT(robust_run(argv, errf), 2);
	unsigned char *after = robust_read_file(out, &after_len);
	CHECK(before && after && before_len == after_len && memcmp(before, after, before_len) == 0);
	CHECK(entries(out_dir));
	free(before);
	free(after);

	/* a TSV corpus with errors, through the same command */
	char tsv[4200];
	snprintf(tsv, sizeof tsv, "%s/bad.tsv", dir);
	robust_write_file(tsv, "a\tfine\nno tab\nb\t\n", 17);
	char *argv2[] = {HT_CLI, "train", "--corpus", tsv, "--format", "tsv", "--out", out, NULL};
	before = robust_read_file(out, &before_len);
	CHECK_EQ_INT(robust_run(argv2, errf), 2);
	after = robust_read_file(out, &after_len);
	CHECK(before && after && before_len == after_len && memcmp(before, after, before_len) == 0);
	CHECK(file_contains(errf, "bad.tsv:2: "));
	CHECK(file_contains(errf, "bad.tsv:3: "));
	CHECK(entries(out_dir));
	free(before);
	free(after);
	unlink(out);
	CHECK_EQ_INT(robust_run(argv2, errf), 2);
	CHECK(!robust_exists(out));
	robust_rmdir(dir);
}

RUN_TESTS("robust_corpus_errors", T(test_article_errors_all_reported), T(test_tsv_and_fasttext_errors),
	  T(test_cli_train_writes_nothing))
