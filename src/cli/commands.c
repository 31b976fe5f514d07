/* commands.c: train, classify, eval, cv, info, explain, vectorize. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int wants_help(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

const opt_spec train_specs[] = {
	{"corpus", 1}, {"out", 1}, {"format", 1}, {"split", 1}, {"solver", 1}, {"C", 1}, {"tune", 0},
	{"multiclass", 0}, {"multilabel", 0}, {"class-weight", 1}, {"ngrams", 1}, {"min-df", 1}, {"max-df", 1},
	{"max-features", 1}, {"stop-words", 0}, {"no-sublinear", 0}, {"no-heading-context", 0}, {"gamma", 1},
	{"degree", 1}, {"coef0", 1}, {"folds", 1}, {"calibration-folds", 1}, {"threads", 1}, {"help", 0}, {NULL, 0}};

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
	"  --gamma X --degree N --coef0 X   kernel parameters (rbf/poly)\n"
	"  --folds K              folds for calibration and thresholds (default 5; 0 disables)\n"
	"  --calibration-folds K  the same as --folds (in `cv`, --folds is the outer split and this the inner)\n"
	"  --threads N            worker threads (default: CPUs)\n"
	"\n"
	"example:\n"
	"  healthtopics train --corpus corpus/articles --out models/healthtopics-default.htm\n";

int train_options_from_args(ht_train_options *o, const args *a, const char *cmd)
{
	*o = (ht_train_options)HT_TRAIN_OPTIONS_INIT;
	const opt_spec *s = train_specs;
	const char *v;
	double x;
	if ((v = opt(a, s, "solver"))) {
		if (!strcmp(v, "linear"))
			o->solver = HT_SOLVER_LINEAR;
		else if (!strcmp(v, "rbf"))
			o->solver = HT_SOLVER_RBF;
		else if (!strcmp(v, "poly"))
			o->solver = HT_SOLVER_POLY;
		else
			return usage_error(cmd, "--solver must be linear, rbf or poly");
	}
	if ((v = opt(a, s, "C"))) {
		if (parse_num(v, 1e-6, 1e6, &x) < 0)
			return usage_error(cmd, "--C must be a number in [1e-6, 1e6]");
		o->C = x;
	}
	o->tune = has(a, s, "tune");
	if (has(a, s, "multiclass") && has(a, s, "multilabel"))
		return usage_error(cmd, "--multiclass and --multilabel exclude each other");
	o->mode = has(a, s, "multiclass") ? HT_MODE_MULTICLASS : has(a, s, "multilabel") ? HT_MODE_MULTILABEL : HT_MODE_AUTO;
	if ((v = opt(a, s, "class-weight"))) {
		if (!strcmp(v, "auto"))
			o->class_weight = HT_WEIGHT_AUTO;
		else if (!strcmp(v, "balanced"))
			o->class_weight = HT_WEIGHT_BALANCED;
		else if (!strcmp(v, "none"))
			o->class_weight = HT_WEIGHT_NONE;
		else
			return usage_error(cmd, "--class-weight must be auto, balanced or none");
	}
	if ((v = opt(a, s, "ngrams"))) {
		int lo, hi;
		char tail;
		if (sscanf(v, "%d-%d%c", &lo, &hi, &tail) != 2 || lo < 1 || hi < lo || hi > 8)
			return usage_error(cmd, "--ngrams must look like 1-2 (1 <= A <= B <= 8)");
		o->ngram_min = lo;
		o->ngram_max = hi;
	}
	if ((v = opt(a, s, "min-df"))) {
		if (parse_num(v, 1, 1e9, &x) < 0)
			return usage_error(cmd, "--min-df must be a whole number >= 1");
		o->min_df = (size_t)x;
	}
	if ((v = opt(a, s, "max-df"))) {
		if (parse_num(v, 1e-9, 1, &x) < 0)
			return usage_error(cmd, "--max-df must be in (0, 1]");
		o->max_df = x;
	}
	if ((v = opt(a, s, "max-features"))) {
		if (parse_num(v, 0, 1e9, &x) < 0)
			return usage_error(cmd, "--max-features must be a whole number");
		o->max_features = (size_t)x;
	}
	o->stop_words = has(a, s, "stop-words");
	o->sublinear_tf = !has(a, s, "no-sublinear");
	o->heading_context = !has(a, s, "no-heading-context");
	if ((v = opt(a, s, "gamma"))) {
		if (parse_num(v, 1e-9, 1e6, &x) < 0)
			return usage_error(cmd, "--gamma must be a positive number");
		o->gamma = x;
	}
	if ((v = opt(a, s, "degree"))) {
		if (parse_num(v, 1, 10, &x) < 0)
			return usage_error(cmd, "--degree must be 1..10");
		o->degree = (int)x;
	}
	if ((v = opt(a, s, "coef0"))) {
		if (parse_num(v, -1e6, 1e6, &x) < 0)
			return usage_error(cmd, "--coef0 must be a number");
		o->coef0 = x;
	}
	if ((v = opt(a, s, "folds"))) {
		if (parse_num(v, 0, 100, &x) < 0 || x == 1)
			return usage_error(cmd, "--folds must be 0 or 2..100");
		o->folds = (int)x;
	}
	if ((v = opt(a, s, "calibration-folds"))) {
		if (parse_num(v, 0, 100, &x) < 0 || x == 1)
			return usage_error(cmd, "--calibration-folds must be 0 or 2..100");
		o->folds = (int)x;
	}
	if ((v = opt(a, s, "threads"))) {
		if (parse_num(v, 0, 8, &x) < 0)
			return usage_error(cmd, "--threads must be 0..8");
		o->threads = (int)x;
	}
	o->progress = progress;
	return 0;
}

int corpus_options_from_args(ht_corpus_options *o, const args *a, const opt_spec *specs, const char *cmd)
{
	*o = (ht_corpus_options)HT_CORPUS_OPTIONS_INIT;
	o->on_problem = print_problem;
	const char *v;
	if ((v = opt(a, specs, "format"))) {
		if (!strcmp(v, "article"))
			o->format = HT_CORPUS_ARTICLE;
		else if (!strcmp(v, "tsv"))
			o->format = HT_CORPUS_TSV;
		else if (!strcmp(v, "fasttext"))
			o->format = HT_CORPUS_FASTTEXT;
		else
			return usage_error(cmd, "--format must be article, tsv or fasttext");
	}
	if ((v = opt(a, specs, "split"))) {
		if (!strcmp(v, "all"))
			o->split = HT_SPLIT_ALL;
		else if (!strcmp(v, "train"))
			o->split = HT_SPLIT_TRAIN;
		else if (!strcmp(v, "heldout"))
			o->split = HT_SPLIT_HELDOUT;
		else
			return usage_error(cmd, "--split must be train, heldout or all");
	}
	return 0;
}

static int load_corpus(ht_corpus **c, const char *path, ht_corpus_options *co)
{
	ht_error err;
	int rc = ht_corpus_read(c, path, co, &err);
	return rc < 0 ? fail(path, rc, &err) : 0;
}

static int load_model(ht_model **m, const char *path)
{
	ht_error err;
	int rc = ht_model_load(m, path, NULL, &err);
	return rc < 0 ? fail(path, rc, &err) : 0;
}

int cmd_train(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(train_help, stdout);
		return EXIT_OK;
	}
	args a;
	ht_train_options o;
	ht_corpus_options co;
	if (parse_args(&a, argc, argv, 2, train_specs, "train") < 0 || train_options_from_args(&o, &a, "train") < 0 ||
	    corpus_options_from_args(&co, &a, train_specs, "train") < 0)
		return EXIT_USAGE;
	const char *path = opt(&a, train_specs, "corpus"), *out = opt(&a, train_specs, "out");
	if (!path || !out || a.npos)
		return usage_error("train", "--corpus and --out are required (see --help)"), EXIT_USAGE;
	if (!opt(&a, train_specs, "split"))
		co.split = HT_SPLIT_TRAIN; /* held-out articles are never trained on unless asked */
	ht_corpus *c;
	int rc = load_corpus(&c, path, &co);
	if (rc)
		return rc;
	ht_model *m;
	ht_error err;
	if ((rc = ht_train(&m, c, &o, &err)) < 0) {
		ht_corpus_free(c);
		return fail("train", rc, &err);
	}
	ht_corpus_free(c);
	rc = ht_model_save(m, out, &err);
	if (rc < 0) {
		ht_model_free(m);
		return fail(out, rc, &err);
	}
	fprintf(stderr, "wrote %s: %zu labels, %zu features, %s\n", out, ht_model_label_count(m),
		ht_model_feature_count(m), ht_model_is_multilabel(m) ? "multi-label" : "multi-class");
	ht_model_free(m);
	return EXIT_OK;
}

