/* SPDX-License-Identifier: MIT */
/*
 * format.c: the model file format (docs/model-format.md). Little-endian integers, IEEE-754 floats, no text
 * parsing and no locale. The reader checks every count, offset, length and checksum against the buffer, and
 * every value it will later trust (feature indices, finiteness, ordering), so a loaded model cannot misbehave.
 */
#include "model/model.h"
#include "text/text.h"

#include <math.h>

static const unsigned char MAGIC[8] = {'H', 'T', 'M', 'O', 'D', 'E', 'L', 0x1a};
#define HEADER_SIZE 32
#define ENTRY_SIZE 24

enum {
	SEC_META = 1, SEC_LABELS = 2, SEC_VOCAB = 3, SEC_IDF = 4, SEC_LINEAR = 5, SEC_KERNEL = 6, SEC_CALIB = 7,
	SEC_GATE = 8 /* format version 2 */
};

/* ---- writing ---- */

static int put(ht_buf *b, const void *p, size_t n) { return ht__buf_append(b, p, n); }
static int put_u32(ht_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	return put(b, x, 4);
}
static int put_u64(ht_buf *b, uint64_t v)
{
	return put_u32(b, (uint32_t)v) < 0 ? HT_ENOMEM : put_u32(b, (uint32_t)(v >> 32));
}
static int put_f64(ht_buf *b, double d)
{
	uint64_t v;
	memcpy(&v, &d, 8);
	return put_u64(b, v);
}
static int put_f32(ht_buf *b, float f)
{
	uint32_t v;
	memcpy(&v, &f, 4);
	return put_u32(b, v);
}
static int put_str(ht_buf *b, const char *s, size_t len)
{
	return put_u32(b, (uint32_t)len) < 0 ? HT_ENOMEM : put(b, s, len);
}

static void set_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}
static void set_u64(unsigned char *p, uint64_t v)
{
	set_u32(p, (uint32_t)v);
	set_u32(p + 4, (uint32_t)(v >> 32));
}

static int write_section(ht_buf *b, int id, const ht_model *m)
{
	int rc = 0;
	size_t L = m->n_labels, F = ht_model__features(m);
	switch (id) {
	case SEC_META:
		rc |= put_u32(b, (uint32_t)m->solver);
		rc |= put_u32(b, (uint32_t)m->multilabel);
		rc |= put_u32(b, (uint32_t)m->fx.ngram_min);
		rc |= put_u32(b, (uint32_t)m->fx.ngram_max);
		rc |= put_u32(b, (uint32_t)m->fx.stop_words);
		rc |= put_u32(b, (uint32_t)m->fx.heading_context);
		rc |= put_u32(b, (uint32_t)m->fx.sublinear_tf);
		rc |= put_f64(b, m->gamma);
		rc |= put_u32(b, (uint32_t)m->degree);
		rc |= put_f64(b, m->coef0);
		rc |= put_str(b, m->unicode_version ? m->unicode_version : "", m->unicode_version ? strlen(m->unicode_version) : 0);
		rc |= put_str(b, m->meta ? m->meta : "", m->meta ? strlen(m->meta) : 0);
		break;
	case SEC_LABELS:
		rc |= put_u32(b, (uint32_t)L);
		for (size_t l = 0; l < L; l++)
			rc |= put_str(b, m->labels[l], strlen(m->labels[l]));
		break;
	case SEC_VOCAB:
		rc |= put_u32(b, (uint32_t)F);
		for (size_t f = 0; f < F; f++) {
			size_t len;
			const char *s = ht_features__strtab_str(&m->vocab, (uint32_t)f, &len);
			rc |= put_str(b, s, len);
		}
		break;
	case SEC_IDF:
		for (size_t f = 0; f < F; f++)
			rc |= put_f64(b, m->idf[f]);
		break;
	case SEC_LINEAR:
		rc |= put_u32(b, (uint32_t)F);
		rc |= put_u32(b, (uint32_t)L);
		for (size_t l = 0; l < L; l++)
			rc |= put_f64(b, m->bias[l]);
		for (size_t k = 0; k < F * L; k++)
			rc |= put_f32(b, m->w[k]);
		break;
	case SEC_KERNEL: {
		uint64_t nnz = m->sv_row[m->n_sv];
		rc |= put_u32(b, (uint32_t)m->n_sv);
		rc |= put_u32(b, (uint32_t)L);
		rc |= put_u64(b, nnz);
		for (size_t s = 0; s <= m->n_sv; s++)
			rc |= put_u64(b, m->sv_row[s]);
		for (uint64_t k = 0; k < nnz; k++)
			rc |= put_u32(b, m->sv_idx[k]);
		for (uint64_t k = 0; k < nnz; k++)
			rc |= put_f32(b, m->sv_val[k]);
		for (size_t l = 0; l < L; l++)
			rc |= put_f64(b, m->rho[l]);
		for (size_t k = 0; k < L * m->n_sv; k++)
			rc |= put_f64(b, m->coef[k]);
		break;
	}
	case SEC_CALIB:
		rc |= put_u32(b, (uint32_t)L);
		for (size_t l = 0; l < L; l++) {
			rc |= put_f64(b, m->platt_a[l]);
			rc |= put_f64(b, m->platt_b[l]);
			rc |= put_f64(b, m->threshold[l]);
		}
		break;
	case SEC_GATE:
		rc |= put_u32(b, (uint32_t)F);
		rc |= put_f64(b, m->gate_bias);
		rc |= put_f64(b, m->gate_a);
		rc |= put_f64(b, m->gate_b);
		rc |= put_f64(b, m->gate_min);
		for (size_t f = 0; f < F; f++)
			rc |= put_f32(b, m->gate_w[f]);
		break;
	}
	return rc ? HT_ENOMEM : 0;
}

