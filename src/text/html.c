/* SPDX-License-Identifier: MIT */
/*
 * html.c: an HTML page as units, through gumbo (libgumbo-dev), an HTML5 parser that records where every text
 * node came from in the input. This is the only file that includes gumbo.h.
 *
 * Memory: gumbo allocates through the callbacks below, which go to the project's allocator and link every block
 * into a list. The tree is then freed in one sweep of that list instead of gumbo_destroy_output, which recurses
 * once per level of nesting (100,000 nested tags would overflow the stack), and an allocation failure, which
 * gumbo does not check for, jumps straight out of the parser; the sweep then frees whatever it had made.
 * The tree is walked with an explicit stack on the heap, so no depth of nesting touches the C stack.
 */
#include "text/doc.h"

#include <gumbo.h>
#include <setjmp.h>
#include <stddef.h>

typedef union gblock {
	struct {
		union gblock *prev, *next;
	} l;
	max_align_t align;
} gblock;

typedef struct gmem {
	gblock head; /* a circular list of every live block */
	jmp_buf fail;
} gmem;

static void *galloc(void *ud, size_t size)
{
	gmem *g = ud;
	gblock *b = size < SIZE_MAX - sizeof *b ? ht__malloc(sizeof *b + size) : NULL;
	if (!b)
		longjmp(g->fail, 1);
	b->l.prev = &g->head;
	b->l.next = g->head.l.next;
	g->head.l.next->l.prev = b;
	g->head.l.next = b;
	return b + 1;
}

static void gfree(void *ud, void *p)
{
	(void)ud;
	if (!p)
		return;
	gblock *b = (gblock *)p - 1;
	b->l.prev->l.next = b->l.next;
	b->l.next->l.prev = b->l.prev;
	ht__free(b);
}

static void gfree_all(gmem *g)
{
	gblock *b = g->head.l.next;
	while (b != &g->head) {
		gblock *n = b->l.next;
		ht__free(b);
		b = n;
	}
	g->head.l.prev = g->head.l.next = &g->head;
}

/* NULL when an allocation failed inside gumbo (everything it made is still in g's list). */
static GumboOutput *parse(gmem *g, const GumboOptions *o, const char *in, size_t len)
{
	if (setjmp(g->fail))
		return NULL;
	return gumbo_parse_with_options(o, in, len);
}

/* ---- charset ---- */

/* Offset of the first byte that is not part of well-formed UTF-8, or SIZE_MAX. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			unsigned b = s[i + k];
			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += n + 1;
	}
	return SIZE_MAX;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/*
 * The charset a page declares in its first 1024 bytes (<meta charset=...> or content="...; charset=..."), as
 * the HTML prescan looks for it; 0 when there is none. Copied, lower-cased, into out.
 */
static int declared_charset(const char *in, size_t len, char *out, size_t cap)
{
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; i + 7 <= n; i++) {
		static const char key[] = "charset";
		size_t k = 0;
		while (k < 7 && lower((unsigned char)in[i + k]) == key[k])
			k++;
		if (k < 7)
			continue;
		size_t p = i + 7;
		while (p < n && (in[p] == ' ' || in[p] == '\t'))
			p++;
		if (p >= n || in[p] != '=')
			continue;
		p++;
		while (p < n && (in[p] == ' ' || in[p] == '\t' || in[p] == '"' || in[p] == '\''))
			p++;
		size_t o = 0;
		while (p < n && o + 1 < cap &&
		       ((in[p] >= 'a' && in[p] <= 'z') || (in[p] >= 'A' && in[p] <= 'Z') || (in[p] >= '0' && in[p] <= '9') ||
			in[p] == '-' || in[p] == '_' || in[p] == '.' || in[p] == ':'))
			out[o++] = (char)lower((unsigned char)in[p++]);
		out[o] = 0;
		if (o)
			return 1;
	}
	return 0;
}