static const opt_spec classify_specs[] = {{"model", 1}, {"article", 0}, {"format", 1}, {"pretty", 0}, {"help", 0}, {NULL, 0}};
static const char *const classify_help =
	"usage: healthtopics classify --model MODEL [--format text|tsv|fasttext] [FILE|-]\n"
	"       healthtopics classify --model MODEL --article [--format auto|html|markdown|text] [--pretty] [FILE|-]\n"
	"\n"
	"Classify text and print JSON Lines on stdout.\n"
	"  (default)        the whole input is one text: {\"labels\":[...],\"scores\":{...}}\n"
	"  --article        one object per unit (paragraph, heading, list item, table row, quote, boilerplate), with\n"
	"                   its byte range in the input, its kind and, for headings, its level:\n"
	"                   {\"start\":B,\"end\":B,\"heading\":bool,\"labels\":[...],\"scores\":{...},\"kind\":K}\n"
	"                   --format auto (default): HTML when the input looks like HTML, else Markdown or text;\n"
	"                   html: an HTML page (navigation, footers, banners... are boilerplate, never labeled);\n"
	"                   markdown; text: plain or browser-copied text\n"
	"  --format tsv     one object per input line; the text is after the first tab (labels ignored)\n"
	"  --format fasttext  one object per input line; leading __label__ words are ignored\n"
	"  --pretty         with --article: a readable line per unit instead of JSON: its labels with their\n"
	"                   probabilities, then the unit's decoded text (cut at 100 bytes)\n"
	"\n"
	"example:\n"
	"  healthtopics classify --model models/healthtopics-default.htm --article docs/sample-article.txt\n";

