/* SPDX-License-Identifier: MIT */
/* tokenize.c: Unicode normalisation and tokenisation. The only file that includes utf8proc.h. */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

#define NORM_DECOMPOSE (UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
#define NORM_COMPOSE (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

const char *ht_text__utf8proc_version(void)
{
	return utf8proc_version();
}

const char *ht_text__unicode_version(void)
{
	return utf8proc_unicode_version();
}

/*
 * The Unicode version a given utf8proc release implements (each release pins its tables): the running one's
 * from utf8proc itself, the others from their release notes. NULL when unknown.
 */
const char *ht_text__unicode_version_of(const char *utf8proc)
{
	static const char *const known[][2] = {
		{"2.0.", "9.0.0"},  {"2.1.", "10.0.0"}, {"2.2.", "11.0.0"}, {"2.3.", "12.0.0"}, {"2.4.", "12.1.0"},
		{"2.5.", "13.0.0"}, {"2.6.", "13.0.0"}, {"2.7.", "14.0.0"}, {"2.8.", "15.0.0"}, {"2.9.", "15.1.0"},
		{"2.10.", "16.0.0"}};
	if (!utf8proc || !*utf8proc)
		return NULL;
	if (strcmp(utf8proc, utf8proc_version()) == 0)
		return utf8proc_unicode_version();
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strncmp(utf8proc, known[i][0], strlen(known[i][0])) == 0)
			return known[i][1];
	return NULL;
}

static inline int ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Classes of a normalised codepoint: 1 word character, 2 apostrophe, 3 hyphen, 0 separator. */
enum { SEP = 0, WORD = 1, APOS = 2, HYPH = 3 };

static int cp_class(int32_t cp)
{
	if (cp < 0x80) {
		if (ascii_alnum((unsigned char)cp))
			return WORD;
		return cp == '\'' ? APOS : cp == '-' ? HYPH : SEP;
	}
	switch (cp) {
	case 0x2019: case 0x2018: case 0x02BC: return APOS;
	case 0x2010: case 0x2011: return HYPH;
	case 0xFFFD: return WORD;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return WORD;
	case UTF8PROC_CATEGORY_CF:
		return WORD; /* format characters (soft hyphen, zero-width joiners) keep a word together */
	default:
		return SEP;
	}
}

/* Decode one codepoint at s[0..len); invalid sequences give U+FFFD over one byte, or -1 if rejecting. */
static int32_t decode(const unsigned char *s, size_t len, size_t *adv)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)(len > 4 ? 4 : len), &cp);
	if (n <= 0) {
		*adv = 1;
		return -1;
	}
	*adv = (size_t)n;
	return cp;
}

size_t ht_text__utf8_invalid_at(const char *s, size_t len)
{
	size_t i = 0, adv;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (decode((const unsigned char *)s + i, len - i, &adv) < 0)
			return i;
		i += adv;
	}
	return len;
}

static int push_token(ht_tokens *t, size_t off)
{
	size_t len = t->bytes.len - off;
	if (!len)
		return 0;
	return ht__vec_push(&t->toks, ((ht_span){off, len}));
}

/*
 * Run the token rules over codepoints cps[0..n) (already normalised), appending tokens. A joiner (apostrophe or
 * hyphen) is kept only between two word characters.
 */
static int emit_codepoints(ht_tokens *t, const int32_t *cps, size_t n)
{
	size_t tok_start = t->bytes.len;
	int in_tok = 0;
	for (size_t i = 0; i < n; i++) {
		int cls = cp_class(cps[i]);
		if (cls == WORD) {
			unsigned char enc[4];
			utf8proc_ssize_t k = utf8proc_encode_char(cps[i], enc);
			if (!in_tok) {
				tok_start = t->bytes.len;
				in_tok = 1;
			}
			if (ht__buf_append(&t->bytes, enc, (size_t)k) < 0)
				return HT_ENOMEM;
		} else if (cls != SEP && in_tok && i + 1 < n && cp_class(cps[i + 1]) == WORD) {
			char c = cls == APOS ? '\'' : '-';
			if (ht__buf_append(&t->bytes, &c, 1) < 0)
				return HT_ENOMEM;
		} else if (in_tok) {
			if (push_token(t, tok_start) < 0)
				return HT_ENOMEM;
			in_tok = 0;
		}
	}
	if (in_tok && push_token(t, tok_start) < 0)
		return HT_ENOMEM;
	return 0;
}

