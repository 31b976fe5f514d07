/* SPDX-License-Identifier: MIT */
/*
 * test_pages.c: the project's test pages (tests/data/pages: a clinic blog post, a hospital information page, a
 * forum thread, a news article, a product page), each as HTML, Markdown and browser-copied text, classified with
 * the shipped model. Golden units, kinds and labels per form (tests/data/golden/pages; HT_UPDATE_GOLDEN=1
 * rewrites them); the three forms give the same body units and labels; boilerplate is never labeled; every
 * unit's byte range slices the input to exactly its text. Then the HTML rules one by one on small pages.
 */
#include "test.h"

#include "healthtopics.h"

#include <ctype.h>

static ht_model *model;
static const char *const page_names[] = {"clinic-blog", "hospital-info", "forum-thread", "news-article",
					 "product-page"};
static const char *const exts[] = {"html", "md", "txt"};
static const ht_article_format formats[] = {HT_ARTICLE_HTML, HT_ARTICLE_MARKDOWN, HT_ARTICLE_TEXT};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

static const char *kind_name(ht_unit_kind k)
{
	static const char *const names[] = {"paragraph", "heading", "list_item", "table_row", "quote", "boilerplate"};
	return (unsigned)k < 6 ? names[k] : "?";
}

/* Letters and digits only, lower-cased ASCII, other bytes kept: what must survive every form of a text. */
static size_t squeeze(char *out, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || isalnum(c))
			out[o++] = (char)tolower(c);
	}
	return o;
}

/* The raw HTML slice with tags removed and the page's entities decoded, squeezed like the decoded text. */
static size_t html_visible(char *out, const char *s, size_t n)
{
	static const struct {
		const char *e, *u;
	} ents[] = {{"&rsquo;", "\xe2\x80\x99"}, {"&lsquo;", "\xe2\x80\x98"}, {"&ldquo;", "\xe2\x80\x9c"},
		    {"&rdquo;", "\xe2\x80\x9d"}, {"&ndash;", "\xe2\x80\x93"}, {"&middot;", "\xc2\xb7"},
		    {"&nbsp;", "\xc2\xa0"}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&rsaquo;", "\xe2\x80\xba"},
		    {"&copy;", "\xc2\xa9"}};
	char *tmp = malloc(n * 3 + 1);
	size_t t = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			continue;
		}
		int done = 0;
		for (size_t k = 0; k < sizeof ents / sizeof *ents && s[i] == '&'; k++) {
			size_t l = strlen(ents[k].e);
			if (i + l <= n && !memcmp(s + i, ents[k].e, l)) {
				memcpy(tmp + t, ents[k].u, strlen(ents[k].u));
				t += strlen(ents[k].u);
				i += l;
				done = 1;
				break;
			}
		}
		if (!done)
			tmp[t++] = s[i++];
	}
	size_t o = squeeze(out, tmp, t);
	free(tmp);
	return o;
}

static void labels(char *out, size_t cap, const ht_unit *u)
{
	size_t o = 0;
	out[0] = 0;
	for (size_t l = 0; l < ht_model_label_count(model); l++)
		if (u->assigned[l])
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "", ht_model_label_name(model, l));
	if (!o)
		snprintf(out, cap, "-");
}

static void golden(const char *name, const char *ext, const char *got)
{
	char path[512];
	snprintf(path, sizeof path, HT_TEST_DATA "/golden/pages/%s.%s.units", name, ext);
	if (getenv("HT_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f) {
			fputs(got, f);
			fclose(f);
		}
	}
	size_t n;
	char *want = slurp(path, &n);
	CHECK(want != NULL);
	if (!want)
		return;
	if (n != strlen(got) || memcmp(want, got, n) != 0) {
		fprintf(stderr, "golden %s differs; got:\n%s", path, got);
		CHECK(!"golden matches");
	}
	free(want);
}

