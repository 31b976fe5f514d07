/* SPDX-License-Identifier: MIT */
/*
 * test_robust_text: hostile text. Each case has a defined, tested result:
 *   empty input and whitespace only    no features; multi-class still assigns one label; an article has no units
 *   invalid UTF-8, overlong forms,      each invalid byte becomes one U+FFFD inside the word (default), or
 *   lone surrogates (ED A0 80)          HT_EUTF8 with the byte offset when limits.reject_invalid_utf8 = 1
 *   embedded NUL                        a separator: the text goes on after it (never a terminator)
 *   a 50 MB single token                classified (ASCII and non-ASCII); as an article, one unit of 50 MB
 *   1 million tiny lines (article)      1 million units with the exact byte ranges
 *   right-to-left text, bidi controls,  NFKC: combining sequences match their precomposed and reordered forms;
 *   combining marks                     bidi and other format controls inside or around words are dropped
 *   CRLF line endings, UTF-8 BOM        the same units, kinds, headings and scores as LF / no BOM
 * Vectors are compared through ht_model_vectorize on a model whose vocabulary holds the words involved.
 */
#include "robust.h"

/* Multi-class, unigrams, every word kept: the vocabulary holds the forms the cases compare against. */
static const char corpus[] =
	"a\tcaf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 knee pain exercise\n"
	"a\tcaf\xef\xbf\xbd x\xef\xbf\xbd\xef\xbf\xbdy z\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdw strength\n"
	"b\t\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d back pain \xe1\xba\xb9\xcc\x81 nausea\n"
	"b\tside effects rash \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\n"
	"c\tbraces insoles sleeve kinds\n"
	"c\tmasks pillows creams tablets\n";

static ht_model *model, *strict;

static void test_setup(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	o.ngram_max = 1;
	o.folds = 0;
	model = fixture_train(corpus, HT_CORPUS_TSV, &o);
	void *b;
	size_t n;
	b = robust_bytes(model, &n);
	ht_limits lim = HT_LIMITS_INIT;
	lim.reject_invalid_utf8 = 1;
	ht_error err;
	CHECK_EQ_INT(ht_model_load_buffer(&strict, b, n, &lim, &err), 0);
	ht_buffer_free(b);
}

typedef struct vec {
	int n;
	uint32_t idx[64];
	double val[64];
} vec;

static vec vectorize(const ht_model *m, const char *text, size_t len)
{
	vec v;
	ht_error err;
	memset(&v, 0, sizeof v);
	v.n = ht_model_vectorize(v.idx, v.val, 64, m, text, len, NULL, 0, &err);
	return v;
}

/* 1 when both texts give the same non-empty vector. */
static int same_words(const char *a, size_t alen, const char *b, size_t blen)
{
	vec x = vectorize(model, a, alen), y = vectorize(model, b, blen);
	return x.n > 0 && x.n == y.n && memcmp(x.idx, y.idx, (size_t)x.n * sizeof *x.idx) == 0 &&
	       memcmp(x.val, y.val, (size_t)x.n * sizeof *x.val) == 0;
}
#define SAME(a, b) same_words(a, sizeof a - 1, b, sizeof b - 1)

/* Classify an article, check every unit's byte range is inside the text, trimmed and in order. */
static ht_article *article(const ht_model *m, const char *text, size_t len, int *rc)
{
	ht_article *a = NULL;
	ht_error err;
	*rc = ht_classify_article(&a, m, text, len, &err);
	if (*rc < 0)
		return NULL;
	size_t prev = 0;
	for (size_t i = 0; i < ht_article_unit_count(a); i++) {
		const ht_unit *u = ht_article_unit(a, i);
		CHECK(u->start < u->end && u->end <= len && u->start >= prev);
		CHECK(text[u->start] != ' ' && text[u->start] != '\n' && text[u->end - 1] != ' ' &&
		      text[u->end - 1] != '\n' && text[u->end - 1] != '\r');
		CHECK(u->heading == (size_t)-1 || u->heading < i);
		prev = u->end;
	}
	return a;
}

