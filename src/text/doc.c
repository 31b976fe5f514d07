/* SPDX-License-Identifier: MIT */
/* doc.c: what the structured readers share (units, heading context, format detection, bylines), and plain or
 * browser-copied text on top of segment.c. */
#include "text/doc.h"

void ht_text__doc_free(ht_doc *d)
{
	ht__vec_free(&d->units);
	ht__vec_free(&d->text);
}

int ht_text__doc_push(ht_doc *d, ht_doc_headings *h, size_t start, size_t end, ht_unit_kind kind, unsigned level,
		 size_t lead_in, const char *text, size_t len)
{
	size_t idx = d->units.len, heading = SIZE_MAX, parent = SIZE_MAX;
	if (kind == HT_UNIT_HEADING) {
		level = level > 6 ? 6 : level;
		parent = h->latest ? h->latest - 1 : SIZE_MAX;
		while (parent != SIZE_MAX && (d->units.data[parent].level == 0 || (level && d->units.data[parent].level >= level)))
			parent = d->units.data[parent].parent; /* (parents come before: this ends, in at most 7 steps) */
		h->latest = idx + 1;
	} else {
		heading = kind != HT_UNIT_BOILERPLATE && h->latest ? h->latest - 1 : SIZE_MAX;
		level = 0;
		if (kind != HT_UNIT_LIST_ITEM)
			lead_in = SIZE_MAX;
	}
	ht_docunit u = {start, end, kind, level, heading, lead_in, d->text.len, len, parent};
	if (ht__buf_append(&d->text, text, len) < 0 || ht__vec_push(&d->units, u) < 0)
		return HT_ENOMEM;
	return 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive search for an ASCII needle in s[0..len). */
static const char *find_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i <= len - n; i++) {
		size_t k = 0;
		while (k < n && lower((unsigned char)s[i + k]) == needle[k])
			k++;
		if (k == n)
			return s + i;
	}
	return NULL;
}

static int starts_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	if (len < n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (lower((unsigned char)s[k]) != prefix[k])
			return 0;
	return 1;
}

/*
 * HTML: the first non-space byte opens a tag, doctype, comment or processing instruction, or the first 64 KiB
 * hold <html, <body or a doctype, or at least two closing block tags. Markdown: a fence, a Setext "===" line, a
 * link "](", strong emphasis "**", or a "> " quote at the start of a line. Otherwise text.
 */
int ht_text__doc_detect(const char *in, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n'))
		i++;
	if (i + 1 < len && in[i] == '<' &&
	    (in[i + 1] == '!' || in[i + 1] == '?' || (lower((unsigned char)in[i + 1]) >= 'a' && lower((unsigned char)in[i + 1]) <= 'z')))
		return HT_ARTICLE_HTML;
	size_t n = len < 65536 ? len : 65536;
	if (find_ci(in, n, "<html") || find_ci(in, n, "<body") || find_ci(in, n, "<!doctype"))
		return HT_ARTICLE_HTML;
	int closes = 0;
	static const char *const tags[] = {"</p>", "</div>", "</li>", "</h1>", "</h2>", "</h3>", "</td>"};
	for (size_t k = 0; k < sizeof tags / sizeof *tags; k++)
		closes += find_ci(in, n, tags[k]) != NULL;
	if (closes >= 2)
		return HT_ARTICLE_HTML;
	if (find_ci(in, n, "](") || find_ci(in, n, "**") || find_ci(in, n, "\n```") || find_ci(in, n, "\n~~~") ||
	    find_ci(in, n, "\n===") || find_ci(in, n, "\n> ") || starts_ci(in + i, n - i, "```") ||
	    starts_ci(in + i, n - i, "> "))
		return HT_ARTICLE_MARKDOWN;
	return HT_ARTICLE_TEXT;
}

/*
 * A byline: starts with "By " and a capitalised word, or with posted/published/updated/written/reviewed, or has
 * a separator (| · •) next to a date, a comment count or a reading time. At most 200 bytes.
 */