static void pages(void)
{
	for (size_t p = 0; p < sizeof page_names / sizeof *page_names; p++) {
		ht_article *art[3] = {NULL, NULL, NULL};
		char *in[3];
		size_t len[3];
		for (int f = 0; f < 3; f++) {
			char path[512];
			snprintf(path, sizeof path, HT_TEST_DATA "/pages/%s.%s", page_names[p], exts[f]);
			in[f] = slurp(path, &len[f]);
			CHECK(in[f] != NULL);
			if (!in[f])
				return;
			ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
			o.format = formats[f];
			ht_error err;
			CHECK_EQ_INT(ht_classify_article_ext(&art[f], model, in[f], len[f], &o, &err), 0);
			/* auto detection picks the same reading */
			ht_article *au = NULL;
			CHECK_EQ_INT(ht_classify_article_ext(&au, model, in[f], len[f], NULL, &err), 0);
			CHECK_EQ_INT(ht_article_unit_count(au), ht_article_unit_count(art[f]));
			for (size_t i = 0; i < ht_article_unit_count(au) && i < ht_article_unit_count(art[f]); i++)
				CHECK(ht_article_unit(au, i)->end == ht_article_unit(art[f], i)->end);
			ht_article_free(au);
			/* golden units, and every unit's range slices the input to its text */
			size_t cap = 1 << 16, o_len = 0;
			char *got = malloc(cap);
			got[0] = 0;
			for (size_t i = 0; i < ht_article_unit_count(art[f]); i++) {
				const ht_unit *u = ht_article_unit(art[f], i);
				char lab[128], *a = malloc(u->end - u->start + 1), *b = malloc(u->text_len * 3 + 1);
				CHECK(u->start < u->end && u->end <= len[f]);
				size_t na = squeeze(a, u->text, u->text_len), nb;
				if (formats[f] == HT_ARTICLE_HTML)
					nb = html_visible(b, in[f] + u->start, u->end - u->start);
				else
					nb = squeeze(b, in[f] + u->start, u->end - u->start);
				if (formats[f] == HT_ARTICLE_MARKDOWN) { /* link URLs stay in the raw slice */
					size_t k = 0;
					for (size_t j = 0; j < nb && k < na; j++)
						k += b[j] == a[k];
					CHECK(k == na && na && nb && a[0] == b[0] && a[na - 1] == b[nb - 1]);
				} else if (na != nb || memcmp(a, b, na) != 0) {
					fprintf(stderr, "%s.%s unit %zu: range [%zu,%zu) does not slice its text\n", page_names[p],
						exts[f], i, u->start, u->end);
					CHECK(!"slice matches text");
				}
				free(a);
				free(b);
				labels(lab, sizeof lab, u);
				if (u->kind == HT_UNIT_BOILERPLATE)
					CHECK(!strcmp(lab, "-"));
				if (o_len + u->text_len + 256 > cap)
					got = realloc(got, cap = 2 * cap + u->text_len);
				o_len += (size_t)snprintf(got + o_len, cap - o_len, "%zu\t%zu\t%s%.0u\t%s\t%.*s\n", u->start, u->end,
							  kind_name(u->kind), u->level, lab, (int)u->text_len, u->text);
			}
			golden(page_names[p], exts[f], got);
			free(got);
		}
		/* the three forms: the same body units, labels and kinds (text cannot mark a quote) */
		size_t i[3] = {0, 0, 0};
		for (;;) {
			while (i[0] < ht_article_unit_count(art[0]) && ht_article_unit(art[0], i[0])->kind == HT_UNIT_BOILERPLATE)
				i[0]++;
			int end = i[0] >= ht_article_unit_count(art[0]);
			CHECK_EQ_INT(end, i[1] >= ht_article_unit_count(art[1]));
			CHECK_EQ_INT(end, i[2] >= ht_article_unit_count(art[2]));
			if (end || i[1] >= ht_article_unit_count(art[1]) || i[2] >= ht_article_unit_count(art[2]))
				break;
			const ht_unit *u[3];
			char lab[3][128], sq[3][4096];
			size_t sl[3];
			for (int f = 0; f < 3; f++) {
				u[f] = ht_article_unit(art[f], i[f]++);
				labels(lab[f], sizeof lab[f], u[f]);
				size_t skip = 0; /* the bullet a browser copy keeps */
				if (u[f]->text_len > 4 && !memcmp(u[f]->text, "\xe2\x80\xa2 ", 4))
					skip = 4;
				sl[f] = squeeze(sq[f], u[f]->text + skip, u[f]->text_len - skip < 4000 ? u[f]->text_len - skip : 4000);
			}
			for (int f = 1; f < 3; f++) {
				if (strcmp(lab[0], lab[f]) || sl[0] != sl[f] || memcmp(sq[0], sq[f], sl[0])) {
					fprintf(stderr, "%s: html unit \"%.*s\" [%s] differs in .%s: \"%.*s\" [%s]\n", page_names[p],
						(int)u[0]->text_len, u[0]->text, lab[0], exts[f], (int)u[f]->text_len, u[f]->text, lab[f]);
					CHECK(!"forms agree");
				}
				if (!(f == 2 && u[0]->kind == HT_UNIT_QUOTE && u[f]->kind == HT_UNIT_PARAGRAPH))
					CHECK_EQ_INT(u[f]->kind, u[0]->kind);
			}
		}
		for (int f = 0; f < 3; f++) {
			ht_article_free(art[f]);
			free(in[f]);
		}
	}
}