static void test_empty_and_whitespace(void)
{
	static const char *const blanks[] = {"", " ", " \t\r\n\f\v ", "\n\n\n", "\xc2\xa0\xe2\x80\x83\xe3\x80\x80\xe2\x80\xa8"};
	double m0[3], p[3];
	unsigned char as[3];
	ht_error err;
	CHECK_EQ_INT(ht_classify(p, as, m0, model, NULL, 0, &err), 1); /* NULL with length 0 is the empty text */
	CHECK_NEAR(p[0] + p[1] + p[2], 1.0, 1e-12);
	CHECK_EQ_INT(ht_classify(p, as, m0, model, NULL, 5, &err), HT_EINVAL);
	CHECK_EQ_INT(ht_classify(p, as, m0, model, "", 0, &err), 1);
	for (size_t k = 0; k < sizeof blanks / sizeof *blanks; k++) {
		size_t len = strlen(blanks[k]);
		double m1[3];
		CHECK_EQ_INT(vectorize(model, blanks[k], len).n, 0);
		CHECK_EQ_INT(ht_classify(p, as, m1, model, blanks[k], len, &err), 1);
		CHECK(memcmp(m0, m1, sizeof m0) == 0); /* exactly the empty text's margins */
		ht_explanation *e = NULL;
		CHECK_EQ_INT(ht_explain(&e, model, 0, blanks[k], len, NULL, 0, 5, &err), 0);
		CHECK(e && e->count == 0);
		ht_explanation_free(e);
		int rc;
		ht_article *a = article(model, blanks[k], len, &rc);
		CHECK_EQ_INT(rc, 0);
		/* ASCII blanks make no unit; a line of Unicode spaces is a unit with no words */
		CHECK_EQ_INT(ht_article_unit_count(a), k < 4 ? 0 : 1);
		ht_article_free(a);
	}
}

static void test_invalid_utf8(void)
{
	/* one U+FFFD per invalid byte, inside the word */
	CHECK(SAME("caf\xff", "caf\xef\xbf\xbd"));
	CHECK(SAME("caf\xc3", "caf\xef\xbf\xbd"));         /* truncated sequence at the end */
	CHECK(SAME("caf\x80 pain", "caf\xef\xbf\xbd pain")); /* stray continuation byte */
	CHECK(SAME("x\xc0\xafy", "x\xef\xbf\xbd\xef\xbf\xbdy"));                 /* overlong '/' in two bytes */
	CHECK(SAME("x\xe0\x80y", "x\xef\xbf\xbd\xef\xbf\xbdy"));                 /* overlong lead, short */
	CHECK(SAME("z\xe0\x80\xafw", "z\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdw"));  /* overlong '/' in three bytes */
	CHECK(SAME("z\xed\xa0\x80w", "z\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdw"));  /* lone high surrogate */
	CHECK(SAME("z\xf4\x90\x80w", "z\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdw"));  /* above U+10FFFF */
	CHECK(SAME("\xff knee", "knee")); /* a lone invalid byte between words is a word of its own, not a known one */

	/* rejected, with the offset of the first bad byte, by every entry point */
	static const char *const bad[] = {"knee \xff", "knee \xc0\xaf", "knee \xed\xa0\x80", "knee caf\xc3"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		ht_error err;
		size_t len = strlen(bad[k]);
		memset(&err, 0, sizeof err);
		CHECK_EQ_INT(ht_classify(NULL, NULL, NULL, strict, bad[k], len, &err), HT_EUTF8);
		CHECK(err.code == HT_EUTF8 && strstr(err.message, "UTF-8") != NULL);
		CHECK(strstr(err.message, k == 3 ? "byte 8" : "byte 5") != NULL);
		CHECK_EQ_INT(vectorize(strict, bad[k], len).n, HT_EUTF8);
		CHECK_EQ_INT(ht_classify_unit(NULL, NULL, NULL, strict, "knee", 4, bad[k], len, &err), HT_EUTF8);
		ht_article *a = (ht_article *)&a;
		CHECK_EQ_INT(ht_classify_article(&a, strict, bad[k], len, &err), HT_EUTF8);
		CHECK(a == NULL);
		/* and the default model classifies it */
		CHECK(ht_classify(NULL, NULL, NULL, model, bad[k], len, &err) >= 0);
	}
	/* valid UTF-8 is not rejected, and gives the same vector either way */
	static const char valid[] = "caf\xc3\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d";
	vec a = vectorize(strict, valid, sizeof valid - 1), b = vectorize(model, valid, sizeof valid - 1);
	CHECK(a.n == 2 && b.n == 2 && memcmp(a.val, b.val, sizeof a.val) == 0);
}

static void test_embedded_nul(void)
{
	CHECK(SAME("knee\0pain", "knee pain"));
	CHECK(SAME("\0\0knee pain\0", "knee pain")); /* not truncated at a leading NUL */
	CHECK(SAME("back\0\0\0pain", "back pain"));
	int rc;
	static const char art[] = "# Risks\0\n\nknee\0pain\n\n\0";
	ht_article *a = article(model, art, sizeof art - 1, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 3); /* heading, paragraph, and the line holding only a NUL */
	ht_article_free(a);
}

