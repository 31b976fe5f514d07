/* SPDX-License-Identifier: MIT */
/*
 * memory.c: ht_corpus_from_memory, a corpus built from items the caller holds in memory (for bindings such as
 * the Python package, which train from lists of texts and labels without writing a file).
 *
 * The corpus it builds is the one the TSV reader would build from the same items (one item per text, each its
 * own group unless the caller groups them, no heading unless given), so training on it gives the same model
 * bytes as `healthtopics train` on the equivalent TSV file when the label names are given in strcmp order.
 */
#include "corpus/corpus.h"

#include <stdio.h>
#include <utf8proc.h>

/* Offset of the first invalid UTF-8 byte in s, or len if valid. */
static size_t utf8_invalid_at(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i > 4 ? 4 : len - i), &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

typedef struct checker {
	const ht_corpus_options *o;
	size_t problems;
	char first[HT_ERROR_MESSAGE_SIZE];
} checker;

static void problem(checker *k, size_t item, const char *msg)
{
	if (k->problems++ == 0)
		snprintf(k->first, sizeof k->first, "<memory>:%zu: %s", item + 1, msg);
	if (k->o->on_problem)
		k->o->on_problem(k->o->ctx, "<memory>", item + 1, msg);
}

/* Check every item (all problems in one pass, like the file readers) and sum the bytes to copy. */
static int check_items(checker *k, size_t *bytes, const char *const *names, size_t n_names,
		       const ht_memory_item *items, size_t count, ht_error *err)
{
	size_t total = 0;
	for (size_t l = 0; l < n_names; l++) {
		if (!names[l] || !names[l][0])
			return ht__err(err, HT_EINVAL, "label %zu has no name", l);
		size_t nl = strlen(names[l]);
		if (utf8_invalid_at(names[l], nl) < nl)
			return ht__err(err, HT_EINVAL, "label %zu is not valid UTF-8", l);
		for (size_t m = 0; m < l; m++)
			if (strcmp(names[l], names[m]) == 0)
				return ht__err(err, HT_EINVAL, "label '%s' is given twice", names[l]);
	}
	for (size_t i = 0; i < count; i++) {
		const ht_memory_item *it = &items[i];
		char msg[160];
		if ((!it->text && it->len) || (!it->heading && it->heading_len) || (!it->labels && it->label_count))
			return ht__err(err, HT_EINVAL, "item %zu: NULL pointer with a non-zero length", i);
		if (it->group == SIZE_MAX)
			return ht__err(err, HT_EINVAL, "item %zu: group SIZE_MAX is reserved", i);
		if (is_blank(it->text, it->len)) {
			problem(k, i, "empty text");
			continue;
		}
		size_t bad = utf8_invalid_at(it->text, it->len);
		if (bad < it->len) { /* corpora must be clean, whatever reject_invalid_utf8 says (as in the readers) */
			snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu of the text", bad + 1);
			problem(k, i, msg);
		}
		bad = it->heading ? utf8_invalid_at(it->heading, it->heading_len) : 0;
		if (it->heading && bad < it->heading_len) {
			snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu of the heading", bad + 1);
			problem(k, i, msg);
		}
		for (size_t l = 0; l < it->label_count; l++)
			if (it->labels[l] >= n_names) {
				snprintf(msg, sizeof msg, "label index %u out of range (%zu labels)", (unsigned)it->labels[l],
					 n_names);
				problem(k, i, msg);
				break;
			}
		size_t add = it->len + it->heading_len + 2;
		if (add < it->len || total + add < total)
			return ht__err(err, HT_ELIMIT, "corpus too large");
		total += add;
	}
	if (total > k->o->max_bytes)
		return ht__err(err, HT_ELIMIT, "corpus of %zu bytes exceeds the limit of %zu bytes", total, k->o->max_bytes);
	*bytes = total;
	return 0;
}