/*
 * Pages are read as UTF-8. A page that declares another charset is read as UTF-8 all the same when its bytes
 * are valid UTF-8 (mislabelled pages are common); otherwise it gives HT_EUTF8 naming the charset, because
 * reading windows-1252 as UTF-8 would silently turn every accented letter into U+FFFD. Invalid UTF-8 in a page
 * that declares nothing or UTF-8 becomes U+FFFD (gumbo's decoding), or HT_EUTF8 when the model's limits say so.
 */
static int check_encoding(const char *in, size_t len, int reject, ht_error *err)
{
	size_t bad = utf8_invalid_at((const unsigned char *)in, len);
	if (bad == SIZE_MAX)
		return 0;
	char cs[41];
	if (declared_charset(in, len, cs, sizeof cs) && strcmp(cs, "utf-8") && strcmp(cs, "utf8") &&
	    strcmp(cs, "unicode-1-1-utf-8"))
		return ht__err(err, HT_EUTF8,
			       "the page declares charset=%s and is not valid UTF-8 (byte %zu); healthtopics reads UTF-8 "
			       "only: convert it first (iconv -f %s -t UTF-8)",
			       cs, bad, cs);
	if (reject)
		return ht__err(err, HT_EUTF8, "invalid UTF-8 at byte %zu", bad);
	return 0;
}

/* ---- limits, before gumbo sees the page ---- */

/*
 * gumbo's tree builder checks scopes by scanning the stack of open elements, and checks each new attribute
 * against the tag's earlier ones: 100,000 nested tags took 53 s and 200,000 attributes on one tag 295 s. So a
 * lexical pass first, over a copy made only when needed, blanks with spaces (offsets do not move, and no text is
 * touched) every start tag that would nest deeper than HT_HTML_MAX_DEPTH elements and every attribute after the
 * HT_HTML_MAX_ATTRS-th of a tag. The depth is estimated as a browser would count it, closely enough: elements
 * with optional end tags (p, li, td...), void elements and raw-text elements (script, style...) do not nest; an
 * end tag closes up to the nearest open element of its name, or nothing. Text deeper than the limit is kept; it
 * just joins the element at the limit.
 */
#define HT_HTML_MAX_DEPTH 256
#define HT_HTML_MAX_ATTRS 64

static int name_in(const char *name, const char *const *list)
{
	for (size_t k = 0; list[k]; k++)
		if (!strcmp(name, list[k]))
			return 1;
	return 0;
}

static const char *const flat_tags[] = {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody",
					"thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head",
					"body", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
					"param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
					"image", NULL};
static const char *const raw_tags[] = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
				       "noframes", "noscript", NULL};

typedef struct prescan {
	const char *in;
	char *copy; /* NULL until something is blanked */
	size_t len;
	uint32_t stack[HT_HTML_MAX_DEPTH];
	size_t depth;
} prescan;

static int blank(prescan *p, size_t a, size_t b)
{
	if (!p->copy) {
		if (!(p->copy = ht__malloc(p->len ? p->len : 1)))
			return HT_ENOMEM;
		memcpy(p->copy, p->in, p->len);
	}
	memset(p->copy + a, ' ', b - a);
	return 0;
}

static int is_name_char(unsigned char c) { return c > ' ' && c != '/' && c != '>' && c != '<'; }
static int is_tag_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Read a tag name at in[i..] into name (lower case, at most 15 bytes kept); returns the index after it. */
static size_t tag_name(const char *in, size_t len, size_t i, char *name)
{
	size_t k = 0;
	while (i < len && is_name_char((unsigned char)in[i])) {
		if (k < 15)
			name[k++] = (char)lower((unsigned char)in[i]);
		i++;
	}
	name[k] = 0;
	return i;
}

/* Index of the case-insensitive "</name" at or after i, or len. */
static size_t find_end_tag(const char *in, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);
	for (const char *q; i < len && (q = memchr(in + i, '<', len - i)); i = (size_t)(q - in) + 1) {
		size_t j = (size_t)(q - in);
		if (j + 2 + n <= len && in[j + 1] == '/') {
			size_t k = 0;
			while (k < n && lower((unsigned char)in[j + 2 + k]) == name[k])
				k++;
			if (k == n)
				return j;
		}
	}
	return len;
}

