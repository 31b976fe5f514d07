/* SPDX-License-Identifier: MIT */
/* util.c: the allocation hook, error formatting, growable arrays, hashes. */
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *default_malloc(void *ctx, size_t size) { (void)ctx; return malloc(size); }
static void *default_realloc(void *ctx, void *ptr, size_t size) { (void)ctx; return realloc(ptr, size); }
static void default_free(void *ctx, void *ptr) { (void)ctx; free(ptr); }

static ht_allocator allocator = {default_malloc, default_realloc, default_free, NULL};

void ht_set_allocator(const ht_allocator *a)
{
	if (a && a->malloc_fn && a->realloc_fn && a->free_fn)
		allocator = *a;
	else
		allocator = (ht_allocator){default_malloc, default_realloc, default_free, NULL};
}

void *ht__malloc(size_t size)
{
	return allocator.malloc_fn(allocator.ctx, size ? size : 1);
}

void *ht__calloc(size_t count, size_t size)
{
	size_t total;
	if (ht__mul_overflows(count, size, &total))
		return NULL;
	void *p = ht__malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *ht__realloc(void *ptr, size_t size)
{
	return allocator.realloc_fn(allocator.ctx, ptr, size ? size : 1);
}

void *ht__reallocarray(void *ptr, size_t count, size_t size)
{
	size_t total;
	if (ht__mul_overflows(count, size, &total))
		return NULL;
	return ht__realloc(ptr, total);
}

void ht__free(void *ptr)
{
	if (ptr)
		allocator.free_fn(allocator.ctx, ptr);
}

char *ht__strndup(const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = ht__malloc(len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int ht__errv(ht_error *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		if (!err->message[0])
			snprintf(err->message, sizeof err->message, "%s", ht_status_name(code));
	}
	return code;
}

int ht__err(ht_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ht__errv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

const char *ht_status_name(int status)
{
	switch (status) {
	case HT_OK: return "HT_OK";
	case HT_ENOMEM: return "HT_ENOMEM";
	case HT_EINVAL: return "HT_EINVAL";
	case HT_EIO: return "HT_EIO";
	case HT_EUTF8: return "HT_EUTF8";
	case HT_EFORMAT: return "HT_EFORMAT";
	case HT_EVERSION: return "HT_EVERSION";
	case HT_ELIMIT: return "HT_ELIMIT";
	case HT_EINTERNAL: return "HT_EINTERNAL";
	default: return "unknown status";
	}
}

const char *ht_version(void) { return HT_VERSION_STRING; }
int ht_format_version(void) { return HT_FORMAT_VERSION; }

int ht__grow(void **data, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return HT_ENOMEM;
		ncap *= 2;
	}
	void *p = ht__reallocarray(*data, ncap, elem);
	if (!p)
		return HT_ENOMEM;
	*data = p;
	*cap = ncap;
	return 0;
}

int ht__buf_append(ht_buf *b, const void *data, size_t len)
{
	if (ht__vec_reserve(b, len + 1) < 0)
		return HT_ENOMEM;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int ht__buf_printf(ht_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return HT_EINTERNAL;
	if (ht__vec_reserve(b, (size_t)n + 1) < 0)
		return HT_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

uint32_t ht__fnv1a32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

/* CRC-32, slicing by 8: eight derived tables let the loop consume 8 bytes per step (about 5x the byte-wise
 * speed), which matters when a model of many megabytes is checked at load. */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
}

uint32_t ht__crc32(uint32_t crc, const void *data, size_t len)
{
	pthread_once(&crc_once, crc_init); /* constant tables, built once, race-free */
	const unsigned char *p = data;
	crc = ~crc;
	while (len >= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
		      crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
		      crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
