/* SPDX-License-Identifier: MIT */
/* cmd_vectorize.c: healthtopics vectorize: a model's TF-IDF vectors of a corpus in LIBSVM format. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option vectorize_options[] = {{"model", 'm', 1}, {"corpus", 'c', 1}, {"format", 'f', 1},
						{"split", 's', 1}, {"out", 'o', 1}, {"label", 'l', 1},
						{"help", 'h', 0}, {NULL, 0, 0}};
static const char *const vectorize_help =
	"usage: healthtopics vectorize [--model MODEL] --corpus PATH [--format F] [--split S] [--out FILE]\n"
	"                              [--label L]\n\n"
	"Write the TF-IDF vectors the model makes of a corpus, in LIBSVM format, so liblinear-train and\n"
	"svm-train can learn from exactly the same features (feature indices are 1-based). The files are what\n"
	"those tools read: one label per line.\n"
	"  multi-class model   the label's index + 1 (0 for a text without a label), one file\n"
	"  multi-label model   one binary problem per label (+1: the text has it, -1: it does not), as the\n"
	"                      model's one-vs-rest training sees them: with --out FILE, one file per label,\n"
	"                      FILE with .LABEL before its extension (train.svm: train.benefits.svm ...);\n"
	"                      without --out, --label is required\n"
	"  --label L           only label L's binary problem, into FILE or stdout (either kind of model)\n\n"
	CLI_MODEL_HELP "\n"
	"example:\n  healthtopics vectorize --model medquad.htm --corpus medquad-train.tsv --out train.svm\n"
	"  healthtopics vectorize --corpus dev.tsv --out dev.svm    # multi-label: dev.benefits.svm, dev.types.svm ...\n";

/* FILE with ".label" inserted before the extension of its last path component (or appended when none). */
static char *per_label_path(const char *out, const char *label)
{
	const char *base = strrchr(out, '/'), *dot = strrchr(base ? base + 1 : out, '.');
	size_t stem = dot && dot != (base ? base + 1 : out) ? (size_t)(dot - out) : strlen(out);
	size_t n = strlen(out) + strlen(label) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s.%s%s", (int)stem, out, label, out + stem);
	return p;
}

static int item_has(const ht_model *m, const ht_corpus *c, const ht_item *it, int label)
{
	for (size_t l = 0; l < it->label_count; l++)
		if (ht_model_label_index(m, ht_corpus_label_name(c, it->labels[l])) == label)
			return 1;
	return 0;
}

int cli_cmd_vectorize(int argc, char **argv)
{
	cli_args a;
	ht_corpus_options co;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, vectorize_options, "vectorize", vectorize_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if ((rc = cli_corpus_options_from_args(&co, &a, "vectorize")) != 0)
		return rc;
	const char *mp = cli_opt(&a, "model"), *cp = cli_opt(&a, "corpus"), *op = cli_opt(&a, "out");
	const char *lab = cli_opt(&a, "label");
	if (!cp || a.npos)
		return cli_usage_error("vectorize", "--corpus is required");
	ht_model *m;
	ht_corpus *c;
	if ((rc = cli_load_model_and_corpus(&m, &c, mp, cp, &co)) != 0)
		return rc;
	int multilabel = ht_model_is_multilabel(m), target = lab ? ht_model_label_index(m, lab) : -1;
	size_t L = ht_model_label_count(m), nf = multilabel && !lab ? L : 1;
	if (lab && target < 0)
		rc = cli_usage_error("vectorize", "'%s' is not a label of the model", lab);
	else if (nf > 1 && !op)
		rc = cli_usage_error("vectorize", "a multi-label model gives one binary problem per label: give --out "
						  "FILE (one file per label) or --label L");
	FILE **f = rc ? NULL : calloc(nf, sizeof *f);
	char **names = rc ? NULL : calloc(nf, sizeof *names);
	cli_atomic *w = rc ? NULL : calloc(nf, sizeof *w);
	const char *inputs[] = {cp, mp};
	if (!rc && (!f || !names || !w))
		rc = CLI_EXIT_INTERNAL;
	for (size_t k = 0; !rc && k < nf; k++) {
		names[k] = !op ? NULL : nf > 1 ? per_label_path(op, ht_model_label_name(m, k)) : strdup(op);
		if (op && !names[k])
			rc = CLI_EXIT_INTERNAL;
		else if (op && (rc = cli_check_output("vectorize", names[k], inputs, mp ? 2 : 1)) != 0)
			break;
		else if (!(f[k] = op ? (cli_atomic_open(&w[k], names[k]) == 0 ? w[k].f : NULL) : stdout)) {
			fprintf(stderr, "healthtopics: cannot write %s: %s\n", names[k], strerror(errno));
			rc = CLI_EXIT_DATA;
		}
	}
	size_t cap = 1 << 12;
	uint32_t *idx = malloc(cap * sizeof *idx);
	double *val = malloc(cap * sizeof *val);
	ht_error err;
	if (!rc && (!idx || !val))
		rc = CLI_EXIT_INTERNAL;
	for (size_t i = 0; rc == CLI_EXIT_OK && i < ht_corpus_item_count(c); i++) {
		const ht_item *it = ht_corpus_item(c, i);
		int n = ht_model_vectorize(idx, val, cap, m, it->text, it->len, it->heading, it->heading_len, &err);
		if (n >= 0 && (size_t)n > cap) {
			cap = (size_t)n;
			uint32_t *ni = realloc(idx, cap * sizeof *idx);
			idx = ni ? ni : idx;
			double *nv = realloc(val, cap * sizeof *val);
			val = nv ? nv : val;
			if (!ni || !nv) {
				rc = CLI_EXIT_INTERNAL;
				break;
			}
			n = ht_model_vectorize(idx, val, cap, m, it->text, it->len, it->heading, it->heading_len, &err);
		}
		if (n < 0) {
			rc = cli_fail(it->file, n, &err);
			break;
		}
		for (size_t k = 0; k < nf; k++) {
			if (nf > 1 || target >= 0) {
				fputs(item_has(m, c, it, nf > 1 ? (int)k : target) ? "+1" : "-1", f[k]);
			} else { /* multi-class: the first label's index + 1, 0 for none, -1 for one the model lacks */
				int ml = it->label_count ? ht_model_label_index(m, ht_corpus_label_name(c, it->labels[0])) : -1;
				fprintf(f[k], "%d", !it->label_count ? 0 : ml < 0 ? -1 : ml + 1);
			}
			for (int q = 0; q < n; q++)
				fprintf(f[k], " %u:%.9g", idx[q] + 1, val[q]);
			fputc('\n', f[k]);
		}
		if (!op && cli_stdout_failed())
			rc = CLI_EXIT_DATA;
	}
	/* each file is renamed into place only when complete; a failed run leaves the old files (or none) */
	for (size_t k = 0; f && k < nf; k++) {
		if (!f[k] || f[k] == stdout)
			continue;
		if (cli_atomic_close(&w[k], rc == CLI_EXIT_OK) != 0 && rc == CLI_EXIT_OK) {
			fprintf(stderr, "healthtopics: cannot write %s: %s\n", names[k], strerror(errno));
			rc = CLI_EXIT_DATA;
		}
	}
	free(w);
	for (size_t k = 0; names && k < nf; k++)
		free(names[k]);
	free(names);
	free(f);
	free(idx);
	free(val);
	ht_corpus_free(c);
	ht_model_free(m);
	return rc;
}
