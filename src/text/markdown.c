/* SPDX-License-Identifier: MIT */
/*
 * markdown.c: a Markdown article as units, read line by line by the project's own reader.
 *
 * Why not cmark or md4c (both packaged): units here are blocks, and a block's byte range must be the first to
 * last byte of its text in the input. cmark reports line:column positions (and not reliably for every node
 * type), md4c reports none; both would need the offsets re-derived from text pointers and both build inline
 * trees we would throw away. The blocks an article uses (ATX and Setext headings, bullet and numbered lists,
 * block quotes, pipe tables, fenced and indented code to skip, thematic breaks) are line-level decisions that
 * take a page of code, keep offsets exact by construction, need no recursion and no allocation beyond the
 * output. Inline markup is removed from each unit's decoded text: emphasis, strike-through, code-span ticks,
 * inline HTML tags, link and image markup (link text kept, images dropped), backslash escapes; the common
 * entities are decoded.
 */
#include "text/doc.h"

static int is_sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
static int is_punct(unsigned char c) { return c > 32 && c < 127 && !is_alnum(c); }

/* 10..15 for a hex letter, else 0. */
static int hex_letter(unsigned char c)
{
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
}

static int put_cp(ht_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return ht__buf_append(b, u, n);
}

/* Length of an entity at s ("&amp;", "&#8217;", "&#x2019;"...) decoded into b, or 0 when it is not one. */
static size_t entity(ht_buf *b, const char *s, size_t n, int *rc)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} names[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}, {"nbsp;", 0xA0},
		     {"rsquo;", 0x2019}, {"lsquo;", 0x2018}, {"rdquo;", 0x201D}, {"ldquo;", 0x201C},
		     {"ndash;", 0x2013}, {"mdash;", 0x2014}, {"hellip;", 0x2026}, {"middot;", 0xB7}};
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		size_t l = strlen(names[k].name);
		if (n > l && memcmp(s + 1, names[k].name, l) == 0) {
			*rc = put_cp(b, names[k].cp);
			return l + 1;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	size_t i = 2;
	int hex = s[2] == 'x' || s[2] == 'X';
	i += (size_t)hex;
	unsigned long cp = 0;
	size_t digits = 0;
	while (i < n && digits < 7) {
		unsigned char c = (unsigned char)s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : hex && hex_letter(c) ? hex_letter(c) : -1;
		if (v < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)v;
		digits++;
		i++;
	}
	if (!digits || i >= n || s[i] != ';')
		return 0;
	*rc = put_cp(b, cp);
	return i + 1;
}

/* Index just past the bracket closing the one at s[i] (open/close), searching at most 2,000 bytes, or 0. */
static size_t closing(const char *s, size_t n, size_t i, char open, char close)
{
	int depth = 0;
	size_t lim = n - i > 2000 ? i + 2000 : n;
	for (size_t k = i; k < lim; k++) {
		if (s[k] == '\\') {
			k++;
			continue;
		}
		if (s[k] == open)
			depth++;
		else if (s[k] == close && --depth == 0)
			return k + 1;
	}
	return 0;
}

/*
 * Append s[0..n) to b without inline markup. Links: "[text](url)" and "[text][ref]" keep text; images
 * "![alt](url)" go; the skip after a link's text is remembered on a small stack, so nothing recurses.
 */
