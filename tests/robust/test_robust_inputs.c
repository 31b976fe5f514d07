/* SPDX-License-Identifier: MIT */
/*
 * test_robust_inputs: hostile files and options given to the API and the CLI.
 *
 * - FIFOs (and other non-regular files) given as a model, a corpus, or inside an article directory are refused
 *   at once with a message; nothing blocks (every CLI run here is killed by SIGALRM after 30 s, a failure).
 * - Non-finite training options (NaN passes range checks) and poly kernel parameters whose values overflow are
 *   refused by ht_train (HT_EINVAL) and by `healthtopics train`, which writes nothing.
 * - A corpus whose vocabulary is empty after pruning gives HT_EINVAL with a message; rows without any kept
 *   term train (run under UBSan, this is where memcpy from NULL was).
 * - Crafted models: label names that are not UTF-8 are rejected; poly parameters whose kernel values overflow
 *   are rejected; huge finite coefficients never give a NaN or infinite margin, probability, weight or
 *   contribution; declared counts (terms, labels, support vectors) larger than their section can hold are
 *   rejected before anything is allocated for them (peak allocation measured with a counting allocator).
 * - An --out that is one of the command's inputs (same file: same name, a symlink or a hard link) is refused
 *   with exit 1 and the input unchanged (train, vectorize); vectorize --out is atomic (a write failing
 *   part-way leaves the old file and no temporary file).
 * - `healthtopics train` under a file size limit with SIGXFSZ at its default action fails with exit 2 and a
 *   message, the old file kept and no temporary file; a save removes stale temporary files of its own path
 *   left by dead processes of this host, and keeps every other one.
 * - Empty option values, a missing corpus, repeated and contradictory options each give a message that says
 *   what is wrong (not "NULL argument" or "cannot open " without a reason), exit 1 (usage) or 2, no file.
 * - ht_model_save through a symbolic link replaces the target and keeps the link; an existing file keeps its
 *   permission bits; a file without write bits and a dangling link are refused (HT_EIO) and left alone.
 * - Kernel training under ulimit -v 75000 (a SIGSEGV inside libsvm before) exits 3 with "out of memory".
 */
#include "robust.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>

#ifndef HT_CLI
#define HT_CLI "healthtopics"
#endif

static char *dir;

/* Like robust_run, but the child is killed by SIGALRM after `seconds` (then -1, as for any signal), and stdout
 * goes to out_path when given. */
static int run_cli(char *const argv[], const char *out_path, const char *err_path, unsigned seconds)
{
	return robust_spawn(argv, &(robust_spawn_opts){.out = out_path, .err = err_path, .seconds = seconds});
}

/* run_cli with a file size limit (RLIMIT_FSIZE) of `fsize` bytes; SIGXFSZ ignored unless keep_xfsz. */
static int run_cli_fsize(char *const argv[], const char *err_path, rlim_t fsize, int keep_xfsz)
{
	return robust_spawn(argv, &(robust_spawn_opts){.err = err_path, .seconds = 60, .fsize = fsize,
						     .keep_xfsz = keep_xfsz});
}

/* Number of entries in dir whose name contains ".tmp-". */
static int count_tmp(const char *d)
{
	DIR *dd = opendir(d);
	struct dirent *e;
	int n = 0;
	while (dd && (e = readdir(dd)))
		n += strstr(e->d_name, ".tmp-") != NULL;
	if (dd)
		closedir(dd);
	return n;
}

static int same_bytes(const char *path, const void *data, size_t len)
{
	size_t n;
	unsigned char *b = robust_read_file(path, &n);
	int same = b && n == len && memcmp(b, data, len) == 0;
	free(b);
	return same;
}

static char *path_in(const char *name)
{
	static char buf[8][4400];
	static int k;
	char *p = buf[k++ % 8];
	snprintf(p, sizeof buf[0], "%s/%s", dir, name);
	return p;
}

/* 1 when the file holds `needle`. */
static int file_has(const char *path, const char *needle)
{
	size_t len;
	unsigned char *b = robust_read_file(path, &len);
	if (!b)
		return 0;
	b = realloc(b, len + 1);
	b[len] = 0;
	int r = strstr((char *)b, needle) != NULL;
	free(b);
	return r;
}

/* ---- FIFOs ---- */