/*
 * One JSON object per input line, in order. Lines go to ht_classify_batch in blocks so that the library's
 * working memory is reused across them.
 */
static int classify_lines(const ht_model *m, char *in, size_t len, int mode, const char *src)
{
	enum { BLOCK = 512 };
	static const char *texts[BLOCK];
	static size_t lens[BLOCK];
	size_t L = ht_model_label_count(m);
	double *prob = malloc(BLOCK * L * sizeof *prob);
	unsigned char *as = malloc(BLOCK * L);
	if (!prob || !as) {
		free(prob);
		free(as);
		return EXIT_INTERNAL;
	}
	size_t p = 0, line = 0;
	int rc = EXIT_OK;
	while (p < len && rc == EXIT_OK) {
		size_t n = 0, first_line = line + 1;
		for (; n < BLOCK && p < len; n++) {
			char *nl = memchr(in + p, '\n', len - p);
			size_t e = nl ? (size_t)(nl - in) : len, s = p, t = e;
			line++;
			p = e + 1;
			if (t > s && in[t - 1] == '\r')
				t--;
			if (mode == 1) {
				char *tab = memchr(in + s, '\t', t - s);
				if (tab)
					s = (size_t)(tab - in) + 1;
			} else {
				for (;;) {
					while (s < t && (in[s] == ' ' || in[s] == '\t'))
						s++;
					if (t - s >= 9 && !memcmp(in + s, "__label__", 9))
						while (s < t && in[s] != ' ' && in[s] != '\t')
							s++;
					else
						break;
				}
			}
			texts[n] = in + s;
			lens[n] = t - s;
		}
		ht_error err;
		int r = ht_classify_batch(prob, as, m, texts, lens, n, &err);
		if (r < 0) {
			/* find the failing line for the message */
			for (size_t k = 0; k < n; k++)
				if ((r = ht_classify(NULL, NULL, NULL, m, texts[k], lens[k], &err)) < 0) {
					char ctx[64];
					snprintf(ctx, sizeof ctx, "%s:%zu", src, first_line + k);
					rc = fail(ctx, r, &err);
					break;
				}
			break;
		}
		for (size_t k = 0; k < n; k++) {
			fputc('{', stdout);
			json_scores(stdout, m, prob + k * L, as + k * L);
			fputs("}\n", stdout);
		}
	}
	free(prob);
	free(as);
	return rc;
}