int ht_model__serialize(ht_buf *out, const ht_model *m, ht_error *err)
{
	/* version 1's six sections; a none gate adds a seventh, which only version 2 readers know */
	int ids[7] = {SEC_META, SEC_LABELS, SEC_VOCAB, SEC_IDF, m->solver == HT_SOLVER_LINEAR ? SEC_LINEAR : SEC_KERNEL,
		      SEC_CALIB, SEC_GATE};
	const size_t nsec = m->gate_w ? 7 : 6;
	const uint32_t version = ht_model__file_version(m);
	if (ht_model__features(m) > UINT32_MAX || m->n_labels > UINT32_MAX || m->n_sv > UINT32_MAX)
		return ht__err(err, HT_ELIMIT, "model too large for format version %u", version);
	out->len = 0;
	unsigned char zero[HEADER_SIZE + 7 * ENTRY_SIZE] = {0};
	if (put(out, zero, HEADER_SIZE + nsec * ENTRY_SIZE) < 0)
		return HT_NOMEM(err);
	for (size_t s = 0; s < nsec; s++) {
		size_t start = out->len;
		if (write_section(out, ids[s], m) < 0)
			return HT_NOMEM(err);
		unsigned char *e = (unsigned char *)out->data + HEADER_SIZE + s * ENTRY_SIZE;
		set_u32(e, (uint32_t)ids[s]);
		set_u32(e + 4, ht__crc32(0, out->data + start, out->len - start));
		set_u64(e + 8, start);
		set_u64(e + 16, out->len - start);
	}
	unsigned char *h = (unsigned char *)out->data;
	memcpy(h, MAGIC, 8);
	set_u32(h + 8, version);
	set_u32(h + 12, version); /* oldest reader version that can read this file */
	set_u32(h + 16, (uint32_t)nsec);
	set_u32(h + 20, 0);
	set_u32(h + 28, 0);
	uint32_t crc = ht__crc32(0, h, 24);
	crc = ht__crc32(crc, h + 28, 4 + nsec * ENTRY_SIZE);
	set_u32(h + 24, crc);
	return 0;
}

/* ---- reading ---- */

typedef struct cur {
	const unsigned char *p, *end;
	const char *section;
	ht_error *err;
	int bad;
} cur;

static int fail(cur *c, const char *what)
{
	if (!c->bad)
		ht__err(c->err, HT_EFORMAT, "corrupt model: %s section: %s", c->section, what);
	c->bad = 1;
	return HT_EFORMAT;
}