static int strip_inline(ht_buf *b, const char *s, size_t n)
{
	size_t skip_at[32], skip_to[32], ns = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		unsigned char c = (unsigned char)s[i];
		if (ns && i == skip_at[ns - 1]) {
			i = skip_to[--ns];
			continue;
		}
		if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
			rc = ht__buf_append(b, s + i + 1, 1);
			i += 2;
		} else if (c == '`') {
			size_t r = i;
			while (r < n && s[r] == '`')
				r++;
			size_t run = r - i, k = r;
			while (k < n) { /* find a closing run of the same length */
				size_t q = k;
				while (q < n && s[q] == '`')
					q++;
				if (q - k == run)
					break;
				k = q > k ? q : k + 1;
			}
			if (k < n) {
				rc = ht__buf_append(b, s + r, k - r);
				i = k + run;
			} else {
				i = r;
			}
		} else if ((c == '!' && i + 1 < n && s[i + 1] == '[') || c == '[') {
			size_t o = c == '!' ? i + 1 : i, e = closing(s, n, o, '[', ']'), u = 0;
			if (e && e < n && (s[e] == '(' || s[e] == '['))
				u = closing(s, n, e, s[e], s[e] == '(' ? ')' : ']');
			if (c == '!' && u) {
				i = u; /* an image: alt text and url dropped */
			} else if (c == '[' && e && ns < 32) {
				skip_at[ns] = e - 1; /* the ']' */
				skip_to[ns++] = u ? u : e;
				i++;
			} else {
				rc = ht__buf_append(b, s + i, 1);
				i++;
			}
		} else if (c == '*' || c == '~' || (c == '_' && (i == 0 || !is_alnum((unsigned char)s[i - 1]) || i + 1 == n ||
							      !is_alnum((unsigned char)s[i + 1])))) {
			i++; /* emphasis, strong, strike-through markers */
		} else if (c == '<' && i + 1 < n &&
			   (s[i + 1] == '/' || s[i + 1] == '!' || ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z'))) {
			const char *gt = memchr(s + i, '>', n - i < 300 ? n - i : 300);
			if (gt) {
				size_t g = (size_t)(gt - s);
				if (g > i + 4 && (!memcmp(s + i + 1, "http", 4) || memchr(s + i, '@', g - i)))
					rc = ht__buf_append(b, s + i + 1, g - i - 1); /* autolink: keep the address */
				else
					rc = ht__buf_append(b, " ", 1); /* inline HTML tag */
				i = g + 1;
			} else {
				rc = ht__buf_append(b, s + i, 1);
				i++;
			}
		} else if (c == '&') {
			size_t l = entity(b, s + i, n - i, &rc);
			if (!l)
				rc = ht__buf_append(b, s + i, 1);
			i += l ? l : 1;
		} else {
			size_t j = i + 1;
			while (j < n && !strchr("\\`![]*_~<&", s[j]))
				j++;
			if (ns && skip_at[ns - 1] < j)
				j = skip_at[ns - 1] > i ? skip_at[ns - 1] : i + 1;
			rc = ht__buf_append(b, s + i, j - i);
			i = j;
		}
	}
	return rc < 0 ? HT_ENOMEM : 0;
}

/* ---- blocks ---- */

typedef struct mdblock {
	int open;
	ht_unit_kind kind;
	unsigned level;
	size_t start, end, lead_in;
	ht_buf raw;  /* the block's lines, markers removed, joined by spaces: inline markup may span lines */
	ht_buf text; /* decoded */
} mdblock;

typedef struct mdreader {
	ht_doc *d;
	ht_doc_headings hs;
	mdblock b;
	size_t run_lead; /* lead-in of the current run of list items */
} mdreader;

static int flush(mdreader *r)
{
	int rc = 0;
	mdblock *b = &r->b;
	if (b->open && b->kind != HT_UNIT_TABLE_ROW && strip_inline(&b->text, b->raw.data, b->raw.len) < 0)
		return HT_ENOMEM;
	size_t a = 0, e = b->text.len; /* trim the decoded text */
	while (a < e && (is_sp((unsigned char)b->text.data[a]) || b->text.data[a] == '\n'))
		a++;
	while (e > a && (is_sp((unsigned char)b->text.data[e - 1]) || b->text.data[e - 1] == '\n'))
		e--;
	if (b->open && b->start < b->end && a < e)
		rc = ht_text__doc_push(r->d, &r->hs, b->start, b->end, b->kind, b->level, b->lead_in, b->text.data + a, e - a);
	b->open = 0;
	b->text.len = b->raw.len = 0;
	return rc;
}

/* Start a block with the line's content s[a..e) (already trimmed), decoded into the block's text. */
static int open_block(mdreader *r, const char *s, size_t a, size_t e, ht_unit_kind kind, unsigned level)
{
	if (flush(r) < 0)
		return HT_ENOMEM;
	mdblock *b = &r->b;
	b->open = 1;
	b->kind = kind;
	b->level = level;
	b->start = a;
	b->end = e;
	b->lead_in = SIZE_MAX;
	if (kind == HT_UNIT_LIST_ITEM) {
		size_t last = r->d->units.len ? r->d->units.len - 1 : SIZE_MAX;
		if (last == SIZE_MAX || r->d->units.data[last].kind != HT_UNIT_LIST_ITEM)
			r->run_lead = last != SIZE_MAX && r->d->units.data[last].kind == HT_UNIT_PARAGRAPH ? last : SIZE_MAX;
		b->lead_in = r->run_lead;
	}
	return ht__buf_append(&b->raw, s + a, e - a);
}