/* "[benefits 0.91, risks 0.64]  The text of the unit, on one line, cut at 100 bytes..." */
static void print_pretty_unit(FILE *f, const ht_model *m, const ht_unit *u, const char *text)
{
	char labels[256] = "";
	size_t o = 0;
	for (size_t l = 0; l < ht_model_label_count(m) && o < sizeof labels - 40; l++)
		if (u->assigned[l])
			o += (size_t)snprintf(labels + o, sizeof labels - o, "%s%s %.2f", o ? ", " : "",
					      ht_model_label_name(m, l), u->prob[l]);
	fprintf(f, "%-44s ", o ? labels : u->kind == HT_UNIT_BOILERPLATE ? "(boilerplate)" : "-");
	size_t n = u->text_len, shown = n > 100 ? 100 : n;
	while (shown < n && shown > 90 && ((unsigned char)u->text[shown] & 0xC0) == 0x80)
		shown--; /* do not cut inside a UTF-8 sequence */
	for (size_t k = 0; k < shown; k++) {
		char ch = u->text[k];
		fputc(ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : ch, f);
	}
	fputs(shown < n ? "...\n" : "\n", f);
}

int cmd_classify(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(classify_help, stdout);
		return EXIT_OK;
	}
	args a;
	if (parse_args(&a, argc, argv, 2, classify_specs, "classify") < 0)
		return EXIT_USAGE;
	const char *mp = opt(&a, classify_specs, "model"), *fmt = opt(&a, classify_specs, "format");
	if (!mp || a.npos > 1)
		return usage_error("classify", "--model MODEL and at most one input file are required"), EXIT_USAGE;
	int mode = 0; /* 0 text, 1 tsv, 2 fasttext */
	ht_article_options ao = HT_ARTICLE_OPTIONS_INIT;
	if (has(&a, classify_specs, "article") && fmt && article_format_from_name(fmt, &ao.format) == 0)
		fmt = NULL;
	else if (has(&a, classify_specs, "article") && fmt)
		return usage_error("classify", "with --article, --format must be auto, html, markdown or text"), EXIT_USAGE;
	if (fmt && !strcmp(fmt, "tsv"))
		mode = 1;
	else if (fmt && !strcmp(fmt, "fasttext"))
		mode = 2;
	else if (fmt && strcmp(fmt, "text"))
		return usage_error("classify", "--format must be text, tsv or fasttext"), EXIT_USAGE;
	if (mode && has(&a, classify_specs, "article"))
		return usage_error("classify", "--article reads plain text; it does not combine with --format"), EXIT_USAGE;
	ht_model *m;
	int rc = load_model(&m, mp);
	if (rc)
		return rc;
	char *in;
	size_t len;
	const char *src = a.npos ? a.pos[0] : "-";
	if (read_input(src, &in, &len) < 0) {
		ht_model_free(m);
		fprintf(stderr, "healthtopics: cannot read %s: %s\n", src, strerror(errno));
		return EXIT_DATA;
	}
	size_t L = ht_model_label_count(m);
	double *prob = calloc(L, sizeof *prob);
	unsigned char *as = calloc(L, 1);
	ht_error err;
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (!prob || !as) {
		rc = EXIT_INTERNAL;
	} else if (has(&a, classify_specs, "article")) {
		ht_article *art;
		if ((rc = ht_classify_article_ext(&art, m, in, len, &ao, &err)) < 0) {
			rc = fail(src, rc, &err);
		} else {
			int pretty = has(&a, classify_specs, "pretty");
			for (size_t i = 0; i < ht_article_unit_count(art); i++) {
				const ht_unit *u = ht_article_unit(art, i);
				if (pretty) {
					print_pretty_unit(stdout, m, u, in);
					continue;
				}
				printf("{\"start\":%zu,\"end\":%zu,\"heading\":%s,", u->start, u->end,
				       u->kind == HT_UNIT_HEADING ? "true" : "false");
				json_scores(stdout, m, u->prob, u->assigned);
				printf(",\"kind\":\"%s\"", unit_kind_name(u->kind));
				if (u->kind == HT_UNIT_HEADING && u->level)
					printf(",\"level\":%u", u->level);
				fputs("}\n", stdout);
			}
			ht_article_free(art);
			rc = EXIT_OK;
		}
	} else if (mode == 0) {
		if ((rc = ht_classify(prob, as, NULL, m, in, len, &err)) < 0) {
			rc = fail(src, rc, &err);
		} else {
			fputc('{', stdout);
			json_scores(stdout, m, prob, as);
			fputs("}\n", stdout);
			rc = EXIT_OK;
		}
	} else {
		rc = classify_lines(m, in, len, mode, src);
	}
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = EXIT_DATA;
	free(prob);
	free(as);
	free(in);
	ht_model_free(m);
	return rc;
}

