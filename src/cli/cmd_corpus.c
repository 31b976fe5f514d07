/* SPDX-License-Identifier: MIT */
/* cmd_corpus.c: healthtopics corpus lint | stats | export. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_option corpus_options[] = {{"format", 'f', 1}, {"split", 's', 1}, {"article-ids", 0, 0},
					     {"markdown", 0, 0}, {"help", 'h', 0}, {NULL, 0, 0}};

static const char *const corpus_help =
	"usage: healthtopics corpus lint PATH\n"
	"       healthtopics corpus stats PATH [--markdown]\n"
	"       healthtopics corpus export PATH --format tsv|fasttext [--split train|heldout|all] [--article-ids]\n"
	"\n"
	"  lint    check format, labels, metadata, styles, file names and near-duplicates (units sharing a run\n"
	"          of 12 or more words); every problem as file:line: message; exit 2 if any\n"
	"  stats   articles, units per label, treatments, conditions, styles, splits\n"
	"  export  one unit per line: labels<TAB>text (labels comma-separated, empty for none) or fastText\n"
	"          __label__ lines; --article-ids adds a leading article_id<TAB> column\n"
	"\n"
	"example:\n"
	"  healthtopics corpus export corpus/articles --format tsv --split heldout > heldout.tsv\n";

static size_t distinct(const ht_corpus *c, const char *key, const char **names, size_t *counts, size_t max)
{
	size_t n = 0;
	for (size_t a = 0; a < ht_corpus_article_count(c); a++) {
		const char *v = ht_corpus_article_meta(c, a, key);
		if (!v)
			continue;
		size_t k = 0;
		while (k < n && strcmp(names[k], v) != 0)
			k++;
		if (k == n && n < max)
			names[n++] = v;
		if (k < n)
			counts[k]++;
	}
	return n;
}

static void print_stats(const ht_corpus *c, const ht_corpus *train, int md)
{
	size_t L = ht_corpus_label_count(c), n = ht_corpus_item_count(c), none = 0, multi = 0, kinds[3] = {0};
	size_t *per = calloc(L ? L : 1, sizeof *per);
	for (size_t i = 0; i < n; i++) {
		const ht_item *it = ht_corpus_item(c, i);
		for (size_t l = 0; l < it->label_count; l++)
			per[it->labels[l]]++;
		none += it->label_count == 0;
		multi += it->label_count > 1;
		kinds[it->kind]++;
	}
	static const char *names[4096];
	static size_t counts[4096];
	size_t na = ht_corpus_article_count(c);
	const char *fmt = md ? "| %s | %zu |\n" : "%-28s %zu\n";
	if (md)
		printf("| measure | count |\n|---|---|\n");
	printf(fmt, "articles", na);
	printf(fmt, "units", n);
	for (size_t l = 0; l < L; l++) {
		char k[64];
		snprintf(k, sizeof k, "units labeled %s", ht_corpus_label_name(c, l));
		printf(fmt, k, per[l]);
	}
	double pct = n ? 100.0 * (double)none / (double)n : 0;
	if (md)
		printf("| units with no label (none) | %zu (%.1f%%) |\n", none, pct);
	else
		printf("%-28s %zu (%.1f%%)\n", "units with no label (none)", none, pct);
	printf(fmt, "units with several labels", multi);
	printf(fmt, "headings", kinds[HT_UNIT_HEADING]);
	printf(fmt, "bullet items", kinds[HT_UNIT_BULLET]);
	printf(fmt, "paragraphs", kinds[HT_UNIT_PARAGRAPH]);
	memset(counts, 0, sizeof counts);
	printf(fmt, "treatments", distinct(c, "treatment", names, counts, 4096));
	memset(counts, 0, sizeof counts);
	printf(fmt, "conditions", distinct(c, "condition", names, counts, 4096));
	memset(counts, 0, sizeof counts);
	size_t ns = distinct(c, "style", names, counts, 4096);
	printf(fmt, "styles", ns);
	for (size_t s = 0; s < ns; s++) {
		char k[80];
		snprintf(k, sizeof k, "  articles in style %s", names[s]);
		printf(fmt, k, counts[s]);
	}
	if (train) {
		size_t ta = 0;
		for (size_t a = 0; a < na; a++) {
			const char *id = ht_corpus_article_meta(c, a, "id");
			ta += id && !ht_corpus_id_is_heldout(id, strlen(id));
		}
		printf(fmt, "training articles", ta);
		printf(fmt, "training units", ht_corpus_item_count(train));
		printf(fmt, "held-out articles", na - ta);
		printf(fmt, "held-out units", n - ht_corpus_item_count(train));
	}
	free(per);
}

static void tidy(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
}

int cli_cmd_corpus(int argc, char **argv)
{
	if (argc < 3 || !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) {
		fputs(corpus_help, argc < 3 ? stderr : stdout);
		return argc < 3 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	const char *sub = argv[2];
	cli_args a;
	ht_corpus_options co;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 3, corpus_options, "corpus", corpus_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (strcmp(sub, "lint") && strcmp(sub, "stats") && strcmp(sub, "export"))
		return cli_usage_error("corpus", "unknown subcommand '%s' (lint, stats, export)", sub);
	if ((rc = cli_corpus_options_from_args(&co, &a, "corpus")) != 0)
		return rc;
	if (cli_has(&a, "markdown") && strcmp(sub, "stats"))
		return cli_usage_error("corpus", "--markdown applies to corpus stats only");
	if ((cli_has(&a, "article-ids") || cli_has(&a, "split")) && strcmp(sub, "export"))
		return cli_usage_error("corpus", "--article-ids and --split apply to corpus export only");
	if (!strcmp(sub, "export"))
		co.format = HT_CORPUS_AUTO; /* for export, --format names the output; the input is detected */
	if (a.npos != 1)
		return cli_usage_error("corpus", "%s needs exactly one PATH", sub);
	const char *path = a.pos[0];
	ht_corpus *c;
	ht_error err;
	rc = ht_corpus_read(&c, path, &co, &err);
	if (rc < 0)
		return cli_fail(path, rc, &err);
	if (!strcmp(sub, "lint")) {
		rc = ht_corpus_lint(c, cli_print_problem, NULL, &err);
		if (rc < 0)
			rc = cli_fail("lint", rc, &err);
		else if (rc > 0) {
			fprintf(stderr, "%d problem%s\n", rc, rc == 1 ? "" : "s");
			rc = CLI_EXIT_DATA;
		} else {
			printf("ok: %zu articles, %zu units\n", ht_corpus_article_count(c), ht_corpus_item_count(c));
		}
	} else if (!strcmp(sub, "stats")) {
		ht_corpus *train = NULL;
		if (ht_corpus_article_count(c)) {
			co.split = HT_SPLIT_TRAIN;
			if (ht_corpus_read(&train, path, &co, &err) < 0)
				train = NULL;
		}
		print_stats(c, train, cli_has(&a, "markdown"));
		ht_corpus_free(train);
		rc = CLI_EXIT_OK;
	} else {
		const char *fmt = cli_opt(&a, "format");
		int ft = fmt && !strcmp(fmt, "fasttext");
		if (!fmt || (!ft && strcmp(fmt, "tsv"))) {
			ht_corpus_free(c);
			return cli_usage_error("corpus", "export needs --format tsv or --format fasttext");
		}
		int ids = cli_has(&a, "article-ids");
		for (size_t i = 0; i < ht_corpus_item_count(c); i++) {
			const ht_item *it = ht_corpus_item(c, i);
			if (ids) {
				const char *id = ht_corpus_article_meta(c, it->article, "id");
				if (id)
					fputs(id, stdout);
				else
					printf("line-%zu", it->line);
				fputc('\t', stdout);
			}
			for (size_t l = 0; l < it->label_count; l++) {
				const char *name = ht_corpus_label_name(c, it->labels[l]);
				if (ft)
					printf("__label__%s ", name);
				else
					printf("%s%s", l ? "," : "", name);
			}
			if (!ft)
				fputc('\t', stdout);
			tidy(stdout, it->text, it->len);
			fputc('\n', stdout);
		}
		rc = fflush(stdout) ? CLI_EXIT_DATA : CLI_EXIT_OK;
	}
	ht_corpus_free(c);
	return rc;
}