static void fifo_model_and_corpus(void)
{
	char *fifo = path_in("f"), *err = path_in("fifo.err"), *model = path_in("fifo-model.htm");
	CHECK(mkfifo(fifo, 0600) == 0);
	ht_model *m = (ht_model *)1;
	ht_error e;
	CHECK_EQ_INT(ht_model_load(&m, fifo, NULL, &e), HT_EIO);
	CHECK(m == NULL);
	CHECK(strstr(e.message, "FIFO") != NULL);
	ht_corpus *c = (ht_corpus *)1;
	CHECK_EQ_INT(ht_corpus_read(&c, fifo, NULL, &e), HT_EIO);
	CHECK(c == NULL);

	/* a model to pair with the FIFO corpus */
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *good = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	CHECK(ht_model_save(good, model, &e) == 0);
	ht_model_free(good);

	char *info[] = {HT_CLI, "info", fifo, NULL};
	CHECK_EQ_INT(run_cli(info, NULL, err, 30), 2);
	CHECK(file_has(err, "not a regular file"));
	char *classify[] = {HT_CLI, "classify", "--model", fifo, "/dev/null", NULL};
	CHECK_EQ_INT(run_cli(classify, NULL, err, 30), 2);
	char *train[] = {HT_CLI, "train", "--corpus", fifo, "--out", path_in("never.htm"), NULL};
	CHECK_EQ_INT(run_cli(train, NULL, err, 30), 2);
	CHECK(!robust_exists(path_in("never.htm")));
	char *lint[] = {HT_CLI, "corpus", "lint", fifo, NULL};
	CHECK_EQ_INT(run_cli(lint, NULL, err, 30), 2);
	char *eval1[] = {HT_CLI, "eval", "--model", fifo, "--corpus", fifo, NULL};
	CHECK_EQ_INT(run_cli(eval1, NULL, err, 30), 2);
	char *eval2[] = {HT_CLI, "eval", "--model", model, "--corpus", fifo, NULL};
	CHECK_EQ_INT(run_cli(eval2, NULL, err, 30), 2);
	unlink(fifo);
	unlink(model);
}

static void fifo_in_article_directory(void)
{
	char *sub = path_in("articles"), *err = path_in("fifo-dir.err");
	CHECK(mkdir(sub, 0700) == 0);
	char art[4400], ff[4400];
	snprintf(art, sizeof art, "%s/ab.txt", sub);
	CHECK(robust_write_file(art, fixture_article, strlen(fixture_article)) == 0);
	snprintf(ff, sizeof ff, "%s/aa.txt", sub);
	CHECK(mkfifo(ff, 0600) == 0);
	ht_corpus *c = (ht_corpus *)1;
	ht_error e;
	CHECK_EQ_INT(ht_corpus_read(&c, sub, NULL, &e), HT_EIO);
	CHECK(c == NULL);
	CHECK(strstr(e.message, "aa.txt") != NULL);
	char *lint[] = {HT_CLI, "corpus", "lint", sub, NULL};
	CHECK_EQ_INT(run_cli(lint, NULL, err, 30), 2);
	CHECK(file_has(err, "aa.txt"));
	unlink(ff);
	unlink(art);
	rmdir(sub);
}

/* ---- non-finite and overflowing training options ---- */

static void train_options_non_finite(void)
{
	ht_corpus *c = fixture_corpus(fixture_tsv, HT_CORPUS_TSV);
	struct {
		ht_solver solver;
		double C, max_df, gamma, coef0;
		int degree;
	} bad[] = {
		{HT_SOLVER_LINEAR, NAN, 1, 0, 1, 2},          {HT_SOLVER_LINEAR, INFINITY, 1, 0, 1, 2},
		{HT_SOLVER_LINEAR, 1, NAN, 0, 1, 2},          {HT_SOLVER_RBF, 1, 1, NAN, 1, 2},
		{HT_SOLVER_POLY, 1, 1, 1, NAN, 2},            {HT_SOLVER_POLY, 1, 1, 1e6, 1e6, 10},
		{HT_SOLVER_POLY, 1, 1, INFINITY, 1, 2},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ht_train_options o = robust_options(bad[i].solver);
		o.C = bad[i].C;
		o.max_df = bad[i].max_df;
		o.gamma = bad[i].gamma;
		o.coef0 = bad[i].coef0;
		o.degree = bad[i].degree;
		ht_model *m = (ht_model *)1;
		ht_error e;
		e.message[0] = 0;
		int rc = ht_train(&m, c, &o, &e);
		if (rc != HT_EINVAL)
			fprintf(stderr, "case %zu: rc %d\n", i, rc);
		CHECK_EQ_INT(rc, HT_EINVAL);
		CHECK(m == NULL);
		CHECK(e.message[0] != 0);
		if (rc == 0)
			ht_model_free(m);
	}
	ht_corpus_free(c);

	char *tsv = path_in("opts.tsv"), *out = path_in("opts.htm"), *err = path_in("opts.err");
	CHECK(robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv)) == 0);
	char *const cases[][12] = {
		{"--solver", "rbf", "--gamma", "nan"},
		{"--solver", "poly", "--coef0", "nan"},
		{"--solver", "poly", "--gamma", "1e6", "--degree", "10", "--coef0", "1e6"},
		{"--C", "nan"},
		{"--C", "inf"},
		{"--max-df", "nan"},
		{"--max-df", "-nan"},
		{"--min-df", "nan"},
		{"--max-features", "nan"},
		{"--threads", "nan"},
		{"--folds", "nan"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *argv[24] = {HT_CLI, "train", "--corpus", tsv, "--format", "tsv", "--out", out};
		size_t n = 8;
		for (size_t k = 0; cases[i][k]; k++)
			argv[n++] = cases[i][k];
		argv[n] = NULL;
		int rc = run_cli(argv, NULL, err, 60);
		if (rc != 1 && rc != 2)
			fprintf(stderr, "train %s %s: exit %d\n", cases[i][0], cases[i][1], rc);
		CHECK(rc == 1 || rc == 2);
		CHECK(!robust_exists(out));
		CHECK(!file_has(err, "wrote"));
		unlink(out);
	}
}

