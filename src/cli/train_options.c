/* SPDX-License-Identifier: MIT */
/* train_options.c: the options of train and cv, and the corpus options of every command that reads one. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_option cli_train_options[] = {
	{"corpus", 'c', 1}, {"out", 'o', 1}, {"format", 'f', 1}, {"split", 's', 1}, {"solver", 0, 1}, {"C", 0, 1},
	{"tune", 0, 0}, {"multiclass", 0, 0}, {"multilabel", 0, 0}, {"class-weight", 0, 1}, {"ngrams", 0, 1},
	{"min-df", 0, 1}, {"max-df", 0, 1}, {"max-features", 0, 1}, {"stop-words", 0, 0}, {"no-sublinear", 0, 0},
	{"no-heading-context", 0, 0}, {"list-context", 0, 0}, {"gamma", 0, 1}, {"degree", 0, 1}, {"coef0", 0, 1},
	{"folds", 0, 1}, {"calibration-folds", 0, 1}, {"threads", 0, 1}, {"no-fork", 0, 0}, {"strict", 0, 0},
	{"none-gate", 0, 0}, {"help", 'h', 0},
	{NULL, 0, 0}};

int cli_parse_folds(const char *v, const char *name, const char *cmd, int *out)
{
	double x;
	if (cli_parse_number(v, 0, 100, &x) < 0 || x == 1 || x != (int)x)
		return cli_usage_error(cmd, "--%s must be 0 or 2..100", name);
	*out = (int)x;
	return 0;
}

int cli_train_options_from_args(ht_train_options *o, const cli_args *a, const char *cmd)
{
	*o = (ht_train_options)HT_TRAIN_OPTIONS_INIT;
	const char *v;
	double x;
	if ((v = cli_opt(a, "solver"))) {
		static const char *const names[] = {"linear", "rbf", "poly"};
		static const int values[] = {HT_SOLVER_LINEAR, HT_SOLVER_RBF, HT_SOLVER_POLY};
		int k = cli_choose(v, names, 3);
		if (k < 0)
			return cli_usage_error(cmd, "--solver must be linear, rbf or poly");
		o->solver = values[k];
	}
	if ((v = cli_opt(a, "C"))) {
		if (cli_parse_number(v, 1e-6, 1e6, &x) < 0)
			return cli_usage_error(cmd, "--C must be a number in [1e-6, 1e6]");
		o->C = x;
	}
	o->tune = cli_has(a, "tune");
	if (cli_has(a, "multiclass") && cli_has(a, "multilabel"))
		return cli_usage_error(cmd, "--multiclass and --multilabel exclude each other");
	o->mode = cli_has(a, "multiclass") ? HT_MODE_MULTICLASS : cli_has(a, "multilabel") ? HT_MODE_MULTILABEL : HT_MODE_AUTO;
	if ((v = cli_opt(a, "class-weight"))) {
		static const char *const names[] = {"auto", "balanced", "none"};
		static const int values[] = {HT_WEIGHT_AUTO, HT_WEIGHT_BALANCED, HT_WEIGHT_NONE};
		int k = cli_choose(v, names, 3);
		if (k < 0)
			return cli_usage_error(cmd, "--class-weight must be auto, balanced or none");
		o->class_weight = values[k];
	}
	if ((v = cli_opt(a, "ngrams"))) {
		int lo, hi;
		char tail;
		if (sscanf(v, "%d-%d%c", &lo, &hi, &tail) != 2 || lo < 1 || hi < lo || hi > 8)
			return cli_usage_error(cmd, "--ngrams must look like 1-2 (1 <= A <= B <= 8)");
		o->ngram_min = lo;
		o->ngram_max = hi;
	}
	if ((v = cli_opt(a, "min-df"))) {
		if (cli_parse_number(v, 1, 1e9, &x) < 0)
			return cli_usage_error(cmd, "--min-df must be a whole number >= 1");
		o->min_df = (size_t)x;
	}
	if ((v = cli_opt(a, "max-df"))) {
		if (cli_parse_number(v, 1e-9, 1, &x) < 0)
			return cli_usage_error(cmd, "--max-df must be in (0, 1]");
		o->max_df = x;
	}
	if ((v = cli_opt(a, "max-features"))) {
		if (cli_parse_number(v, 0, 1e9, &x) < 0)
			return cli_usage_error(cmd, "--max-features must be a whole number");
		o->max_features = (size_t)x;
	}
	o->stop_words = cli_has(a, "stop-words");
	o->sublinear_tf = !cli_has(a, "no-sublinear");
	if (cli_has(a, "no-heading-context") && cli_has(a, "list-context"))
		return cli_usage_error(cmd, "--list-context adds to the heading context: it does not combine with "
					    "--no-heading-context");
	o->heading_context = cli_has(a, "no-heading-context") ? 0 : cli_has(a, "list-context") ? 3 : 1;
	if ((v = cli_opt(a, "gamma"))) {
		if (cli_parse_number(v, 1e-9, 1e6, &x) < 0)
			return cli_usage_error(cmd, "--gamma must be a positive number");
		o->gamma = x;
	}
	if ((v = cli_opt(a, "degree"))) {
		if (cli_parse_number(v, 1, 10, &x) < 0)
			return cli_usage_error(cmd, "--degree must be 1..10");
		o->degree = (int)x;
	}
	if ((v = cli_opt(a, "coef0"))) {
		if (cli_parse_number(v, -1e6, 1e6, &x) < 0)
			return cli_usage_error(cmd, "--coef0 must be a number");
		o->coef0 = x;
	}
	if ((v = cli_opt(a, "threads"))) {
		if (cli_parse_number(v, 0, 1e6, &x) < 0 || x != (int)x)
			return cli_usage_error(cmd, "--threads must be a whole number (0: one per CPU)");
		o->threads = (int)x;
	}
	o->fork_workers = !cli_has(a, "no-fork");
	o->none_gate = cli_has(a, "none-gate");
	if (o->none_gate && o->solver != HT_SOLVER_LINEAR)
		return cli_usage_error(cmd, "--none-gate needs --solver linear");
	if (o->none_gate && cli_has(a, "multiclass"))
		return cli_usage_error(cmd, "--none-gate needs a multi-label model: it does not combine with --multiclass");
	/* options that would change nothing are mistakes worth reporting */
	if (o->solver == HT_SOLVER_LINEAR && (cli_has(a, "gamma") || cli_has(a, "coef0") || cli_has(a, "degree")))
		return cli_usage_error(cmd, "--gamma, --degree and --coef0 apply to --solver rbf or poly only");
	if (o->solver == HT_SOLVER_RBF && (cli_has(a, "degree") || cli_has(a, "coef0")))
		return cli_usage_error(cmd, "--degree and --coef0 apply to --solver poly only");
	if (o->tune && cli_has(a, "C"))
		return cli_usage_error(cmd, "--C has no effect with --tune, which chooses C itself");
	o->progress = cli_progress;
	o->warning = cli_warning;
	o->strict = cli_has(a, "strict");
	return 0;
}

