/* SPDX-License-Identifier: MIT */
/*
 * test_robust_corrupt: corrupt model files. For small reference models (linear multi-label, rbf multi-label,
 * poly multi-class, and linear multi-label with a none gate: format version 2), every truncation, every single-bit flip (all 8 bits of every byte), and trailing garbage
 * are rejected by ht_model_load_buffer with HT_EFORMAT (HT_EVERSION only for a flip in the version fields that
 * makes the file claim a newer format), a non-empty message and no model; never a crash, never a model that
 * loads. The same through ht_model_load for files on disk.
 */
#include "robust.h"

typedef struct fixture {
	const char *name;
	void *bytes;
	size_t len;
} fixture;

#define NFX 4
static fixture fx[NFX];

static void setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *m = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	fx[0].name = "linear multi-label";
	fx[0].bytes = robust_bytes(m, &fx[0].len);
	ht_model_free(m);
	o.solver = HT_SOLVER_RBF;
	m = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	fx[1].name = "rbf multi-label";
	fx[1].bytes = robust_bytes(m, &fx[1].len);
	ht_model_free(m);
	o.solver = HT_SOLVER_POLY;
	m = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	fx[2].name = "poly multi-class";
	fx[2].bytes = robust_bytes(m, &fx[2].len);
	ht_model_free(m);
	/* a none gate needs 5 items without a label: the fixture's 3 and two more */
	static const char more[] = "\tShare this page with a friend.\n\tPosted by Ann on 3 May 2024.\n";
	size_t base = strlen(fixture_tsv);
	char *tsv = malloc(base + sizeof more);
	memcpy(tsv, fixture_tsv, base);
	memcpy(tsv + base, more, sizeof more);
	o.solver = HT_SOLVER_LINEAR;
	o.none_gate = 1;
	m = fixture_train(tsv, HT_CORPUS_TSV, &o);
	free(tsv);
	fx[3].name = "linear multi-label, none gate";
	fx[3].bytes = robust_bytes(m, &fx[3].len);
	ht_model_free(m);
	CHECK_EQ_INT(((unsigned char *)fx[3].bytes)[12], 2); /* the gate makes it a version-2 file */
}

/* Load and expect a rejection with one of the allowed codes; returns 1 if the expectation held. */
static int rejected(const void *data, size_t len, int allow_version)
{
	ht_model *m = (ht_model *)&m;
	ht_error err;
	memset(&err, 0, sizeof err);
	int rc = ht_model_load_buffer(&m, data, len, NULL, &err);
	int ok = (rc == HT_EFORMAT || (allow_version && rc == HT_EVERSION)) && m == NULL && err.code == rc &&
		 err.message[0] != '\0';
	if (rc == 0)
		ht_model_free(m);
	return ok;
}

static void test_reference_models_load(void)
{
	for (int f = 0; f < NFX; f++) {
		ht_model *m = NULL;
		ht_error err;
		CHECK_EQ_INT(ht_model_load_buffer(&m, fx[f].bytes, fx[f].len, NULL, &err), 0);
		CHECK(ht_model_label_count(m) >= 3);
		ht_model_free(m);
	}
}

static void test_every_truncation(void)
{
	for (int f = 0; f < NFX; f++) {
		size_t bad = 0;
		for (size_t n = 0; n < fx[f].len; n++) {
			/* an exact-size copy, so a read past the end is caught by the sanitizers */
			unsigned char *copy = malloc(n ? n : 1);
			memcpy(copy, fx[f].bytes, n);
			if (!rejected(copy, n, 0) && bad++ < 5)
				fprintf(stderr, "%s: truncation to %zu of %zu bytes not rejected as HT_EFORMAT\n", fx[f].name, n,
					fx[f].len);
			free(copy);
		}
		CHECK_EQ_INT(bad, 0);
		printf("%s: %zu truncations rejected\n", fx[f].name, fx[f].len);
	}
}