static uint32_t get_u32(cur *c)
{
	if (c->bad || (size_t)(c->end - c->p) < 4) {
		fail(c, "truncated");
		return 0;
	}
	uint32_t v = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 | (uint32_t)c->p[2] << 16 | (uint32_t)c->p[3] << 24;
	c->p += 4;
	return v;
}
static uint64_t get_u64(cur *c)
{
	uint64_t lo = get_u32(c);
	return lo | (uint64_t)get_u32(c) << 32;
}
static double get_f64(cur *c)
{
	uint64_t v = get_u64(c);
	double d;
	memcpy(&d, &v, 8);
	if (!isfinite(d)) {
		fail(c, "a number is not finite");
		return 0;
	}
	return d;
}
static float get_f32(cur *c)
{
	uint32_t v = get_u32(c);
	float f;
	memcpy(&f, &v, 4);
	if (!isfinite(f)) {
		fail(c, "a weight is not finite");
		return 0;
	}
	return f;
}
/* Check that n items of size each remain, before allocating for them. */
static int need(cur *c, uint64_t n, size_t each)
{
	if (c->bad)
		return HT_EFORMAT;
	if (each && n > (uint64_t)(c->end - c->p) / each)
		return fail(c, "a count runs past the end of the section");
	return 0;
}
static const char *get_str(cur *c, uint32_t *len)
{
	*len = get_u32(c);
	if (need(c, *len, 1) < 0)
		return NULL;
	const char *s = (const char *)c->p;
	c->p += *len;
	return s;
}
static char *dup_str(cur *c, int allow_empty)
{
	uint32_t len;
	const char *s = get_str(c, &len);
	if (!s)
		return NULL;
	if (!allow_empty && !len) {
		fail(c, "an empty name");
		return NULL;
	}
	if (memchr(s, 0, len)) {
		fail(c, "a string holds a NUL byte");
		return NULL;
	}
	char *d = ht__strndup(s, len);
	if (!d) {
		HT_NOMEM(c->err);
		c->bad = 2;
	}
	return d;
}

static int end_section(cur *c)
{
	if (!c->bad && c->p != c->end)
		return fail(c, "trailing bytes");
	return c->bad ? (c->bad == 2 ? HT_ENOMEM : HT_EFORMAT) : 0;
}

static int read_meta(ht_model *m, cur *c, const ht_limits *lim)
{
	uint32_t solver = get_u32(c), ml = get_u32(c), nmin = get_u32(c), nmax = get_u32(c), sw = get_u32(c),
		 hc = get_u32(c), sub = get_u32(c);
	m->gamma = get_f64(c);
	uint32_t degree = get_u32(c);
	m->coef0 = get_f64(c);
	if (c->bad)
		return end_section(c);
	if (solver > HT_SOLVER_POLY || ml > 1 || sw > 1 || (hc != 0 && hc != 1 && hc != 3) || sub > 1)
		return fail(c, "an option is out of range");
	if (nmin < 1 || nmax < nmin || nmax > 8)
		return fail(c, "the n-gram range is invalid");
	if (degree > 10 || m->gamma < 0)
		return fail(c, "a kernel parameter is out of range");
	const char *why = ht_model__kernel_params_error((int)solver, m->gamma, m->coef0, (int)degree);
	if (why)
		return fail(c, why);
	m->solver = (ht_solver)solver;
	m->multilabel = (int)ml;
	m->fx = (ht_fx){(int)nmin, (int)nmax, (int)sw, (int)hc, (int)sub};
	m->degree = (int)degree;
	m->limits = *lim;
	if (!(m->unicode_version = dup_str(c, 1)))
		return end_section(c);
	if (!(m->meta = dup_str(c, 1)))
		return end_section(c);
	return end_section(c);
}

static int read_labels(ht_model *m, cur *c, const ht_limits *lim)
{
	uint32_t n = get_u32(c);
	if (c->bad)
		return end_section(c);
	if (n == 0)
		return fail(c, "no labels");
	if (n > lim->max_labels)
		return ht__err(c->err, HT_ELIMIT, "model has %u labels, more than the limit of %zu", n, lim->max_labels);
	if (need(c, n, 5) < 0) /* a length and at least one byte each */
		return HT_EFORMAT;
	m->labels = ht__calloc(n, sizeof *m->labels);
	if (!m->labels)
		return HT_NOMEM(c->err);
	m->n_labels = n;
	for (uint32_t l = 0; l < n; l++) {
		if (!(m->labels[l] = dup_str(c, 0)))
			return end_section(c);
		/* names go into JSON and terminals as they are: they must be valid UTF-8 */
		size_t nl = strlen(m->labels[l]);
		if (ht_text__utf8_invalid_at(m->labels[l], nl) != nl)
			return fail(c, "a label name is not valid UTF-8");
		for (uint32_t k = 0; k < l; k++)
			if (strcmp(m->labels[k], m->labels[l]) == 0)
				return fail(c, "a label name is repeated");
	}
	return end_section(c);
}

