/* SPDX-License-Identifier: MIT */
/* segment.c: split an article into units (paragraphs, headings, bullet items). */
#include "text/text.h"

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* White space within a unit, line breaks included. */
static int is_white(unsigned char c) { return is_space(c) || c == '\n'; }

/* Length of a bullet marker at the start of a trimmed line (including the space after it), or 0. */
static size_t bullet_marker(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len >= 2 && (u[0] == '-' || u[0] == '*' || u[0] == '+') && is_space(u[1]))
		return 2;
	/* • U+2022, ‣ U+2023, ◦ U+25E6, ▪ U+25AA, · U+00B7, – U+2013 as a bullet, followed by a space */
	static const char *const marks[] = {"\xe2\x80\xa2", "\xe2\x80\xa3", "\xe2\x97\xa6", "\xe2\x96\xaa", "\xc2\xb7",
					    "\xe2\x80\x93", "\xe2\x9c\x93", "\xe2\x9c\x94"};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		size_t ml = strlen(marks[k]);
		if (len > ml && memcmp(s, marks[k], ml) == 0 && is_space(u[ml]))
			return ml + 1;
	}
	size_t d = 0;
	while (d < len && d < 3 && u[d] >= '0' && u[d] <= '9')
		d++;
	if (d > 0 && d + 1 < len && (u[d] == '.' || u[d] == ')') && is_space(u[d + 1]))
		return d + 2;
	return 0;
}

ht_unit_kind ht_text__line_kind(const char *line, size_t len)
{
	while (len && is_space((unsigned char)*line)) {
		line++;
		len--;
	}
	if (len >= 1 && line[0] == '#') {
		size_t h = 0;
		while (h < len && line[h] == '#')
			h++;
		if (h <= 6 && (h == len || is_space((unsigned char)line[h])))
			return HT_UNIT_HEADING;
	}
	return bullet_marker(line, len) ? HT_UNIT_BULLET : HT_UNIT_PARAGRAPH;
}

size_t ht_text__count_words(const char *s, size_t len)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = 0; i < len; i++) {
		int sp = is_white((unsigned char)s[i]);
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/*
 * A lone short line reads as a heading when it has at most 12 words, at most 100 bytes, and does not end like a
 * sentence or a lead-in (. , ; :), or when it is a short question. Lines ending with '!' read as headings too
 * ("Book now!" is boilerplate either way).
 */
int ht_text__looks_like_heading(const char *s, size_t len)
{
	if (len == 0 || len > 100 || ht_text__count_words(s, len) > 12)
		return 0;
	char last = s[len - 1];
	if (last == '?')
		return 1;
	return !(last == '.' || last == ',' || last == ';' || last == ':' || last == ')' || last == '"');
}

static int push(ht_segments *out, size_t start, size_t end, ht_unit_kind kind)
{
	return ht__vec_push(out, ((ht_segment){start, end, kind, SIZE_MAX}));
}

static int close_paragraph(ht_segments *out, const char *text, size_t *start, size_t end, size_t lines)
{
	if (*start == SIZE_MAX)
		return 0;
	ht_unit_kind k = lines == 1 && ht_text__looks_like_heading(text + *start, end - *start) ? HT_UNIT_HEADING
										    : HT_UNIT_PARAGRAPH;
	int rc = push(out, *start, end, k);
	*start = SIZE_MAX;
	return rc;
}

/*
 * Line by line: a blank line ends a paragraph; a heading or bullet line is a unit of its own; an indented line
 * right after a bullet continues that bullet; other lines join the open paragraph. The heading context of every
 * unit is the nearest heading above it (headings themselves have none).
 */
int ht_text__segment_article(ht_segments *out, const char *text, size_t len, ht_error *err)
{
	size_t i = 0, first = out->len;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) /* byte order mark */
		i = 3;
	size_t para_start = SIZE_MAX, para_end = 0, para_lines = 0;
	int after_bullet = 0;
	while (i <= len) {
		size_t eol = i;
		while (eol < len && text[eol] != '\n')
			eol++;
		size_t a = i, b = eol;
		while (a < b && is_space((unsigned char)text[a]))
			a++;
		while (b > a && is_space((unsigned char)text[b - 1]))
			b--;
		if (a == b) {
			if (close_paragraph(out, text, &para_start, para_end, para_lines) < 0)
				return HT_NOMEM(err);
			after_bullet = 0;
		} else {
			ht_unit_kind kind = ht_text__line_kind(text + a, b - a);
			if (kind != HT_UNIT_PARAGRAPH) {
				if (close_paragraph(out, text, &para_start, para_end, para_lines) < 0 ||
				    push(out, a, b, kind) < 0)
					return HT_NOMEM(err);
				after_bullet = kind == HT_UNIT_BULLET;
			} else if (after_bullet && a > i) {
				out->data[out->len - 1].end = b;
			} else {
				if (para_start == SIZE_MAX) {
					para_start = a;
					para_lines = 0;
				}
				para_end = b;
				para_lines++;
				after_bullet = 0;
			}
		}
		if (eol >= len)
			break;
		i = eol + 1;
	}
	if (close_paragraph(out, text, &para_start, para_end, para_lines) < 0)
		return HT_NOMEM(err);
	size_t heading = SIZE_MAX;
	for (size_t k = first; k < out->len; k++) {
		out->data[k].heading = out->data[k].kind == HT_UNIT_HEADING ? SIZE_MAX : heading;
		if (out->data[k].kind == HT_UNIT_HEADING)
			heading = k - first;
	}
	return 0;
}

/* 1 when the word ending at text[k] (just before a '.') is an initial or an abbreviation that takes a '.'. */
static int abbreviation_before(const char *text, size_t k)
{
	static const char *const abbr[] = {"dr", "mr", "mrs", "ms", "st", "vs", "no", "fig", "al", "approx", "e.g",
					   "i.e", "etc", "prof", "jr", "sr", "dept", "ca"};
	size_t b = k;
	while (b > 0 && !is_white((unsigned char)text[b - 1]) && text[b - 1] != '(')
		b--;
	size_t n = k - b;
	if (n == 1 && text[b] >= 'A' && text[b] <= 'Z')
		return 1; /* an initial: "J. Smith" */
	for (size_t a = 0; a < sizeof abbr / sizeof *abbr; a++) {
		size_t al = strlen(abbr[a]);
		if (n != al)
			continue;
		size_t q = 0;
		while (q < n && (text[b + q] | 0x20) == abbr[a][q])
			q++;
		if (q == n)
			return 1;
	}
	return 0;
}

int ht_text__next_sentence(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t i = *pos;
	while (i < len && is_white((unsigned char)text[i]))
		i++;
	if (i >= len)
		return 0;
	*start = i;
	for (size_t k = i; k < len; k++) {
		char ch = text[k];
		if (ch != '.' && ch != '!' && ch != '?')
			continue;
		size_t e = k + 1; /* closing quotes and brackets belong to the sentence */
		while (e < len && (text[e] == '"' || text[e] == '\'' || text[e] == ')'))
			e++;
		size_t n = e;
		while (n < len && is_white((unsigned char)text[n]))
			n++;
		if (n == e || n >= len)
			continue; /* no space after it, or nothing after the space */
		unsigned char nx = (unsigned char)text[n];
		if (!((nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9') || nx == '"' || nx == '\''))
			continue;
		if (ch == '.' && abbreviation_before(text, k))
			continue;
		*end = e;
		*pos = n;
		return 1;
	}
	*end = len;
	while (*end > *start && is_white((unsigned char)text[*end - 1]))
		(*end)--;
	*pos = len;
	return 1;
}
