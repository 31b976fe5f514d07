/* SPDX-License-Identifier: MIT */
/* errors.c: how the tool reports errors: usage errors, library errors with their exit codes, corpus problems. */
#include "cli.h"

#include <stdarg.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "healthtopics %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

int cli_fail(const char *context, int rc, const ht_error *err)
{
	fprintf(stderr, "healthtopics: %s: %s\n", context, err && err->message[0] ? err->message : ht_status_name(rc));
	return rc == HT_ENOMEM || rc == HT_EINTERNAL ? CLI_EXIT_INTERNAL : CLI_EXIT_DATA;
}

void cli_warning(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "healthtopics: warning: %s\n", message);
}

void cli_print_problem(void *ctx, const char *file, size_t line, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s:%zu: %s\n", file, line, message);
}
