/* SPDX-License-Identifier: MIT */
/* test.h: a tiny test harness. Each test binary runs its TEST functions and prints one line per failure and a
 * closing "N passed, N failed" line; the exit code is non-zero on any failure. */
#ifndef HT_TEST_H
#define HT_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failed_checks;
static int test_current_failed;

#define CHECK(cond)                                                                                   \
	do {                                                                                          \
		if (!(cond)) {                                                                        \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);      \
			test_failed_checks++;                                                         \
			test_current_failed = 1;                                                      \
		}                                                                                     \
	} while (0)
#define CHECK_EQ_INT(a, b)                                                                            \
	do {                                                                                          \
		long long _a = (long long)(a), _b = (long long)(b);                                   \
		if (_a != _b) {                                                                       \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, \
				_a, #b, _b);                                                          \
			test_failed_checks++;                                                         \
			test_current_failed = 1;                                                      \
		}                                                                                     \
	} while (0)
#define CHECK_NEAR(a, b, tol)                                                                         \
	do {                                                                                          \
		double _a = (a), _b = (b);                                                            \
		if (!(fabs(_a - _b) <= (tol))) {                                                      \
			fprintf(stderr, "%s:%d: %s == %.10g, expected %.10g (tolerance %g)\n", __FILE__, \
				__LINE__, #a, _a, _b, (double)(tol));                                 \
			test_failed_checks++;                                                         \
			test_current_failed = 1;                                                      \
		}                                                                                     \
	} while (0)
#define CHECK_STR(a, b)                                                                               \
	do {                                                                                          \
		const char *_a = (a), *_b = (b);                                                      \
		if (!_a || !_b || strcmp(_a, _b) != 0) {                                              \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
				_a ? _a : "(null)", _b ? _b : "(null)");                              \
			test_failed_checks++;                                                         \
			test_current_failed = 1;                                                      \
		}                                                                                     \
	} while (0)

typedef void (*test_fn)(void);
typedef struct test_case {
	const char *name;
	test_fn fn;
} test_case;

static int run_tests(const char *suite, const test_case *tests, size_t n)
{
	int passed = 0, failed = 0;
	for (size_t i = 0; i < n; i++) {
		test_current_failed = 0;
		tests[i].fn();
		if (test_current_failed) {
			fprintf(stderr, "FAIL %s.%s\n", suite, tests[i].name);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	return failed ? 1 : 0;
}
#define RUN_TESTS(suite, ...)                                                                 \
	int main(void)                                                                        \
	{                                                                                     \
		static const test_case t[] = {__VA_ARGS__};                                   \
		return run_tests(suite, t, sizeof t / sizeof *t);                             \
	}
#define T(fn) {#fn, fn}

#endif