int ht_text__is_byline(const char *s, size_t len)
{
	if (len == 0 || len > 200)
		return 0;
	if (len > 4 && starts_ci(s, len, "by ") && s[3] >= 'A' && s[3] <= 'Z')
		return 1;
	static const char *const lead[] = {"posted ", "published ", "updated ", "last updated", "written by",
					   "reviewed by", "medically reviewed"};
	for (size_t k = 0; k < sizeof lead / sizeof *lead; k++)
		if (starts_ci(s, len, lead[k]))
			return 1;
	int sep = memchr(s, '|', len) || find_ci(s, len, "\xc2\xb7") || find_ci(s, len, "\xe2\x80\xa2");
	if (!sep)
		return 0;
	if (find_ci(s, len, "comment") || find_ci(s, len, "min read") || find_ci(s, len, "minute read"))
		return 1;
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
					     "nov", "dec"};
	int month = 0, year = 0;
	for (size_t k = 0; k < 12; k++)
		month |= find_ci(s, len, months[k]) != NULL;
	for (size_t i = 0; i + 4 <= len; i++)
		if ((s[i] == '1' || s[i] == '2') && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' &&
		    s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' && (i + 4 == len || s[i + 4] < '0' || s[i + 4] > '9'))
			year = 1;
	return month && year;
}

static int is_sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* 1 when a line starts like a sentence or a title does: an upper-case letter, a digit, a quote, non-ASCII. */
static int starts_upper(const char *s, size_t len)
{
	unsigned char c = len ? (unsigned char)s[0] : 0;
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '\'' || c >= 0x80;
}

/* 1 when a line stops on a function word ("...recommended by the"), as hard-wrapped prose does. */
static int ends_with_function_word(const char *s, size_t len)
{
	static const char *const words[] = {"a", "an", "the", "of", "to", "and", "or", "but", "by", "with", "in",
					     "on", "at", "for", "from", "as", "that", "which", "is", "are", "was",
					     "were", "be", "this", "these", "its", "their", "your", "our", "my", "his",
					     "her", "than", "if", "into", "about", "can", "may", "will", "not", NULL};
	size_t e = len, b;
	while (e && !((s[e - 1] >= 'a' && s[e - 1] <= 'z') || (s[e - 1] >= 'A' && s[e - 1] <= 'Z')))
		e--;
	b = e;
	while (b && ((s[b - 1] >= 'a' && s[b - 1] <= 'z') || (s[b - 1] >= 'A' && s[b - 1] <= 'Z')))
		b--;
	char w[8];
	if (e == b || e - b >= sizeof w)
		return 0;
	for (size_t k = b; k < e; k++)
		w[k - b] = (char)lower((unsigned char)s[k]);
	w[e - b] = 0;
	for (size_t k = 0; words[k]; k++)
		if (!strcmp(w, words[k]))
			return 1;
	return 0;
}

/* The first line of s..e: its trimmed end and where the next line's text starts; 0 when there is one line. */
static int first_line(const char *text, size_t start, size_t end, size_t *line_end, size_t *rest)
{
	const char *nl = memchr(text + start, '\n', end - start);
	if (!nl)
		return 0;
	size_t he = (size_t)(nl - text), r = he + 1;
	while (he > start && is_sp((unsigned char)text[he - 1]))
		he--;
	while (r < end && (is_sp((unsigned char)text[r]) || text[r] == '\n'))
		r++;
	*line_end = he;
	*rest = r;
	return r < end;
}

/*
 * Browser-copied text: the first line of a multi-line paragraph is a heading of its own when it reads as a
 * heading (ht_text__looks_like_heading), is not a byline, starts like a title, does not stop on a function word
 * ("...recommended by the") unless it is a question, and the next line starts like a sentence. Hard-wrapped
 * prose rarely passes all of these; a heading copied from a page nearly always does.
 * Returns the end of the heading line (trimmed) and the start of the rest, or 0.
 */
static int split_heading(const char *text, size_t start, size_t end, size_t *head_end, size_t *rest)
{
	size_t he, r;
	if (!first_line(text, start, end, &he, &r))
		return 0;
	const char *h = text + start;
	size_t hl = he - start;
	if (hl == 0 || r >= end || !ht_text__looks_like_heading(h, hl) || ht_text__is_byline(h, hl) || !starts_upper(h, hl) ||
	    !starts_upper(text + r, end - r) || (h[hl - 1] != '?' && ends_with_function_word(h, hl)))
		return 0;
	const char *nl2 = memchr(text + r, '\n', end - r);
	size_t ne = nl2 ? (size_t)(nl2 - text) : end;
	while (ne > r && is_sp((unsigned char)text[ne - 1]))
		ne--;
	if (ht_text__looks_like_heading(text + r, ne - r) && !ht_text__is_byline(text + r, ne - r))
		return 0; /* a run of short lines (an unmarked list, an address) is no heading and paragraph */
	*head_end = he;
	*rest = r;
	return 1;
}


