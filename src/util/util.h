/* SPDX-License-Identifier: MIT */
/*
 * util.h: allocation through the hook, errors, growable arrays, hashing, checksums and file reading. Every
 * module uses these; nothing here knows about text or models. The bare ht__ prefix belongs to util/ (as git__
 * does in libgit2); every other module's internal names are ht_<module>__<verb>.
 */
#ifndef HT_UTIL_H
#define HT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "healthtopics.h"

/* Allocation through the installed ht_allocator. ht__free accepts NULL. */
void *ht__malloc(size_t size);
void *ht__calloc(size_t count, size_t size); /* checks count*size for overflow */
void *ht__realloc(void *ptr, size_t size);
void *ht__reallocarray(void *ptr, size_t count, size_t size); /* NULL on overflow, ptr left alone */
void ht__free(void *ptr);
char *ht__strndup(const char *s, size_t len);

/* 1 when a*b overflows size_t; otherwise stores the product. */
static inline int ht__mul_overflows(size_t a, size_t b, size_t *out)
{
	if (b && a > SIZE_MAX / b)
		return 1;
	*out = a * b;
	return 0;
}

/* Fill err (if not NULL) with code and a printf-style message; returns code so callers can `return ht__err(...)`. */
int ht__err(ht_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
int ht__errv(ht_error *err, int code, const char *fmt, va_list ap);
#define HT_NOMEM(err) ht__err((err), HT_ENOMEM, "out of memory")

/*
 * A growable array of fixed-size elements. `ht__vec_reserve(&v, n, sizeof *v.data)` makes room for n more.
 * Used as: struct { T *data; size_t len, cap; }. The macros keep one implementation for every element type.
 */
int ht__grow(void **data, size_t *cap, size_t need, size_t elem);
#define HT_VEC(T) struct { T *data; size_t len, cap; }
#define ht__vec_reserve(v, n) \
	(((v)->len + (n) <= (v)->cap) ? 0 \
	 : ((v)->len + (n) < (v)->len) ? HT_ENOMEM \
	 : ht__grow((void **)&(v)->data, &(v)->cap, (v)->len + (n), sizeof *(v)->data))
#define ht__vec_push(v, x) (ht__vec_reserve((v), 1) < 0 ? HT_ENOMEM : (((v)->data[(v)->len++] = (x)), 0))
#define ht__vec_free(v) (ht__free((v)->data), (v)->data = NULL, (v)->len = (v)->cap = 0)

/* A growable byte string. */
typedef HT_VEC(char) ht_buf;
int ht__buf_append(ht_buf *b, const void *data, size_t len);
int ht__buf_printf(ht_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* FNV-1a 32 and 64 bit hashes; the 64-bit one can be continued across pieces with `seed` = previous result. */
#define HT_FNV64_INIT 0xcbf29ce484222325ULL
uint32_t ht__fnv1a32(const void *data, size_t len);
static inline uint64_t ht__fnv1a64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib and PNG use), continued with crc = previous result (start at 0). */
uint32_t ht__crc32(uint32_t crc, const void *data, size_t len);

/* Sort a[0..n) ascending in place (not stable; equal ids are indistinguishable). */
void ht__sort_u32(uint32_t *a, size_t n);

/*
 * Read the whole regular file at path (at most max bytes, else HT_ELIMIT) into *out, NUL-terminated, caller
 * frees with ht__free; *out_len excludes the NUL. HT_EIO with the reason when it cannot be opened or read.
 */
int ht__read_file(unsigned char **out, size_t *out_len, const char *path, size_t max, ht_error *err);

#endif
