/* SPDX-License-Identifier: MIT */
/* cmd_info.c: healthtopics info: describe a model file. */
#include "cli.h"

static const cli_option info_options[] = {{"help", 'h', 0}, {NULL, 0, 0}};

int cli_cmd_info(int argc, char **argv)
{
	static const char *const help =
		"usage: healthtopics info [MODEL]\n\nDescribe a model: where it was found, versions, solver, options, labels\n"
		"with their calibration and thresholds, vocabulary size, corpus digest.\n\n"
		"MODEL defaults to $HEALTHTOPICS_MODEL, then the installed model\n"
		"(share/healthtopics/" HT_DEFAULT_MODEL_NAME ").\n\nexample:\n"
		"  healthtopics info models/healthtopics-default.htm\n";
	cli_args a;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, info_options, "info", help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (a.npos > 1) {
		fputs(help, stderr);
		return CLI_EXIT_USAGE;
	}
	ht_model *m;
	const char *source, *path = cli_model_path(a.npos ? a.pos[0] : NULL, &source);
	if ((rc = cli_load_model(&m, path)) != 0)
		return rc;
	char *d;
	ht_error err;
	if ((rc = ht_model_describe(&d, m, &err)) < 0) {
		ht_model_free(m);
		return cli_fail("info", rc, &err);
	}
	printf("model: %s (%s)\n", path, a.npos ? "argument" : source);
	fputs(d, stdout);
	ht_string_free(d);
	ht_model_free(m);
	return CLI_EXIT_OK;
}
