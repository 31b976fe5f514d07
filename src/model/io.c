/* io.c: loading model files and saving them atomically. */
#define _POSIX_C_SOURCE 200809L
#include "model/model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int ht_model_load_buffer(ht_model **out, const void *data, size_t len, const ht_limits *limits, ht_error *err)
{
	if (!out)
		return ht__err(err, HT_EINVAL, "ht_model_load_buffer: out is NULL");
	return ht__model_parse(out, data, len, limits, err);
}

/* Read a whole file through the allocator hook. */
int ht__read_file(unsigned char **out, size_t *out_len, const char *path, size_t max, ht_error *err)
{
	*out = NULL;
	*out_len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ht__err(err, HT_EIO, "cannot open %s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ht__err(err, HT_EIO, "%s is not a regular file", path);
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return ht__err(err, HT_ELIMIT, "%s is %lld bytes, more than the limit of %zu", path, (long long)st.st_size, max);
	}
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *buf = ht__malloc(size + 1);
	if (!buf) {
		close(fd);
		return HT_NOMEM(err);
	}
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			ht__free(buf);
			return ht__err(err, HT_EIO, "cannot read %s: %s", path, n == 0 ? "file shrank while reading" : strerror(e));
		}
		got += (size_t)n;
	}
	close(fd);
	buf[size] = 0;
	*out = buf;
	*out_len = size;
	return 0;
}

int ht_model_load(ht_model **out, const char *path, const ht_limits *limits, ht_error *err)
{
	if (!out || !path)
		return ht__err(err, HT_EINVAL, "ht_model_load: NULL argument");
	*out = NULL;
	unsigned char *buf;
	size_t len;
	int rc = ht__read_file(&buf, &len, path, (size_t)1 << 40, err);
	if (rc < 0)
		return rc;
	rc = ht__model_parse(out, buf, len, limits, err);
	ht__free(buf);
	return rc;
}

int ht_model_serialize(void **out, size_t *out_len, const ht_model *m, ht_error *err)
{
	if (!out || !out_len || !m)
		return ht__err(err, HT_EINVAL, "ht_model_serialize: NULL argument");
	*out = NULL;
	*out_len = 0;
	ht_buf b = {0};
	int rc = ht__model_serialize(&b, m, err);
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
	int rc = ht__model_serialize(&b, m, err), fd = -1;
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
