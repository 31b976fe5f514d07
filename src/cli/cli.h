/* cli.h: shared pieces of the command-line tool, which uses only the public headers. */
#ifndef HT_CLI_H
#define HT_CLI_H

#include <stdio.h>

#include "healthtopics.h"
#include "healthtopics_train.h"

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_DATA = 2, EXIT_INTERNAL = 3 };

/* Minimal option parser: --name value, --name=value, flags; positionals collected in order. */
typedef struct opt_spec {
	const char *name;
	int takes_value;
} opt_spec;
typedef struct args {
	const char *values[64];
	int present[64];
	const char *pos[16];
	int npos;
} args;
/* Parse argv[first..argc) against specs; prints a usage error and returns -1 on unknown options. */
int parse_args(args *a, int argc, char **argv, int first, const opt_spec *specs, const char *cmd);
const char *opt(const args *a, const opt_spec *specs, const char *name);
int has(const args *a, const opt_spec *specs, const char *name);

/* Exit code for a library status; prints "healthtopics: <context>: <message>" to stderr. */
int fail(const char *context, int rc, const ht_error *err);
int usage_error(const char *cmd, const char *fmt, ...);

/* JSON output */
void json_string(FILE *f, const char *s, size_t len);
void json_scores(FILE *f, const ht_model *m, const double *prob, const unsigned char *assigned);

/* Read all of a file or stdin ("-" or NULL). Caller frees. */
int read_input(const char *path, char **out, size_t *len);

/* Options shared by train and cv. */
extern const opt_spec train_specs[];
int train_options_from_args(ht_train_options *o, const args *a, const char *cmd);
int corpus_options_from_args(ht_corpus_options *o, const args *a, const opt_spec *specs, const char *cmd);
void print_problem(void *ctx, const char *file, size_t line, const char *message);
void progress(void *ctx, const char *phase, size_t done, size_t total);

int cmd_train(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_cv(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_vectorize(int argc, char **argv);
int cmd_corpus(int argc, char **argv);

void print_eval(FILE *f, const ht_eval *e, int json);

/* classify --article: "auto|text|markdown|html" to a format (-1 when unknown); a unit kind's JSON name. */
int article_format_from_name(const char *name, ht_article_format *out);
const char *unit_kind_name(ht_unit_kind kind);

#endif