/* ---- an empty vocabulary, and empty rows (memcpy from NULL under UBSan before the fix) ---- */

static void empty_vocabulary(void)
{
	static const char none[] = "benefits\tgood for you\nrisks\tmay hurt\n";
	ht_corpus *c = fixture_corpus(none, HT_CORPUS_TSV);
	ht_train_options o = HT_TRAIN_OPTIONS_INIT; /* min_df 2: no term is kept */
	o.folds = 0;
	o.threads = 1;
	ht_model *m = (ht_model *)1;
	ht_error e;
	CHECK_EQ_INT(ht_train(&m, c, &o, &e), HT_EINVAL);
	CHECK(m == NULL);
	CHECK(strstr(e.message, "vocabulary is empty") != NULL);
	ht_corpus_free(c);

	/* the first row has no kept term, the others do: trains, and the empty row is an empty vector */
	static const char first_empty[] = "benefits\tgood for you\nrisks\tmay hurt\nrisks\tmay hurt a lot\n"
					  "benefits\tgood and kind\n";
	c = fixture_corpus(first_empty, HT_CORPUS_TSV);
	for (int solver = HT_SOLVER_LINEAR; solver <= HT_SOLVER_POLY; solver++) {
		o.solver = (ht_solver)solver;
		m = NULL;
		CHECK_EQ_INT(ht_train(&m, c, &o, &e), 0);
		ht_model_free(m);
	}
	ht_corpus_free(c);

	char *tsv = path_in("empty.tsv"), *out = path_in("empty.htm"), *err = path_in("empty.err");
	CHECK(robust_write_file(tsv, none, strlen(none)) == 0);
	char *argv[] = {HT_CLI, "train", "--corpus", tsv, "--out", out, NULL};
	CHECK_EQ_INT(run_cli(argv, NULL, err, 60), 2);
	CHECK(file_has(err, "vocabulary is empty"));
	CHECK(!robust_exists(out));
}

/* ---- crafted models: bytes edited, then every checksum made right again, so only the edit is wrong ---- */

static uint32_t crc32_of(const unsigned char *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
	}
	return ~crc;
}
static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}
static void wr64(unsigned char *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}
static void wrf64(unsigned char *p, double d)
{
	uint64_t v;
	memcpy(&v, &d, 8);
	wr64(p, v);
}

/* Offset and length of section `id` (docs/model-format.md: 32-byte header, 24-byte entries). */
static size_t section(const unsigned char *b, uint32_t id, size_t *len)
{
	for (uint32_t s = 0; s < rd32(b + 16); s++) {
		const unsigned char *e = b + 32 + s * 24;
		if (rd32(e) == id) {
			*len = (size_t)rd64(e + 16);
			return (size_t)rd64(e + 8);
		}
	}
	return 0;
}

/* Recompute the section table (contiguous sections with the given lengths) and every checksum. */
static void fix_checksums(unsigned char *b)
{
	uint32_t n = rd32(b + 16);
	uint64_t off = 32 + (uint64_t)n * 24;
	for (uint32_t s = 0; s < n; s++) {
		unsigned char *e = b + 32 + s * 24;
		uint64_t len = rd64(e + 16);
		wr64(e + 8, off);
		wr32(e + 4, crc32_of(b + off, (size_t)len, 0));
		off += len;
	}
	uint32_t crc = crc32_of(b, 24, 0);
	wr32(b + 24, crc32_of(b + 28, 4 + (size_t)n * 24, crc));
}

