/* SPDX-License-Identifier: MIT */
/* progress.c: training progress on stderr, one rewritten line, only when stderr is a terminal. */
#include "cli.h"

#include <time.h>
#include <unistd.h>

static struct timespec progress_start;

void cli_progress(void *ctx, const char *phase, size_t done, size_t total)
{
	(void)ctx;
	if (!isatty(2))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!progress_start.tv_sec)
		progress_start = now;
	double el = (double)(now.tv_sec - progress_start.tv_sec) + (double)(now.tv_nsec - progress_start.tv_nsec) / 1e9;
	if (total)
		fprintf(stderr, "\r%-24s %zu/%zu  %.1fs   ", phase, done, total, el);
	else
		fprintf(stderr, "\r%-24s %zu  %.1fs   ", phase, done, el);
	if (done == total)
		fputc('\n', stderr);
}
