/* SPDX-License-Identifier: MIT */
/* util: CRC-32 against its standard check value, growable arrays, the allocator hook, error formatting. */
#include "test.h"
#include "util/util.h"

static void crc32_check_value(void)
{
	CHECK_EQ_INT(ht__crc32(0, "123456789", 9), 0xCBF43926u); /* the CRC-32/ISO-HDLC check value */
	CHECK_EQ_INT(ht__crc32(0, "", 0), 0);
	/* continuing across pieces equals one pass, for every split (exercises the 8-byte and tail paths) */
	const char *s = "The quick brown fox jumps over the lazy dog, twice over.";
	size_t n = strlen(s);
	uint32_t whole = ht__crc32(0, s, n);
	for (size_t k = 0; k <= n; k++)
		CHECK_EQ_INT(ht__crc32(ht__crc32(0, s, k), s + k, n - k), whole);
	CHECK_EQ_INT(ht__fnv1a32("a", 1), 0xe40c292cu);
}

static void vectors_and_buffers(void)
{
	HT_VEC(int) v = {0};
	for (int i = 0; i < 1000; i++)
		CHECK_EQ_INT(ht__vec_push(&v, i), 0);
	CHECK_EQ_INT(v.len, 1000);
	CHECK_EQ_INT(v.data[999], 999);
	CHECK(v.cap >= 1000);
	ht__vec_free(&v);
	CHECK(v.data == NULL && v.len == 0);
	ht_buf b = {0};
	CHECK_EQ_INT(ht__buf_printf(&b, "%d-%s", 42, "x"), 0);
	CHECK_EQ_INT(ht__buf_append(&b, "yz", 2), 0);
	CHECK_STR(b.data, "42-xyz");
	ht__vec_free(&b);
	size_t out;
	CHECK(ht__mul_overflows(SIZE_MAX / 2 + 1, 2, &out));
	CHECK(!ht__mul_overflows(3, 4, &out) && out == 12);
	CHECK(ht__calloc(SIZE_MAX / 2, 4) == NULL);
}

static int allocs, frees, fail_at;
static void *t_malloc(void *ctx, size_t n) { (void)ctx; return ++allocs == fail_at ? NULL : malloc(n); }
static void *t_realloc(void *ctx, void *p, size_t n) { (void)ctx; if (!p) ++allocs; return realloc(p, n); }
static void t_free(void *ctx, void *p) { (void)ctx; if (p) frees++; free(p); }

static void allocator_hook(void)
{
	ht_allocator a = {t_malloc, t_realloc, t_free, NULL};
	ht_set_allocator(&a);
	allocs = frees = 0;
	fail_at = 2;
	char *x = ht__strndup("abc", 3), *y = ht__strndup("def", 3);
	CHECK(x != NULL && y == NULL); /* the second allocation failed, as asked */
	ht__free(x);
	ht__free(NULL);
	CHECK_EQ_INT(allocs, 2);
	CHECK_EQ_INT(frees, 1);
	ht_set_allocator(NULL);
	x = ht__strndup("abc", 3);
	CHECK_STR(x, "abc");
	ht__free(x);
	CHECK_EQ_INT(allocs, 2); /* back to malloc */
}

static void errors(void)
{
	ht_error e;
	CHECK_EQ_INT(ht__err(&e, HT_EIO, "cannot open %s", "x"), HT_EIO);
	CHECK_EQ_INT(e.code, HT_EIO);
	CHECK_STR(e.message, "cannot open x");
	CHECK_EQ_INT(ht__err(NULL, HT_EINVAL, "ignored"), HT_EINVAL);
	CHECK_STR(ht_status_name(HT_ELIMIT), "HT_ELIMIT");
	CHECK_STR(ht_status_name(12345), "unknown status");
}

RUN_TESTS("util", T(crc32_check_value), T(vectors_and_buffers), T(allocator_hook), T(errors))