/* The trimmed lines of a paragraph unit, in order (segment.c's paragraphs have no blank lines inside). */
typedef struct line_iter {
	const char *text;
	size_t at, end;
} line_iter;

/* The next line's trimmed [*a, *b); 0 when there are no more. */
static int next_line(line_iter *it, size_t *a, size_t *b)
{
	while (it->at < it->end && (is_sp((unsigned char)it->text[it->at]) || it->text[it->at] == '\n'))
		it->at++;
	if (it->at >= it->end)
		return 0;
	const char *nl = memchr(it->text + it->at, '\n', it->end - it->at);
	size_t e = nl ? (size_t)(nl - it->text) : it->end;
	*a = it->at;
	it->at = e;
	while (e > *a && is_sp((unsigned char)it->text[e - 1]))
		e--;
	*b = e;
	return 1;
}

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Hard-wrapped text is taken to be at least this wide: no one wraps prose at 30 columns, but lists are narrow. */
#define WRAP_MIN_WIDTH 50

/*
 * 1 when the break between line a (ending at a_end) and the line starting at b was made on purpose, 0 when it
 * reads as a hard wrap. A wrap: line a stops on a comma, a hyphen or a function word ("...recommended by the").
 * On purpose: line a ends a sentence or a clause (. ! ? ; ) ") when it may (end_punct), the next line starts
 * with a capital, or the next line's first word would have fitted on line a within the paragraph's width (width:
 * its longest line, at least WRAP_MIN_WIDTH), which a program wrapping the text would have done.
 */
static int deliberate_break(const char *text, size_t a, size_t a_end, size_t b, size_t b_end, size_t width,
			    int end_punct)
{
	char last = text[a_end - 1];
	if (last == ',' || last == '-' || (is_alpha((unsigned char)last) && ends_with_function_word(text + a, a_end - a)))
		return 0;
	if (end_punct && (last == '.' || last == '!' || last == '?' || last == ';' || last == ')' || last == '"'))
		return 1;
	if (text[b] >= 'A' && text[b] <= 'Z')
		return 1;
	size_t w = 0;
	while (b + w < b_end && !is_sp((unsigned char)text[b + w]))
		w++;
	return (a_end - a) + 1 + w <= width;
}

/* The width a paragraph would have been wrapped at: its longest line, at least WRAP_MIN_WIDTH. */
static size_t para_width(const char *text, size_t start, size_t end)
{
	line_iter it = {text, start, end};
	size_t a, b, width = WRAP_MIN_WIDTH;
	while (next_line(&it, &a, &b))
		width = b - a > width ? b - a : width;
	return width;
}

/* No one hard-wraps prose wider than this (mail and editors wrap at 72 to 80 columns, a few at 100). */
#define WRAP_MAX_WIDTH 100

/* 1 when some line of the paragraph s..e is longer than WRAP_MAX_WIDTH characters (code points): its text was
 * not hard-wrapped, so every line break in it was made on purpose (a page copied with one newline between
 * blocks, as browsers and crawlers often give). */
static int unwrapped(const char *text, size_t start, size_t end)
{
	line_iter it = {text, start, end};
	size_t a, b;
	while (next_line(&it, &a, &b)) {
		size_t chars = 0;
		for (size_t k = a; k < b && chars <= WRAP_MAX_WIDTH; k++)
			chars += ((unsigned char)text[k] & 0xC0) != 0x80;
		if (chars > WRAP_MAX_WIDTH)
			return 1;
	}
	return 0;
}

/*
 * A list copied from a browser, its bullets lost: a line ending with ':' (the lead-in) followed by at least two
 * lines, each broken off on purpose (deliberate_break) rather than wrapped, the lead-in's own break included.
 * The items run to the paragraph's end, to the next line ending with ':' (a new lead-in), or up to the line
 * whose break reads as a wrap (that line and the rest stay a paragraph). The lead-in is the ':' line with the
 * lines wrapped into it before it; the lines before those (if any) stay one paragraph. Hard-wrapped prose that
 * happens to break after a colon fails the width test or stops on a function word; a paragraph without a line
 * ending with ':' is never split. width: para_width of the whole paragraph (computed once, so that splitting a
 * long paragraph stays linear).
 * Returns 1 with the end of the text before the lead-in (SIZE_MAX: none), the lead-in's range, the first item's
 * start and the number of items (one a line); 0 when this is no list.
 */
