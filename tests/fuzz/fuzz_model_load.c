/* SPDX-License-Identifier: MIT */
/*
 * fuzz_model_load: ht_model_load_buffer on arbitrary bytes. A model that loads must be usable: it describes
 * itself, classifies a text and an article, explains, and serialises to bytes that load again and serialise to
 * the same bytes. A rejected model gives a documented status with a message and no model.
 *
 * Almost every mutation of a model file breaks a CRC-32 and is rejected at the checksum, so each input is loaded
 * twice: as it is, and with its header and section checksums recomputed (where the section table allows), which
 * lets the fuzzer reach the checks on counts, offsets and values behind the checksums.
 */
#include "fuzz_common.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const char sample[] = "# Risks\n\nGentle exercise eases knee pain, but side effects include nausea.\n\n"
			     "- Masks come as nasal pillows\n";

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* Recompute the checksums of a model file in place (layout in docs/model-format.md); 0 if there is no table. */
static int fix_checksums(uint8_t *d, size_t size)
{
	if (size < 32 || memcmp(d, "HTMODEL\x1a", 8) != 0)
		return 0;
	uint32_t nsec = rd32(d + 16);
	if (nsec < 1 || nsec > 64 || (size - 32) / 24 < nsec)
		return 0;
	for (uint32_t s = 0; s < nsec; s++) {
		uint8_t *e = d + 32 + (size_t)s * 24;
		uint64_t off = rd64(e + 8), len = rd64(e + 16);
		if (off <= size && len <= size - off)
			wr32(e + 4, ht__crc32(0, d + off, (size_t)len));
	}
	uint32_t crc = ht__crc32(0, d, 24);
	wr32(d + 24, ht__crc32(crc, d + 28, 4 + (size_t)nsec * 24));
	return 1;
}

static void load_one(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_one(data, size);
	uint8_t *copy = malloc(size ? size : 1);
	FUZZ_ASSERT(copy);
	memcpy(copy, data, size);
	if (fix_checksums(copy, size))
		load_one(copy, size);
	free(copy);
	return 0;
}

static void load_one(const uint8_t *data, size_t size)
{
	ht_model *m = (ht_model *)&m; /* must be overwritten */
	ht_error err;
	int rc = ht_model_load_buffer(&m, data, size, NULL, &err);
	if (rc < 0) {
		FUZZ_ASSERT(m == NULL);
		FUZZ_ASSERT(rc == HT_EFORMAT || rc == HT_EVERSION || rc == HT_ELIMIT);
		FUZZ_ASSERT(err.code == rc && err.message[0]);
		return;
	}
	FUZZ_ASSERT(rc == 0 && m != NULL);
	size_t L = ht_model_label_count(m);
	FUZZ_ASSERT(L >= 1);
	for (size_t l = 0; l < L; l++) {
		const char *name = ht_model_label_name(m, l);
		FUZZ_ASSERT(name && name[0]);
		FUZZ_ASSERT(ht_model_label_index(m, name) == (int)l);
	}
	char *desc = NULL;
	FUZZ_ASSERT(ht_model_describe(&desc, m, &err) == 0 && desc);
	ht_string_free(desc);

	double prob[8], margin[8];
	unsigned char assigned[8];
	if (L <= 8) {
		rc = ht_classify(prob, assigned, margin, m, sample, sizeof sample - 1, &err);
		FUZZ_ASSERT(rc >= 0 && (size_t)rc <= L);
		FUZZ_ASSERT(ht_model_is_multilabel(m) || rc == 1);
	}
	ht_article *a = NULL;
	FUZZ_ASSERT(ht_classify_article(&a, m, sample, sizeof sample - 1, &err) == 0);
	FUZZ_ASSERT(ht_article_unit_count(a) == 3);
	ht_article_free(a);
	ht_explanation *e = NULL;
	FUZZ_ASSERT(ht_explain(&e, m, L - 1, sample, sizeof sample - 1, "Risks", 5, 3, &err) == 0);
	FUZZ_ASSERT(e->count <= 3);
	ht_explanation_free(e);

	/* round trip: what loads serialises to bytes that load and serialise identically */
	void *b1 = NULL, *b2 = NULL;
	size_t n1 = 0, n2 = 0;
	ht_model *m2 = NULL;
	FUZZ_ASSERT(ht_model_serialize(&b1, &n1, m, &err) == 0);
	FUZZ_ASSERT(ht_model_load_buffer(&m2, b1, n1, NULL, &err) == 0);
	FUZZ_ASSERT(ht_model_serialize(&b2, &n2, m2, &err) == 0);
	FUZZ_ASSERT(n1 == n2 && memcmp(b1, b2, n1) == 0);
	ht_buffer_free(b1);
	ht_buffer_free(b2);
	ht_model_free(m2);
	ht_model_free(m);
}
