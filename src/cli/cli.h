/* SPDX-License-Identifier: MIT */
/*
 * cli.h: the pieces the commands of the healthtopics tool share. The tool is an ordinary client of the public
 * headers; every name here starts with cli_. One file per command (cmd_<name>.c); option parsing (opts.c),
 * error printing (errors.c), progress (progress.c), input (input.c) and output (json.c, report.c) apart.
 */
#ifndef HT_CLI_H
#define HT_CLI_H

#include <stdio.h>

#include "healthtopics.h"
#include "healthtopics_train.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_USAGE = 1, CLI_EXIT_DATA = 2, CLI_EXIT_INTERNAL = 3 };

/* ---- options (opts.c) ---- */

/* One option of a command: --name, optionally -c, with or without a value. Lists end with {NULL}. */
typedef struct cli_option {
	const char *name;
	int short_name; /* 0: none */
	int takes_value;
} cli_option;

enum { CLI_MAX_OPTIONS = 48, CLI_MAX_ARGS = 16 };
typedef struct cli_args {
	const cli_option *options;
	const char *values[CLI_MAX_OPTIONS];
	int present[CLI_MAX_OPTIONS];
	const char *pos[CLI_MAX_ARGS];
	int npos;
} cli_args;

/*
 * Parse argv[first..argc) with getopt_long: --name value, --name=value, -c value, -cvalue, flags, "--" ends
 * the options, "-" is an argument. Unknown options, missing or unexpected values and an option given twice are
 * usage errors (printed; returns CLI_EXIT_USAGE). With --help (an option every command lists) the help text is
 * printed and CLI_HELP_SHOWN returned. Otherwise 0, positionals collected in order.
 */
enum { CLI_HELP_SHOWN = -1 };
int cli_parse(cli_args *a, int argc, char **argv, int first, const cli_option *options, const char *cmd,
	      const char *help);
/* The value of --name, or NULL when absent. */
const char *cli_opt(const cli_args *a, const char *name);
/* 1 when --name was given. */
int cli_has(const cli_args *a, const char *name);
/* Index of v among names[0..n), or -1. */
int cli_choose(const char *v, const char *const *names, int n);
/* Parse a number in [lo, hi]; -1 when it is not one. */
int cli_parse_number(const char *s, double lo, double hi, double *out);

/* ---- errors (errors.c) ---- */

/* Print "healthtopics: <context>: <message>" and return the exit code for the library status. */
int cli_fail(const char *context, int rc, const ht_error *err);
/* Print "healthtopics <cmd>: <message>" and return CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/*
 * Standard output: cli_stdout_failed reports a write error on stdout once ("cannot write to standard output:
 * No space left on device" / "Broken pipe") and returns 1, or returns 0 while stdout is fine; long outputs
 * call it to stop early. cli_close_stdout flushes and closes stdout after a command: on failure it reports
 * (once) and returns CLI_EXIT_DATA in place of a success, else rc.
 */
int cli_stdout_failed(void);
int cli_close_stdout(int rc);
/* ht_warning_fn for training: "healthtopics: warning: message" on stderr. */
void cli_warning(void *ctx, const char *message);
/* ht_diag_fn for corpus readers and lint: "file:line: message". */
void cli_print_problem(void *ctx, const char *file, size_t line, const char *message);

/* ---- progress (progress.c) ---- */

/* ht_progress_fn: a one-line progress display on stderr when it is a terminal. */
void cli_progress(void *ctx, const char *phase, size_t done, size_t total);

/* ---- input (input.c) ---- */

/* Read all of a file or stdin ("-" or NULL) into *out (caller frees with free). -1 with errno on failure. */
int cli_read_input(const char *path, char **out, size_t *len);
/*
 * The model a command uses: the --model value (given) when there is one, else $HEALTHTOPICS_MODEL when set and
 * not empty, else the installed default model (share/healthtopics/healthtopics-default.htm beside the
 * installed command's bin/) when it exists; NULL when there is none. *source names where it came from.
 */
const char *cli_model_path(const char *given, const char **source);
/* The help text's line about that order. */
#define CLI_MODEL_HELP                                                                                             \
	"  --model MODEL    default: $HEALTHTOPICS_MODEL, then the installed model\n"                              \
	"                   (share/healthtopics/" HT_DEFAULT_MODEL_NAME ")\n"
/* Load a model (path NULL: the default above) or a corpus; on failure print the error and return the exit code
 * (0 on success). */
int cli_load_model(ht_model **m, const char *path);
int cli_load_corpus(ht_corpus **c, const char *path, const ht_corpus_options *co);
/* Both, for the commands that apply a model to a corpus: 0 with both loaded, or the exit code with neither. */
int cli_load_model_and_corpus(ht_model **m, ht_corpus **c, const char *model_path, const char *corpus_path,
			      const ht_corpus_options *co);

/* ---- output (json.c, report.c) ---- */

void cli_json_string(FILE *f, const char *s, size_t len);
void cli_json_scores(FILE *f, const ht_model *m, const double *prob, const unsigned char *assigned);
void cli_print_eval(FILE *f, const ht_eval *e, int json);

/* ---- training and corpus options (train_options.c), shared by train, cv, eval, vectorize, corpus ---- */

extern const cli_option cli_train_options[];
/* Map the parsed train options but --folds and --calibration-folds (train and cv give them different
 * meanings) onto o, validated: 0, or CLI_EXIT_USAGE after printing the error. */
int cli_train_options_from_args(ht_train_options *o, const cli_args *a, const char *cmd);
/* The workers training will use of the --threads asked for, printed as a note when fewer: kernel solvers use at
 * most one thread per label, linear at most one worker process per fit (one with --no-fork); at most 8. */
void cli_note_threads(const ht_train_options *o, size_t labels, const char *cmd);
/* A --folds / --calibration-folds value, 0 or 2..100: 0, or CLI_EXIT_USAGE after printing the error. */
int cli_parse_folds(const char *v, const char *name, const char *cmd, int *out);
int cli_corpus_options_from_args(ht_corpus_options *o, const cli_args *a, const char *cmd);

/* ---- commands ---- */

/* Output files (output.c). cli_check_output: CLI_EXIT_USAGE (printed) when out is empty or names the same
 * file (device and inode, so also through another name or a link) as one of the n inputs (NULLs skipped). */
int cli_check_output(const char *cmd, const char *out, const char *const *inputs, size_t n);
/* A file written atomically: the data goes to path.tmp-XXXXXX beside it (0600 until done), and close with
 * commit = 1 flushes, fsyncs, makes it 0644 and renames it over path; on any failure, or commit = 0, the
 * temporary file is removed. Both return 0 or -1 with errno set. */
typedef struct cli_atomic {
	FILE *f;
	const char *path;
	char *tmp;
} cli_atomic;
int cli_atomic_open(cli_atomic *w, const char *path);
int cli_atomic_close(cli_atomic *w, int commit);

int cli_cmd_train(int argc, char **argv);
int cli_cmd_classify(int argc, char **argv);
int cli_cmd_eval(int argc, char **argv);
int cli_cmd_cv(int argc, char **argv);
int cli_cmd_info(int argc, char **argv);
int cli_cmd_explain(int argc, char **argv);
int cli_cmd_vectorize(int argc, char **argv);
int cli_cmd_corpus(int argc, char **argv);

/* classify --article: "auto|text|markdown|html" to a format (-1 when unknown); a unit kind's JSON name. */
int cli_article_format_from_name(const char *name, ht_article_format *out);
const char *cli_unit_kind_name(ht_unit_kind kind);

#endif
