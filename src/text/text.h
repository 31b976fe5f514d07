/* SPDX-License-Identifier: MIT */
/*
 * text.h: from raw UTF-8 to tokens, and from an article to units.
 *
 * Tokens are NFKC + case-folded, default-ignorables stripped (utf8proc), made of letters, digits and marks, with
 * internal apostrophes (' ’ ʼ) and hyphens (- ‐ ‑) kept and written as ASCII. Everything else separates tokens
 * (spaces of every kind, punctuation, en and em dashes, bullets, symbols). Invalid UTF-8 becomes U+FFFD, which
 * counts as a letter so that it is visible in tokens rather than silently dropped, unless rejected.
 * ASCII runs take a fast path that gives the same tokens the full path would.
 */
#ifndef HT_TEXT_H
#define HT_TEXT_H

#include "util/util.h"

typedef struct ht_span {
	size_t off, len;
} ht_span;

/* Tokens of one or more texts: bytes in `bytes`, each token a span of it. Reusable across calls. */
typedef struct ht_tokens {
	ht_buf bytes;
	HT_VEC(ht_span) toks;
	HT_VEC(int32_t) scratch; /* codepoints of the word being normalised */
	HT_VEC(size_t) src;      /* per token: where the word it came from starts in the text given to tokenize */
} ht_tokens;

/* Append the tokens of text to t. reject_invalid: invalid UTF-8 gives HT_EUTF8 (with its byte offset). */
int ht_text__tokenize(ht_tokens *t, const char *text, size_t len, int reject_invalid, ht_error *err);
void ht_text__tokens_clear(ht_tokens *t); /* keeps capacity */
void ht_text__tokens_free(ht_tokens *t);

/* Offset of the first invalid UTF-8 byte in s[0..len), or len when it is all valid. */
size_t ht_text__utf8_invalid_at(const char *s, size_t len);

/* 1 if the token is an English stop word. */
int ht_text__is_stop_word(const char *tok, size_t len);

/* The version of the utf8proc in use (stored in models as their "unicode_version" field), and the version of
 * Unicode it implements. */
const char *ht_text__utf8proc_version(void);
const char *ht_text__unicode_version(void);
/* The Unicode version of a utf8proc version string (a model's stored field), or NULL when unknown. */
const char *ht_text__unicode_version_of(const char *utf8proc);

/* Units of an article. */
typedef struct ht_segment {
	size_t start, end;   /* trimmed byte range */
	ht_unit_kind kind;
	size_t heading;      /* index of governing heading unit or SIZE_MAX */
} ht_segment;
typedef HT_VEC(ht_segment) ht_segments;

int ht_text__segment_article(ht_segments *out, const char *text, size_t len, ht_error *err);

/* 1 when a lone line reads as a heading (short, no closing punctuation, or a short question). */
int ht_text__looks_like_heading(const char *s, size_t len);

/* Kind of a single-line unit by its markers: "# " heading, bullet markers, else paragraph. */
ht_unit_kind ht_text__line_kind(const char *line, size_t len);

/* Words of s: runs of characters other than white space (line breaks included). */
size_t ht_text__count_words(const char *s, size_t len);

/*
 * The sentences of a unit's text, one per call: from *pos, the next sentence's bytes [*start, *end) (its end
 * punctuation included, the white space after it not), *pos moved past it; 0 when none is left. A sentence ends
 * at '.', '!' or '?' followed by white space and an upper-case ASCII letter, a digit or a quote, unless the
 * word before the '.' is an initial or a common abbreviation (Dr, Mr, vs, e.g, et al, ...). Text without such
 * an end is one sentence.
 */
int ht_text__next_sentence(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);

#endif
