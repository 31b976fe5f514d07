/* SPDX-License-Identifier: MIT */
/* cmd_vectorize.c: healthtopics vectorize: a model's TF-IDF vectors of a corpus in LIBSVM format. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option vectorize_options[] = {{"model", 'm', 1}, {"corpus", 'c', 1}, {"format", 'f', 1},
						{"split", 's', 1}, {"out", 'o', 1}, {"help", 'h', 0}, {NULL, 0, 0}};
static const char *const vectorize_help =
	"usage: healthtopics vectorize [--model MODEL] --corpus PATH [--format F] [--split S] [--out FILE]\n\n"
	"Write the TF-IDF vectors the model makes of a corpus, in LIBSVM format, so liblinear-train and\n"
	"svm-train can learn from exactly the same features. Multi-class corpora get the label's index + 1;\n"
	"multi-label ones a comma-separated list (empty for none). Feature indices are 1-based.\n\n"
	CLI_MODEL_HELP "\n"
	"example:\n  healthtopics vectorize --model medquad.htm --corpus medquad-train.tsv --out train.svm\n";

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
	if (!cp || a.npos)
		return cli_usage_error("vectorize", "--corpus is required");
	ht_model *m;
	ht_corpus *c;
	if ((rc = cli_load_model_and_corpus(&m, &c, mp, cp, &co)) != 0)
		return rc;
	FILE *f = op ? fopen(op, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "healthtopics: cannot write %s: %s\n", op, strerror(errno));
		ht_corpus_free(c);
		ht_model_free(m);
		return CLI_EXIT_DATA;
	}
	size_t cap = 1 << 12;
	uint32_t *idx = malloc(cap * sizeof *idx);
	double *val = malloc(cap * sizeof *val);
	ht_error err;
	rc = idx && val ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
	int multilabel = ht_model_is_multilabel(m);
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
		for (size_t l = 0; l < it->label_count; l++) {
			int ml = ht_model_label_index(m, ht_corpus_label_name(c, it->labels[l]));
			fprintf(f, "%s%d", l ? "," : "", ml < 0 ? -1 : ml + (multilabel ? 0 : 1));
		}
		for (int k = 0; k < n; k++)
			fprintf(f, " %u:%.9g", idx[k] + 1, val[k]);
		fputc('\n', f);
	}
	if ((op ? fclose(f) : fflush(f)) != 0 && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_DATA;
	free(idx);
	free(val);
	ht_corpus_free(c);
	ht_model_free(m);
	return rc;
}