static inline int ccc(int32_t cp) { return utf8proc_get_property(cp)->combining_class; }

/*
 * Canonical ordering (Unicode 3.11): within every run of non-starters, a stable sort by combining class, so that
 * canonically equivalent words ("e + acute + dot below" and "e + dot below + acute") compose to the same token.
 * utf8proc_decompose does this, but utf8proc_decompose_char (used per codepoint below) does not. Short runs use
 * insertion sort; long ones a counting sort in room past the end of the buffer, so a word made of a million marks
 * stays linear.
 */
static int canonical_order(ht_tokens *t)
{
	size_t n = t->scratch.len, i = 0;
	while (i < n) {
		if (!ccc(t->scratch.data[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && ccc(t->scratch.data[j]))
			j++;
		if (j - i <= 16) {
			int32_t *d = t->scratch.data;
			for (size_t k = i + 1; k < j; k++)
				for (size_t q = k; q > i && ccc(d[q - 1]) > ccc(d[q]); q--) {
					int32_t x = d[q];
					d[q] = d[q - 1];
					d[q - 1] = x;
				}
		} else {
			if (ht__vec_reserve(&t->scratch, j - i) < 0)
				return HT_ENOMEM;
			int32_t *d = t->scratch.data, *tmp = d + n;
			size_t pos[257] = {0};
			for (size_t k = i; k < j; k++)
				pos[ccc(d[k]) + 1]++;
			for (int c = 1; c <= 256; c++)
				pos[c] += pos[c - 1];
			for (size_t k = i; k < j; k++)
				tmp[pos[ccc(d[k])]++] = d[k];
			memcpy(d + i, tmp, (j - i) * sizeof *d);
		}
		i = j;
	}
	return 0;
}

/*
 * The full path for a word that has non-ASCII in it: decode (replacing or rejecting invalid bytes), decompose
 * with compatibility mappings, case folding and ignorables stripped, put marks in canonical order, recompose,
 * then apply the token rules.
 */
static int slow_word(ht_tokens *t, const unsigned char *s, size_t len, size_t base, int reject, ht_error *err)
{
	t->scratch.len = 0;
	size_t i = 0;
	while (i < len) {
		size_t adv;
		int32_t cp = decode(s + i, len - i, &adv);
		if (cp < 0) {
			if (reject)
				return ht__err(err, HT_EUTF8, "invalid UTF-8 at byte %zu", base + i);
			if (ht__vec_push(&t->scratch, 0xFFFD) < 0)
				return HT_NOMEM(err);
			i += adv;
			continue;
		}
		for (;;) {
			if (ht__vec_reserve(&t->scratch, 32) < 0)
				return HT_NOMEM(err);
			int last = 0;
			utf8proc_ssize_t k = utf8proc_decompose_char(cp, t->scratch.data + t->scratch.len,
								     (utf8proc_ssize_t)(t->scratch.cap - t->scratch.len),
								     NORM_DECOMPOSE, &last);
			if (k < 0) { /* unassigned or otherwise unmappable: keep as is */
				t->scratch.data[t->scratch.len++] = cp;
				break;
			}
			if ((size_t)k <= t->scratch.cap - t->scratch.len) {
				t->scratch.len += (size_t)k;
				break;
			}
			if (ht__vec_reserve(&t->scratch, (size_t)k) < 0)
				return HT_NOMEM(err);
		}
		i += adv;
	}
	if (canonical_order(t) < 0)
		return HT_NOMEM(err);
	utf8proc_ssize_t n = utf8proc_normalize_utf32(t->scratch.data, (utf8proc_ssize_t)t->scratch.len, NORM_COMPOSE);
	if (n < 0)
		return ht__err(err, HT_EINTERNAL, "utf8proc could not normalise text at byte %zu", base);
	if (emit_codepoints(t, t->scratch.data, (size_t)n) < 0)
		return HT_NOMEM(err);
	return 0;
}

/* Raw class of a byte sequence start for finding word extents before normalisation. */
static int raw_joins(const unsigned char *s, size_t len, size_t *adv)
{
	if (s[0] < 0x80) {
		*adv = 1;
		return ascii_alnum(s[0]) || s[0] == '\'' || s[0] == '-';
	}
	int32_t cp = decode(s, len, adv);
	if (cp < 0)
		return 1; /* invalid bytes stay inside the word and become U+FFFD there */
	if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CF)
		return 1;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->ignorable)
		return 1;
	if (cp_class(cp) != SEP)
		return 1;
	/* A separator in raw form may become a word character after compatibility mapping (e.g. U+2460 circled
	 * digit is No and already WORD; fullwidth forms are letters). Nothing else joins. */
	return 0;
}