static int prescan_page(prescan *p)
{
	const char *in = p->in;
	size_t len = p->len, i = 0;
	while (i < len) {
		const char *lt = memchr(in + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - in);
		if (i + 1 >= len)
			break;
		unsigned char c = (unsigned char)in[i + 1];
		if (c == '!' && i + 3 < len && in[i + 2] == '-' && in[i + 3] == '-') {
			size_t j = i + 4;
			while (j + 2 < len && !(in[j] == '-' && in[j + 1] == '-' && in[j + 2] == '>'))
				j++;
			i = j + 3;
			continue;
		}
		if (c == '/' && i + 2 < len && lower((unsigned char)in[i + 2]) >= 'a' && lower((unsigned char)in[i + 2]) <= 'z') {
			char name[16];
			size_t j = tag_name(in, len, i + 2, name);
			uint32_t h = ht__fnv1a32(name, strlen(name));
			for (size_t d = p->depth; d > 0; d--)
				if (p->stack[d - 1] == h) {
					p->depth = d - 1;
					break;
				}
			const char *gt = memchr(in + j, '>', len - j);
			i = gt ? (size_t)(gt - in) + 1 : len;
			continue;
		}
		if (!(lower(c) >= 'a' && lower(c) <= 'z')) {
			i++;
			continue;
		}
		size_t start = i;
		char name[16];
		size_t j = tag_name(in, len, i + 1, name);
		size_t attrs = 0, cut = SIZE_MAX;
		int self_closing = 0;
		for (;;) { /* attributes */
			while (j < len && (is_tag_space((unsigned char)in[j]) || in[j] == '/')) {
				self_closing = in[j] == '/';
				j++;
			}
			if (j >= len || in[j] == '>')
				break;
			self_closing = 0;
			if (++attrs > HT_HTML_MAX_ATTRS && cut == SIZE_MAX)
				cut = j;
			while (j < len && !is_tag_space((unsigned char)in[j]) && in[j] != '>' && in[j] != '=' &&
			       !(in[j] == '/' && j + 1 < len && in[j + 1] == '>'))
				j++;
			while (j < len && is_tag_space((unsigned char)in[j]))
				j++;
			if (j < len && in[j] == '=') {
				j++;
				while (j < len && is_tag_space((unsigned char)in[j]))
					j++;
				if (j < len && (in[j] == '"' || in[j] == '\'')) {
					const char *q = memchr(in + j + 1, in[j], len - j - 1);
					j = q ? (size_t)(q - in) + 1 : len;
				} else {
					while (j < len && !is_tag_space((unsigned char)in[j]) && in[j] != '>')
						j++;
				}
			}
		}
		size_t end = j < len ? j + 1 : len; /* after '>' */
		if (cut != SIZE_MAX && blank(p, cut, j) < 0)
			return HT_ENOMEM;
		if (name_in(name, raw_tags)) {
			i = find_end_tag(in, len, end, name);
			continue;
		}
		i = end;
		if (self_closing || name_in(name, flat_tags))
			continue;
		if (p->depth >= HT_HTML_MAX_DEPTH) {
			if (blank(p, start, end) < 0)
				return HT_ENOMEM;
			continue;
		}
		p->stack[p->depth++] = ht__fnv1a32(name, strlen(name));
	}
	return 0;
}

/* ---- what elements mean ---- */

static int skipped(const GumboNode *n)
{
	const GumboElement *e = &n->v.element;
	if (n->type == GUMBO_NODE_TEMPLATE || e->tag_namespace != GUMBO_NAMESPACE_HTML)
		return 1;
	switch (e->tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_AUDIO: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
		return 1;
	default:
		break;
	}
	if (gumbo_get_attribute(&e->attributes, "hidden"))
		return 1;
	const GumboAttribute *a = gumbo_get_attribute(&e->attributes, "aria-hidden");
	return a && strcmp(a->value, "true") == 0;
}

static int is_block(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER:
	case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
	case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
	case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
	case GUMBO_TAG_UL: case GUMBO_TAG_LEGEND:
		return 1;
	default:
		return 0;
	}
}