/* Classify a small HTML page; returns the article (caller frees). */
static ht_article *html(const char *page)
{
	ht_article *a = NULL;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	o.format = HT_ARTICLE_HTML;
	ht_error err;
	CHECK_EQ_INT(ht_classify_article_ext(&a, model, page, strlen(page), &o, &err), 0);
	return a;
}

static int unit_is(const ht_article *a, size_t i, ht_unit_kind kind, const char *text)
{
	const ht_unit *u = ht_article_unit(a, i);
	int ok = u && u->kind == kind && u->text_len == strlen(text) && !memcmp(u->text, text, u->text_len);
	if (!ok)
		fprintf(stderr, "unit %zu: %s \"%.*s\", expected %s \"%s\"\n", i, u ? kind_name(u->kind) : "none",
			u ? (int)u->text_len : 0, u ? u->text : "", kind_name(kind), text);
	return ok;
}

static void html_rules(void)
{
	/* script, style, template, svg, head skipped; br does not split; entities decoded */
	ht_article *a = html("<html><head><title>T</title><style>p{}</style></head><body><script>var x='<p>no</p>';"
			     "</script><template><p>no</p></template><svg><text>no</text></svg><noscript>no</noscript>"
			     "<p>Massage&nbsp;eases<br>back pain &amp; stiffness.</p></body></html>");
	CHECK_EQ_INT(ht_article_unit_count(a), 1);
	CHECK(unit_is(a, 0, HT_UNIT_PARAGRAPH, "Massage\xc2\xa0" "eases back pain & stiffness."));
	ht_article_free(a);
	/* main preferred; nav, header, footer, aside, form, cookie banners and comments are boilerplate */
	a = html("<header><p>Site</p></header><div class=\"gdpr-consent\">We use cookies</div><main><h1>Title</h1>"
		 "<p>Body.</p><div role=\"complementary\">Side</div><section class=\"comments\"><p>Nice!</p></section></main>"
		 "<p>Outside main.</p><footer>Foot</footer>");
	CHECK_EQ_INT(ht_article_unit_count(a), 8);
	CHECK(unit_is(a, 0, HT_UNIT_BOILERPLATE, "Site"));
	CHECK(unit_is(a, 1, HT_UNIT_BOILERPLATE, "We use cookies"));
	CHECK(unit_is(a, 2, HT_UNIT_HEADING, "Title") && ht_article_unit(a, 2)->level == 1);
	CHECK(unit_is(a, 3, HT_UNIT_PARAGRAPH, "Body.") && ht_article_unit(a, 3)->heading == 2);
	CHECK(unit_is(a, 4, HT_UNIT_BOILERPLATE, "Side") && ht_article_unit(a, 4)->heading == (size_t)-1);
	CHECK(unit_is(a, 5, HT_UNIT_BOILERPLATE, "Nice!"));
	CHECK(unit_is(a, 6, HT_UNIT_BOILERPLATE, "Outside main."));
	CHECK(unit_is(a, 7, HT_UNIT_BOILERPLATE, "Foot"));
	ht_article_free(a);
	/* without <main>, <article> is preferred, but not the articles of a comments section */
	a = html("<body><h1>Title</h1><p>Body.</p><section id=\"comments\"><article><p>First!</p></article></section></body>");
	CHECK_EQ_INT(ht_article_unit_count(a), 3);
	CHECK(unit_is(a, 1, HT_UNIT_PARAGRAPH, "Body.") && unit_is(a, 2, HT_UNIT_BOILERPLATE, "First!"));
	ht_article_free(a);
	a = html("<body><p>Menu text</p><article><p>Story.</p></article></body>");
	CHECK(unit_is(a, 0, HT_UNIT_BOILERPLATE, "Menu text") && unit_is(a, 1, HT_UNIT_PARAGRAPH, "Story."));
	ht_article_free(a);
	/* nested heading context: a section's heading stops at the section's end; lists keep their lead-in; rows */
	a = html("<h1>Statins</h1><section><h2>Risks</h2><p>Some risks:</p><ul><li>Aches</li><li>Nausea</li></ul>"
		 "<section><h3>In pregnancy</h3><p>Avoid.</p></section><p>Back under risks.</p></section>"
		 "<table><tr><th>Type</th><th>Dose</th></tr><tr><td>Atorvastatin</td><td>20 mg</td></tr></table>"
		 "<blockquote>Quoted.</blockquote>");
	CHECK_EQ_INT(ht_article_unit_count(a), 11);
	CHECK(unit_is(a, 3, HT_UNIT_LIST_ITEM, "Aches") && ht_article_unit(a, 3)->lead_in == 2);
	CHECK(ht_article_unit(a, 4)->lead_in == 2 && ht_article_unit(a, 4)->heading == 1);
	CHECK(unit_is(a, 5, HT_UNIT_HEADING, "In pregnancy") && ht_article_unit(a, 5)->level == 3);
	CHECK(ht_article_unit(a, 6)->heading == 5);
	/* the heading chain: In pregnancy > Risks > Statins; only headings have a parent */
	CHECK(ht_article_unit(a, 5)->parent == 1 && ht_article_unit(a, 1)->parent == 0);
	CHECK(ht_article_unit(a, 0)->parent == (size_t)-1 && ht_article_unit(a, 6)->parent == (size_t)-1);
	CHECK(unit_is(a, 7, HT_UNIT_PARAGRAPH, "Back under risks.") && ht_article_unit(a, 7)->heading == 1);
	CHECK(unit_is(a, 8, HT_UNIT_TABLE_ROW, "Type | Dose"));
	CHECK(unit_is(a, 9, HT_UNIT_TABLE_ROW, "Atorvastatin | 20 mg"));
	CHECK(unit_is(a, 10, HT_UNIT_QUOTE, "Quoted."));
	ht_article_free(a);
	/* a declared charset that is not UTF-8: fine while the bytes are UTF-8, HT_EUTF8 (naming it) otherwise */
	ht_error err;
	ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
	const char *latin = "<meta charset=\"windows-1252\"><p>Caf\xe9 au lait</p>";
	CHECK_EQ_INT(ht_classify_article_ext(&a, model, latin, strlen(latin), &o, &err), HT_EUTF8);
	CHECK(a == NULL && strstr(err.message, "windows-1252") != NULL);
	const char *ascii = "<meta charset=\"windows-1252\"><p>Cafe au lait</p>";
	CHECK_EQ_INT(ht_classify_article_ext(&a, model, ascii, strlen(ascii), &o, &err), 0);
	ht_article_free(a);
	o.version = 99;
	CHECK_EQ_INT(ht_classify_article_ext(&a, model, ascii, strlen(ascii), &o, &err), HT_EINVAL);
}

