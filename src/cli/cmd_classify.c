/* SPDX-License-Identifier: MIT */
/* cmd_classify.c: healthtopics classify: JSON Lines (or a readable table) of labels and scores. */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option classify_options[] = {{"model", 'm', 1}, {"article", 'a', 0}, {"format", 'f', 1},
					       {"pretty", 'p', 0}, {"text", 0, 0}, {"threads", 0, 1}, {"help", 'h', 0},
					       {NULL, 0, 0}};
static const char *const classify_help =
	"usage: healthtopics classify [--model MODEL] [--format text|tsv|fasttext] [FILE|-]\n"
	"       healthtopics classify [--model MODEL] --article [--format auto|html|markdown|text] [--pretty|--text]\n"
	"                             [FILE|-]\n"
	"\n"
	"Classify text and print JSON Lines on stdout.\n"
	"  (default)        the whole input is one text: {\"labels\":[...],\"scores\":{...}}\n"
	"  --article        one object per unit (paragraph, heading, list item, table row, quote, boilerplate), with\n"
	"                   its byte range in the input, its kind and, for headings, its level:\n"
	"                   {\"start\":B,\"end\":B,\"heading\":bool,\"labels\":[...],\"scores\":{...},\"kind\":K}\n"
	"                   and, when the unit has them, the indexes (0-based line numbers of this output) of\n"
	"                   its section heading \"heading_unit\", a list item's lead-in \"lead_in_unit\" and a\n"
	"                   heading's parent heading \"parent_unit\", before \"kind\"\n"
	"                   start and end are byte offsets into the input (not characters)\n"
	"  --text           with --article: add the unit's decoded text, \"text\":\"...\" (entities decoded,\n"
	"                   markup removed: what the features were made of)\n"
	"                   --format auto (default): HTML when the input looks like HTML, else Markdown or text;\n"
	"                   html: an HTML page (navigation, footers, banners... are boilerplate, never labeled);\n"
	"                   markdown; text: plain or browser-copied text\n"
	"  --format tsv     one object per input line; the text is after the first tab (labels ignored)\n"
	"  --format fasttext  one object per input line; leading __label__ words are ignored\n"
	"  --pretty         with --article: a readable line per unit instead of JSON: its labels with their\n"
	"                   probabilities, then the unit's decoded text (cut at 100 bytes)\n"
	"  --threads N      with --format tsv|fasttext on a file: classify its lines on N threads (any positive\n"
	"                   number, capped at the CPUs; the output is the same, in the same order)\n"
	CLI_MODEL_HELP
	"\n"
	"example:\n"
	"  healthtopics classify --model models/healthtopics-default.htm --article docs/sample-article.txt\n";

/* The text of the input line in[s, t) (no newline): after the first tab (tsv, mode 1), or after the leading
 * __label__ words (fasttext, mode 2); a trailing CR is dropped. */