static void test_50mb_token(void)
{
	size_t n = (size_t)50 << 20;
	char *t = malloc(n);
	ht_error err;
	double p[3];
	unsigned char as[3];
	memset(t, 'a', n);
	CHECK_EQ_INT(ht_classify(p, as, NULL, model, t, n, &err), 1);
	CHECK_EQ_INT(vectorize(model, t, n).n, 0);
	int rc;
	ht_article *a = article(model, t, n, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	if (ht_article_unit_count(a) == 1) {
		CHECK_EQ_INT(ht_article_unit(a, 0)->start, 0);
		CHECK_EQ_INT(ht_article_unit(a, 0)->end, n);
	}
	ht_article_free(a);
	/* the same size in two-byte letters, through the full normalisation path */
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(t + i, "\xc3\xa9", 2);
	CHECK_EQ_INT(ht_classify(p, as, NULL, model, t, n, &err), 1);
	/* and a known word after the giant one still counts */
	memcpy(t + n - 5, " pain", 5);
	vec v = vectorize(model, t, n), w = vectorize(model, "pain", 4);
	CHECK(v.n == 1 && w.n == 1 && v.idx[0] == w.idx[0]);
	free(t);
}

static void test_million_lines(void)
{
	size_t lines = 1000000, n = lines * 4;
	char *t = malloc(n);
	for (size_t i = 0; i < lines; i++)
		memcpy(t + 4 * i, "- a\n", 4);
	int rc;
	ht_article *a = article(model, t, n, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), lines);
	size_t wrong = 0;
	for (size_t i = 0; i < ht_article_unit_count(a); i++) {
		const ht_unit *u = ht_article_unit(a, i);
		wrong += u->start != 4 * i || u->end != 4 * i + 3 || u->kind != HT_UNIT_BULLET;
	}
	CHECK_EQ_INT(wrong, 0);
	ht_article_free(a);
	/* the same lines without bullets join into one paragraph */
	for (size_t i = 0; i < lines; i++)
		memcpy(t + 4 * i, "ab\r\n", 4);
	a = article(model, t, n, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	if (ht_article_unit_count(a) == 1) {
		CHECK_EQ_INT(ht_article_unit(a, 0)->end, n - 2);
		CHECK_EQ_INT(ht_article_unit(a, 0)->kind, HT_UNIT_PARAGRAPH);
	}
	ht_article_free(a);
	/* and blank-line separated: half a million short units, each a heading-like line */
	for (size_t i = 0; i < lines; i += 2) {
		memcpy(t + 4 * i, "abc\n", 4);
		memcpy(t + 4 * i + 4, "   \n", 4);
	}
	a = article(model, t, n, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), lines / 2);
	ht_article_free(a);
	free(t);
}