/*
 * The heading chain (ht_unit.parent) in each format: a heading sits under the nearest earlier heading with a lower
 * level; a section's end closes its headings; the chain is reported only, so a unit's scores are those it gets
 * with its nearest heading alone as context.
 */
static void heading_chain(void)
{
	static const struct {
		ht_article_format format;
		const char *page;
	} pages[] = {
		{HT_ARTICLE_HTML, "<h1>Statins</h1><h2>Risks</h2><h3>In pregnancy</h3><p>Avoid them.</p><h3>Muscles</h3>"
				  "<p>Aches.</p><h2>Types</h2><p>Several.</p>"},
		{HT_ARTICLE_MARKDOWN, "# Statins\n\n## Risks\n\n### In pregnancy\n\nAvoid them.\n\n### Muscles\n\n"
				      "Aches.\n\n## Types\n\nSeveral.\n"},
		{HT_ARTICLE_TEXT, "# Statins\n\n## Risks\n\n### In pregnancy\n\nAvoid them.\n\n### Muscles\n\n"
				  "Aches.\n\n## Types\n\nSeveral.\n"},
	};
	/* units: 0 Statins, 1 Risks, 2 In pregnancy, 3 Avoid them., 4 Muscles, 5 Aches., 6 Types, 7 Several. */
	static const size_t parent[] = {(size_t)-1, 0, 1, (size_t)-1, 1, (size_t)-1, 0, (size_t)-1};
	static const size_t heading[] = {(size_t)-1, (size_t)-1, (size_t)-1, 2, (size_t)-1, 4, (size_t)-1, 6};
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		ht_article *a = NULL;
		ht_article_options o = HT_ARTICLE_OPTIONS_INIT;
		o.format = pages[p].format;
		ht_error err;
		CHECK_EQ_INT(ht_classify_article_ext(&a, model, pages[p].page, strlen(pages[p].page), &o, &err), 0);
		CHECK_EQ_INT(ht_article_unit_count(a), 8);
		for (size_t i = 0; i < 8 && i < ht_article_unit_count(a); i++) {
			const ht_unit *u = ht_article_unit(a, i);
			CHECK(u->parent == parent[i] && u->heading == heading[i]);
			if (u->kind == HT_UNIT_HEADING)
				continue;
			double prob[4];
			unsigned char as[4];
			const ht_unit *h = ht_article_unit(a, u->heading);
			CHECK(ht_classify_unit(prob, as, NULL, model, u->text, u->text_len, h->text, h->text_len, &err) >= 0);
			CHECK(memcmp(prob, u->prob, sizeof prob) == 0);
		}
		ht_article_free(a);
	}
	/* HTML sections: a heading after a section closes sits under the heading outside it */
	ht_article *a = html("<h1>Statins</h1><section><h2>Risks</h2><p>Some.</p></section><h3>Notes</h3><p>More.</p>");
	CHECK(unit_is(a, 3, HT_UNIT_HEADING, "Notes") && ht_article_unit(a, 3)->parent == 0);
	ht_article_free(a);
}

