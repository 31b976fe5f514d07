/* SPDX-License-Identifier: MIT */
/* The model file layout of docs/model-format.md, checked byte by byte on a small trained model. */
#include "healthtopics_train.h"
#include "test.h"
#include "util/util.h"
#include "model/model.h"

#include <sys/stat.h>
#include <unistd.h>

static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64(const unsigned char *p) { return u32(p) | (uint64_t)u32(p + 4) << 32; }

static ht_model *tiny_model(ht_solver solver)
{
	ht_corpus *c;
	ht_error err;
	CHECK_EQ_INT(ht_corpus_read(&c, HT_TEST_DATA "/tiny.tsv", NULL, &err), 0);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT;
	o.solver = solver;
	o.folds = 3;
	ht_model *m = NULL;
	CHECK_EQ_INT(ht_train(&m, c, &o, &err), 0);
	ht_corpus_free(c);
	return m;
}

static void layout(void)
{
	ht_model *m = tiny_model(HT_SOLVER_LINEAR);
	void *buf;
	size_t len;
	CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, NULL), 0);
	const unsigned char *p = buf;
	CHECK(memcmp(p, "HTMODEL\x1a", 8) == 0);
	CHECK_EQ_INT(u32(p + 8), 1);
	CHECK_EQ_INT(u32(p + 12), 1);
	CHECK_EQ_INT(u32(p + 16), 6);
	CHECK_EQ_INT(u32(p + 20), 0);
	CHECK_EQ_INT(u32(p + 28), 0);
	uint32_t crc = ht__crc32(0, p, 24);
	crc = ht__crc32(crc, p + 28, 4 + 6 * 24);
	CHECK_EQ_INT(u32(p + 24), crc);
	uint32_t ids[] = {1, 2, 3, 4, 5, 7};
	uint64_t expect = 32 + 6 * 24;
	for (int s = 0; s < 6; s++) {
		const unsigned char *e = p + 32 + 24 * s;
		CHECK_EQ_INT(u32(e), ids[s]);
		CHECK_EQ_INT(u64(e + 8), expect);
		CHECK_EQ_INT(u32(e + 4), ht__crc32(0, p + u64(e + 8), u64(e + 16)));
		expect += u64(e + 16);
	}
	CHECK_EQ_INT(expect, len);
	/* labels section: count then names in order */
	const unsigned char *lab = p + u64(p + 32 + 24 + 8);
	CHECK_EQ_INT(u32(lab), 4);
	CHECK_EQ_INT(u32(lab + 4), 12);
	CHECK(memcmp(lab + 8, "alternatives", 12) == 0);
	/* linear section: F, L, then L biases and F*L floats */
	const unsigned char *lin = p + u64(p + 32 + 4 * 24 + 8);
	size_t F = ht_model_feature_count(m);
	CHECK_EQ_INT(u32(lin), F);
	CHECK_EQ_INT(u32(lin + 4), 4);
	CHECK_EQ_INT(u64(p + 32 + 4 * 24 + 16), 8 + 4 * 8 + F * 4 * 4);
	/* the bytes load back into a model that serialises to the same bytes */
	ht_model *m2;
	CHECK_EQ_INT(ht_model_load_buffer(&m2, buf, len, NULL, NULL), 0);
	void *buf2;
	size_t len2;
	CHECK_EQ_INT(ht_model_serialize(&buf2, &len2, m2, NULL), 0);
	CHECK(len2 == len && memcmp(buf, buf2, len) == 0);
	ht_buffer_free(buf2);
	ht_model_free(m2);
	ht_buffer_free(buf);
	ht_model_free(m);
}

static void kernel_round_trip(void)
{
	for (ht_solver s = HT_SOLVER_RBF; s <= HT_SOLVER_POLY; s++) {
		ht_model *m = tiny_model(s);
		void *buf;
		size_t len;
		CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, NULL), 0);
		CHECK_EQ_INT(u32((unsigned char *)buf + 32 + 4 * 24), 6);
		ht_model *m2;
		CHECK_EQ_INT(ht_model_load_buffer(&m2, buf, len, NULL, NULL), 0);
		double p1[4], p2[4];
		const char *t = "Deep tissue massage can leave you sore but it eased my back.";
		CHECK(ht_classify(p1, NULL, NULL, m, t, strlen(t), NULL) >= 0);
		CHECK(ht_classify(p2, NULL, NULL, m2, t, strlen(t), NULL) >= 0);
		for (int l = 0; l < 4; l++)
			CHECK(p1[l] == p2[l]);
		ht_model_free(m2);
		ht_buffer_free(buf);
		ht_model_free(m);
	}
}

static void rejects_bad_headers(void)
{
	ht_model *m = tiny_model(HT_SOLVER_LINEAR), *out = (ht_model *)1;
	void *buf;
	size_t len;
	ht_error err;
	CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, NULL), 0);
	unsigned char *p = buf;
	CHECK_EQ_INT(ht_model_load_buffer(&out, p, 7, NULL, &err), HT_EFORMAT);
	CHECK(out == NULL);
	CHECK(strstr(err.message, "magic") != NULL);
	/* a newer required reader version is HT_EVERSION, not a checksum complaint */
	p[12] = 3;
	p[8] = 3;
	CHECK_EQ_INT(ht_model_load_buffer(&out, p, len, NULL, &err), HT_EVERSION);
	p[12] = 1;
	p[8] = 1;
	CHECK_EQ_INT(ht_model_load_buffer(&out, p, len, NULL, &err), 0);
	ht_model_free(out);
	p[len - 1] ^= 1; /* calibration section */
	CHECK_EQ_INT(ht_model_load_buffer(&out, p, len, NULL, &err), HT_EFORMAT);
	CHECK(strstr(err.message, "calibration") != NULL);
	p[len - 1] ^= 1;
	ht_limits lim = HT_LIMITS_INIT;
	lim.max_labels = 3;
	CHECK_EQ_INT(ht_model_load_buffer(&out, p, len, &lim, &err), HT_ELIMIT);
	CHECK_EQ_INT(ht_model_load(&out, "/nonexistent/model.htm", NULL, &err), HT_EIO);
	ht_buffer_free(buf);
	ht_model_free(m);
}

/* A model the loader would reject (here a non-finite calibration number) is neither serialised nor saved. */
static void refuses_unloadable(void)
{
	ht_model *m = tiny_model(HT_SOLVER_LINEAR);
	m->platt_a[0] = NAN;
	void *buf = (void *)1;
	size_t len;
	ht_error err;
	CHECK_EQ_INT(ht_model_serialize(&buf, &len, m, &err), HT_EINVAL);
	CHECK(buf == NULL);
	CHECK(strstr(err.message, "not finite") != NULL);
	char path[] = "/tmp/ht-unloadable-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	unlink(path);
	CHECK_EQ_INT(ht_model_save(m, path, &err), HT_EINVAL);
	struct stat st;
	CHECK(stat(path, &st) != 0);
	ht_model_free(m);
}

RUN_TESTS("format", T(layout), T(kernel_round_trip), T(rejects_bad_headers), T(refuses_unloadable))
