/* SPDX-License-Identifier: MIT */
/* The plain-text reader (doc.c): lists whose bullets a browser copy lost, prose that must stay whole, and the
 * heading chain. */
#include "test.h"
#include "text/doc.h"

/*
 * The units of a text, one a line: a kind letter (P paragraph, H heading, L list item, T table row, B
 * boilerplate), then for list items their lead-in's index and for others their heading's index ('-': none), a
 * space and the unit's input bytes. Checks that every range slices the input to the unit's decoded text.
 */
static const char *units(const char *text)
{
	static char out[4096];
	ht_doc d = {{0}, {0}};
	ht_error err;
	size_t o = 0, len = strlen(text);
	out[0] = 0;
	CHECK_EQ_INT(ht_text__doc_text(&d, text, len, &err), 0);
	for (size_t i = 0; i < d.units.len; i++) {
		const ht_docunit *u = &d.units.data[i];
		CHECK(u->start < u->end && u->end <= len && u->text_len == u->end - u->start);
		CHECK(memcmp(d.text.data + u->text_off, text + u->start, u->end - u->start) == 0);
		size_t ctx = u->kind == HT_UNIT_LIST_ITEM ? u->lead_in : u->heading;
		char idx[24] = "-";
		if (ctx != SIZE_MAX)
			snprintf(idx, sizeof idx, "%zu", ctx);
		int n = snprintf(out + o, sizeof out - o, "%s%c%s %.*s", i ? "\n" : "", "PHLTQB"[u->kind], idx,
				 (int)(u->end - u->start), text + u->start);
		if (n < 0 || (size_t)n >= sizeof out - o)
			break;
		o += (size_t)n;
	}
	ht_text__doc_free(&d);
	return out;
}

static void lists_without_bullets(void)
{
	/* a lead-in and one item a line: capitalised, lower-case, CRLF */
	CHECK_STR(units("The benefits include:\nLess pain\nBetter sleep\nMore energy\n"),
		  "P- The benefits include:\nL0 Less pain\nL0 Better sleep\nL0 More energy");
	CHECK_STR(units("Symptoms include:\nnumbness in the fingers\ntingling at night\nweak grip"),
		  "P- Symptoms include:\nL0 numbness in the fingers\nL0 tingling at night\nL0 weak grip");
	CHECK_STR(units("You may notice:\r\nLess pain\r\nBetter sleep\r\n"),
		  "P- You may notice:\nL0 Less pain\nL0 Better sleep");
	/* under a heading split off the same paragraph; items that are whole sentences */
	CHECK_STR(units("Benefits\nMost people notice two changes:\nThey sleep better within a week.\n"
			"Their pain eases, sometimes after the first session.\n"),
		  "H- Benefits\nP0 Most people notice two changes:\nL1 They sleep better within a week.\n"
		  "L1 Their pain eases, sometimes after the first session.");
	/* the sentence before the lead-in stays a paragraph of its own; a second lead-in starts a second list */
	CHECK_STR(units("A pump is worn all day.\nPros:\nNo injections\nFewer lows\nCons:\nCost\nThe tubing can snag"),
		  "P- A pump is worn all day.\nP- Pros:\nL1 No injections\nL1 Fewer lows\nP- Cons:\nL4 Cost\n"
		  "L4 The tubing can snag");
	/* the list stops where a line wraps into the next; those lines stay one paragraph */
	CHECK_STR(units("Options include:\nRest\nIce\nphysical therapy for several weeks, which strengthens the\n"
			"muscles around the knee."),
		  "P- Options include:\nL0 Rest\nL0 Ice\nP- physical therapy for several weeks, which strengthens the\n"
		  "muscles around the knee.");
	/* marked bullets after unmarked ones keep the same lead-in */
	CHECK_STR(units("Ask about:\nHeat\nMassage\n- Stretching"), "P- Ask about:\nL0 Heat\nL0 Massage\nL0 - Stretching");
}