static int read_vocab(ht_model *m, cur *c, const ht_limits *lim)
{
	uint32_t n = get_u32(c);
	if (c->bad)
		return end_section(c);
	if (n > lim->max_vocabulary)
		return ht__err(c->err, HT_ELIMIT, "model has %u features, more than the limit of %zu", n, lim->max_vocabulary);
	/* Before reserving a table for n terms, check that the section holds them: a 4-byte length and at least one
	 * byte each (empty terms are rejected). The arena needs the string bytes only, not their lengths. */
	if (need(c, n, 5) < 0)
		return HT_EFORMAT;
	if (ht_features__strtab_reserve(&m->vocab, n, (size_t)(c->end - c->p) - (size_t)n * 4) < 0)
		return HT_NOMEM(c->err);
	for (uint32_t f = 0; f < n; f++) {
		uint32_t len, id;
		const char *s = get_str(c, &len);
		if (!s)
			return end_section(c);
		if (len == 0)
			return fail(c, "an empty term");
		int added = ht_features__strtab_intern(&m->vocab, s, len, &id);
		if (added < 0)
			return HT_NOMEM(c->err);
		if (!added)
			return fail(c, "a term is repeated");
	}
	return end_section(c);
}

static int read_idf(ht_model *m, cur *c)
{
	size_t F = ht_model__features(m);
	if (need(c, F, 8) < 0)
		return HT_EFORMAT;
	m->idf = ht__calloc(F ? F : 1, sizeof *m->idf);
	if (!m->idf)
		return HT_NOMEM(c->err);
	for (size_t f = 0; f < F && !c->bad; f++)
		if ((m->idf[f] = get_f64(c)) <= 0 && !c->bad)
			return fail(c, "an idf is not positive");
	return end_section(c);
}

static int read_linear(ht_model *m, cur *c)
{
	size_t F = ht_model__features(m), L = m->n_labels;
	uint32_t nf = get_u32(c), nl = get_u32(c);
	if (c->bad)
		return end_section(c);
	if (nf != F || nl != L)
		return fail(c, "dimensions disagree with the vocabulary or labels");
	size_t cells;
	if (ht__mul_overflows(F, L, &cells) || need(c, L, 8) < 0 || need(c, cells, 4) < 0 ||
	    (uint64_t)L * 8 + (uint64_t)cells * 4 != (uint64_t)(c->end - c->p))
		return fail(c, "weights run past the end");
	m->bias = ht__calloc(L, sizeof *m->bias);
	m->w = ht__calloc(cells ? cells : 1, sizeof *m->w);
	if (!m->bias || !m->w)
		return HT_NOMEM(c->err);
	for (size_t l = 0; l < L; l++)
		m->bias[l] = get_f64(c);
	for (size_t k = 0; k < cells && !c->bad; k++)
		m->w[k] = get_f32(c);
	return end_section(c);
}