void print_eval(FILE *f, const ht_eval *e, int json)
{
	size_t L = e->label_count;
	if (json) {
		fprintf(f, "{\"items\":%zu,\"multilabel\":%s,\"accuracy\":%.4f,", e->items, e->multilabel ? "true" : "false",
			e->accuracy);
		if (e->multilabel)
			fprintf(f, "\"hamming_loss\":%.4f,", e->hamming_loss);
		fprintf(f, "\"micro\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f},", e->micro.precision,
			e->micro.recall, e->micro.f1);
		fprintf(f, "\"macro\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f},\"labels\":{", e->macro.precision,
			e->macro.recall, e->macro.f1);
		for (size_t l = 0; l < L; l++) {
			const ht_label_scores *s = &e->per_label[l];
			fprintf(f, "%s", l ? "," : "");
			json_string(f, e->label_names[l], strlen(e->label_names[l]));
			fprintf(f, ":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"support\":%zu,\"predicted\":%zu}",
				s->precision, s->recall, s->f1, s->support, s->predicted);
		}
		fputs("},\"confusion\":[", f);
		size_t rows = e->multilabel ? L : L, cols = e->multilabel ? 4 : L;
		for (size_t r = 0; r < rows; r++) {
			fprintf(f, "%s[", r ? "," : "");
			for (size_t c = 0; c < cols; c++)
				fprintf(f, "%s%zu", c ? "," : "", e->confusion[r * cols + c]);
			fputc(']', f);
		}
		fputs("]}\n", f);
		return;
	}
	fprintf(f, "%-20s %9s %9s %9s %9s\n", "label", "precision", "recall", "f1", "support");
	for (size_t l = 0; l < L; l++) {
		const ht_label_scores *s = &e->per_label[l];
		fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu\n", e->label_names[l], s->precision, s->recall, s->f1, s->support);
	}
	fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu\n", "micro avg", e->micro.precision, e->micro.recall, e->micro.f1,
		e->micro.support);
	fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu\n", "macro avg", e->macro.precision, e->macro.recall, e->macro.f1,
		e->macro.support);
	fprintf(f, "%s: %.4f  (%zu items)\n", e->multilabel ? "exact-match ratio" : "accuracy", e->accuracy, e->items);
	if (e->multilabel) {
		fprintf(f, "hamming loss: %.4f\nper-label confusion (TN FP FN TP):\n", e->hamming_loss);
		for (size_t l = 0; l < L; l++)
			fprintf(f, "  %-18s %6zu %6zu %6zu %6zu\n", e->label_names[l], e->confusion[l * 4], e->confusion[l * 4 + 1],
				e->confusion[l * 4 + 2], e->confusion[l * 4 + 3]);
	} else {
		fprintf(f, "confusion (rows gold, columns predicted, in label order):\n");
		for (size_t r = 0; r < L; r++) {
			fprintf(f, "  %-18.18s", e->label_names[r]);
			for (size_t c = 0; c < L; c++)
				fprintf(f, " %5zu", e->confusion[r * L + c]);
			fputc('\n', f);
		}
	}
}