static void prose_stays_whole(void)
{
	/* hard-wrapped prose that breaks after a colon: the next word would not have fitted, or a line stops on a
	 * function word or a comma */
	const char *wrapped[] = {
		"Your doctor may suggest one of the following treatments for the knee:\n"
		"physical therapy, which strengthens the muscles around the joint, a\n"
		"steroid injection, or surgery when nothing else has helped at all.",
		"Three things matter most when you choose a brace for your sore knee:\n"
		"Comfort, fit and support. A brace that pinches will stay in the\n"
		"drawer, and one that slips down does nothing for the joint at all.",
		"A survey of patients at our clinic last year asked about two changes:\n"
		"sleeping through the night and less stiffness in the morning, and\n"
		"most of them reported both within a week of starting treatment.",
		"Massage therapy can help reduce\nback pain in many people.",
	};
	for (size_t k = 0; k < sizeof wrapped / sizeof *wrapped; k++) {
		char want[1024];
		snprintf(want, sizeof want, "P- %s", wrapped[k]);
		CHECK_STR(units(wrapped[k]), want);
	}
	/* one line after the colon is no list */
	CHECK_STR(units("Note:\nTake it with food."), "P- Note:\nTake it with food.");
	/* no colon, no list: short lines alone are not split */
	CHECK_STR(units("Aches\nNausea\nTiredness"), "P- Aches\nNausea\nTiredness");
}

/* A page copied with one newline between blocks: a line longer than any hard wrap (100 characters) shows that the
 * text was not wrapped, so each line is a unit; narrower text stays wrapped prose. */
static void unwrapped_lines(void)
{
	const char *page = "Knee braces for runners\n"
			   "A knee brace can take some of the load off a sore joint, and many runners say they feel "
			   "steadier on hills.\n"
			   "We keep your email address to ourselves.\n"
			   "Posted by Ana Ruiz, 3 May 2024\n"
			   "Wear it for a few weeks first.\n";
	CHECK_STR(units(page), "H- Knee braces for runners\n"
			       "P0 A knee brace can take some of the load off a sore joint, and many runners say they "
			       "feel steadier on hills.\n"
			       "P0 We keep your email address to ourselves.\n"
			       "P0 Posted by Ana Ruiz, 3 May 2024\n"
			       "P0 Wear it for a few weeks first.");
	/* 100 characters is still a possible wrap width: the paragraph stays whole */
	char line[128], text[512], want[600];
	memset(line, 'a', 100);
	line[100] = 0;
	snprintf(text, sizeof text, "%s\nand the next line", line);
	snprintf(want, sizeof want, "P- %s", text);
	CHECK_STR(units(text), want);
	/* width is counted in characters, not bytes: 60 accented letters are 120 bytes and may be wrapped text */
	char wide[256] = "";
	for (int k = 0; k < 60; k++)
		strcat(wide, "\xc3\xa9");
	snprintf(text, sizeof text, "%s\nsuite du texte", wide);
	snprintf(want, sizeof want, "P- %s", text);
	CHECK_STR(units(text), want);
	/* a list whose bullets were lost keeps its lead-in even in unwrapped text */
	CHECK_STR(units("After the operation, most people who had a partial knee replacement notice these changes "
			"within the first few months:\nLess pain\nBetter sleep\n"),
		  "P- After the operation, most people who had a partial knee replacement notice these changes "
		  "within the first few months:\nL0 Less pain\nL0 Better sleep");
}

/* ht_docunit.parent: "#" levels chain; a heading without a level sits under the nearest one with a level. */
static void heading_parents(void)
{
	const char *t = "# Statins\n\nOverview\n\n## Risks\n\nIn pregnancy\n\nAvoid them.\n\n## Types\n\nSeveral.\n";
	ht_doc d = {{0}, {0}};
	CHECK_EQ_INT(ht_text__doc_text(&d, t, strlen(t), NULL), 0);
	/* 0 # Statins, 1 Overview (no level), 2 ## Risks, 3 In pregnancy (no level), 4 Avoid them., 5 ## Types,
	 * 6 Several. */
	static const size_t parent[] = {SIZE_MAX, 0, 0, 2, SIZE_MAX, 0, SIZE_MAX};
	CHECK_EQ_INT(d.units.len, 7);
	for (size_t i = 0; i < 7 && i < d.units.len; i++)
		CHECK(d.units.data[i].parent == parent[i]);
	CHECK(d.units.len == 7 && d.units.data[4].heading == 3 && d.units.data[3].level == 0);
	ht_text__doc_free(&d);
	/* plain text without levels: headings are siblings */
	CHECK_STR(units("Knee braces\n\nWho needs one\n\nMost runners do not."),
		  "H- Knee braces\nH- Who needs one\nP1 Most runners do not.");
	t = "Knee braces\n\nWho needs one\n\nMost runners do not.";
	CHECK_EQ_INT(ht_text__doc_text(&d, t, strlen(t), NULL), 0);
	CHECK(d.units.len == 3 && d.units.data[1].parent == SIZE_MAX);
	ht_text__doc_free(&d);
}

RUN_TESTS("doc", T(lists_without_bullets), T(prose_stays_whole), T(unwrapped_lines), T(heading_parents))