static int read_kernel(ht_model *m, cur *c)
{
	size_t F = ht_model__features(m), L = m->n_labels;
	uint32_t nsv = get_u32(c), nl = get_u32(c);
	uint64_t nnz = get_u64(c);
	if (c->bad)
		return end_section(c);
	if (nl != L)
		return fail(c, "label count disagrees");
	/* The whole section's size from its counts (offsets, index and value per non-zero, rho, coefficients) must
	 * be what remains, before anything is allocated for them. */
	size_t cells;
	uint64_t rest = (uint64_t)(c->end - c->p), want = ((uint64_t)nsv + 1) * 8;
	if (nnz > rest / 8 || ht__mul_overflows(L, nsv, &cells) || cells > rest / 8 || L > rest / 8 ||
	    (want += nnz * 8) > rest || (want += (uint64_t)L * 8) > rest || (want += (uint64_t)cells * 8) > rest ||
	    want != rest)
		return fail(c, "support vectors run past the end");
	int rc = ht_model__alloc_kernel(m, nsv, (size_t)nnz, c->err);
	if (rc < 0)
		return rc;
	for (size_t s = 0; s <= nsv; s++) {
		m->sv_row[s] = get_u64(c);
		if (!c->bad && ((s == 0 && m->sv_row[0] != 0) || (s > 0 && m->sv_row[s] < m->sv_row[s - 1]) ||
				m->sv_row[s] > nnz || (s == nsv && m->sv_row[s] != nnz)))
			return fail(c, "support vector offsets are not ascending within bounds");
	}
	for (uint64_t k = 0; k < nnz && !c->bad; k++)
		if ((m->sv_idx[k] = get_u32(c)) >= F && !c->bad)
			return fail(c, "a feature index is out of range");
	for (size_t s = 0; s < nsv && !c->bad; s++)
		for (uint64_t k = m->sv_row[s] + 1; k < m->sv_row[s + 1]; k++)
			if (m->sv_idx[k] <= m->sv_idx[k - 1])
				return fail(c, "feature indices are not ascending");
	for (uint64_t k = 0; k < nnz && !c->bad; k++)
		m->sv_val[k] = get_f32(c);
	for (size_t l = 0; l < L; l++)
		m->rho[l] = get_f64(c);
	for (size_t k = 0; k < cells && !c->bad; k++)
		m->coef[k] = get_f64(c);
	if (!c->bad) {
		ht_model__sv_norms(m->sv_sq, m->sv_row, nsv, m->sv_val, NULL);
		/* Support vectors are TF-IDF rows, of norm 1 (0 when empty); the kernel bounds (kernel_params_error)
		 * rely on it. 1.001 leaves room for the rounding of values to float. */
		for (size_t s = 0; s < nsv; s++)
			if (!(m->sv_sq[s] <= 1.001))
				return fail(c, "a support vector is longer than a unit vector");
	}
	return end_section(c);
}

static int read_calib(ht_model *m, cur *c)
{
	size_t L = m->n_labels;
	if (get_u32(c) != L && !c->bad)
		return fail(c, "label count disagrees");
	if (need(c, L, 24) < 0)
		return HT_EFORMAT;
	m->platt_a = ht__calloc(L, sizeof(double));
	m->platt_b = ht__calloc(L, sizeof(double));
	m->threshold = ht__calloc(L, sizeof(double));
	if (!m->platt_a || !m->platt_b || !m->threshold)
		return HT_NOMEM(c->err);
	for (size_t l = 0; l < L; l++) {
		m->platt_a[l] = get_f64(c);
		m->platt_b[l] = get_f64(c);
		m->threshold[l] = get_f64(c);
	}
	return end_section(c);
}