static void test_rtl_and_combining(void)
{
	/* combining sequences: decomposed, precomposed and canonically reordered forms are one word */
	CHECK(SAME("cafe\xcc\x81", "caf\xc3\xa9"));                          /* e + U+0301 */
	CHECK(SAME("e\xcc\xa3\xcc\x81", "\xe1\xba\xb9\xcc\x81"));           /* e + dot below + acute */
	CHECK(SAME("e\xcc\x81\xcc\xa3", "\xe1\xba\xb9\xcc\x81"));           /* marks in the other order */
	CHECK(SAME("CAF\xc3\x89", "caf\xc3\xa9"));                          /* case folded */
	/* right-to-left words, with bidi controls around and inside them */
	CHECK(SAME("\xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\x8f", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d")); /* RLM */
	CHECK(SAME("\xd7\xa9\xd7\x9c\xe2\x80\x8f\xd7\x95\xd7\x9d", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"));
	CHECK(SAME("\xe2\x80\xaeknee pain\xe2\x80\xac", "knee pain")); /* RLO ... PDF */
	CHECK(SAME("pa\xe2\x80\xaein", "pain"));                       /* an override cannot split or hide a word */
	CHECK(SAME("\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 rash", "rash \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"));
	/* a base letter with a hundred combining marks, and marks with no base: no crash, a result */
	char zalgo[1 + 200 + 1];
	zalgo[0] = 'e';
	for (int i = 0; i < 100; i++)
		memcpy(zalgo + 1 + 2 * i, i % 2 ? "\xcc\x81" : "\xcd\x93", 2);
	CHECK(ht_classify(NULL, NULL, NULL, model, zalgo, 201, NULL) >= 0);
	CHECK(ht_classify(NULL, NULL, NULL, model, zalgo + 1, 200, NULL) >= 0);
	static const char rtl_article[] = "# \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n\n\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 "
					  "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d.\n- \xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n";
	int rc;
	ht_article *a = article(model, rtl_article, sizeof rtl_article - 1, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 3);
	ht_article_free(a);
}

static const char lf_article[] =
	"# Knee pain\n"
	"\n"
	"Gentle exercise eases knee pain\n"
	"and improves strength.\n"
	"\n"
	"Side effects\n"
	"\n"
	"- nausea\n"
	"  and a rash\n"
	"* back pain\n"
	"1. braces\n"
	"\n"
	"Other options include masks and creams.\n";

/* The same article with CRLF line endings and/or a BOM. */
static char *variant(int crlf, int bom, size_t *len)
{
	char *s = malloc(2 * sizeof lf_article + 3), *p = s;
	if (bom) {
		memcpy(p, "\xef\xbb\xbf", 3);
		p += 3;
	}
	for (const char *q = lf_article; *q; q++) {
		if (*q == '\n' && crlf)
			*p++ = '\r';
		*p++ = *q;
	}
	*len = (size_t)(p - s);
	return s;
}

/* A unit's text with CRs removed, for comparing CRLF units with LF ones. */
static size_t strip_cr(char *out, const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r')
			out[k++] = s[i];
	return k;
}

static void test_crlf_and_bom(void)
{
	int rc;
	ht_article *ref = article(model, lf_article, sizeof lf_article - 1, &rc);
	CHECK_EQ_INT(rc, 0);
	size_t n = ht_article_unit_count(ref);
	CHECK_EQ_INT(n, 7);
	for (int v = 1; v < 4; v++) {
		int crlf = v & 1, bom = v >> 1;
		size_t len;
		char *text = variant(crlf, bom, &len);
		ht_article *a = article(model, text, len, &rc);
		CHECK_EQ_INT(rc, 0);
		CHECK_EQ_INT(ht_article_unit_count(a), n);
		for (size_t i = 0; i < n && i < ht_article_unit_count(a); i++) {
			const ht_unit *x = ht_article_unit(ref, i), *y = ht_article_unit(a, i);
			char bx[256], by[256];
			size_t lx = strip_cr(bx, lf_article + x->start, x->end - x->start);
			size_t ly = strip_cr(by, text + y->start, y->end - y->start);
			CHECK(lx == ly && memcmp(bx, by, lx) == 0);
			CHECK_EQ_INT(y->kind, x->kind);
			CHECK_EQ_INT(y->heading, x->heading);
			CHECK(memcmp(x->prob, y->prob, 3 * sizeof *x->prob) == 0);
			CHECK(memcmp(x->assigned, y->assigned, 3) == 0);
			if (!crlf)
				CHECK(y->start == x->start + 3 && y->end == x->end + 3);
		}
		ht_article_free(a);
		free(text);
	}
	ht_article_free(ref);
	/* a BOM on a plain text, and CRLF between words */
	CHECK(SAME("\xef\xbb\xbfknee pain", "knee pain"));
	CHECK(SAME("knee\r\npain\r\n", "knee pain"));
	/* a corpus with a BOM and CRLF reads the same items as without */
	ht_corpus *c1 = fixture_corpus("a\tknee pain\nb\tback pain\n", HT_CORPUS_TSV),
		  *c2 = fixture_corpus("\xef\xbb\xbf" "a\tknee pain\r\nb\tback pain\r\n", HT_CORPUS_TSV);
	CHECK_EQ_INT(ht_corpus_item_count(c2), 2);
	for (size_t i = 0; i < 2 && i < ht_corpus_item_count(c2); i++) {
		const ht_item *x = ht_corpus_item(c1, i), *y = ht_corpus_item(c2, i);
		CHECK(x->len == y->len && memcmp(x->text, y->text, x->len) == 0);
		CHECK(x->label_count == 1 && y->label_count == 1 && x->labels[0] == y->labels[0]);
	}
	ht_corpus_free(c1);
	ht_corpus_free(c2);
}

static void test_teardown(void)
{
	ht_model_free(model);
	ht_model_free(strict);
}

RUN_TESTS("robust_text", T(test_setup), T(test_empty_and_whitespace), T(test_invalid_utf8), T(test_embedded_nul),
	  T(test_50mb_token), T(test_million_lines), T(test_rtl_and_combining), T(test_crlf_and_bom), T(test_teardown))