int ht_text__tokenize(ht_tokens *t, const char *text, size_t len, int reject_invalid, ht_error *err)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80 && !ascii_alnum(c)) {
			i++;
			continue;
		}
		/* Find the extent of the word starting here: ASCII fast path unless non-ASCII appears in it. */
		size_t j = i;
		int ascii = 1;
		while (j < len) {
			if (s[j] < 0x80) {
				if (ascii_alnum(s[j]) || s[j] == '\'' || s[j] == '-') {
					j++;
					continue;
				}
				break;
			}
			size_t adv;
			if (!raw_joins(s + j, len - j, &adv))
				break;
			ascii = 0;
			j += adv;
		}
		if (j == i) { /* a non-ASCII separator */
			size_t adv;
			int32_t cp = decode(s + i, len - i, &adv);
			if (cp < 0 && reject_invalid)
				return ht__err(err, HT_EUTF8, "invalid UTF-8 at byte %zu", i);
			i += adv;
			continue;
		}
		size_t first = t->toks.len;
		if (ascii) {
			/* Same rules as emit_codepoints, on bytes: lower-case, joiners only between word characters. */
			size_t start = t->bytes.len;
			int in_tok = 0;
			for (size_t k = i; k < j; k++) {
				unsigned char b = s[k];
				if (ascii_alnum(b)) {
					if (!in_tok) {
						start = t->bytes.len;
						in_tok = 1;
					}
					char lc = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
					if (ht__buf_append(&t->bytes, &lc, 1) < 0)
						return HT_NOMEM(err);
				} else if (in_tok && k + 1 < j && ascii_alnum(s[k + 1])) {
					if (ht__buf_append(&t->bytes, (const char *)&b, 1) < 0)
						return HT_NOMEM(err);
				} else if (in_tok) {
					if (push_token(t, start) < 0)
						return HT_NOMEM(err);
					in_tok = 0;
				}
			}
			if (in_tok && push_token(t, start) < 0)
				return HT_NOMEM(err);
		} else {
			int rc = slow_word(t, s + i, j - i, i, reject_invalid, err);
			if (rc < 0)
				return rc;
		}
		for (size_t k = first; k < t->toks.len; k++)
			if (ht__vec_push(&t->src, i) < 0)
				return HT_NOMEM(err);
		i = j;
	}
	return 0;
}

void ht_text__tokens_clear(ht_tokens *t)
{
	t->bytes.len = 0;
	t->toks.len = 0;
	t->scratch.len = 0;
	t->src.len = 0;
}

void ht_text__tokens_free(ht_tokens *t)
{
	ht__vec_free(&t->bytes);
	ht__vec_free(&t->toks);
	ht__vec_free(&t->scratch);
	ht__vec_free(&t->src);
}

/* A short English stop-word list (function words only; negations and modal verbs are kept because "not
 * recommended" and "may cause" carry the meaning this classifier needs). Sorted for binary search. */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
	"being", "both", "but", "by", "did", "do", "does", "doing", "each", "few", "for", "from", "further", "had",
	"has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "i", "in", "into",
	"is", "it", "it's", "its", "itself", "me", "more", "most", "my", "myself", "of", "on", "once", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "so", "some", "such", "than", "that",
	"the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
	"to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "with", "you", "your", "yours", "yourself", "yourselves",
};

int ht_text__is_stop_word(const char *tok, size_t len)
{
	size_t lo = 0, hi = sizeof stop_words / sizeof *stop_words;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *w = stop_words[mid];
		size_t wl = strlen(w);
		int c = memcmp(tok, w, len < wl ? len : wl);
		if (c == 0)
			c = (len > wl) - (len < wl);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}
