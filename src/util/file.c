/* SPDX-License-Identifier: MIT */
/* file.c: reading a whole file through the allocator hook (model files and corpora). */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int ht__read_file(unsigned char **out, size_t *out_len, const char *path, size_t max, ht_error *err)
{
	*out = NULL;
	*out_len = 0;
	/* O_NONBLOCK: opening a FIFO for reading blocks until a writer appears (for ever, for a stray mkfifo), and a
	 * device may block too. The type is checked on the descriptor (no race with a rename), then the flag is
	 * cleared so that reads of the regular file behave normally. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return ht__err(err, HT_EIO, "cannot open %s: %s", *path ? path : "\"\" (an empty path)", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ht__err(err, HT_EIO, "cannot open %s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ht__err(err, HT_EIO, "%s is not a regular file (%s)", path,
			       S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO" :
			       S_ISSOCK(st.st_mode) ? "a socket" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" :
			       "not a file");
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		int e = errno;
		close(fd);
		return ht__err(err, HT_EIO, "cannot read %s: %s", path, strerror(e));
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

