/* SPDX-License-Identifier: MIT */
/* cmd_cv.c: healthtopics cv: grouped k-fold cross-validation of training options. */
#include "cli.h"

static const char *const cv_help =
	"usage: healthtopics cv --corpus PATH [--folds K] [--json] [train options]\n\n"
	"Grouped k-fold cross-validation: the units of one article never span two folds. Takes every option\n"
	"of `healthtopics train` (see its --help); article corpora use the training split unless --split is\n"
	"given. --folds sets the outer folds (default 5); --calibration-folds the folds used for calibration\n"
	"and thresholds inside each (default: the training default).\n\n"
	"example:\n  healthtopics cv --corpus corpus/articles --folds 5\n";

int cli_cmd_cv(int argc, char **argv)
{
	static cli_option options[CLI_MAX_OPTIONS];
	size_t k = 0;
	for (; cli_train_options[k].name; k++)
		options[k] = cli_train_options[k];
	options[k++] = (cli_option){"json", 0, 0};
	options[k] = (cli_option){NULL, 0, 0};
	cli_args a;
	ht_train_options o;
	ht_corpus_options co;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, options, "cv", cv_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if ((rc = cli_train_options_from_args(&o, &a, "cv")) != 0 || (rc = cli_corpus_options_from_args(&co, &a, "cv")) != 0)
		return rc;
	const char *cp = cli_opt(&a, "corpus"), *v;
	if (!cp || a.npos)
		return cli_usage_error("cv", "--corpus is required");
	if (cli_has(&a, "out"))
		return cli_usage_error("cv", "--out: cross-validation writes no model");
	/* --folds is the outer split here; calibration inside each fold uses --calibration-folds (default 5) */
	int folds = 5;
	o.folds = ((ht_train_options)HT_TRAIN_OPTIONS_INIT).folds;
	if ((v = cli_opt(&a, "folds")) && (rc = cli_parse_folds(v, "folds", "cv", &folds)) != 0)
		return rc;
	if ((v = cli_opt(&a, "calibration-folds")) && (rc = cli_parse_folds(v, "calibration-folds", "cv", &o.folds)) != 0)
		return rc;
	if (folds < 2)
		return cli_usage_error("cv", "--folds must be 2..100 here");
	if (o.tune && o.folds < 2)
		return cli_usage_error("cv", "--tune needs cross-validation inside each fold (--calibration-folds 2 or more)");
	if (!cli_opt(&a, "split"))
		co.split = HT_SPLIT_TRAIN;
	ht_corpus *c;
	rc = cli_load_corpus(&c, cp, &co);
	if (rc)
		return rc;
	if (cli_has(&a, "threads"))
		cli_note_threads(&o, ht_corpus_label_count(c), "cv");
	ht_eval *e;
	ht_error err;
	if ((rc = ht_cross_validate(&e, c, &o, folds, &err)) < 0) {
		rc = cli_fail("cv", rc, &err);
	} else {
		cli_print_eval(stdout, e, cli_has(&a, "json"));
		ht_eval_free(e);
		rc = CLI_EXIT_OK;
	}
	ht_corpus_free(c);
	return rc;
}
