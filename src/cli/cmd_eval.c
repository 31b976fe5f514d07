/* SPDX-License-Identifier: MIT */
/* cmd_eval.c: healthtopics eval: a model's scores on a labeled corpus. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option eval_options[] = {{"model", 'm', 1}, {"corpus", 'c', 1}, {"format", 'f', 1},
					 {"split", 's', 1}, {"json", 0, 0}, {"help", 'h', 0}, {NULL, 0, 0}};
static const char *const eval_help =
	"usage: healthtopics eval [--model MODEL] --corpus PATH [--format article|tsv|fasttext]\n"
	"                         [--split heldout|train|all] [--json]\n\n"
	"Per-label precision, recall, F1 and support; micro and macro averages; accuracy (multi-class) or\n"
	"exact-match ratio and Hamming loss (multi-label); confusion matrix. Article corpora default to the\n"
	"held-out split.\n\n" CLI_MODEL_HELP "\nexample:\n"
	"  healthtopics eval --model models/healthtopics-default.htm --corpus corpus/articles\n";

int cli_cmd_eval(int argc, char **argv)
{
	cli_args a;
	ht_corpus_options co;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, eval_options, "eval", eval_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if ((rc = cli_corpus_options_from_args(&co, &a, "eval")) != 0)
		return rc;
	const char *mp = cli_opt(&a, "model"), *cp = cli_opt(&a, "corpus");
	if (!cp || a.npos)
		return cli_usage_error("eval", "--corpus is required");
	if (!cli_opt(&a, "split"))
		co.split = HT_SPLIT_HELDOUT;
	ht_model *m;
	ht_corpus *c;
	if ((rc = cli_load_model_and_corpus(&m, &c, mp, cp, &co)) != 0)
		return rc;
	ht_eval *e;
	ht_error err;
	if ((rc = ht_evaluate(&e, m, c, &err)) < 0) {
		rc = cli_fail("eval", rc, &err);
	} else {
		cli_print_eval(stdout, e, cli_has(&a, "json"));
		ht_eval_free(e);
		rc = CLI_EXIT_OK;
	}
	ht_corpus_free(c);
	ht_model_free(m);
	return rc;
}