static int read_gate(ht_model *m, cur *c)
{
	size_t F = ht_model__features(m);
	uint32_t nf = get_u32(c);
	if (c->bad)
		return end_section(c);
	if (m->solver != HT_SOLVER_LINEAR || !m->multilabel)
		return fail(c, "a none gate needs a multi-label linear model");
	if (nf != F)
		return fail(c, "dimensions disagree with the vocabulary");
	if (need(c, F, 4) < 0 || 32 + (uint64_t)F * 4 != (uint64_t)(c->end - c->p))
		return fail(c, "weights run past the end");
	m->gate_bias = get_f64(c);
	m->gate_a = get_f64(c);
	m->gate_b = get_f64(c);
	m->gate_min = get_f64(c);
	if (!c->bad && !(m->gate_min >= 0 && m->gate_min <= 1))
		return fail(c, "the gate's probability is not in [0, 1]");
	if (!(m->gate_w = ht__calloc(F ? F : 1, sizeof *m->gate_w)))
		return HT_NOMEM(c->err);
	for (size_t f = 0; f < F && !c->bad; f++)
		m->gate_w[f] = get_f32(c);
	return end_section(c);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

int ht_model__parse(ht_model **out, const unsigned char *data, size_t len, const ht_limits *limits, ht_error *err)
{
	static const char *const names[] = {"", "meta", "labels", "vocabulary", "idf", "linear", "kernel", "calibration",
					    "none gate"};
	ht_limits lim = limits ? *limits : (ht_limits)HT_LIMITS_INIT;
	*out = NULL;
	if (!data && len)
		return ht__err(err, HT_EINVAL, "NULL buffer");
	if (len < HEADER_SIZE || memcmp(data, MAGIC, 8) != 0)
		return ht__err(err, HT_EFORMAT, len < 8 || memcmp(data, MAGIC, 8) != 0
							? "not a healthtopics model (bad magic bytes)"
							: "corrupt model: truncated header");
	uint32_t version = rd32(data + 8), min_reader = rd32(data + 12), nsec = rd32(data + 16);
	if (min_reader > HT_FORMAT_VERSION)
		return ht__err(err, HT_EVERSION, "model needs format version %u; this library reads up to %d", min_reader,
			       HT_FORMAT_VERSION);
	if (version < 1 || min_reader < 1 || min_reader > version)
		return ht__err(err, HT_EFORMAT, "corrupt model: bad format version fields (%u, %u)", version, min_reader);
	if (nsec < 1 || nsec > 64 || (len - HEADER_SIZE) / ENTRY_SIZE < nsec)
		return ht__err(err, HT_EFORMAT, "corrupt model: section table truncated or count %u invalid", nsec);
	uint32_t crc = ht__crc32(0, data, 24);
	crc = ht__crc32(crc, data + 28, 4 + (size_t)nsec * ENTRY_SIZE);
	if (crc != rd32(data + 24))
		return ht__err(err, HT_EFORMAT, "corrupt model: header checksum mismatch");
	if (rd32(data + 20) != 0 || rd32(data + 28) != 0)
		return ht__err(err, HT_EFORMAT, "corrupt model: unknown header flags");
	ht_model *m = ht_model__new();
	if (!m)
		return HT_NOMEM(err);
	int rc = 0;
	unsigned seen = 0;
	uint64_t expect = HEADER_SIZE + (uint64_t)nsec * ENTRY_SIZE;
	for (uint32_t s = 0; s < nsec && rc == 0; s++) {
		const unsigned char *e = data + HEADER_SIZE + (size_t)s * ENTRY_SIZE;
		uint32_t id = rd32(e), scrc = rd32(e + 4);
		uint64_t off = rd64(e + 8), slen = rd64(e + 16);
		if (id < SEC_META || id > SEC_GATE || (seen & (1u << id))) {
			rc = ht__err(err, HT_EFORMAT, "corrupt model: unknown or repeated section id %u", id);
			break;
		}
		/* Sections are contiguous and in the order meta, labels, vocabulary, idf, weights, calibration, then
		 * (version 2) the none gate, so every byte of the file is covered by a checksum and no section can be
		 * read before its inputs. */
		static const uint32_t order[] = {SEC_META, SEC_LABELS, SEC_VOCAB, SEC_IDF, 0, SEC_CALIB, SEC_GATE};
		if (s >= 7 || (order[s] && id != order[s]) || (s == 4 && id != SEC_LINEAR && id != SEC_KERNEL) ||
		    off != expect || slen > len || off > len - slen) {
			rc = ht__err(err, HT_EFORMAT, "corrupt model: %s section out of place or past the end of the file",
				     names[id]);
			break;
		}
		if (ht__crc32(0, data + off, (size_t)slen) != scrc) {
			rc = ht__err(err, HT_EFORMAT, "corrupt model: %s section checksum mismatch", names[id]);
			break;
		}
		seen |= 1u << id;
		expect = off + slen;
		cur c = {data + off, data + off + slen, names[id], err, 0};
		switch (id) {
		case SEC_META: rc = read_meta(m, &c, &lim); break;
		case SEC_LABELS: rc = read_labels(m, &c, &lim); break;
		case SEC_VOCAB: rc = read_vocab(m, &c, &lim); break;
		case SEC_IDF: rc = read_idf(m, &c); break;
		case SEC_LINEAR:
			rc = m->solver == HT_SOLVER_LINEAR ? read_linear(m, &c)
							   : ht__err(err, HT_EFORMAT, "corrupt model: linear weights in a kernel model");
			break;
		case SEC_KERNEL:
			rc = m->solver != HT_SOLVER_LINEAR ? read_kernel(m, &c)
							   : ht__err(err, HT_EFORMAT, "corrupt model: kernel data in a linear model");
			break;
		case SEC_CALIB: rc = read_calib(m, &c); break;
		case SEC_GATE:
			rc = min_reader >= 2 ? read_gate(m, &c)
					     : ht__err(err, HT_EFORMAT, "corrupt model: a none gate in a file that version 1 "
									"readers would read without it");
			break;
		}
	}
	if (rc == 0 && ((nsec != 6 && nsec != 7) || expect != len))
		rc = ht__err(err, HT_EFORMAT, "corrupt model: %s", expect != len ? "trailing bytes after the last section"
									 : "missing sections");
	if (rc < 0) {
		ht_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}