static const opt_spec eval_specs[] = {{"model", 1}, {"corpus", 1}, {"format", 1}, {"split", 1}, {"json", 0},
				      {"help", 0}, {NULL, 0}};
int cmd_eval(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs("usage: healthtopics eval --model MODEL --corpus PATH [--format article|tsv|fasttext]\n"
		      "                         [--split heldout|train|all] [--json]\n\n"
		      "Per-label precision, recall, F1 and support; micro and macro averages; accuracy (multi-class) or\n"
		      "exact-match ratio and Hamming loss (multi-label); confusion matrix. Article corpora default to the\n"
		      "held-out split.\n\nexample:\n"
		      "  healthtopics eval --model models/healthtopics-default.htm --corpus corpus/articles\n",
		      stdout);
		return EXIT_OK;
	}
	args a;
	ht_corpus_options co;
	if (parse_args(&a, argc, argv, 2, eval_specs, "eval") < 0 || corpus_options_from_args(&co, &a, eval_specs, "eval") < 0)
		return EXIT_USAGE;
	const char *mp = opt(&a, eval_specs, "model"), *cp = opt(&a, eval_specs, "corpus");
	if (!mp || !cp || a.npos)
		return usage_error("eval", "--model and --corpus are required"), EXIT_USAGE;
	if (!opt(&a, eval_specs, "split"))
		co.split = HT_SPLIT_HELDOUT;
	ht_model *m;
	ht_corpus *c;
	int rc = load_model(&m, mp);
	if (rc)
		return rc;
	if ((rc = load_corpus(&c, cp, &co))) {
		ht_model_free(m);
		return rc;
	}
	ht_eval *e;
	ht_error err;
	if ((rc = ht_evaluate(&e, m, c, &err)) < 0) {
		rc = fail("eval", rc, &err);
	} else {
		print_eval(stdout, e, has(&a, eval_specs, "json"));
		ht_eval_free(e);
		rc = EXIT_OK;
	}
	ht_corpus_free(c);
	ht_model_free(m);
	return rc;
}

int cmd_cv(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs("usage: healthtopics cv --corpus PATH [--folds K] [--json] [train options]\n\n"
		      "Grouped k-fold cross-validation: the units of one article never span two folds. Takes every option\n"
		      "of `healthtopics train` (see its --help); article corpora use the training split unless --split is\n"
		      "given. --folds sets the outer folds (default 5); --calibration-folds the folds used for calibration\n"
		      "and thresholds inside each (default: the training default).\n\n"
		      "example:\n  healthtopics cv --corpus corpus/articles --folds 5\n",
		      stdout);
		return EXIT_OK;
	}
	static opt_spec specs[40];
	size_t k = 0;
	for (; train_specs[k].name; k++)
		specs[k] = train_specs[k];
	specs[k++] = (opt_spec){"json", 0};
	specs[k] = (opt_spec){NULL, 0};
	args a;
	ht_train_options o;
	ht_corpus_options co;
	if (parse_args(&a, argc, argv, 2, specs, "cv") < 0 || train_options_from_args(&o, &a, "cv") < 0 ||
	    corpus_options_from_args(&co, &a, specs, "cv") < 0)
		return EXIT_USAGE;
	const char *cp = opt(&a, specs, "corpus");
	if (!cp || a.npos)
		return usage_error("cv", "--corpus is required"), EXIT_USAGE;
	/* --folds is the outer split here; calibration inside each fold uses --calibration-folds (default 5) */
	const char *fv = opt(&a, specs, "folds"), *cv = opt(&a, specs, "calibration-folds");
	int folds = fv ? atoi(fv) : 5;
	o.folds = cv ? atoi(cv) : (int)((ht_train_options)HT_TRAIN_OPTIONS_INIT).folds;
	if (folds < 2)
		return usage_error("cv", "--folds must be 2..100 here"), EXIT_USAGE;
	if (!opt(&a, specs, "split"))
		co.split = HT_SPLIT_TRAIN;
	ht_corpus *c;
	int rc = load_corpus(&c, cp, &co);
	if (rc)
		return rc;
	ht_eval *e;
	ht_error err;
	if ((rc = ht_cross_validate(&e, c, &o, folds, &err)) < 0) {
		rc = fail("cv", rc, &err);
	} else {
		print_eval(stdout, e, has(&a, specs, "json"));
		ht_eval_free(e);
		rc = EXIT_OK;
	}
	ht_corpus_free(c);
	return rc;
}

