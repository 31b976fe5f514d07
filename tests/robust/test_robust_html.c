/* SPDX-License-Identifier: MIT */
/*
 * test_robust_html: hostile pages for the HTML and Markdown readers. Each case has a defined, tested result:
 *   100,000 nested tags (div, b, table/li/blockquote mixes)   classified, on a 256 KiB thread stack (nothing
 *                                                             recurses per level); text deeper than 256 levels
 *                                                             is kept
 *   a 50 MB page                                              every copy of the article's units, exact ranges
 *   NUL bytes, invalid UTF-8                                  classified (U+FFFD); HT_EUTF8 with a strict model
 *   a declared charset that is not UTF-8                      read as UTF-8 when the bytes are UTF-8; else
 *                                                             HT_EUTF8 naming the charset and iconv
 *   a 20 MB attribute, 200,000 attributes on one tag          the tag's text is one unit
 *   unclosed and misnested tags                               units in bounds
 *   Markdown: 100,000 nested quotes and brackets              classified
 */
#include "robust.h"

static ht_model *model, *strict;

static ht_article *read_as(const ht_model *m, const char *page, size_t len, ht_article_format f, int *rc)
{
	ht_article *a = NULL;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	o.format = f;
	ht_error err;
	*rc = ht_classify_article_ext(&a, m, page, len, &o, &err);
	if (*rc == 0) {
		for (size_t i = 0; i < ht_article_unit_count(a); i++) {
			const ht_unit *u = ht_article_unit(a, i);
			CHECK(u->start < u->end && u->end <= len && u->text_len > 0);
		}
	}
	return a;
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1);
	memcpy(s, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + n * ul, tail, tl + 1);
	*len = hl + ul * n + tl;
	return s;
}

typedef struct deep_job {
	const char *page;
	size_t len;
	ht_article_format format;
	int rc;
	size_t units;
} deep_job;

static void *deep_run(void *p)
{
	deep_job *j = p;
	ht_article *a = read_as(model, j->page, j->len, j->format, &j->rc);
	j->units = ht_article_unit_count(a);
	ht_article_free(a);
	return NULL;
}

/* Run on a thread with a small stack: a reader that recursed once per level would overflow it. */
static void deep(const char *open, const char *text, ht_article_format f)
{
	size_t len;
	char *page = repeat("", open, 100000, text, &len);
	deep_job j = {page, len, f, -1, 0};
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, (size_t)256 << 10);
	pthread_t t;
	CHECK_EQ_INT(pthread_create(&t, &at, deep_run, &j), 0);
	pthread_join(t, NULL);
	pthread_attr_destroy(&at);
	CHECK_EQ_INT(j.rc, 0);
	CHECK(j.units >= 1);
	free(page);
}

static void nesting(void)
{
	deep("<div>", "deep text", HT_ARTICLE_HTML);
	deep("<b>", "bold text", HT_ARTICLE_HTML);
	deep("<span><table><tr><td><ul><li><blockquote>", "mixed", HT_ARTICLE_HTML);
	deep("<section><h2>x</h2>", "sections", HT_ARTICLE_HTML);
	deep(">", " quoted", HT_ARTICLE_MARKDOWN);
	deep("[", "bracket](u)", HT_ARTICLE_MARKDOWN);
	deep("- ", "item", HT_ARTICLE_MARKDOWN);
}

static void fifty_megabytes(void)
{
	const char *unit = "<article><h2>Risks</h2><p>Bruising &amp; soreness are common.</p><ul><li>Rest</li>"
			   "<li>Ice</li></ul><div class=\"share\">Share</div></article>\n";
	size_t n = ((size_t)50 << 20) / strlen(unit), len;
	char *page = repeat("<!DOCTYPE html><html><body><nav>Menu</nav><main>", unit, n, "</main></body></html>", &len);
	int rc;
	ht_article *a = read_as(model, page, len, HT_ARTICLE_HTML, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1 + 5 * n);
	const ht_unit *u = ht_article_unit(a, 1 + 5 * (n - 1) + 1); /* the last copy's paragraph */
	CHECK(u && u->end - u->start == strlen("Bruising &amp; soreness are common.") &&
	      !memcmp(page + u->start, "Bruising &amp;", 14));
	ht_article_free(a);
	free(page);
}

static void bytes(void)
{
	static const char nul[] = "<p>Massage\0 helps</p>\0<h2>Risks\xff\xfe</h2><p>Bruising \xc3\x28 is common</p>";
	int rc;
	ht_article *a = read_as(model, nul, sizeof nul - 1, HT_ARTICLE_HTML, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 3);
	ht_article_free(a);
	a = read_as(strict, nul, sizeof nul - 1, HT_ARTICLE_HTML, &rc);
	CHECK_EQ_INT(rc, HT_EUTF8);
	CHECK(a == NULL);
	a = read_as(model, nul, sizeof nul - 1, HT_ARTICLE_MARKDOWN, &rc);
	CHECK_EQ_INT(rc, 0);
	ht_article_free(a);
	static const char latin[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
				    "</head><body><p>Caf\xe9 cr\xe8me</p></body></html>";
	ht_error err;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	CHECK_EQ_INT(ht_classify_article_ext(&a, model, latin, sizeof latin - 1, &o, &err), HT_EUTF8);
	CHECK(strstr(err.message, "iso-8859-1") && strstr(err.message, "iconv"));
}

static void attributes(void)
{
	size_t len;
	char *page = repeat("<p class=\"", "x", (size_t)20 << 20, "\">Huge attribute</p>", &len);
	int rc;
	ht_article *a = read_as(model, page, len, HT_ARTICLE_HTML, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	ht_article_free(a);
	free(page);
	page = repeat("<p", " a=1", 200000, ">Many attributes</p>", &len);
	a = read_as(model, page, len, HT_ARTICLE_HTML, &rc);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	CHECK(ht_article_unit(a, 0) && ht_article_unit(a, 0)->text_len == strlen("Many attributes"));
	ht_article_free(a);
	free(page);
}

static void misnested(void)
{
	static const char *const pages[] = {
		"<p>one<p>two<ul><li>a<li>b<table><td>cell<p>in table</b></i><h2>head<p>para",
		"<b><i><p>x</b>y</i>z</p>", "<table><tr>foster<td>a</table>", "</p></div></html><p>late",
		"<h1><h2><h3>x</h1>", "<svg><p>out of svg</p></svg>", "<!-- unterminated", "<script>never closed",
		"<a href=\"x><p>quote never closed", "<![CDATA[x]]><?php echo 1 ?>"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		int rc;
		ht_article *a = read_as(model, pages[i], strlen(pages[i]), HT_ARTICLE_HTML, &rc);
		CHECK_EQ_INT(rc, 0);
		ht_article_free(a);
	}
}

int main(void)
{
	ht_train_options o = robust_options(HT_SOLVER_LINEAR);
	model = fixture_train(fixture_tsv, HT_CORPUS_TSV, &o);
	size_t n;
	void *b = robust_bytes(model, &n);
	ht_limits lim = HT_LIMITS_INIT;
	lim.reject_invalid_utf8 = 1;
	ht_error err;
	CHECK_EQ_INT(ht_model_load_buffer(&strict, b, n, &lim, &err), 0);
	ht_buffer_free(b);
	static const test_case t[] = {T(nesting), T(fifty_megabytes), T(bytes), T(attributes), T(misnested)};
	int rc = run_tests("robust_html", t, sizeof t / sizeof *t);
	ht_model_free(model);
	ht_model_free(strict);
	return rc;
}
