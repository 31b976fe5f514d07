/* SPDX-License-Identifier: MIT */
/* cmd_train.c: healthtopics train: a corpus in, a model file out. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const train_help =
	"usage: healthtopics train --corpus PATH --out MODEL [options]\n"
	"\n"
	"Train a topic model. Multi-class when every text has exactly one label, multi-label otherwise.\n"
	"\n"
	"  --corpus PATH          corpus file, or a directory of articles\n"
	"  --out MODEL            model file to write (atomically)\n"
	"  --format F             article | tsv | fasttext (default: detected)\n"
	"  --split S              article corpora: train (default) | heldout | all\n"
	"  --solver S             linear (LIBLINEAR, default) | rbf | poly (libsvm)\n"
	"  --C X                  regularisation (default 1)\n"
	"  --tune                 choose C in {0.125..8} by grouped k-fold cross-validation\n"
	"  --multiclass | --multilabel   override the detected mode\n"
	"  --class-weight W       auto (default: balanced when labels are imbalanced) | balanced | none\n"
	"  --ngrams A-B           word n-gram range (default 1-2)\n"
	"  --min-df N             keep n-grams seen in at least N texts (default 2)\n"
	"  --max-df F             drop n-grams in more than this fraction of texts (default 1.0)\n"
	"  --max-features N       keep the N most frequent n-grams (default: all)\n"
	"  --stop-words           drop English stop words\n"
	"  --no-sublinear         raw term frequency instead of 1 + ln(tf)\n"
	"  --no-heading-context   do not add the heading's words as features\n"
	"  --list-context         a bullet item's context also has its list's lead-in paragraph\n"
	"  --gamma X --degree N --coef0 X   kernel parameters (rbf/poly)\n"
	"  --folds K              folds for calibration and thresholds (default 5; 0 disables)\n"
	"  --calibration-folds K  the same as --folds (in `cv`, --folds is the outer split and this the inner)\n"
	"  --threads N            workers (default: CPUs); any positive number, capped to what helps: kernel\n"
	"                         solvers train one label per thread, linear runs LIBLINEAR's fits in worker\n"
	"                         processes (at most 8); the model is the same for any N\n"
	"  --no-fork              linear: every fit in this process, one at a time (same model, slower)\n"
	"  --none-gate            also train a model of texts with no label; a text keeps no label when its\n"
	"                         none-probability is >= 0.5 and above each label it would get (multi-label,\n"
	"                         linear; the model needs format version 2)\n"
	"  --strict               degenerate data (a label with fewer than 5 examples, a calibration that does\n"
	"                         not rise with the margin) is an error (exit 2), not a warning\n"
	"\n"
	"example:\n"
	"  healthtopics train --corpus corpus/articles --out models/healthtopics-default.htm\n";

int cli_cmd_train(int argc, char **argv)
{
	cli_args a;
	ht_train_options o;
	ht_corpus_options co;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, cli_train_options, "train", train_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if ((rc = cli_train_options_from_args(&o, &a, "train")) != 0 ||
	    (rc = cli_corpus_options_from_args(&co, &a, "train")) != 0)
		return rc;
	const char *v;
	if (cli_has(&a, "folds") && cli_has(&a, "calibration-folds"))
		return cli_usage_error("train", "--calibration-folds is another name for --folds: give one of them");
	if ((v = cli_opt(&a, "folds")) && (rc = cli_parse_folds(v, "folds", "train", &o.folds)) != 0)
		return rc;
	if ((v = cli_opt(&a, "calibration-folds")) &&
	    (rc = cli_parse_folds(v, "calibration-folds", "train", &o.folds)) != 0)
		return rc;
	if (o.tune && o.folds < 2)
		return cli_usage_error("train", "--tune needs cross-validation (--folds 2 or more)");
	const char *path = cli_opt(&a, "corpus"), *out = cli_opt(&a, "out");
	if (!path || !out || a.npos)
		return cli_usage_error("train", "--corpus and --out are required (see --help)");
	const char *inputs[] = {path};
	if ((rc = cli_check_output("train", out, inputs, 1)) != 0)
		return rc;
	if (!cli_opt(&a, "split"))
		co.split = HT_SPLIT_TRAIN; /* held-out articles are never trained on unless asked */
	ht_corpus *c;
	rc = cli_load_corpus(&c, path, &co);
	if (rc)
		return rc;
	if (cli_has(&a, "threads"))
		cli_note_threads(&o, ht_corpus_label_count(c), "train");
	ht_model *m;
	ht_error err;
	if ((rc = ht_train(&m, c, &o, &err)) < 0) {
		ht_corpus_free(c);
		return cli_fail("train", rc, &err);
	}
	ht_corpus_free(c);
	rc = ht_model_save(m, out, &err);
	if (rc < 0) {
		ht_model_free(m);
		return cli_fail(out, rc, &err);
	}
	fprintf(stderr, "wrote %s: %zu labels, %zu features, %s\n", out, ht_model_label_count(m),
		ht_model_feature_count(m), ht_model_is_multilabel(m) ? "multi-label" : "multi-class");
	ht_model_free(m);
	return CLI_EXIT_OK;
}