int ht_corpus_from_memory(ht_corpus **out, const char *const *label_names, size_t label_count,
			  const ht_memory_item *items, size_t count, const ht_corpus_options *opts, ht_error *err)
{
	static const ht_corpus_options defaults = HT_CORPUS_OPTIONS_INIT;
	if (!out)
		return ht__err(err, HT_EINVAL, "ht_corpus_from_memory: NULL argument");
	*out = NULL;
	if ((!label_names && label_count) || (!items && count))
		return ht__err(err, HT_EINVAL, "ht_corpus_from_memory: NULL argument");
	if (label_count > UINT32_MAX)
		return ht__err(err, HT_ELIMIT, "too many labels");
	checker k = {opts ? opts : &defaults, 0, ""};
	if (k.o->version != HT_CORPUS_OPTIONS_VERSION)
		return ht__err(err, HT_EINVAL, "unknown ht_corpus_options version %u", k.o->version);
	size_t bytes = 0;
	int rc = check_items(&k, &bytes, label_names, label_count, items, count, err);
	if (rc < 0)
		return rc;
	if (k.problems)
		return ht__err(err, HT_EFORMAT, "%zu problem%s in the corpus; the first: %s", k.problems,
			       k.problems == 1 ? "" : "s", k.first);

	ht_corpus *c = ht__calloc(1, sizeof *c);
	char *arena = NULL, *name = NULL;
	if (!c)
		return HT_NOMEM(err);
	c->format = HT_CORPUS_TSV; /* a line format: no article records, labels as given */
	arena = ht__malloc(bytes ? bytes : 1);
	name = ht__strndup("<memory>", 8);
	if (!arena || !name || ht__vec_push(&c->buffers, (unsigned char *)arena) < 0) {
		ht__free(arena);
		ht__free(name);
		goto nomem;
	}
	if (ht__vec_push(&c->files, name) < 0) {
		ht__free(name);
		goto nomem;
	}
	if (ht__vec_reserve(&c->label_names, label_count) < 0 || ht__vec_reserve(&c->items, count) < 0 ||
	    ht__vec_reserve(&c->label_off, count) < 0)
		goto nomem;
	for (size_t l = 0; l < label_count; l++) {
		uint32_t id;
		char *d = ht__strndup(label_names[l], strlen(label_names[l]));
		if (!d)
			goto nomem;
		c->label_names.data[c->label_names.len++] = d;
		if (ht_features__strtab_intern(&c->labels, d, strlen(d), &id) < 0)
			goto nomem;
	}
	size_t pos = 0;
	for (size_t i = 0; i < count; i++) {
		const ht_memory_item *it = &items[i];
		char *text = arena + pos, *heading = NULL;
		if (it->len)
			memcpy(text, it->text, it->len);
		text[it->len] = 0;
		pos += it->len + 1;
		if (it->heading) {
			heading = arena + pos;
			if (it->heading_len)
				memcpy(heading, it->heading, it->heading_len);
			heading[it->heading_len] = 0;
			pos += it->heading_len + 1;
		}
		/* labels ascending and without repeats, as the readers store them */
		size_t start = c->label_ids.len;
		for (size_t l = 0; l < it->label_count; l++) {
			uint32_t v = it->labels[l];
			size_t j = c->label_ids.len;
			int dup = 0;
			for (size_t q = start; q < j; q++)
				dup |= c->label_ids.data[q] == v;
			if (dup)
				continue;
			if (ht__vec_push(&c->label_ids, v) < 0)
				goto nomem;
			while (j > start && c->label_ids.data[j - 1] > v) {
				c->label_ids.data[j] = c->label_ids.data[j - 1];
				j--;
			}
			c->label_ids.data[j] = v;
		}
		ht_item item = {text, it->len, heading, heading ? it->heading_len : 0, HT_UNIT_PARAGRAPH, it->group, name,
				i + 1, c->label_ids.len - start, NULL, NULL, 0};
		c->items.data[c->items.len++] = item;
		c->label_off.data[c->label_off.len++] = start;
	}
	for (size_t i = 0; i < c->items.len; i++)
		c->items.data[i].labels = c->label_ids.data ? c->label_ids.data + c->label_off.data[i] : NULL;
	*out = c;
	return 0;
nomem:
	ht_corpus_free(c);
	return HT_NOMEM(err);
}