/* Browser-copied text: a heading (or a byline) directly followed by its paragraph is a unit of its own. */
static void browser_text(void)
{
	const char *t = "Knee braces explained\nBy Jane Holt \xc2\xb7 3 March 2024\nA brace supports the knee.\n\n"
			"Posted on 2 May 2024 | 4 Comments\n\nIs it safe?\nYes, for most people.\n\n"
			"Massage therapy can help reduce\nback pain in many people.\n";
	ht_article *a = NULL;
	CHECK_EQ_INT(ht_classify_article(&a, model, t, strlen(t), NULL), 0);
	CHECK_EQ_INT(ht_article_unit_count(a), 7);
	CHECK(unit_is(a, 0, HT_UNIT_HEADING, "Knee braces explained"));
	CHECK(unit_is(a, 1, HT_UNIT_PARAGRAPH, "By Jane Holt \xc2\xb7 3 March 2024"));
	CHECK(unit_is(a, 2, HT_UNIT_PARAGRAPH, "A brace supports the knee."));
	CHECK(unit_is(a, 3, HT_UNIT_PARAGRAPH, "Posted on 2 May 2024 | 4 Comments"));
	CHECK(unit_is(a, 4, HT_UNIT_HEADING, "Is it safe?"));
	CHECK(unit_is(a, 5, HT_UNIT_PARAGRAPH, "Yes, for most people."));
	CHECK(unit_is(a, 6, HT_UNIT_PARAGRAPH, "Massage therapy can help reduce\nback pain in many people."));
	ht_article_free(a);
}

static void setup(void)
{
	ht_error err;
	if (ht_model_load(&model, HT_SOURCE_DIR "/models/healthtopics-default.htm", NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		exit(1);
	}
}

int main(void)
{
	setup();
	static const test_case tests[] = {{"pages", pages}, {"html_rules", html_rules}, {"browser_text", browser_text},
					   {"heading_chain", heading_chain}};
	int rc = run_tests("pages", tests, sizeof tests / sizeof *tests);
	ht_model_free(model);
	return rc;
}
