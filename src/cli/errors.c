/* SPDX-License-Identifier: MIT */
/* errors.c: how the tool reports errors: usage errors, library errors with their exit codes, corpus problems. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

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

int cli_stdout_failed(void)
{
	static int reported;
	if (!ferror(stdout) || reported)
		return reported;
	int e = errno;
	if (fflush(stdout) != 0) /* the unwritten rest: the error again, with its errno */
		e = errno;
	fprintf(stderr, "healthtopics: cannot write to standard output: %s\n",
		e == EPIPE || e == ENOSPC || e == EIO || e == EBADF || e == EFBIG || e == EDQUOT ? strerror(e) :
												      "write error");
	reported = 1;
	return 1;
}

int cli_close_stdout(int rc)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	if (!failed && fclose(stdout) != 0) {
		clearerr(stdout);
		failed = 1;
		fprintf(stderr, "healthtopics: cannot write to standard output: %s\n", strerror(errno));
		return rc == CLI_EXIT_OK ? CLI_EXIT_DATA : rc;
	}
	if (failed && cli_stdout_failed() && (rc == CLI_EXIT_OK || rc == CLI_EXIT_DATA))
		return CLI_EXIT_DATA;
	return rc;
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