static int append_line(mdreader *r, const char *s, size_t a, size_t e)
{
	mdblock *b = &r->b;
	if (a >= e)
		return 0;
	b->end = e;
	if (ht__buf_append(&b->raw, " ", 1) < 0)
		return HT_ENOMEM;
	return ht__buf_append(&b->raw, s + a, e - a);
}

/* Length of a list marker at s[0..n) ("- ", "* ", "+ ", "12. ", "3) ") including the spaces after it, or 0. */
static size_t list_marker(const char *s, size_t n)
{
	size_t k = 0;
	if (n >= 1 && (s[0] == '-' || s[0] == '*' || s[0] == '+'))
		k = 1;
	else {
		while (k < n && k < 9 && s[k] >= '0' && s[k] <= '9')
			k++;
		if (!k || k >= n || (s[k] != '.' && s[k] != ')'))
			return 0;
		k++;
	}
	if (k < n && !is_sp((unsigned char)s[k]))
		return 0;
	while (k < n && is_sp((unsigned char)s[k]))
		k++;
	return k;
}

/* 1 when the line is three or more of one of - * _ (spaces allowed) and nothing else. */
static int thematic(const char *s, size_t n, char *ch)
{
	size_t count = 0;
	char c = 0;
	for (size_t k = 0; k < n; k++) {
		if (is_sp((unsigned char)s[k]))
			continue;
		if (!c && (s[k] == '-' || s[k] == '*' || s[k] == '_'))
			c = s[k];
		if (s[k] != c)
			return 0;
		count++;
	}
	*ch = c;
	return count >= 3;
}

static int all_of(const char *s, size_t n, char c)
{
	size_t k = 0;
	while (k < n && s[k] == c)
		k++;
	while (k < n && is_sp((unsigned char)s[k]))
		k++;
	return n && s[0] == c && k == n;
}

/* A pipe-table row: cells decoded and joined by " | "; the delimiter row (|---|:--:|) is no unit. */
static int table_row(mdreader *r, const char *s, size_t a, size_t e)
{
	size_t x = a, y = e;
	while (x < y && (s[x] == '|' || is_sp((unsigned char)s[x])))
		x++;
	while (y > x && (s[y - 1] == '|' || is_sp((unsigned char)s[y - 1])))
		y--;
	int delim = 1;
	for (size_t k = x; k < y; k++)
		if (!strchr("|-: \t", s[k]))
			delim = 0;
	if (delim || x == y)
		return flush(r);
	if (open_block(r, s, x, x, HT_UNIT_TABLE_ROW, 0) < 0)
		return HT_ENOMEM;
	r->b.end = y;
	for (size_t c = x; c < y;) {
		size_t q = c;
		while (q < y && !(s[q] == '|' && (q == 0 || s[q - 1] != '\\')))
			q++;
		size_t ca = c, cb = q;
		while (ca < cb && is_sp((unsigned char)s[ca]))
			ca++;
		while (cb > ca && is_sp((unsigned char)s[cb - 1]))
			cb--;
		if (c > x && ht__buf_append(&r->b.text, " | ", 3) < 0)
			return HT_ENOMEM;
		if (strip_inline(&r->b.text, s + ca, cb - ca) < 0)
			return HT_ENOMEM;
		c = q + 1;
	}
	return flush(r);
}

/*
 * Line by line. Fenced code (``` or ~~~) and indented code (4 spaces, not continuing a list item) are skipped,
 * as are thematic breaks and link reference definitions. "#" lines are ATX headings; a "===" or "---" line
 * under a paragraph makes it a Setext heading of level 1 or 2. ">" lines are quotes (a blank ">" line splits
 * them). List markers start list items; indented or lazy lines continue the open block; a blank line ends it.
 */