static const char *attr(const GumboElement *e, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
	return a ? a->value : NULL;
}

/* 1 when v (only its first 256 bytes: attributes can be huge) contains one of the words, case-insensitively. */
static int attr_has(const char *v, const char *const *words)
{
	if (!v)
		return 0;
	char low[257];
	size_t n = 0;
	while (n < 256 && v[n]) {
		low[n] = (char)lower((unsigned char)v[n]);
		n++;
	}
	low[n] = 0;
	for (size_t k = 0; words[k]; k++)
		if (strstr(low, words[k]))
			return 1;
	return 0;
}

static const char *const boiler_roles[] = {"navigation", "banner", "contentinfo", "complementary", "search", NULL};
static const char *const boiler_names[] = {"cookie", "consent", "gdpr", "share", "sharing", "social", "comment",
					   "disqus", "breadcrumb", "newsletter", "sidebar", "related", "promo", NULL};

/*
 * Whether an element starts boilerplate: nav, aside, form, footer; header outside article/main/section/aside/nav
 * (the page's banner, not an article's own header); ARIA landmarks that are not content; class or id naming a
 * cookie or consent banner, a share widget, comments, breadcrumbs, a newsletter box, a sidebar.
 */
static int boilerplate(const GumboElement *e, int in_sectioning)
{
	switch (e->tag) {
	case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_FOOTER:
		return 1;
	case GUMBO_TAG_HEADER:
		if (!in_sectioning)
			return 1;
		break;
	default:
		break;
	}
	return attr_has(attr(e, "role"), boiler_roles) || attr_has(attr(e, "class"), boiler_names) ||
	       attr_has(attr(e, "id"), boiler_names);
}

static int is_main(const GumboElement *e)
{
	const char *r;
	return e->tag == GUMBO_TAG_MAIN || ((r = attr(e, "role")) && strcmp(r, "main") == 0);
}

/* 1 when an ancestor of n is boilerplate (the header rule aside). */
static int inside_boilerplate(const GumboNode *n)
{
	for (const GumboNode *p = n->parent; p && p->type == GUMBO_NODE_ELEMENT; p = p->parent)
		if (boilerplate(&p->v.element, 1))
			return 1;
	return 0;
}

/* 2 when the page has a <main> (or role="main"), 1 when it has an <article>, else 0. Iterative, by parent links. */
static int find_scope(const GumboNode *root)
{
	int found = 0;
	const GumboNode *n = root;
	size_t i = 0; /* next child of n to visit */
	for (;;) {
		const GumboVector *ch = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children
				      : (n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children : NULL);
		if (ch && i < ch->length) {
			const GumboNode *c = ch->data[i];
			if (c->type == GUMBO_NODE_ELEMENT && !skipped(c)) {
				if (is_main(&c->v.element))
					return 2;
				if (c->v.element.tag == GUMBO_TAG_ARTICLE && !inside_boilerplate(c))
					found = 1; /* (an <article> per comment in a comments section does not count) */
				n = c;
				i = 0;
				continue;
			}
			i++;
			continue;
		}
		if (n == root)
			return found;
		i = n->index_within_parent + 1;
		n = n->parent;
	}
}

/* ---- the walk ---- */

typedef struct ctx {
	unsigned char kind, level, boiler, atomic, in_scope, in_sectioning, in_li;
	size_t lead_in;
} ctx;

typedef struct frame {
	const GumboNode *node;
	size_t next;
	int block;
	ctx c;
	size_t saved_heading; /* sections: the heading context to restore when they close, else SIZE_MAX */
} frame;

typedef struct walker {
	ht_doc *d;
	ht_doc_headings hs;
	const char *in;
	size_t len;
	int scope;
	/* the unit being read */
	ht_buf acc;
	size_t start, end;
	int space, sep;
	ctx uc;
} walker;