static int split_list(const char *text, size_t start, size_t end, size_t width, size_t *before_end, size_t *lead,
		      size_t *lead_end, size_t *items, size_t *count)
{
	line_iter it = {text, start, end};
	size_t a, b, pa, pb, ls = start, before = SIZE_MAX; /* the previous line; where its sentence starts */
	if (!next_line(&it, &pa, &pb))
		return 0;
	while (next_line(&it, &a, &b)) {
		if (text[pb - 1] != ':' || !deliberate_break(text, pa, pb, a, b, width, 0)) {
			if (deliberate_break(text, pa, pb, a, b, width, 1)) {
				before = pb;
				ls = a;
			}
			pa = a;
			pb = b;
			continue;
		}
		line_iter run = it;
		size_t n = 0, ia = a, ib = b, na, nb;
		for (;;) { /* ia..ib: a candidate item */
			if (text[ib - 1] == ':')
				break; /* a new lead-in */
			if (!next_line(&run, &na, &nb)) {
				n++;
				break;
			}
			if (!deliberate_break(text, ia, ib, na, nb, width, 1))
				break; /* it wraps into the next line: no item */
			n++;
			ia = na;
			ib = nb;
		}
		if (n >= 2) {
			*before_end = before;
			*lead = ls;
			*lead_end = pb;
			*items = a;
			*count = n;
			return 1;
		}
		if (deliberate_break(text, pa, pb, a, b, width, 1)) {
			before = pb;
			ls = a;
		}
		pa = a;
		pb = b;
	}
	return 0;
}

/* 1 when every line of s..e has a tab between two cells: a table copied from a browser. */
static int tab_rows(const char *text, size_t start, size_t end)
{
	for (size_t a = start; a < end;) {
		const char *nl = memchr(text + a, '\n', end - a);
		size_t b = nl ? (size_t)(nl - text) : end, t = a;
		while (t < b && text[t] != '\t')
			t++;
		size_t after = t;
		while (after < b && is_sp((unsigned char)text[after]))
			after++;
		if (t == a || t >= b || after >= b)
			return 0;
		a = b + 1;
	}
	return 1;
}

static unsigned atx_level(const char *s, size_t len)
{
	unsigned n = 0;
	while (n < len && s[n] == '#')
		n++;
	return n <= 6 && (n == len || is_sp((unsigned char)s[n])) ? n : 0;
}

/*
 * Push what split_list found in the paragraph start..end: the text before the lead-in (when before_end is not
 * SIZE_MAX) and the lead-in as paragraphs, then the count one-line items from items on as list items led in by
 * it (*lead: its index). *next is where the paragraph goes on after the last item (end when nothing is left).
 */
static int push_list(ht_doc *d, ht_doc_headings *hs, const char *text, size_t start, size_t before_end,
		     size_t lead_start, size_t lead_end, size_t items, size_t count, size_t end, size_t *lead,
		     size_t *next, ht_error *err)
{
	size_t a, b;
	*lead = d->units.len + (before_end != SIZE_MAX);
	if ((before_end != SIZE_MAX &&
	     ht_text__doc_push(d, hs, start, before_end, HT_UNIT_PARAGRAPH, 0, SIZE_MAX, text + start, before_end - start) < 0) ||
	    ht_text__doc_push(d, hs, lead_start, lead_end, HT_UNIT_PARAGRAPH, 0, SIZE_MAX, text + lead_start,
			      lead_end - lead_start) < 0)
		return HT_NOMEM(err);
	line_iter it = {text, items, end};
	for (size_t k = 0; k < count && next_line(&it, &a, &b); k++)
		if (ht_text__doc_push(d, hs, a, b, HT_UNIT_LIST_ITEM, 0, *lead, text + a, b - a) < 0)
			return HT_NOMEM(err);
	while (it.at < end && (is_sp((unsigned char)text[it.at]) || text[it.at] == '\n'))
		it.at++;
	*next = it.at;
	return 0;
}