int ht_text__doc_markdown(ht_doc *d, const char *in, size_t len, ht_error *err)
{
	mdreader r = {.d = d, .run_lead = SIZE_MAX};
	int rc = 0, prev_blank = 1;
	size_t fence = 0;
	char fence_ch = 0;
	ht_unit_kind last_kind = HT_UNIT_PARAGRAPH;
	size_t i = 0;
	if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && rc == 0) {
		size_t eol = i;
		while (eol < len && in[eol] != '\n')
			eol++;
		size_t e = eol, a = i, indent = 0;
		while (e > i && is_sp((unsigned char)in[e - 1]))
			e--;
		while (a < e && is_sp((unsigned char)in[a])) {
			indent += in[a] == '\t' ? 4 : in[a] == ' ';
			a++;
		}
		const char *s = in + a;
		size_t n = e - a;
		char tc;
		size_t mk;
		i = eol + 1;
		if (fence) {
			size_t k = 0;
			while (k < n && s[k] == fence_ch)
				k++;
			if (k >= fence && k == n)
				fence = 0;
			continue;
		}
		if (n == 0) {
			if (r.b.open)
				last_kind = r.b.kind;
			rc = flush(&r);
			prev_blank = 1;
			continue;
		}
		int blank_before = prev_blank;
		prev_blank = 0;
		if (indent < 4 && n >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] && s[2] == s[0]) {
			rc = flush(&r);
			fence_ch = s[0];
			fence = 0;
			while (fence < n && s[fence] == fence_ch)
				fence++;
			continue;
		}
		int in_list = (r.b.open && r.b.kind == HT_UNIT_LIST_ITEM) || (!r.b.open && last_kind == HT_UNIT_LIST_ITEM);
		if (indent >= 4 && !in_list && (!r.b.open || blank_before)) {
			rc = flush(&r); /* indented code */
			last_kind = HT_UNIT_PARAGRAPH;
			continue;
		}
		if (r.b.open && r.b.kind == HT_UNIT_PARAGRAPH && !blank_before && indent < 4 &&
		    (all_of(s, n, '=') || all_of(s, n, '-'))) {
			r.b.kind = HT_UNIT_HEADING;
			r.b.level = s[0] == '=' ? 1 : 2;
			last_kind = HT_UNIT_HEADING;
			rc = flush(&r);
			continue;
		}
		if (thematic(s, n, &tc)) {
			rc = flush(&r);
			last_kind = HT_UNIT_PARAGRAPH;
			continue;
		}
		if (s[0] == '#') {
			size_t h = 0;
			while (h < n && s[h] == '#')
				h++;
			if (h <= 6 && (h == n || is_sp((unsigned char)s[h]))) {
				size_t x = a + h, y = e;
				while (y > x && in[y - 1] == '#')
					y--;
				if (y < e && y > x && !is_sp((unsigned char)in[y - 1]))
					y = e; /* "# C#" keeps its '#' */
				while (x < y && is_sp((unsigned char)in[x]))
					x++;
				while (y > x && is_sp((unsigned char)in[y - 1]))
					y--;
				if ((rc = open_block(&r, in, x, y, HT_UNIT_HEADING, (unsigned)h)) == 0)
					rc = flush(&r);
				last_kind = HT_UNIT_HEADING;
				continue;
			}
		}
		if (s[0] == '>') {
			size_t x = a + 1;
			while (x < e && in[x] == '>')
				x++;
			while (x < e && is_sp((unsigned char)in[x]))
				x++;
			if (x == e)
				rc = flush(&r);
			else if (r.b.open && r.b.kind == HT_UNIT_QUOTE)
				rc = append_line(&r, in, x, e);
			else
				rc = open_block(&r, in, x, e, HT_UNIT_QUOTE, 0);
			last_kind = HT_UNIT_QUOTE;
			continue;
		}
		if (s[0] == '|' && memchr(s + 1, '|', n - 1)) {
			rc = table_row(&r, in, a, e);
			last_kind = HT_UNIT_TABLE_ROW;
			continue;
		}
		if (s[0] == '[' && indent < 4) {
			const char *q = memchr(s, ']', n);
			if (q && (size_t)(q - s) + 1 < n && q[1] == ':' && !r.b.open)
				continue; /* link reference definition */
		}
		if ((mk = list_marker(s, n)) && mk < n) {
			rc = open_block(&r, in, a + mk, e, HT_UNIT_LIST_ITEM, 0);
			last_kind = HT_UNIT_LIST_ITEM;
			continue;
		}
		if (r.b.open && !blank_before) {
			rc = append_line(&r, in, a, e); /* continuation, lazy or indented */
		} else if (in_list && indent >= 2) {
			rc = open_block(&r, in, a, e, HT_UNIT_LIST_ITEM, 0); /* another paragraph of the item */
			r.b.lead_in = r.run_lead;
		} else {
			rc = open_block(&r, in, a, e, HT_UNIT_PARAGRAPH, 0);
		}
	}
	if (rc == 0)
		rc = flush(&r);
	ht__vec_free(&r.b.text);
	ht__vec_free(&r.b.raw);
	return rc < 0 ? HT_NOMEM(err) : 0;
}