enum { SEC_META = 1, SEC_LABELS = 2, SEC_VOCAB = 3, SEC_KERNEL = 6 };

static unsigned char *model_bytes(ht_solver solver, int multilabel, size_t *len)
{
	ht_train_options o = robust_options(solver);
	ht_model *m = fixture_train(multilabel ? fixture_tsv : fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	CHECK(ht_model_is_multilabel(m) == multilabel);
	void *b = robust_bytes(m, len);
	unsigned char *copy = malloc(*len);
	memcpy(copy, b, *len);
	ht_buffer_free(b);
	ht_model_free(m);
	return copy;
}

static int load_bytes(const unsigned char *b, size_t len, ht_model **m, ht_error *e)
{
	*m = NULL;
	return ht_model_load_buffer(m, b, len, NULL, e);
}

/* A label name that is not UTF-8 is rejected (classify would write it into JSON). */
static void label_not_utf8(void)
{
	size_t len, sl;
	unsigned char *b = model_bytes(HT_SOLVER_LINEAR, 1, &len);
	size_t off = section(b, SEC_LABELS, &sl);
	/* count, then the first name's length and bytes */
	CHECK(sl > 9 && rd32(b + off + 4) >= 2);
	ht_model *m;
	ht_error e;
	static const unsigned char bad[][2] = {{0xff, 'x'}, {0xc0, 0x80}, {0xed, 0xa0}, {0x80, 'a'}};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		unsigned char *c = malloc(len);
		memcpy(c, b, len);
		c[off + 8] = bad[i][0];
		c[off + 9] = bad[i][1];
		fix_checksums(c);
		CHECK_EQ_INT(load_bytes(c, len, &m, &e), HT_EFORMAT);
		CHECK(m == NULL);
		CHECK(strstr(e.message, "UTF-8") != NULL);
		ht_model_free(m);
		free(c);
	}
	/* control: the same edit with valid UTF-8 (two ASCII letters) loads */
	b[off + 8] = 'Q';
	b[off + 9] = 'q';
	fix_checksums(b);
	CHECK_EQ_INT(load_bytes(b, len, &m, &e), 0);
	ht_model_free(m);
	free(b);
}

/* Every probability, margin, weight and contribution is finite and probabilities are in [0, 1]. */
static void check_outputs_finite(const ht_model *m)
{
	static const char *const texts[] = {"", "Massage can leave bruises and it may hurt.",
					    "Yoga, tai chi or acupuncture are other options; benefits include sleep."};
	size_t L = ht_model_label_count(m);
	double prob[64], margin[64];
	unsigned char as[64];
	for (size_t t = 0; t < 3; t++) {
		ht_error e;
		int k = ht_classify(prob, as, margin, m, texts[t], strlen(texts[t]), &e);
		CHECK(k >= 0);
		for (size_t l = 0; l < L && k >= 0; l++) {
			CHECK(isfinite(margin[l]));
			CHECK(prob[l] >= 0 && prob[l] <= 1);
		}
		for (size_t l = 0; l < L; l++) {
			ht_explanation *x = NULL;
			if (ht_explain(&x, m, l, texts[t], strlen(texts[t]), NULL, 0, 0, &e) < 0)
				continue;
			CHECK(isfinite(x->margin) && isfinite(x->bias) && x->prob >= 0 && x->prob <= 1);
			for (size_t i = 0; i < x->count; i++)
				CHECK(isfinite(x->terms[i].value) && isfinite(x->terms[i].weight) &&
				      isfinite(x->terms[i].contribution));
			ht_explanation_free(x);
		}
	}
}