static void line_text(const char *in, size_t *s_io, size_t *t_io, int mode)
{
	size_t s = *s_io, t = *t_io;
	if (t > s && in[t - 1] == '\r')
		t--;
	if (mode == 1) {
		const char *tab = memchr(in + s, '\t', t - s);
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
	*s_io = s;
	*t_io = t;
}

/*
 * A pipe or terminal in tsv or fasttext format: each line is answered as soon as it has arrived, so classify
 * works as a filter between other programs (like `fasttext predict model -`). Stops at the first error.
 */
static int classify_stream(const ht_model *m, FILE *f, int mode, const char *src)
{
	size_t L = ht_model_label_count(m), cap = 0, line = 0;
	double *prob = malloc(L * sizeof *prob);
	unsigned char *as = malloc(L);
	char *buf = NULL;
	ssize_t got;
	int rc = prob && as ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
	while (rc == CLI_EXIT_OK && (got = getline(&buf, &cap, f)) > 0) {
		size_t s = 0, t = (size_t)got;
		line++;
		if (buf[t - 1] == '\n')
			t--;
		line_text(buf, &s, &t, mode);
		ht_error err;
		int r = ht_classify(prob, as, NULL, m, buf + s, t - s, &err);
		if (r < 0) {
			char ctx[64];
			snprintf(ctx, sizeof ctx, "%s:%zu", src, line);
			rc = cli_fail(ctx, r, &err);
			break;
		}
		fputc('{', stdout);
		cli_json_scores(stdout, m, prob, as);
		fputs("}\n", stdout);
		if (fflush(stdout) != 0 && cli_stdout_failed())
			rc = CLI_EXIT_DATA;
	}
	if (rc == CLI_EXIT_OK && ferror(f)) {
		fprintf(stderr, "healthtopics: cannot read %s: %s\n", src, strerror(errno));
		rc = CLI_EXIT_DATA;
	}
	free(buf);
	free(prob);
	free(as);
	return rc;
}

/*
 * One JSON object per input line, in order. Lines go to ht_classify_batch in blocks so that the library's
 * working memory is reused across them.
 */
/* One thread's share of a block of lines: ht_classify_batch on texts[0..n). */
typedef struct batch_part {
	const ht_model *m;
	const char *const *texts;
	const size_t *lens;
	size_t n;
	double *prob;
	unsigned char *as;
	int rc;
} batch_part;

static void *classify_part(void *arg)
{
	batch_part *b = arg;
	ht_error err;
	b->rc = b->n ? ht_classify_batch(b->prob, b->as, b->m, b->texts, b->lens, b->n, &err) : 0;
	return NULL;
}

/*
 * One JSON object per input line, in order. Lines go to ht_classify_batch in blocks so that the library's
 * working memory is reused across them; with threads > 1 each block is cut into that many contiguous parts
 * classified at once (a model is safe to share), and printed in order when all are done.
 */
static int classify_lines(const ht_model *m, char *in, size_t len, int mode, const char *src, int threads)
{
	enum { BLOCK = 512, MAX_THREADS = 64 };
	static const char *texts[BLOCK];
	static size_t lens[BLOCK];
	size_t L = ht_model_label_count(m);
	double *prob = malloc(BLOCK * L * sizeof *prob);
	unsigned char *as = malloc(BLOCK * L);
	if (!prob || !as) {
		free(prob);
		free(as);
		return CLI_EXIT_INTERNAL;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	size_t p = 0, line = 0;
	int rc = CLI_EXIT_OK;
	while (p < len && rc == CLI_EXIT_OK) {
		size_t n = 0, first_line = line + 1;
		for (; n < BLOCK && p < len; n++) {
			char *nl = memchr(in + p, '\n', len - p);
			size_t e = nl ? (size_t)(nl - in) : len, s = p, t = e;
			line++;
			p = e + 1;
			line_text(in, &s, &t, mode);
			texts[n] = in + s;
			lens[n] = t - s;
		}
		batch_part part[MAX_THREADS];
		pthread_t tid[MAX_THREADS];
		size_t T = (size_t)threads < n ? (size_t)threads : (n ? n : 1), started = 1;
		for (size_t k = 0; k < T; k++) {
			size_t a = n * k / T, b = n * (k + 1) / T;
			part[k] = (batch_part){m, texts + a, lens + a, b - a, prob + a * L, as + a * L, 0};
		}
		for (; started < T; started++)
			if (pthread_create(&tid[started], NULL, classify_part, &part[started]) != 0)
				break;
		classify_part(&part[0]);
		for (size_t k = started; k < T; k++) /* threads that could not start: their parts run here */
			classify_part(&part[k]);
		int r = 0;
		for (size_t k = 0; k < T; k++) {
			if (k > 0 && k < started)
				pthread_join(tid[k], NULL);
			if (part[k].rc < 0)
				r = part[k].rc;
		}
		if (r < 0) {
			/* find the failing line for the message */
			ht_error err;
			for (size_t k = 0; k < n; k++)
				if ((r = ht_classify(NULL, NULL, NULL, m, texts[k], lens[k], &err)) < 0) {
					char ctx[64];
					snprintf(ctx, sizeof ctx, "%s:%zu", src, first_line + k);
					rc = cli_fail(ctx, r, &err);
					break;
				}
			break;
		}
		for (size_t k = 0; k < n; k++) {
			fputc('{', stdout);
			cli_json_scores(stdout, m, prob + k * L, as + k * L);
			fputs("}\n", stdout);
		}
	}
	free(prob);
	free(as);
	return rc;
}

/* "[benefits 0.91, risks 0.64]  The text of the unit, on one line, cut at 100 bytes..." */
static void print_pretty_unit(FILE *f, const ht_model *m, const ht_unit *u)
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

int cli_cmd_classify(int argc, char **argv)
{
	cli_args a;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, classify_options, "classify", classify_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	const char *mp = cli_opt(&a, "model"), *fmt = cli_opt(&a, "format");
	if (a.npos > 1)
		return cli_usage_error("classify", "at most one input file is allowed");
	int mode = 0; /* 0 text, 1 tsv, 2 fasttext */
	ht_article_options ao = HT_ARTICLE_OPTIONS_INIT;
	if (cli_has(&a, "article") && fmt) {
		if (cli_article_format_from_name(fmt, &ao.format) != 0)
			return cli_usage_error("classify", "with --article, --format must be auto, html, markdown or text");
		fmt = NULL;
	}
	if (fmt && !strcmp(fmt, "tsv"))
		mode = 1;
	else if (fmt && !strcmp(fmt, "fasttext"))
		mode = 2;
	else if (fmt && strcmp(fmt, "text"))
		return cli_usage_error("classify", "--format must be text, tsv or fasttext");
	if (cli_has(&a, "pretty") && !cli_has(&a, "article"))
		return cli_usage_error("classify", "--pretty prints articles: it needs --article");
	int threads = 1;
	const char *tv = cli_opt(&a, "threads");
	if (tv) {
		double x;
		if (cli_parse_number(tv, 1, 1e9, &x) < 0 || x != (double)(long)x)
			return cli_usage_error("classify", "--threads must be a positive whole number");
		if (mode == 0 || cli_has(&a, "article"))
			return cli_usage_error("classify", "--threads classifies the lines of --format tsv or fasttext");
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = (int)x;
		if (cpus > 0 && x > (double)cpus) {
			threads = (int)cpus;
			fprintf(stderr, "healthtopics classify: --threads %s: using %d (the CPUs there are)\n", tv, threads);
		}
	}
	if (cli_has(&a, "text") && (!cli_has(&a, "article") || cli_has(&a, "pretty")))
		return cli_usage_error("classify", "--text adds units' text to --article's JSON Lines (not with --pretty)");
	ht_model *m;
	rc = cli_load_model(&m, mp);
	if (rc)
		return rc;
	char *in;
	size_t len;
	const char *src = a.npos ? a.pos[0] : "-";
	if (mode != 0 && !cli_has(&a, "article")) {
		/* lines from a pipe or a terminal are answered as they arrive; a regular file is read whole */
		FILE *f = strcmp(src, "-") == 0 ? stdin : fopen(src, "rb");
		struct stat st;
		if (f && (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))) {
			rc = classify_stream(m, f, mode, src);
			if (f != stdin)
				fclose(f);
			ht_model_free(m);
			return rc;
		}
		if (f && f != stdin)
			fclose(f);
	}
	if (cli_read_input(src, &in, &len) < 0) {
		ht_model_free(m);
		fprintf(stderr, "healthtopics: cannot read %s: %s\n", src, strerror(errno));
		return CLI_EXIT_DATA;
	}
	size_t L = ht_model_label_count(m);
	double *prob = calloc(L, sizeof *prob);
	unsigned char *as = calloc(L, 1);
	ht_error err;
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (!prob || !as) {
		rc = CLI_EXIT_INTERNAL;
	} else if (cli_has(&a, "article")) {
		ht_article *art;
		if ((rc = ht_classify_article_ext(&art, m, in, len, &ao, &err)) < 0) {
			rc = cli_fail(src, rc, &err);
		} else {
			int pretty = cli_has(&a, "pretty");
			for (size_t i = 0; i < ht_article_unit_count(art); i++) {
				const ht_unit *u = ht_article_unit(art, i);
				if (pretty) {
					print_pretty_unit(stdout, m, u);
					continue;
				}
				printf("{\"start\":%zu,\"end\":%zu,\"heading\":%s,", u->start, u->end,
				       u->kind == HT_UNIT_HEADING ? "true" : "false");
				cli_json_scores(stdout, m, u->prob, u->assigned);
				/* the unit's place in the page: its section heading, a list item's lead-in, a
				 * heading's parent (the heading chain); each only when it has one */
				if (u->heading != (size_t)-1)
					printf(",\"heading_unit\":%zu", u->heading);
				if (u->lead_in != (size_t)-1)
					printf(",\"lead_in_unit\":%zu", u->lead_in);
				if (u->parent != (size_t)-1)
					printf(",\"parent_unit\":%zu", u->parent);
				printf(",\"kind\":\"%s\"", cli_unit_kind_name(u->kind));
				if (u->kind == HT_UNIT_HEADING && u->level)
					printf(",\"level\":%u", u->level);
				if (cli_has(&a, "text")) {
					fputs(",\"text\":", stdout);
					cli_json_string(stdout, u->text, u->text_len);
				}
				fputs("}\n", stdout);
			}
			ht_article_free(art);
			rc = CLI_EXIT_OK;
		}
	} else if (mode == 0) {
		if ((rc = ht_classify(prob, as, NULL, m, in, len, &err)) < 0) {
			rc = cli_fail(src, rc, &err);
		} else {
			fputc('{', stdout);
			cli_json_scores(stdout, m, prob, as);
			fputs("}\n", stdout);
			rc = CLI_EXIT_OK;
		}
	} else {
		rc = classify_lines(m, in, len, mode, src, threads);
	}
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_DATA;
	free(prob);
	free(as);
	free(in);
	ht_model_free(m);
	return rc;
}