static int flush(walker *w)
{
	int rc = 0;
	if (w->acc.len && w->start < w->end) {
		int boiler = w->uc.boiler || (w->scope && !w->uc.in_scope);
		ht_unit_kind kind = boiler ? HT_UNIT_BOILERPLATE : (ht_unit_kind)w->uc.kind;
		rc = ht_text__doc_push(w->d, &w->hs, w->start, w->end, kind, w->uc.level,
				  kind == HT_UNIT_LIST_ITEM ? w->uc.lead_in : SIZE_MAX, w->acc.data, w->acc.len);
	}
	w->acc.len = 0;
	w->start = SIZE_MAX;
	w->end = 0;
	w->space = w->sep = 0;
	return rc;
}

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Append a text node: its decoded text with white space collapsed, and its trimmed source range. */
static int add_text(walker *w, const GumboText *t, const ctx *c)
{
	const char *raw = t->original_text.data;
	size_t rl = t->original_text.length;
	int has_raw = raw && raw >= w->in && rl <= w->len && (size_t)(raw - w->in) <= w->len - rl;
	const char *s = t->text;
	size_t n = s ? strlen(s) : 0;
	size_t before = w->acc.len;
	for (size_t i = 0; i < n; i++) {
		if (is_ws((unsigned char)s[i])) {
			w->space = w->acc.len > 0;
			continue;
		}
		if (w->acc.len == 0)
			w->uc = *c;
		if (w->sep || w->space) {
			if (ht__buf_append(&w->acc, w->sep ? " | " : " ", w->sep ? 3 : 1) < 0)
				return HT_ENOMEM;
			w->sep = w->space = 0;
		}
		size_t j = i;
		while (j < n && !is_ws((unsigned char)s[j]))
			j++;
		if (ht__buf_append(&w->acc, s + i, j - i) < 0)
			return HT_ENOMEM;
		i = j - 1;
	}
	if (has_raw && w->acc.len > before) {
		size_t a = (size_t)(raw - w->in), b = a + rl;
		while (a < b && is_ws((unsigned char)w->in[a]))
			a++;
		while (b > a && is_ws((unsigned char)w->in[b - 1]))
			b--;
		if (a < b) {
			if (a < w->start)
				w->start = a;
			if (b > w->end)
				w->end = b;
		}
	}
	return 0;
}

/* The context inside element e (with parent context p); sets *block when e separates units. */
static ctx enter(walker *w, const GumboElement *e, const ctx *p, int *block)
{
	ctx c = *p;
	GumboTag t = e->tag;
	*block = is_block(t) && !(p->atomic && t != GUMBO_TAG_TR && t != GUMBO_TAG_LI && !(t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6));
	if ((w->scope == 2 && is_main(e)) || (w->scope == 1 && t == GUMBO_TAG_ARTICLE))
		c.in_scope = 1;
	if (!c.boiler && boilerplate(e, p->in_sectioning)) {
		c.boiler = 1;
		*block = 1;
	}
	if (t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_ASIDE ||
	    t == GUMBO_TAG_NAV || is_main(e))
		c.in_sectioning = 1;
	switch (t) {
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
		c.kind = HT_UNIT_HEADING;
		c.level = (unsigned char)(1 + (t - GUMBO_TAG_H1));
		c.atomic = 1;
		break;
	case GUMBO_TAG_TR:
		c.kind = HT_UNIT_TABLE_ROW;
		c.level = 0;
		c.atomic = 1;
		break;
	case GUMBO_TAG_LI:
		c.kind = HT_UNIT_LIST_ITEM;
		c.level = 0;
		c.atomic = 0;
		c.in_li = 1;
		break;
	case GUMBO_TAG_BLOCKQUOTE:
		c.kind = HT_UNIT_QUOTE;
		c.level = 0;
		c.atomic = 0;
		break;
	case GUMBO_TAG_TABLE:
		c.kind = HT_UNIT_PARAGRAPH;
		c.level = 0;
		c.atomic = 0;
		break;
	default:
		break;
	}
	return c;
}