/* Kernel parameters whose values overflow are rejected on load; huge finite coefficients give no NaN. */
static void kernel_scores_finite(void)
{
	size_t len, sl;
	unsigned char *b = model_bytes(HT_SOLVER_POLY, 1, &len);
	size_t off = section(b, SEC_META, &sl);
	ht_model *m;
	ht_error e;
	/* meta: 7 u32 options, gamma f64, degree u32, coef0 f64 */
	struct {
		double gamma, coef0;
		uint32_t degree;
		int ok;
	} k[] = {{1e300, 1, 10, 0}, {1e6, 1e6, 10, 0}, {1, 1e4, 8, 0}, {1e3, 0, 10, 1}, {1, -1, 3, 1}, {30, 1, 4, 1}};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		unsigned char *c = malloc(len);
		memcpy(c, b, len);
		wrf64(c + off + 28, k[i].gamma);
		wr32(c + off + 36, k[i].degree);
		wrf64(c + off + 40, k[i].coef0);
		fix_checksums(c);
		int rc = load_bytes(c, len, &m, &e);
		CHECK_EQ_INT(rc, k[i].ok ? 0 : HT_EFORMAT);
		if (rc == 0)
			check_outputs_finite(m);
		ht_model_free(m);
		free(c);
	}
	/* coefficients of +-1e308: sums overflow to inf - inf without the guard */
	size_t ko = section(b, SEC_KERNEL, &sl);
	uint32_t nsv = rd32(b + ko), L = rd32(b + ko + 4);
	uint64_t nnz = rd64(b + ko + 8);
	size_t coef = ko + 16 + ((size_t)nsv + 1) * 8 + (size_t)nnz * 8 + (size_t)L * 8;
	CHECK(coef + (size_t)L * nsv * 8 == ko + sl);
	for (size_t q = 0; q < (size_t)L * nsv; q++)
		wrf64(b + coef + q * 8, q % 2 ? -1e308 : 1e308);
	fix_checksums(b);
	CHECK_EQ_INT(load_bytes(b, len, &m, &e), 0);
	if (m)
		check_outputs_finite(m);
	ht_model_free(m);
	free(b);
}

/* ---- declared counts checked against the section before allocating ---- */

/* An allocator that records the peak of live bytes (a size header before each block). */
static size_t live_bytes, peak_bytes;
static void *count_malloc(void *ctx, size_t n)
{
	(void)ctx;
	size_t *p = malloc(n + 16);
	if (!p)
		return NULL;
	*p = n;
	if ((live_bytes += n) > peak_bytes)
		peak_bytes = live_bytes;
	return (char *)p + 16;
}
static void count_free(void *ctx, void *q)
{
	(void)ctx;
	if (!q)
		return;
	size_t *p = (size_t *)((char *)q - 16);
	live_bytes -= *p;
	free(p);
}
static void *count_realloc(void *ctx, void *q, size_t n)
{
	void *r = count_malloc(ctx, n);
	if (r && q) {
		size_t old = *(size_t *)((char *)q - 16);
		memcpy(r, q, old < n ? old : n);
		count_free(ctx, q);
	}
	return r;
}

/* The model's bytes with section `id` replaced by body[0..blen). */
static unsigned char *replace_section(const unsigned char *b, size_t len, uint32_t id, const unsigned char *body,
				      size_t blen, size_t *out_len)
{
	size_t sl, off = section(b, id, &sl);
	*out_len = len - sl + blen;
	unsigned char *c = malloc(*out_len);
	memcpy(c, b, off);
	memcpy(c + off, body, blen);
	memcpy(c + off + blen, b + off + sl, len - off - sl);
	for (uint32_t s = 0; s < rd32(c + 16); s++)
		if (rd32(c + 32 + s * 24) == id)
			wr64(c + 32 + s * 24 + 16, blen);
	fix_checksums(c);
	return c;
}

static void declared_counts_cost_nothing(void)
{
	size_t len, n;
	unsigned char *b = model_bytes(HT_SOLVER_LINEAR, 1, &len);
	/* 2 million terms declared, 4 bytes each present: a length of zero, so not one term can be there */
	uint32_t terms = 2000000;
	size_t blen = 4 + (size_t)terms * 4;
	unsigned char *body = calloc(1, blen);
	wr32(body, terms);
	unsigned char *c = replace_section(b, len, SEC_VOCAB, body, blen, &n);
	static const ht_allocator a = {count_malloc, count_realloc, count_free, NULL};
	ht_model *m;
	ht_error e;
	live_bytes = peak_bytes = 0;
	ht_set_allocator(&a);
	int rc = load_bytes(c, n, &m, &e);
	ht_set_allocator(NULL);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	printf("vocabulary of %u declared terms in %zu bytes: peak %zu bytes allocated before rejection\n", terms, blen,
	       peak_bytes);
	CHECK(peak_bytes < blen / 4);
	CHECK_EQ_INT(live_bytes, 0);
	free(c);

	/* the same for labels: 1 million declared, 4 bytes each */
	uint32_t labels = 1000000;
	blen = 4 + (size_t)labels * 4;
	body = realloc(body, blen);
	memset(body, 0, blen);
	wr32(body, labels);
	ht_limits lim = HT_LIMITS_INIT;
	lim.max_labels = 2000000;
	c = replace_section(b, len, SEC_LABELS, body, blen, &n);
	live_bytes = peak_bytes = 0;
	ht_set_allocator(&a);
	m = NULL;
	rc = ht_model_load_buffer(&m, c, n, &lim, &e);
	ht_set_allocator(NULL);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(peak_bytes < blen / 4);
	free(c);
	free(body);
	free(b);

	/* kernel section: counts whose parts each fit but whose sum does not */
	b = model_bytes(HT_SOLVER_RBF, 1, &len);
	size_t sl, ko = section(b, SEC_KERNEL, &sl);
	uint32_t L = rd32(b + ko + 4);
	size_t rest = sl - 16;
	blen = sl;
	body = calloc(1, blen);
	wr32(body, (uint32_t)(rest / 8 / L - 1)); /* nsv: coefficients alone fill the section */
	wr32(body + 4, L);
	wr64(body + 8, rest / 8 - 1);             /* nnz: index + value alone fill it too */
	live_bytes = peak_bytes = 0; /* what loading the genuine model takes */
	ht_set_allocator(&a);
	CHECK_EQ_INT(load_bytes(b, len, &m, &e), 0);
	ht_model_free(m);
	ht_set_allocator(NULL);
	size_t genuine = peak_bytes;
	c = replace_section(b, len, SEC_KERNEL, body, blen, &n);
	live_bytes = peak_bytes = 0;
	ht_set_allocator(&a);
	rc = load_bytes(c, n, &m, &e);
	ht_set_allocator(NULL);
	CHECK_EQ_INT(rc, HT_EFORMAT);
	CHECK(peak_bytes < genuine);
	free(c);
	free(body);
	free(b);
}

