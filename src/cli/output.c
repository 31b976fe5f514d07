/* SPDX-License-Identifier: MIT */
/* output.c: the tool's output files: never one of its inputs, always written atomically. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_check_output(const char *cmd, const char *out, const char *const *inputs, size_t n)
{
	struct stat so, si;
	if (!*out)
		return cli_usage_error(cmd, "--out is empty");
	if (stat(out, &so) != 0)
		return 0; /* a new file cannot be an input */
	for (size_t i = 0; i < n; i++)
		if (inputs[i] && stat(inputs[i], &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			return cli_usage_error(cmd, "--out %s is the input %s: writing it would destroy the input", out,
					       inputs[i]);
	return 0;
}

int cli_atomic_open(cli_atomic *w, const char *path)
{
	memset(w, 0, sizeof *w);
	size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
	if (!(w->tmp = malloc(n)))
		return -1;
	snprintf(w->tmp, n, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(w->tmp);
	if (fd < 0 || !(w->f = fdopen(fd, "wb"))) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(w->tmp);
		}
		free(w->tmp);
		w->tmp = NULL;
		errno = e;
		return -1;
	}
	w->path = path;
	return 0;
}

int cli_atomic_close(cli_atomic *w, int commit)
{
	if (!w->f)
		return -1;
	int ok = commit && !ferror(w->f) && fflush(w->f) == 0 && fsync(fileno(w->f)) == 0 &&
		 fchmod(fileno(w->f), 0644) == 0;
	int e = errno;
	if (fclose(w->f) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	w->f = NULL;
	if (ok && rename(w->tmp, w->path) != 0) {
		ok = 0;
		e = errno;
	}
	if (!ok)
		unlink(w->tmp);
	free(w->tmp);
	w->tmp = NULL;
	errno = e;
	return ok ? 0 : -1;
}
