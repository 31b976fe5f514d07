/* SPDX-License-Identifier: MIT */
/* Tokeniser and segmenter: tricky Unicode, the ASCII fast path, invalid UTF-8, article units. */
#include "test.h"
#include "text/text.h"

/* Tokens of s joined by '|'. */
static const char *toks(const char *s, size_t len, int reject, int *rc)
{
	static char out[4096];
	ht_tokens t = {0};
	ht_error err;
	*rc = ht_text__tokenize(&t, s, len, reject, &err);
	out[0] = 0;
	size_t o = 0;
	for (size_t i = 0; *rc == 0 && i < t.toks.len && o < sizeof out - 64; i++) {
		if (i)
			out[o++] = '|';
		memcpy(out + o, t.bytes.data + t.toks.data[i].off, t.toks.data[i].len);
		o += t.toks.data[i].len;
		out[o] = 0;
	}
	ht_text__tokens_free(&t);
	return out;
}
static const char *tk(const char *s)
{
	int rc;
	const char *r = toks(s, strlen(s), 0, &rc);
	CHECK_EQ_INT(rc, 0);
	return r;
}

static void ascii_basics(void)
{
	CHECK_STR(tk("Hello, World! It's 10mg."), "hello|world|it's|10mg");
	CHECK_STR(tk("self-care -- not 'quoted' -x- y-"), "self-care|not|quoted|x|y");
	CHECK_STR(tk(""), "");
	CHECK_STR(tk("  \t\n "), "");
}

static void unicode_normalisation(void)
{
	CHECK_STR(tk("Caf\xc3\xa9"), "caf\xc3\xa9");                         /* precomposed é */
	CHECK_STR(tk("Cafe\xcc\x81"), "caf\xc3\xa9");                        /* e + combining acute -> é */
	CHECK_STR(tk("\xef\xbc\xa6\xef\xbc\xb5\xef\xbc\xac\xef\xbc\xac"), "full"); /* fullwidth FULL */
	CHECK_STR(tk("\xef\xac\x81ne"), "fine");                             /* ﬁ ligature */
	CHECK_STR(tk("Stra\xc3\x9f" "e"), "strasse");                        /* ß case-folds to ss */
	CHECK_STR(tk("x\xc2\xb2"), "x2");                                     /* superscript two */
	CHECK_STR(tk("\xce\x9c\xce\x91\xce\xa3\xce\xa3\xce\x91\xce\x96"), "\xce\xbc\xce\xb1\xcf\x83\xcf\x83\xce\xb1\xce\xb6");
}

static void punctuation_as_a_person_expects(void)
{
	CHECK_STR(tk("don\xe2\x80\x99t"), "don't");                       /* curly apostrophe */
	CHECK_STR(tk("pain\xe2\x80\x94relief"), "pain|relief");            /* em dash separates */
	CHECK_STR(tk("2\xe2\x80\x93" "3 weeks"), "2|3|weeks");             /* en dash separates */
	CHECK_STR(tk("anti\xe2\x80\x91inflammatory"), "anti-inflammatory"); /* non-breaking hyphen joins */
	CHECK_STR(tk("back\xc2\xa0pain"), "back|pain");                    /* no-break space separates */
	CHECK_STR(tk("pain\xc2\xadkiller"), "painkiller");                 /* soft hyphen is ignorable */
	CHECK_STR(tk("pain\xe2\x80\x8bkiller"), "painkiller");             /* zero-width space is ignorable */
	CHECK_STR(tk("\xe2\x80\xa2 Less stiffness"), "less|stiffness");   /* bullet */
	CHECK_STR(tk("\xe2\x80\x9cquoted\xe2\x80\x9d"), "quoted");
}

/* The fast path must give what the full path gives: a zero-width space inside a word forces the full path. */
static void fast_path_matches_full_path(void)
{
	const char *words[] = {"Hello", "WORLD's", "anti-inflammatory", "10MG", "x-ray's", "ABC123def", "o'clock"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		char a[128], b[128];
		snprintf(a, sizeof a, "%s", tk(words[i]));
		char forced[64];
		snprintf(forced, sizeof forced, "%.1s\xe2\x80\x8b%s", words[i], words[i] + 1);
		snprintf(b, sizeof b, "%s", tk(forced));
		CHECK_STR(a, b);
	}
}

static void invalid_utf8(void)
{
	int rc;
	CHECK_STR(toks("caf\xe9 ok", 7, 0, &rc), "caf\xef\xbf\xbd|ok"); /* replaced, not dropped */
	CHECK_EQ_INT(rc, 0);
	toks("caf\xe9 ok", 7, 1, &rc);
	CHECK_EQ_INT(rc, HT_EUTF8);
	toks("\xc0\xaf", 2, 1, &rc); /* overlong '/' */
	CHECK_EQ_INT(rc, HT_EUTF8);
	toks("\xed\xa0\x80", 3, 1, &rc); /* lone surrogate */
	CHECK_EQ_INT(rc, HT_EUTF8);
	CHECK_STR(toks("a\0b", 3, 0, &rc), "a|b"); /* embedded NUL separates */
}

static void stop_words(void)
{
	CHECK(ht_text__is_stop_word("the", 3));
	CHECK(ht_text__is_stop_word("yourselves", 10));
	CHECK(!ht_text__is_stop_word("not", 3));
	CHECK(!ht_text__is_stop_word("pain", 4));
	CHECK(!ht_text__is_stop_word("th", 2));
}

static void segments(void)
{
	const char *art = "# Title\r\n\r\nFirst paragraph line one\r\nline two.\r\n\r\n- item one\r\n  continued\r\n- item two\r\n\r\nShort heading\r\n\r\nIs it safe?\r\n\r\nLast paragraph.";
	ht_segments s = {0};
	CHECK_EQ_INT(ht_text__segment_article(&s, art, strlen(art), NULL), 0);
	CHECK_EQ_INT(s.len, 7);
	if (s.len == 7) {
		int kinds[] = {HT_UNIT_HEADING, HT_UNIT_PARAGRAPH, HT_UNIT_BULLET, HT_UNIT_BULLET, HT_UNIT_HEADING,
			       HT_UNIT_HEADING, HT_UNIT_PARAGRAPH};
		for (int i = 0; i < 7; i++)
			CHECK_EQ_INT(s.data[i].kind, kinds[i]);
		CHECK(strncmp(art + s.data[1].start, "First", 5) == 0);
		CHECK(art[s.data[1].end - 1] == '.');
		CHECK(strncmp(art + s.data[2].end - 9, "continued", 9) == 0);
		CHECK_EQ_INT(s.data[1].heading, 0);
		CHECK_EQ_INT(s.data[6].heading, 5);
		CHECK(s.data[0].heading == SIZE_MAX);
	}
	ht__vec_free(&s);
	CHECK_EQ_INT(ht_text__line_kind("1. first", 8), HT_UNIT_BULLET);
	CHECK_EQ_INT(ht_text__line_kind("## Sub", 6), HT_UNIT_HEADING);
	CHECK_EQ_INT(ht_text__line_kind("#hashtag", 8), HT_UNIT_PARAGRAPH);
	CHECK_EQ_INT(ht_text__line_kind("\xe2\x80\xa2 dot", 7), HT_UNIT_BULLET);
}

RUN_TESTS("tokenize", T(ascii_basics), T(unicode_normalisation), T(punctuation_as_a_person_expects),
	  T(fast_path_matches_full_path), T(invalid_utf8), T(stop_words), T(segments))