/* ---- outputs that are inputs; atomic outputs ---- */

static void output_is_input(void)
{
	char *tsv = path_in("io.tsv"), *sym = path_in("io-link.htm"), *hard = path_in("io-hard.htm");
	char *model = path_in("io-model.htm"), *err = path_in("io.err"), *svm = path_in("io.svm");
	CHECK(robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv)) == 0);
	CHECK(symlink("io.tsv", sym) == 0);
	CHECK(link(tsv, hard) == 0);
	char *outs[] = {tsv, sym, hard};
	for (size_t i = 0; i < 3; i++) {
		char *argv[] = {HT_CLI, "train", "--corpus", tsv, "--min-df", "1", "--out", outs[i], NULL};
		CHECK_EQ_INT(run_cli(argv, NULL, err, 60), 1);
		CHECK(file_has(err, "input"));
		CHECK(same_bytes(tsv, fixture_tsv, strlen(fixture_tsv)));
	}
	char *tr[] = {HT_CLI, "train", "--corpus", tsv, "--min-df", "1", "--folds", "0", "--out", model, NULL};
	CHECK_EQ_INT(run_cli(tr, NULL, err, 60), 0);
	size_t mlen;
	unsigned char *mb = robust_read_file(model, &mlen);
	/* a multi-label model writes one file per label; --label names the one file --out gives */
	char *vec[] = {HT_CLI, "vectorize", "--model", model, "--corpus", tsv, "--label", "benefits", "--out", model, NULL};
	CHECK_EQ_INT(run_cli(vec, NULL, err, 60), 1);
	CHECK(same_bytes(model, mb, mlen));
	char *vec2[] = {HT_CLI, "vectorize", "--model", model, "--corpus", tsv, "--label", "benefits", "--out", tsv, NULL};
	CHECK_EQ_INT(run_cli(vec2, NULL, err, 60), 1);
	CHECK(same_bytes(tsv, fixture_tsv, strlen(fixture_tsv)));

	/* vectorize --out is atomic: a write that fails part-way (file size limit) leaves the old file whole and
	 * no temporary file; a complete one replaces it */
	CHECK(robust_write_file(svm, "old\n", 4) == 0);
	char *vec3[] = {HT_CLI, "vectorize", "--model", model, "--corpus", tsv, "--label", "benefits", "--out", svm, NULL};
	CHECK_EQ_INT(run_cli_fsize(vec3, err, 64, 0), 2);
	CHECK(same_bytes(svm, "old\n", 4));
	CHECK_EQ_INT(count_tmp(dir), 0);
	CHECK_EQ_INT(run_cli(vec3, NULL, err, 60), 0);
	CHECK(!same_bytes(svm, "old\n", 4));
	CHECK_EQ_INT(count_tmp(dir), 0);
	free(mb);
	unlink(sym);
	unlink(hard);
}

/* ---- temporary files: SIGXFSZ, stale ones after SIGKILL ---- */