void cli_note_threads(const ht_train_options *o, size_t labels, const char *cmd)
{
	if (o->threads <= 0)
		return;
	size_t use = (size_t)o->threads;
	const char *why = NULL;
	if (o->solver == HT_SOLVER_LINEAR) {
		/* one worker process per LIBLINEAR fit at most: a batch has every label of each fold (and, without
		 * --tune, of the final training) */
		size_t fits = labels * (o->folds >= 2 ? (size_t)o->folds + !o->tune : 1);
		if (!o->fork_workers) {
			use = 1;
			why = "--no-fork: LIBLINEAR trains one label at a time";
		} else if (use > fits) {
			use = fits ? fits : 1;
			why = "one worker process per label fit";
		}
	} else if (use > labels) {
		use = labels ? labels : 1;
		why = "one thread per label";
	}
	if (use > 8) {
		use = 8;
		why = "at most 8";
	}
	if (use < (size_t)o->threads)
		fprintf(stderr, "healthtopics %s: --threads %d: using %zu (%s)\n", cmd, o->threads, use, why);
}

int cli_corpus_options_from_args(ht_corpus_options *o, const cli_args *a, const char *cmd)
{
	*o = (ht_corpus_options)HT_CORPUS_OPTIONS_INIT;
	o->on_problem = cli_print_problem;
	const char *v;
	if ((v = cli_opt(a, "format"))) {
		static const char *const names[] = {"article", "tsv", "fasttext"};
		static const int values[] = {HT_CORPUS_ARTICLE, HT_CORPUS_TSV, HT_CORPUS_FASTTEXT};
		int k = cli_choose(v, names, 3);
		if (k < 0)
			return cli_usage_error(cmd, "--format must be article, tsv or fasttext");
		o->format = values[k];
	}
	if ((v = cli_opt(a, "split"))) {
		static const char *const names[] = {"all", "train", "heldout"};
		static const int values[] = {HT_SPLIT_ALL, HT_SPLIT_TRAIN, HT_SPLIT_HELDOUT};
		int k = cli_choose(v, names, 3);
		if (k < 0)
			return cli_usage_error(cmd, "--split must be train, heldout or all");
		o->split = values[k];
	}
	return 0;
}