/* The paragraph (or, in a nested list, the item) just before a list starts: its lead-in. */
static size_t lead_in(const walker *w, const ctx *c)
{
	if (!w->d->units.len || c->boiler)
		return SIZE_MAX;
	size_t i = w->d->units.len - 1;
	ht_unit_kind k = w->d->units.data[i].kind;
	return k == HT_UNIT_PARAGRAPH || (k == HT_UNIT_LIST_ITEM && c->in_li) ? i : SIZE_MAX;
}

static int walk(walker *w, const GumboNode *doc)
{
	HT_VEC(frame) st = {0};
	int rc = 0;
	ctx c0 = {HT_UNIT_PARAGRAPH, 0, 0, 0, 0, 0, 0, SIZE_MAX};
	if (ht__vec_push(&st, ((frame){doc, 0, 0, c0, SIZE_MAX})) < 0) {
		rc = HT_ENOMEM;
		goto cleanup;
	}
	while (st.len) {
		frame *f = &st.data[st.len - 1];
		const GumboNode *n = f->node;
		const GumboVector *ch = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
		if (f->next >= ch->length) {
			if (f->block && (rc = flush(w)) < 0)
				goto cleanup;
			if (n->type == GUMBO_NODE_ELEMENT && is_block(n->v.element.tag))
				w->space = w->acc.len > 0; /* a block inside a heading or table row */
			if (f->saved_heading != SIZE_MAX)
				w->hs.latest = f->saved_heading;
			GumboTag t = n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
			st.len--;
			if ((t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) && w->acc.len)
				w->sep = 1;
			continue;
		}
		const GumboNode *k = ch->data[f->next++];
		ctx c = f->c;
		switch (k->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_CDATA:
			if ((rc = add_text(w, &k->v.text, &c)) < 0)
				goto cleanup;
			break;
		case GUMBO_NODE_WHITESPACE:
			w->space = w->acc.len > 0;
			break;
		case GUMBO_NODE_ELEMENT: {
			if (skipped(k))
				break;
			int block;
			ctx kc = enter(w, &k->v.element, &c, &block);
			GumboTag t = k->v.element.tag;
			if (t == GUMBO_TAG_BR || t == GUMBO_TAG_HR || is_block(t))
				w->space = w->acc.len > 0;
			if (block && (rc = flush(w)) < 0)
				goto cleanup;
			if (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_MENU)
				kc.lead_in = lead_in(w, &kc);
			/* a section's headings are context inside it only: nested heading context */
			size_t saved = t == GUMBO_TAG_SECTION || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_ASIDE ? w->hs.latest : SIZE_MAX;
			if ((rc = ht__vec_push(&st, ((frame){k, 0, block, kc, saved}))) < 0)
				goto cleanup;
			break;
		}
		default:
			break;
		}
	}
	rc = flush(w);
cleanup:
	ht__vec_free(&st);
	return rc;
}

int ht_text__doc_html(ht_doc *d, const char *in, size_t len, int reject_invalid_utf8, ht_error *err)
{
	int rc = check_encoding(in, len, reject_invalid_utf8, err);
	if (rc < 0)
		return rc;
	prescan *ps = ht__calloc(1, sizeof *ps);
	if (!ps)
		return HT_NOMEM(err);
	ps->in = in;
	ps->len = len;
	if (prescan_page(ps) < 0) {
		ht__free(ps->copy);
		ht__free(ps);
		return HT_NOMEM(err);
	}
	char *copy = ps->copy;
	ht__free(ps);
	if (copy)
		in = copy;
	gmem g;
	g.head.l.prev = g.head.l.next = &g.head;
	GumboOptions o = kGumboDefaultOptions;
	o.allocator = galloc;
	o.deallocator = gfree;
	o.userdata = &g;
	o.max_errors = 0;
	GumboOutput *out = parse(&g, &o, in, len);
	walker w = {.d = d, .in = in, .len = len, .start = SIZE_MAX};
	if (!out) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	w.scope = find_scope(out->document);
	if ((rc = walk(&w, out->document)) < 0)
		rc = HT_NOMEM(err);
cleanup:
	ht__vec_free(&w.acc);
	gfree_all(&g);
	ht__free(copy);
	return rc;
}