static void temp_files(void)
{
	char *tsv = path_in("tmp.tsv"), *out = path_in("tmp-model.htm"), *err = path_in("tmp.err");
	CHECK(robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv)) == 0);
	CHECK(robust_write_file(out, "old", 3) == 0);
	/* the file size limit with SIGXFSZ at its default action (as in a shell after ulimit -f) */
	char *argv[] = {HT_CLI, "train", "--corpus", tsv, "--min-df", "1", "--folds", "0", "--out", out, NULL};
	CHECK_EQ_INT(run_cli_fsize(argv, err, 1024, 1), 2);
	CHECK(file_has(err, "File too large"));
	CHECK(same_bytes(out, "old", 3));
	CHECK_EQ_INT(count_tmp(dir), 0);

	/* stale temporary files of this path: a dead process's is removed by the next save; a live process's,
	 * another host's, another path's and a name that does not fit are kept */
	char host[256] = "", clean[72];
	gethostname(host, sizeof host - 1);
	size_t n = 0;
	for (const char *p = host; *p && n < 64; p++)
		clean[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.'
				     ? *p : '_';
	clean[n] = 0;
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	pid_t live = getppid();
	char names[5][4400];
	snprintf(names[0], sizeof names[0], "%s.tmp-%s-%ld-AbC123", out, clean, (long)dead);
	snprintf(names[1], sizeof names[1], "%s.tmp-%s-%ld-AbC123", out, clean, (long)live);
	snprintf(names[2], sizeof names[2], "%s.tmp-otherhost%s-%ld-AbC123", out, clean, (long)dead);
	snprintf(names[3], sizeof names[3], "%s/other.htm.tmp-%s-%ld-AbC123", dir, clean, (long)dead);
	snprintf(names[4], sizeof names[4], "%s.tmp-%s-%ld-AbC1234", out, clean, (long)dead);
	for (int i = 0; i < 5; i++)
		CHECK(robust_write_file(names[i], "x", 1) == 0);
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *m = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	ht_error e;
	CHECK_EQ_INT(ht_model_save(m, out, &e), 0);
	ht_model_free(m);
	CHECK(!robust_exists(names[0]));
	for (int i = 1; i < 5; i++) {
		CHECK(robust_exists(names[i]));
		unlink(names[i]);
	}
	CHECK_EQ_INT(count_tmp(dir), 0);
}

/* ---- messages for empty, missing, repeated and contradictory options ---- */

static void option_messages(void)
{
	char *tsv = path_in("msg.tsv"), *out = path_in("msg.htm"), *err = path_in("msg.err");
	CHECK(robust_write_file(tsv, fixture_tsv, strlen(fixture_tsv)) == 0);
	struct {
		char *args[8];
		int exit;
		const char *says;
	} k[] = {
		{{"--corpus", tsv, "--out", ""}, 1, "--out needs a value"},
		{{"--corpus=", "--out", out}, 1, "--corpus needs a value"},
		{{"--corpus", "", "--out", out}, 1, "--corpus needs a value"},
		{{"--corpus", path_in("missing.tsv"), "--out", out}, 2, "No such file or directory"},
		{{"--corpus", tsv, "--out", out, "--C", "1", "--C", "2"}, 1, "more than once"},
		{{"--corpus", tsv, "-o", out, "--out", out}, 1, "more than once"},
		{{"--corpus", tsv, "--out", out, "--multiclass", "--multilabel"}, 1, "exclude each other"},
		{{"--corpus", tsv, "--out", out, "--folds", "2", "--calibration-folds", "3"}, 1, "give one of them"},
		{{"--corpus", tsv, "--out", out, "--tune", "--C", "2"}, 1, "no effect"},
		{{"--corpus", tsv, "--out", out, "--gamma", "2"}, 1, "rbf or poly only"},
		{{"--corpus", tsv, "--out", out, "--none-gate", "--solver", "rbf"}, 1, "needs --solver linear"},
		{{"--corpus", tsv, "--out", out, "--none-gate", "--multiclass"}, 1, "does not combine with --multiclass"},
		{{"--corpus", tsv, "--out", out, "--none-gate", "--folds", "0"}, 2, "folds >= 2"},
		{{"--corpus", tsv, "--out", out, "--none-gate"}, 2, "at least 5 items without a label"},
	};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		char *argv[16] = {HT_CLI, "train"};
		size_t n = 2;
		for (size_t j = 0; j < 8 && k[i].args[j]; j++)
			argv[n++] = k[i].args[j];
		argv[n] = NULL;
		int rc = run_cli(argv, NULL, err, 60);
		if (rc != k[i].exit || !file_has(err, k[i].says))
			fprintf(stderr, "case %zu: exit %d, expected %d and \"%s\"\n", i, rc, k[i].exit, k[i].says);
		CHECK_EQ_INT(rc, k[i].exit);
		CHECK(file_has(err, k[i].says));
		CHECK(!robust_exists(out));
	}
	char *info[] = {HT_CLI, "info", "", NULL};
	CHECK_EQ_INT(run_cli(info, NULL, err, 60), 2);
	CHECK(file_has(err, "empty path"));
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *m = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	ht_error e;
	CHECK_EQ_INT(ht_model_save(m, "", &e), HT_EINVAL);
	CHECK(strstr(e.message, "empty") != NULL);
	ht_model_free(m);
}