/*
 * Plain text: segment.c's units, then the browser-copy rules: a heading line directly followed by its paragraph
 * is split off, a lone line that reads as a heading but is a byline is a paragraph, a list whose bullets were
 * lost (split_list) becomes its lead-in paragraph and one list item a line, and what is left of a paragraph with
 * a line too long to be hard-wrapped (unwrapped) becomes one unit a line. A unit's decoded text is its input
 * bytes (markers included, as before: the tokeniser drops them). A bullet's lead-in is the paragraph just before
 * its run of bullets.
 */
int ht_text__doc_text(ht_doc *d, const char *text, size_t len, ht_error *err)
{
	ht_segments segs = {0};
	ht_doc_headings hs = {0};
	int rc = 0;
	if ((rc = ht_text__segment_article(&segs, text, len, err)) < 0)
		goto cleanup;
	size_t lead = SIZE_MAX;
	for (size_t i = 0; i < segs.len; i++) {
		size_t s = segs.data[i].start, e = segs.data[i].end, he, r;
		ht_unit_kind kind = segs.data[i].kind;
		if ((kind == HT_UNIT_PARAGRAPH || (kind == HT_UNIT_HEADING && text[s] != '#')) && tab_rows(text, s, e)) {
			while (s < e) { /* one table row per line */
				if (!first_line(text, s, e, &he, &r))
					he = r = e;
				if (ht_text__doc_push(d, &hs, s, he, HT_UNIT_TABLE_ROW, 0, SIZE_MAX, text + s, he - s) < 0) {
					rc = HT_NOMEM(err);
					goto cleanup;
				}
				s = r;
			}
			continue;
		}
		size_t width = 0; /* para_width, when needed */
		while (kind == HT_UNIT_PARAGRAPH && first_line(text, s, e, &he, &r)) {
			size_t before, ls, items, count;
			ht_unit_kind k = split_heading(text, s, e, &he, &r) ? HT_UNIT_HEADING
					 : ht_text__is_byline(text + s, he - s) ? HT_UNIT_PARAGRAPH : HT_UNIT_BOILERPLATE;
			if (k == HT_UNIT_BOILERPLATE) {
				if (width == 0)
					width = para_width(text, s, e);
				if (!split_list(text, s, e, width, &before, &ls, &he, &items, &count))
					break; /* (no split) */
				if ((rc = push_list(d, &hs, text, s, before, ls, he, items, count, e, &lead, &s, err)) < 0)
					goto cleanup;
				continue;
			}
			if (ht_text__doc_push(d, &hs, s, he, k, 0, SIZE_MAX, text + s, he - s) < 0) {
				rc = HT_NOMEM(err);
				goto cleanup;
			}
			s = r;
		}
		if (s >= e)
			continue; /* all of it was a list */
		if (kind == HT_UNIT_PARAGRAPH && memchr(text + s, '\n', e - s) && unwrapped(text, s, e)) {
			/* lines broken on purpose: each is a unit, a heading when it reads as one and is no byline */
			line_iter it = {text, s, e};
			size_t a, b;
			while (next_line(&it, &a, &b)) {
				ht_unit_kind k = ht_text__looks_like_heading(text + a, b - a) && !ht_text__is_byline(text + a, b - a)
							 ? HT_UNIT_HEADING
							 : HT_UNIT_PARAGRAPH;
				if (ht_text__doc_push(d, &hs, a, b, k, 0, SIZE_MAX, text + a, b - a) < 0) {
					rc = HT_NOMEM(err);
					goto cleanup;
				}
			}
			continue;
		}
		unsigned level = 0;
		if (kind == HT_UNIT_HEADING) {
			level = atx_level(text + s, e - s);
			if (level == 0 && ht_text__is_byline(text + s, e - s))
				kind = HT_UNIT_PARAGRAPH;
		}
		size_t prev = d->units.len ? d->units.len - 1 : SIZE_MAX;
		if (kind == HT_UNIT_BULLET) {
			if (prev == SIZE_MAX || d->units.data[prev].kind != HT_UNIT_BULLET)
				lead = prev != SIZE_MAX && d->units.data[prev].kind == HT_UNIT_PARAGRAPH ? prev : SIZE_MAX;
		}
		if (ht_text__doc_push(d, &hs, s, e, kind, level, kind == HT_UNIT_BULLET ? lead : SIZE_MAX, text + s, e - s) < 0) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
	}
cleanup:
	ht__vec_free(&segs);
	return rc;
}
