/* SPDX-License-Identifier: MIT */
/* segment.c's sentence splitter (ht_text__next_sentence), which the sentence rule of classification uses. */
#include "test.h"
#include "text/text.h"

/* The sentences of s joined by '|'. */
static void sentences(char *out, size_t cap, const char *s)
{
	size_t pos = 0, a, b, n = 0, len = strlen(s);
	out[0] = 0;
	while (ht_text__next_sentence(s, len, &pos, &a, &b)) {
		CHECK(a < b && b <= len && pos <= len);
		n += (size_t)snprintf(out + n, cap - n, "%s%.*s", n ? "|" : "", (int)(b - a), s + a);
	}
}

static void splits(void)
{
	char out[512];
	sentences(out, sizeof out, "It helps. Most people feel better! Does it hurt? Rarely.");
	CHECK_STR(out, "It helps.|Most people feel better!|Does it hurt?|Rarely.");
	/* quotes and brackets close a sentence; a digit or a quote may open the next */
	sentences(out, sizeof out, "She said \"it worked.\" 20 people agreed. \"Try it,\" he wrote.");
	CHECK_STR(out, "She said \"it worked.\"|20 people agreed.|\"Try it,\" he wrote.");
	/* line breaks and several spaces count as white space */
	sentences(out, sizeof out, "First line ends.\nSecond   starts here.   Third.");
	CHECK_STR(out, "First line ends.|Second   starts here.|Third.");
}

static void does_not_split(void)
{
	char out[512];
	/* no space after the dot, a lower-case word after it, initials and abbreviations */
	sentences(out, sizeof out, "Take 2.5 mg daily. e.g. with food, as Dr. Smith and J. Jones advise vs. Others say no.");
	CHECK_STR(out, "Take 2.5 mg daily. e.g. with food, as Dr. Smith and J. Jones advise vs. Others say no.");
	sentences(out, sizeof out, "Patients (Smith et al. Ann Med 2020) improved.");
	CHECK_STR(out, "Patients (Smith et al. Ann Med 2020) improved.");
	/* one sentence without an end, trailing white space dropped */
	sentences(out, sizeof out, "No end here  \n");
	CHECK_STR(out, "No end here");
	/* nothing */
	size_t pos = 0, a, b;
	CHECK_EQ_INT(ht_text__next_sentence(" \n ", 3, &pos, &a, &b), 0);
	pos = 0;
	CHECK_EQ_INT(ht_text__next_sentence("", 0, &pos, &a, &b), 0);
	/* a final '.' with nothing after it ends the text, not a sentence before more */
	sentences(out, sizeof out, "Ends. ");
	CHECK_STR(out, "Ends.");
}

RUN_TESTS("segment", T(splits), T(does_not_split))