/* ---- saving over a symbolic link or a read-only file ---- */

static void save_links_and_modes(void)
{
	char *real = path_in("real.htm"), *sym = path_in("current.htm"), *ro = path_in("ro.htm"), *dang = path_in("dangling.htm");
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	ht_model *m = fixture_train(fixture_multiclass_tsv, HT_CORPUS_TSV, &o);
	size_t len;
	void *bytes = robust_bytes(m, &len);
	ht_error e;
	struct stat st;
	/* a link: its target is replaced, the link stays, the target keeps its mode */
	CHECK(robust_write_file(real, "old", 3) == 0);
	CHECK(chmod(real, 0640) == 0);
	CHECK(symlink("real.htm", sym) == 0);
	CHECK_EQ_INT(ht_model_save(m, sym, &e), 0);
	CHECK(lstat(sym, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(same_bytes(real, bytes, len));
	CHECK(stat(real, &st) == 0 && (st.st_mode & 0777) == 0640);
	/* an existing file keeps its mode when replaced directly, too */
	CHECK(chmod(real, 0600) == 0);
	CHECK_EQ_INT(ht_model_save(m, real, &e), 0);
	CHECK(stat(real, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* a file with no write bit is refused and left alone (root included: the bits are checked) */
	CHECK(robust_write_file(ro, "old", 3) == 0);
	CHECK(chmod(ro, 0444) == 0);
	CHECK_EQ_INT(ht_model_save(m, ro, &e), HT_EIO);
	CHECK(strstr(e.message, "read-only") != NULL);
	CHECK(same_bytes(ro, "old", 3));
	CHECK(stat(ro, &st) == 0 && (st.st_mode & 0777) == 0444);
	/* a dangling link is refused, not replaced by a regular file */
	CHECK(symlink("nowhere/x.htm", dang) == 0);
	CHECK_EQ_INT(ht_model_save(m, dang, &e), HT_EIO);
	CHECK(lstat(dang, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_EQ_INT(count_tmp(dir), 0);
	chmod(ro, 0644);
	unlink(dang);
	unlink(sym);
	ht_buffer_free(bytes);
	ht_model_free(m);
}

/* ---- libsvm out of memory ---- */

/* run_cli with an address space limit (RLIMIT_AS, as ulimit -v) of `bytes`. */
static int run_cli_as(char *const argv[], const char *err_path, rlim_t bytes, unsigned seconds)
{
	return robust_spawn(argv, &(robust_spawn_opts){.err = err_path, .seconds = seconds, .as = bytes});
}

/* Kernel training of the article corpus under ulimit -v 75000 died of SIGSEGV inside libsvm (which does not
 * check malloc); it now fails with exit 3 and "out of memory" (or trains, if the limit happens to suffice). */
static void kernel_training_out_of_memory(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	printf("skipped under a sanitizer (it reserves more address space than any limit allows)\n");
#else
	char *out = path_in("oom.htm"), *err = path_in("oom.err");
	char *argv[] = {HT_CLI, "train", "--corpus", HT_SOURCE_DIR "/corpus/articles", "--solver", "rbf", "--folds", "0",
			"--threads", "1", "--out", out, NULL};
	int rc = run_cli_as(argv, err, (rlim_t)75000 * 1024, 600);
	if (rc != 0 && rc != 3)
		fprintf(stderr, "train under ulimit -v 75000: exit %d\n", rc);
	CHECK(rc == 0 || rc == 3);
	if (rc == 3)
		CHECK(file_has(err, "out of memory"));
	unlink(out);
#endif
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	alarm(900); /* an in-process read that blocks on a FIFO fails the test instead of hanging ctest */
	dir = robust_tmpdir("inputs");
	static const test_case t[] = {
		T(fifo_model_and_corpus),
		T(fifo_in_article_directory),
		T(train_options_non_finite),
		T(empty_vocabulary),
		T(label_not_utf8),
		T(kernel_scores_finite),
		T(declared_counts_cost_nothing),
		T(output_is_input),
		T(temp_files),
		T(option_messages),
		T(save_links_and_modes),
		T(kernel_training_out_of_memory),
	};
	int rc = run_tests("robust_inputs", t, sizeof t / sizeof *t);
	robust_rmdir(dir);
	return rc;
}