int cmd_info(int argc, char **argv)
{
	if (wants_help(argc, argv) || argc != 3) {
		fputs("usage: healthtopics info MODEL\n\nDescribe a model: versions, solver, options, labels with their\n"
		      "calibration and thresholds, vocabulary size, corpus digest.\n\nexample:\n"
		      "  healthtopics info models/healthtopics-default.htm\n",
		      argc == 3 ? stdout : stderr);
		return argc == 3 ? EXIT_OK : EXIT_USAGE;
	}
	ht_model *m;
	int rc = load_model(&m, argv[2]);
	if (rc)
		return rc;
	char *d;
	ht_error err;
	if ((rc = ht_model_describe(&d, m, &err)) < 0) {
		ht_model_free(m);
		return fail("info", rc, &err);
	}
	fputs(d, stdout);
	ht_string_free(d);
	ht_model_free(m);
	return EXIT_OK;
}

static const opt_spec explain_specs[] = {{"model", 1}, {"label", 1}, {"top", 1}, {"heading", 1}, {"help", 0}, {NULL, 0}};
int cmd_explain(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs("usage: healthtopics explain --model MODEL --label L [--top N] [--heading TEXT] [FILE|-]\n\n"
		      "Why a text gets (or misses) a label: the N n-grams (default 10) that moved the label's margin most,\n"
		      "with their TF-IDF value, weight and contribution, as one JSON object.\n\nexample:\n"
		      "  echo 'Massage eased my back pain within a week.' |\n"
		      "    healthtopics explain --model models/healthtopics-default.htm --label benefits\n",
		      stdout);
		return EXIT_OK;
	}
	args a;
	if (parse_args(&a, argc, argv, 2, explain_specs, "explain") < 0)
		return EXIT_USAGE;
	const char *mp = opt(&a, explain_specs, "model"), *lab = opt(&a, explain_specs, "label"),
		   *top = opt(&a, explain_specs, "top"), *head = opt(&a, explain_specs, "heading");
	if (!mp || !lab || a.npos > 1)
		return usage_error("explain", "--model and --label are required"), EXIT_USAGE;
	double topn = 10;
	if (top && parse_num(top, 1, 1e6, &topn) < 0)
		return usage_error("explain", "--top must be a positive whole number"), EXIT_USAGE;
	ht_model *m;
	int rc = load_model(&m, mp);
	if (rc)
		return rc;
	int li = ht_model_label_index(m, lab);
	if (li < 0) {
		fprintf(stderr, "healthtopics explain: the model has no label '%s'\n", lab);
		ht_model_free(m);
		return EXIT_USAGE;
	}
	char *in;
	size_t len;
	const char *src = a.npos ? a.pos[0] : "-";
	if (read_input(src, &in, &len) < 0) {
		ht_model_free(m);
		fprintf(stderr, "healthtopics: cannot read %s\n", src);
		return EXIT_DATA;
	}
	ht_explanation *x;
	ht_error err;
	if ((rc = ht_explain(&x, m, (size_t)li, in, len, head, head ? strlen(head) : 0, (size_t)topn, &err)) < 0) {
		rc = fail("explain", rc, &err);
	} else {
		printf("{\"label\":");
		json_string(stdout, lab, strlen(lab));
		printf(",\"assigned\":%s,\"probability\":%.4f,\"margin\":%.4f,\"bias\":%.4f,\"terms\":[",
		       x->assigned ? "true" : "false", x->prob, x->margin, x->bias);
		for (size_t i = 0; i < x->count; i++) {
			printf("%s{\"term\":", i ? "," : "");
			json_string(stdout, x->terms[i].text, strlen(x->terms[i].text));
			printf(",\"value\":%.4f,\"weight\":%.4f,\"contribution\":%.4f}", x->terms[i].value, x->terms[i].weight,
			       x->terms[i].contribution);
		}
		printf("]}\n");
		ht_explanation_free(x);
		rc = EXIT_OK;
	}
	free(in);
	ht_model_free(m);
	return rc;
}