static void test_every_bit_flip(void)
{
	for (int f = 0; f < NFX; f++) {
		size_t bad = 0, n = fx[f].len;
		unsigned char *copy = malloc(n);
		memcpy(copy, fx[f].bytes, n);
		for (size_t i = 0; i < n; i++) {
			for (int b = 0; b < 8; b++) {
				copy[i] ^= (unsigned char)(1u << b);
				/* bytes 8..15 are the format version and the oldest reader version */
				if (!rejected(copy, n, i >= 8 && i < 16) && bad++ < 5)
					fprintf(stderr, "%s: flipping bit %d of byte %zu not rejected\n", fx[f].name, b, i);
				copy[i] ^= (unsigned char)(1u << b);
			}
		}
		CHECK_EQ_INT(bad, 0);
		CHECK(memcmp(copy, fx[f].bytes, n) == 0);
		free(copy);
		printf("%s: %zu bit flips rejected\n", fx[f].name, n * 8);
	}
}

static void test_trailing_bytes(void)
{
	for (int f = 0; f < NFX; f++) {
		size_t n = fx[f].len;
		unsigned char *copy = malloc(n + 16);
		memcpy(copy, fx[f].bytes, n);
		memset(copy + n, 0, 16);
		for (size_t extra = 1; extra <= 16; extra++)
			CHECK(rejected(copy, n + extra, 0));
		free(copy);
	}
}

static void test_newer_version(void)
{
	size_t n = fx[0].len;
	unsigned char *copy = malloc(n);
	memcpy(copy, fx[0].bytes, n);
	copy[8] = 3;  /* written by format 3 ... */
	copy[12] = 3; /* ... and needing a reader of format 3 */
	ht_model *m = (ht_model *)&m;
	ht_error err;
	CHECK_EQ_INT(ht_model_load_buffer(&m, copy, n, NULL, &err), HT_EVERSION);
	CHECK(m == NULL);
	CHECK(strstr(err.message, "version") != NULL);
	free(copy);
}

static void test_corrupt_files(void)
{
	char *dir = robust_tmpdir("corrupt");
	char path[4200];
	snprintf(path, sizeof path, "%s/model.htm", dir);
	size_t n = fx[1].len;
	unsigned char *copy = malloc(n);
	memcpy(copy, fx[1].bytes, n);
	ht_model *m = NULL;
	ht_error err;
	/* truncated to half, then one flipped bit in the middle of the file */
	CHECK_EQ_INT(robust_write_file(path, copy, n / 2), 0);
	CHECK_EQ_INT(ht_model_load(&m, path, NULL, &err), HT_EFORMAT);
	CHECK(m == NULL && err.message[0]);
	copy[n / 2] ^= 0x10;
	CHECK_EQ_INT(robust_write_file(path, copy, n), 0);
	CHECK_EQ_INT(ht_model_load(&m, path, NULL, &err), HT_EFORMAT);
	CHECK(m == NULL && strstr(err.message, "checksum") != NULL);
	copy[n / 2] ^= 0x10;
	CHECK_EQ_INT(robust_write_file(path, copy, n), 0);
	CHECK_EQ_INT(ht_model_load(&m, path, NULL, &err), 0);
	ht_model_free(m);
	/* an empty file and a directory */
	CHECK_EQ_INT(robust_write_file(path, "", 0), 0);
	CHECK_EQ_INT(ht_model_load(&m, path, NULL, &err), HT_EFORMAT);
	CHECK(m == NULL && err.message[0]);
	CHECK_EQ_INT(ht_model_load(&m, dir, NULL, &err), HT_EIO);
	CHECK(m == NULL && err.message[0]);
	free(copy);
	robust_rmdir(dir);
}

static void test_teardown(void)
{
	for (int f = 0; f < NFX; f++)
		ht_buffer_free(fx[f].bytes);
}

static void test_setup(void) { setup(); }

RUN_TESTS("robust_corrupt", T(test_setup), T(test_reference_models_load), T(test_every_truncation),
	  T(test_every_bit_flip), T(test_trailing_bytes), T(test_newer_version), T(test_corrupt_files),
	  T(test_teardown))
