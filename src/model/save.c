/* SPDX-License-Identifier: MIT */
/* save.c: serialising models and saving them atomically (training library). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* gethostname, dirfd */
#include "model/model.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Parse the serialised bytes as ht_model_load would (without its size limits): a model the loader would reject
 * (a non-finite number, kernel parameters out of range...) is refused with HT_EINVAL and the loader's reason,
 * instead of being written and failing later.
 */
static int check_loadable(const ht_buf *b, ht_error *err)
{
	ht_limits lim = HT_LIMITS_INIT;
	lim.max_labels = lim.max_vocabulary = SIZE_MAX;
	ht_model *back = NULL;
	int rc = ht_model__parse(&back, (const unsigned char *)b->data, b->len, &lim, err);
	ht_model_free(back);
	if (rc == HT_EFORMAT && err) {
		char why[sizeof err->message];
		memcpy(why, err->message, sizeof why);
		return ht__err(err, HT_EINVAL, "the model cannot be saved, the loader would reject it: %s", why);
	}
	return rc == HT_EFORMAT ? HT_EINVAL : rc;
}

int ht_model_serialize(void **out, size_t *out_len, const ht_model *m, ht_error *err)
{
	if (!out || !out_len || !m)
		return ht__err(err, HT_EINVAL, "ht_model_serialize: NULL argument");
	*out = NULL;
	*out_len = 0;
	ht_buf b = {0};
	int rc = ht_model__serialize(&b, m, err);
	if (rc == 0)
		rc = check_loadable(&b, err);
	if (rc < 0) {
		ht__vec_free(&b);
		return rc;
	}
	*out = b.data;
	*out_len = b.len;
	return 0;
}

void ht_buffer_free(void *buffer) { ht__free(buffer); }

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Temporary files are named <path>.tmp-<host>-<pid>-XXXXXX, so that a later save to the same path can tell its
 * own stale ones (left by a process killed with SIGKILL, or a crash) from a save still running: it removes
 * only those of this host (names compared exactly) whose process no longer exists (kill(pid, 0) gives ESRCH),
 * that are regular files owned by this user. A live process, another host (a shared network directory), a
 * pid reused since, or anything unexpected in the name keeps the file: the mistake this can make is leaving
 * one behind, never removing a save in progress.
 */
static void host_name(char *out, size_t cap)
{
	char h[256] = "";
	if (gethostname(h, sizeof h - 1) != 0 || !h[0])
		strcpy(h, "host");
	size_t n = 0;
	for (const char *p = h; *p && n + 1 < cap && n < 64; p++) /* only characters that are safe in a name */
		out[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.'
				   ? *p : '_';
	out[n] = 0;
}

static void remove_stale_temps(const char *dir, const char *base, const char *host)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t bl = strlen(base), hl = strlen(host);
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp-", 5) != 0 || strncmp(n + bl + 5, host, hl) != 0 ||
		    n[bl + 5 + hl] != '-')
			continue;
		const char *p = n + bl + 6 + hl, *q = p;
		long pid = 0;
		while (*q >= '0' && *q <= '9' && q - p < 9)
			pid = pid * 10 + (*q++ - '0');
		if (q == p || *q != '-' || strlen(q + 1) != 6 || pid <= 0 || (pid_t)pid == getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(dirfd(d), n, 0);
	}
	closedir(d);
}

int ht_model_save(const ht_model *m, const char *path, ht_error *err)
{
	if (!m || !path)
		return ht__err(err, HT_EINVAL, "ht_model_save: NULL argument");
	if (!*path)
		return ht__err(err, HT_EINVAL, "ht_model_save: the path is empty");
	ht_buf b = {0}, tmp = {0}, dir = {0};
	int rc = ht_model__serialize(&b, m, err), fd = -1;
	if (rc < 0 || (rc = check_loadable(&b, err)) < 0)
		goto cleanup;
	/* A symbolic link is followed: its target is replaced, so the link (e.g. current.htm -> v3.htm) stays a
	 * link. An existing file's permission bits are kept, and a file with no write bit is refused: a rename
	 * would otherwise turn either into a new 0644 regular file. */
	char resolved[PATH_MAX];
	mode_t mode = 0644;
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!realpath(path, resolved)) {
			rc = ht__err(err, HT_EIO, "cannot follow the symbolic link %s: %s", path, strerror(errno));
			goto cleanup;
		}
		path = resolved;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (!(st.st_mode & 0222)) {
			rc = ht__err(err, HT_EIO, "%s is read-only: not replaced (make it writable to overwrite it)", path);
			goto cleanup;
		}
		mode = st.st_mode & 0777; /* not set-id bits */
	}
	/* Every allocation happens before the rename, so that no failure is reported after the file was replaced. */
	const char *slash = strrchr(path, '/');
	char host[72];
	host_name(host, sizeof host);
	if (ht__buf_printf(&tmp, "%s.tmp-%s-%ld-XXXXXX", path, host, (long)getpid()) < 0 ||
	    ht__buf_append(&dir, slash ? path : ".", slash ? (size_t)(slash - path) + (slash == path) : 1) < 0) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	remove_stale_temps(dir.data, slash ? slash + 1 : path, host);
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		rc = ht__err(err, HT_EIO, "cannot create a temporary file beside %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (write_all(fd, b.data, b.len) != 0 || fsync(fd) != 0) {
		rc = ht__err(err, HT_EIO, "cannot write %s: %s", tmp.data, strerror(errno));
		goto cleanup;
	}
	if (fchmod(fd, mode) != 0) {
		rc = ht__err(err, HT_EIO, "cannot set permissions on %s: %s", tmp.data, strerror(errno));
		goto cleanup;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = ht__err(err, HT_EIO, "cannot close %s: %s", tmp.data, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.data, path) != 0) {
		rc = ht__err(err, HT_EIO, "cannot rename %s to %s: %s", tmp.data, path, strerror(errno));
		goto cleanup;
	}
	tmp.len = 0; /* renamed: nothing to remove */
	/* Make the rename durable: fsync the directory that holds the file. */
	int dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
cleanup:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.len)
		unlink(tmp.data);
	ht__vec_free(&b);
	ht__vec_free(&tmp);
	ht__vec_free(&dir);
	return rc;
}