static const opt_spec vec_specs[] = {{"model", 1}, {"corpus", 1}, {"format", 1}, {"split", 1}, {"out", 1},
				     {"help", 0}, {NULL, 0}};
int cmd_vectorize(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs("usage: healthtopics vectorize --model MODEL --corpus PATH [--format F] [--split S] [--out FILE]\n\n"
		      "Write the TF-IDF vectors the model makes of a corpus, in LIBSVM format, so liblinear-train and\n"
		      "svm-train can learn from exactly the same features. Multi-class corpora get the label's index + 1;\n"
		      "multi-label ones a comma-separated list (empty for none). Feature indices are 1-based.\n\n"
		      "example:\n  healthtopics vectorize --model medquad.htm --corpus medquad-train.tsv --out train.svm\n",
		      stdout);
		return EXIT_OK;
	}
	args a;
	ht_corpus_options co;
	if (parse_args(&a, argc, argv, 2, vec_specs, "vectorize") < 0 ||
	    corpus_options_from_args(&co, &a, vec_specs, "vectorize") < 0)
		return EXIT_USAGE;
	const char *mp = opt(&a, vec_specs, "model"), *cp = opt(&a, vec_specs, "corpus"), *op = opt(&a, vec_specs, "out");
	if (!mp || !cp || a.npos)
		return usage_error("vectorize", "--model and --corpus are required"), EXIT_USAGE;
	ht_model *m;
	ht_corpus *c;
	int rc = load_model(&m, mp);
	if (rc)
		return rc;
	if ((rc = load_corpus(&c, cp, &co))) {
		ht_model_free(m);
		return rc;
	}
	FILE *f = op ? fopen(op, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "healthtopics: cannot write %s: %s\n", op, strerror(errno));
		ht_corpus_free(c);
		ht_model_free(m);
		return EXIT_DATA;
	}
	size_t cap = 1 << 12;
	uint32_t *idx = malloc(cap * sizeof *idx);
	double *val = malloc(cap * sizeof *val);
	ht_error err;
	rc = idx && val ? EXIT_OK : EXIT_INTERNAL;
	int multilabel = ht_model_is_multilabel(m);
	for (size_t i = 0; rc == EXIT_OK && i < ht_corpus_item_count(c); i++) {
		const ht_item *it = ht_corpus_item(c, i);
		int n = ht_model_vectorize(idx, val, cap, m, it->text, it->len, it->heading, it->heading_len, &err);
		if (n >= 0 && (size_t)n > cap) {
			cap = (size_t)n;
			uint32_t *ni = realloc(idx, cap * sizeof *idx);
			idx = ni ? ni : idx;
			double *nv = realloc(val, cap * sizeof *val);
			val = nv ? nv : val;
			if (!ni || !nv) {
				rc = EXIT_INTERNAL;
				break;
			}
			n = ht_model_vectorize(idx, val, cap, m, it->text, it->len, it->heading, it->heading_len, &err);
		}
		if (n < 0) {
			rc = fail(it->file, n, &err);
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
	if ((op ? fclose(f) : fflush(f)) != 0 && rc == EXIT_OK)
		rc = EXIT_DATA;
	free(idx);
	free(val);
	ht_corpus_free(c);
	ht_model_free(m);
	return rc;
}
