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
	size_t idx = d->units.len, heading = SIZE_MAX;
	if (kind == HT_UNIT_HEADING) {
		h->latest = idx + 1;
		level = level > 6 ? 6 : level;
	} else {
		heading = kind != HT_UNIT_BOILERPLATE && h->latest ? h->latest - 1 : SIZE_MAX;
		level = 0;
		if (kind != HT_UNIT_LIST_ITEM)
			lead_in = SIZE_MAX;
	}
	ht_docunit u = {start, end, kind, level, heading, lead_in, d->text.len, len};
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
 * Plain text: segment.c's units, then the browser-copy rules: a heading line directly followed by its paragraph
 * is split off, and a lone line that reads as a heading but is a byline is a paragraph. A unit's decoded text
 * is its input bytes (markers included, as before: the tokeniser drops them). A bullet's lead-in is the
 * paragraph just before its run of bullets.
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
		while (kind == HT_UNIT_PARAGRAPH && first_line(text, s, e, &he, &r)) {
			ht_unit_kind k = split_heading(text, s, e, &he, &r) ? HT_UNIT_HEADING
					 : ht_text__is_byline(text + s, he - s) ? HT_UNIT_PARAGRAPH : HT_UNIT_BOILERPLATE;
			if (k == HT_UNIT_BOILERPLATE)
				break; /* (no split) */
			if (ht_text__doc_push(d, &hs, s, he, k, 0, SIZE_MAX, text + s, he - s) < 0) {
				rc = HT_NOMEM(err);
				goto cleanup;
			}
			s = r;
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
