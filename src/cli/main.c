/* SPDX-License-Identifier: MIT */
/* main.c: the healthtopics command: dispatch to one file per subcommand (cmd_<name>.c). */
#include <signal.h>
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage =
	"usage: healthtopics <command> [options]\n"
	"\n"
	"Label the paragraphs of health articles by topic.\n"
	"\n"
	"commands:\n"
	"  train       train a model from a labeled corpus\n"
	"  classify    classify a text, an article, or one text per line (JSON Lines)\n"
	"  eval        precision, recall and F1 of a model on a labeled corpus\n"
	"  cv          grouped k-fold cross-validation of training options\n"
	"  info        describe a model file\n"
	"  explain     the n-grams behind a label's score\n"
	"  vectorize   write a model's TF-IDF vectors in LIBSVM format\n"
	"  corpus      lint, stats, export a corpus\n"
	"\n"
	"  healthtopics <command> --help    options and an example\n"
	"  healthtopics --version           library and model-format versions\n"
	"\n"
	"example:\n"
	"  healthtopics classify --model models/healthtopics-default.htm --article docs/sample-article.txt\n";

/*
 * OpenBLAS's threaded build starts worker threads when it is loaded (liblinear links it), and they spin in
 * sched_yield for a while even though training's BLAS calls are small and classification makes none. The
 * variable is read at load time, so when it is unset the tool sets it and runs itself again; an explicit
 * setting is respected. (The library itself leaves this to the application.)
 */
static void single_threaded_blas(char **argv)
{
	if (getenv("OPENBLAS_NUM_THREADS"))
		return;
	if (setenv("OPENBLAS_NUM_THREADS", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv); /* returns only on failure: then carry on as we are */
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_EXIT_USAGE;
	}
	const char *c = argv[1];
	if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0 || strcmp(c, "help") == 0) {
		fputs(usage, stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(c, "--version") == 0) {
		printf("healthtopics %s (model format %d)\n", ht_version(), ht_format_version());
		return CLI_EXIT_OK;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"train", cli_cmd_train},         {"classify", cli_cmd_classify}, {"eval", cli_cmd_eval},
		    {"cv", cli_cmd_cv},               {"info", cli_cmd_info},         {"explain", cli_cmd_explain},
		    {"vectorize", cli_cmd_vectorize}, {"corpus", cli_cmd_corpus}};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (strcmp(c, cmds[i].name) == 0)
			return cmds[i].fn(argc, argv);
	fprintf(stderr, "healthtopics: unknown command '%s'\n\n%s", c, usage);
	return CLI_EXIT_USAGE;
}

/*
 * Output errors are never silent: SIGPIPE is ignored so that a closed pipe is an EPIPE write error like a full
 * disk, and every command's standard output is flushed and closed here, where a failure is reported (exit 2).
 */
int main(int argc, char **argv)
{
	single_threaded_blas(argv);
	signal(SIGPIPE, SIG_IGN);
	/* Past a file size limit (ulimit -f) the kernel sends SIGXFSZ, whose default action kills the process before
	 * a save can remove its temporary file or report anything; ignored, the write fails with EFBIG instead and
	 * the error path cleans up and says why. */
	signal(SIGXFSZ, SIG_IGN);
	return cli_close_stdout(run(argc, argv));
}
