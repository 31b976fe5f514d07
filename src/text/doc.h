/* SPDX-License-Identifier: MIT */
/*
 * doc.h: an article read with its page's structure. HTML (html.c, through gumbo), Markdown (markdown.c, the
 * project's own line-based reader) and plain or browser-copied text (doc.c, over segment.c) all give the same
 * thing: units with a kind, a heading level, the heading they sit under, the paragraph that leads into their
 * list, their byte range in the input and their decoded text (entities decoded, tags and inline markup removed),
 * which is what features are made of.
 */
#ifndef HT_DOC_H
#define HT_DOC_H

#include "text/text.h"

typedef struct ht_docunit {
	size_t start, end;         /* [start, end): first to last byte of the unit's text in the input */
	ht_unit_kind kind;
	unsigned level;            /* headings: 1-6 (0 when the text gives no level); others 0 */
	size_t heading;            /* heading context, or SIZE_MAX (headings and boilerplate: always) */
	size_t lead_in;            /* list items: the paragraph just before their list, or SIZE_MAX */
	size_t text_off, text_len; /* decoded text, in ht_doc.text */
	size_t parent;             /* headings: the heading they sit under (ht_text__doc_push), or SIZE_MAX */
} ht_docunit;

typedef struct ht_doc {
	HT_VEC(ht_docunit) units;
	ht_buf text;
} ht_doc;

void ht_text__doc_free(ht_doc *d);

/*
 * Append a unit whose decoded text is text[0..len) (copied). Its heading context is the latest heading appended
 * before it: with h1-h6 that is the innermost open section's heading, since a heading closes every deeper
 * section. Headings have none (as in training); boilerplate has none and never becomes context.
 * A heading's parent is the heading it sits under: going up from the latest heading (parent by parent), the
 * first one with a lower level; for a heading without a level (0: plain text gives none), the first one with a
 * level. So h1 > h2 > h3 chains follow the input's levels, and a heading without one sits under the nearest
 * heading that has one. Parents are only reported: features use the heading context alone.
 */
typedef struct ht_doc_headings {
	size_t latest;             /* index + 1 of the latest heading (0: none yet) */
} ht_doc_headings;
int ht_text__doc_push(ht_doc *d, ht_doc_headings *h, size_t start, size_t end, ht_unit_kind kind, unsigned level,
		 size_t lead_in, const char *text, size_t len);

/* Readers. Each appends to an empty doc; on failure the doc is left for ht_text__doc_free. */
int ht_text__doc_html(ht_doc *d, const char *in, size_t len, int reject_invalid_utf8, ht_error *err);
int ht_text__doc_markdown(ht_doc *d, const char *in, size_t len, ht_error *err);
int ht_text__doc_text(ht_doc *d, const char *in, size_t len, ht_error *err);

/* Format detection for HT_ARTICLE_AUTO: HT_ARTICLE_HTML, HT_ARTICLE_MARKDOWN or HT_ARTICLE_TEXT. */
int ht_text__doc_detect(const char *in, size_t len);

/* Bylines ("By Jane Holt · 3 March 2024", "Posted on ... | 4 Comments") are never headings. */
int ht_text__is_byline(const char *s, size_t len);

#endif
