/* SPDX-License-Identifier: MIT */
/* save.c: serialising models and saving them atomically (training library). */
#define _POSIX_C_SOURCE 200809L
#include "model/model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int ht_model_serialize(void **out, size_t *out_len, const ht_model *m, ht_error *err)
{
	if (!out || !out_len || !m)
		return ht__err(err, HT_EINVAL, "ht_model_serialize: NULL argument");
	*out = NULL;
	*out_len = 0;
	ht_buf b = {0};
	int rc = ht_model__serialize(&b, m, err);
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

int ht_model_save(const ht_model *m, const char *path, ht_error *err)
{
	if (!m || !path || !*path)
		return ht__err(err, HT_EINVAL, "ht_model_save: NULL argument");
	ht_buf b = {0}, tmp = {0}, dir = {0};
	int rc = ht_model__serialize(&b, m, err), fd = -1;
	if (rc < 0)
		goto cleanup;
	/* Every allocation happens before the rename, so that no failure is reported after the file was replaced. */
	const char *slash = strrchr(path, '/');
	if (ht__buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0 ||
	    ht__buf_append(&dir, slash ? path : ".", slash ? (size_t)(slash - path) + (slash == path) : 1) < 0) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		rc = ht__err(err, HT_EIO, "cannot create a temporary file beside %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (write_all(fd, b.data, b.len) != 0 || fsync(fd) != 0) {
		rc = ht__err(err, HT_EIO, "cannot write %s: %s", tmp.data, strerror(errno));
		goto cleanup;
	}
	if (fchmod(fd, 0644) != 0) {
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
