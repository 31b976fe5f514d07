/* SPDX-License-Identifier: MIT */
/* article_cli.c: names of article formats and unit kinds, for `classify --article`. */
#include "cli.h"

#include <string.h>

int cli_article_format_from_name(const char *name, ht_article_format *out)
{
	static const struct {
		const char *name;
		ht_article_format format;
	} formats[] = {{"auto", HT_ARTICLE_AUTO}, {"text", HT_ARTICLE_TEXT}, {"txt", HT_ARTICLE_TEXT}, {"markdown", HT_ARTICLE_MARKDOWN},
		       {"md", HT_ARTICLE_MARKDOWN}, {"html", HT_ARTICLE_HTML}};
	for (size_t k = 0; k < sizeof formats / sizeof *formats; k++)
		if (!strcmp(name, formats[k].name)) {
			*out = formats[k].format;
			return 0;
		}
	return -1;
}

const char *cli_unit_kind_name(ht_unit_kind kind)
{
	switch (kind) {
	case HT_UNIT_PARAGRAPH:
		return "paragraph";
	case HT_UNIT_HEADING:
		return "heading";
	case HT_UNIT_LIST_ITEM:
		return "list_item";
	case HT_UNIT_TABLE_ROW:
		return "table_row";
	case HT_UNIT_QUOTE:
		return "quote";
	case HT_UNIT_BOILERPLATE:
		return "boilerplate";
	}
	return "unknown";
}
