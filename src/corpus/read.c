/* SPDX-License-Identifier: MIT */
/* read.c: reading corpora in the article, TSV and fastText formats; every problem found in one pass. */
#define _DEFAULT_SOURCE
#include "corpus/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *const article_labels[] = {"benefits", "types", "risks", "alternatives"};
#define N_ARTICLE_LABELS 4

typedef struct reader {
	ht_corpus *c;
	const ht_corpus_options *o;
	ht_error *err;
	size_t problems;
	char first[HT_ERROR_MESSAGE_SIZE];
	int nomem;
} reader;

static void problem(reader *r, const char *file, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
static void problem(reader *r, const char *file, size_t line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->problems++ == 0)
		snprintf(r->first, sizeof r->first, "%s:%zu: %s", file, line, msg);
	if (r->o->on_problem)
		r->o->on_problem(r->o->ctx, file, line, msg);
}

static int label_id(reader *r, const char *name, size_t len, uint32_t *id)
{
	if (r->c->format == HT_CORPUS_ARTICLE) {
		int64_t f = ht_features__strtab_find(&r->c->labels, name, len);
		if (f < 0)
			return 1;
		*id = (uint32_t)f;
		return 0;
	}
	int added = ht_features__strtab_intern(&r->c->labels, name, len, id);
	if (added < 0)
		return HT_ENOMEM;
	return 0;
}

/* Add an item; labels are ids already collected in r->c->label_ids from label_start. */
static int add_item(reader *r, const char *text, size_t len, const char *heading, size_t hlen, ht_unit_kind kind,
		    size_t article, const char *file, size_t line, size_t label_start)
{
	ht_corpus *c = r->c;
	/* sort and dedupe labels (no pointer arithmetic on a still-NULL array when there are none) */
	size_t n = c->label_ids.len - label_start, k = 0;
	uint32_t *l = n ? c->label_ids.data + label_start : NULL;
	if (n)
		ht__sort_u32(l, n);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || l[k - 1] != l[i])
			l[k++] = l[i];
	c->label_ids.len = label_start + k;
	ht_item it = {text, len, heading, hlen, kind, article, file, line, k, NULL, NULL, 0};
	if (ht__vec_push(&c->items, it) < 0 || ht__vec_push(&c->label_off, label_start) < 0)
		return HT_ENOMEM;
	return 0;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Iterate lines: sets line and len (without the newline and a trailing CR); returns 0 at the end. */
typedef struct lines {
	const char *p, *end;
	size_t no;
} lines;
static int next_line(lines *ls, const char **line, size_t *len)
{
	if (ls->p >= ls->end)
		return 0;
	const char *s = ls->p, *e = memchr(s, '\n', (size_t)(ls->end - s));
	if (!e)
		e = ls->end;
	ls->p = e < ls->end ? e + 1 : ls->end;
	*len = (size_t)(e - s);
	if (*len && s[*len - 1] == '\r')
		(*len)--;
	*line = s;
	ls->no++;
	return 1;
}

static int check_utf8(reader *r, const char *file, size_t no, const char *s, size_t len)
{
	size_t bad = ht_text__utf8_invalid_at(s, len);
	if (bad < len) {
		problem(r, file, no, "invalid UTF-8 at byte %zu of the line", bad + 1);
		return 1;
	}
	return 0;
}

static const char *skip_bom(const char *p, const char *end)
{
	return end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? p + 3 : p;
}

/*
 * The labels of one line of a line-based corpus: push their ids to r->c->label_ids and set *text_at to where the
 * text starts. 1 after reporting a problem that drops the line, 0, or HT_ENOMEM.
 */
typedef int (*line_labels_fn)(reader *r, const char *file, size_t no, const char *s, size_t len, size_t *text_at);

/* "label[,label...]<TAB>text" */
static int tsv_labels(reader *r, const char *file, size_t no, const char *s, size_t len, size_t *text_at)
{
	const char *tab = memchr(s, '\t', len);
	if (!tab) {
		problem(r, file, no, "expected labels<TAB>text, found no tab");
		return 1;
	}
	*text_at = (size_t)(tab + 1 - s);
	if (is_blank(tab + 1, len - *text_at)) {
		problem(r, file, no, "empty text");
		return 1;
	}
	const char *p = s;
	while (p <= tab && tab > s) { /* every comma-separated field, a trailing empty one too */
		const char *q = memchr(p, ',', (size_t)(tab - p));
		if (!q)
			q = tab;
		const char *a = p, *b = q;
		while (a < b && (*a == ' '))
			a++;
		while (b > a && (b[-1] == ' '))
			b--;
		if (a == b) {
			problem(r, file, no, "empty label in the label list");
			return 1;
		}
		if (memchr(a, 0, (size_t)(b - a))) { /* label names are C strings */
			problem(r, file, no, "a label holds a NUL byte");
			return 1;
		}
		uint32_t id;
		if (label_id(r, a, (size_t)(b - a), &id) < 0 || ht__vec_push(&r->c->label_ids, id) < 0)
			return HT_ENOMEM;
		p = q + 1;
	}
	return 0;
}

/* "__label__a __label__b text": a bad label is reported and ends the label list, the line is kept */
static int fasttext_labels(reader *r, const char *file, size_t no, const char *s, size_t len, size_t *text_at)
{
	size_t i = 0;
	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (len - i < 9 || memcmp(s + i, "__label__", 9) != 0)
			break;
		size_t a = i + 9, b = a;
		while (b < len && s[b] != ' ' && s[b] != '\t')
			b++;
		if (a == b) {
			problem(r, file, no, "empty __label__");
			break;
		}
		if (memchr(s + a, 0, b - a)) { /* label names are C strings */
			problem(r, file, no, "a label holds a NUL byte");
			break;
		}
		uint32_t id;
		if (label_id(r, s + a, b - a, &id) < 0 || ht__vec_push(&r->c->label_ids, id) < 0)
			return HT_ENOMEM;
		i = b;
	}
	*text_at = i;
	return 0;
}

/* A line-based corpus (TSV, fastText): one item per non-blank line, every problem reported with its line. */
static int read_lines(reader *r, const char *data, size_t size, const char *file, line_labels_fn labels)
{
	lines ls = {skip_bom(data, data + size), data + size, 0};
	const char *s;
	size_t len;
	while (next_line(&ls, &s, &len)) {
		if (is_blank(s, len))
			continue;
		if (check_utf8(r, file, ls.no, s, len))
			continue;
		size_t start = r->c->label_ids.len, at = 0;
		int rc = labels(r, file, ls.no, s, len, &at);
		if (rc < 0)
			return rc;
		if (rc == 0 && is_blank(s + at, len - at)) {
			problem(r, file, ls.no, "no text after the labels");
			rc = 1;
		}
		if (rc) {
			r->c->label_ids.len = start;
			continue;
		}
		if (add_item(r, s + at, len - at, NULL, 0, HT_UNIT_PARAGRAPH, r->c->items.len, file, ls.no, start) < 0)
			return HT_ENOMEM;
	}
	return 0;
}

static int valid_id(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int ht_corpus_id_is_heldout(const char *id, size_t len)
{
	return id && ht__fnv1a32(id, len) % 5 == 0;
}

static const char *const required_keys[] = {"id", "title", "treatment", "condition", "style"};

/* One article file (or one article's worth of a file). */
static int read_article(reader *r, const char *data, size_t size, const char *file)
{
	ht_corpus *c = r->c;
	lines ls = {skip_bom(data, data + size), data + size, 0};
	const char *s;
	size_t len;
	ht_article_rec a = {0};
	a.file = file;
	a.line = 1;
	int rc = 0, have[5] = {0};
	/* header */
	while (next_line(&ls, &s, &len)) {
		if (is_blank(s, len))
			break;
		if (check_utf8(r, file, ls.no, s, len))
			continue;
		const char *colon = memchr(s, ':', len);
		size_t kl = colon ? (size_t)(colon - s) : 0;
		int key_ok = kl > 0;
		for (size_t i = 0; i < kl; i++)
			if (!(s[i] >= 'a' && s[i] <= 'z') && s[i] != '_')
				key_ok = 0;
		if (!key_ok) {
			problem(r, file, ls.no, "expected a header line 'key: value' (a blank line ends the header)");
			continue;
		}
		const char *v = colon + 1;
		size_t vl = len - kl - 1;
		while (vl && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
			vl--;
		if (!vl) {
			problem(r, file, ls.no, "header '%.*s' has no value", (int)kl, s);
			continue;
		}
		for (int k = 0; k < 5; k++) {
			if (strlen(required_keys[k]) == kl && memcmp(required_keys[k], s, kl) == 0) {
				if (have[k])
					problem(r, file, ls.no, "header '%s' given twice", required_keys[k]);
				have[k] = 1;
			}
		}
		if (kl == 2 && memcmp(s, "id", 2) == 0 && !valid_id(v, vl))
			problem(r, file, ls.no, "id must be lowercase letters, digits and hyphens");
		char *key = ht__strndup(s, kl), *val = ht__strndup(v, vl);
		if (!key || !val || ht__vec_push(&a.meta, key) < 0 || ht__vec_push(&a.meta, val) < 0) {
			ht__free(key);
			ht__free(val);
			rc = HT_ENOMEM;
			goto fail;
		}
	}
	for (int k = 0; k < 5; k++)
		if (!have[k])
			problem(r, file, 1, "missing header '%s'", required_keys[k]);
	for (size_t k = 0; k < a.meta.len; k += 2)
		if (strcmp(a.meta.data[k], "id") == 0 && !a.id && !(a.id = ht__strndup(a.meta.data[k + 1], strlen(a.meta.data[k + 1])))) {
			rc = HT_ENOMEM;
			goto fail;
		}
	if (a.id)
		for (size_t k = 0; k < c->articles.len; k++)
			if (c->articles.data[k].id && strcmp(c->articles.data[k].id, a.id) == 0)
				problem(r, file, 1, "duplicate article id '%s' (also in %s)", a.id, c->articles.data[k].file);
	int keep = 1;
	if (r->o->split != HT_SPLIT_ALL && a.id) {
		int held = ht_corpus_id_is_heldout(a.id, strlen(a.id));
		keep = (r->o->split == HT_SPLIT_HELDOUT) == held;
	}
	size_t article = c->articles.len;
	if (ht__vec_push(&c->articles, a) < 0) {
		rc = HT_ENOMEM;
		goto fail;
	}
	/* units */
	const char *heading = NULL, *lead = NULL;
	size_t hlen = 0, units = 0, lead_len = 0;
	ht_unit_kind prev_kind = HT_UNIT_HEADING;
	const char *prev_text = NULL;
	size_t prev_len = 0;
	while (next_line(&ls, &s, &len)) {
		if (is_blank(s, len))
			continue;
		if (check_utf8(r, file, ls.no, s, len))
			continue;
		const char *close = len && s[0] == '[' ? memchr(s, ']', len) : NULL;
		if (!close) {
			problem(r, file, ls.no, "expected a unit line '[labels] text'");
			continue;
		}
		const char *text = close + 1;
		size_t tlen = len - (size_t)(text - s);
		while (tlen && (*text == ' ' || *text == '\t')) {
			text++;
			tlen--;
		}
		if (!tlen) {
			problem(r, file, ls.no, "empty unit");
			continue;
		}
		size_t start = c->label_ids.len;
		int bad = 0, none = 0, count = 0;
		const char *p = s + 1;
		while (p < close) {
			const char *q = memchr(p, ',', (size_t)(close - p));
			if (!q)
				q = close;
			const char *x = p, *y = q;
			while (x < y && *x == ' ')
				x++;
			while (y > x && y[-1] == ' ')
				y--;
			count++;
			uint32_t id;
			if ((size_t)(y - x) == 4 && memcmp(x, "none", 4) == 0) {
				none = 1;
			} else if (x == y) {
				problem(r, file, ls.no, "empty label in '[...]'");
				bad = 1;
			} else if (label_id(r, x, (size_t)(y - x), &id) != 0) {
				problem(r, file, ls.no, "unknown label '%.*s' (known: benefits, types, risks, alternatives, none)",
					(int)(y - x), x);
				bad = 1;
			} else if (ht__vec_push(&c->label_ids, id) < 0) {
				rc = HT_ENOMEM;
				goto fail_items;
			}
			p = q + 1;
		}
		if (!bad && none && count > 1) {
			problem(r, file, ls.no, "'none' cannot be combined with other labels");
			bad = 1;
		}
		if (!bad && count == 0) {
			problem(r, file, ls.no, "no labels in '[]' (write [none] for a unit with no topic)");
			bad = 1;
		}
		ht_unit_kind kind = ht_text__line_kind(text, tlen);
		units++;
		/* A bullet's context is its heading and its list's lead-in paragraph, as ht_classify_article gives it
		 * to a model trained with --list-context (text/doc.h: the paragraph just before the run of bullets). */
		if (kind == HT_UNIT_BULLET && prev_kind == HT_UNIT_PARAGRAPH) {
			lead = prev_text;
			lead_len = prev_len;
		} else if (kind != HT_UNIT_BULLET) {
			lead = NULL;
		}
		if (bad || !keep) {
			c->label_ids.len = start;
		} else if (add_item(r, text, tlen, kind == HT_UNIT_HEADING ? NULL : heading,
				    kind == HT_UNIT_HEADING ? 0 : hlen, kind, article, file, ls.no, start) < 0) {
			rc = HT_ENOMEM;
			goto fail_items;
		} else if (lead) {
			c->items.data[c->items.len - 1].lead = lead;
			c->items.data[c->items.len - 1].lead_len = lead_len;
		}
		if (kind == HT_UNIT_HEADING) {
			heading = text;
			hlen = tlen;
		}
		prev_kind = kind;
		prev_text = text;
		prev_len = tlen;
	}
	if (!units)
		problem(r, file, ls.no ? ls.no : 1, "article has no units");
	return 0;
fail:
	for (size_t k = 0; k < a.meta.len; k++)
		ht__free(a.meta.data[k]);
	ht__vec_free(&a.meta);
	ht__free(a.id);
	return rc;
fail_items:
	return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int add_buffer(reader *r, unsigned char *buf, const char *name, const char **stored_name)
{
	char *n = ht__strndup(name, strlen(name));
	if (!n || ht__vec_push(&r->c->files, n) < 0) {
		ht__free(n);
		ht__free(buf);
		return HT_ENOMEM;
	}
	if (ht__vec_push(&r->c->buffers, buf) < 0) {
		ht__free(buf);
		return HT_ENOMEM;
	}
	*stored_name = n;
	return 0;
}

static ht_corpus_format sniff(const char *data, size_t len)
{
	const char *p = skip_bom(data, data + len);
	size_t n = len - (size_t)(p - data);
	if (n >= 4 && memcmp(p, "id:", 3) == 0)
		return HT_CORPUS_ARTICLE;
	if (n >= 9 && memcmp(p, "__label__", 9) == 0)
		return HT_CORPUS_FASTTEXT;
	return HT_CORPUS_TSV;
}

static int read_one(reader *r, const char *data, size_t len, const char *name)
{
	switch (r->c->format) {
	case HT_CORPUS_ARTICLE: return read_article(r, data, len, name);
	case HT_CORPUS_FASTTEXT: return read_lines(r, data, len, name, fasttext_labels);
	default: return read_lines(r, data, len, name, tsv_labels);
	}
}

static int setup(ht_corpus **out, reader *r, const ht_corpus_options *opts, ht_error *err)
{
	static const ht_corpus_options defaults = HT_CORPUS_OPTIONS_INIT;
	*out = NULL;
	r->o = opts ? opts : &defaults;
	r->err = err;
	r->problems = 0;
	r->c = ht__calloc(1, sizeof *r->c);
	if (!r->c)
		return HT_NOMEM(err);
	r->c->format = r->o->format;
	return 0;
}

static int set_labels(ht_corpus *c)
{
	if (c->format == HT_CORPUS_ARTICLE && ht_features__strtab_count(&c->labels) == 0) {
		for (size_t i = 0; i < N_ARTICLE_LABELS; i++) {
			uint32_t id;
			if (ht_features__strtab_intern(&c->labels, article_labels[i], strlen(article_labels[i]), &id) < 0)
				return HT_ENOMEM;
		}
	}
	return 0;
}

/*
 * Finish: give line-format corpora their labels in name order (remapping ids), copy names, and point items at
 * their label arrays now that the arrays no longer move.
 */
static int finish(ht_corpus **out, reader *r, int rc)
{
	ht_corpus *c = r->c;
	ht_error *err = r->err;
	size_t L = ht_features__strtab_count(&c->labels);
	uint32_t *remap = NULL;
	if (rc == 0) {
		remap = ht__calloc(L ? L : 1, sizeof *remap);
		if (!remap || ht__vec_reserve(&c->label_names, L) < 0)
			rc = HT_ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < L; i++) {
		size_t len;
		const char *s = ht_features__strtab_str(&c->labels, (uint32_t)i, &len);
		char *d = ht__strndup(s, len);
		if (!d)
			rc = HT_ENOMEM;
		else
			c->label_names.data[c->label_names.len++] = d;
	}
	if (rc == 0 && c->format != HT_CORPUS_ARTICLE && L > 1) {
		/* sort names; remap[old] = new */
		char **sorted = ht__calloc(L, sizeof *sorted);
		if (!sorted) {
			rc = HT_ENOMEM;
		} else {
			memcpy(sorted, c->label_names.data, L * sizeof *sorted);
			qsort(sorted, L, sizeof *sorted, cmp_str);
			for (size_t i = 0; i < L; i++)
				for (size_t j = 0; j < L; j++)
					if (sorted[j] == c->label_names.data[i])
						remap[i] = (uint32_t)j;
			memcpy(c->label_names.data, sorted, L * sizeof *sorted);
			ht__free(sorted);
			for (size_t k = 0; k < c->label_ids.len; k++)
				c->label_ids.data[k] = remap[c->label_ids.data[k]];
			for (size_t i = 0; i < c->items.len; i++) { /* keep each item's labels ascending */
				uint32_t *l = c->label_ids.data + c->label_off.data[i];
				size_t n = c->items.data[i].label_count;
				for (size_t a = 1; a < n; a++)
					for (size_t b = a; b > 0 && l[b - 1] > l[b]; b--) {
						uint32_t t = l[b];
						l[b] = l[b - 1];
						l[b - 1] = t;
					}
			}
		}
	}
	ht__free(remap);
	if (rc == 0)
		for (size_t i = 0; i < c->items.len; i++)
			c->items.data[i].labels = c->label_ids.data ? c->label_ids.data + c->label_off.data[i] : NULL;
	if (rc == 0 && r->problems) {
		rc = ht__err(err, HT_EFORMAT, "%zu problem%s in the corpus; the first: %s", r->problems,
			     r->problems == 1 ? "" : "s", r->first);
	} else if (rc == HT_ENOMEM) {
		HT_NOMEM(err);
	}
	if (rc < 0) {
		ht_corpus_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int ht_corpus_read_buffer(ht_corpus **out, const char *data, size_t len, const char *name,
			  const ht_corpus_options *opts, ht_error *err)
{
	reader r;
	if (!out || (!data && len))
		return ht__err(err, HT_EINVAL, "ht_corpus_read_buffer: NULL argument");
	int rc = setup(out, &r, opts, err);
	if (rc < 0)
		return rc;
	if (r.c->format == HT_CORPUS_AUTO)
		r.c->format = sniff(data ? data : "", len);
	unsigned char *copy = ht__malloc(len + 1);
	const char *stored;
	if (!copy || (rc = add_buffer(&r, copy, name ? name : "<buffer>", &stored)) < 0)
		return finish(out, &r, HT_ENOMEM);
	if (len)
		memcpy(copy, data, len);
	copy[len] = 0;
	rc = set_labels(r.c);
	if (rc == 0)
		rc = read_one(&r, (const char *)copy, len, stored);
	return finish(out, &r, rc);
}

int ht_corpus_read(ht_corpus **out, const char *path, const ht_corpus_options *opts, ht_error *err)
{
	reader r;
	if (!out || !path)
		return ht__err(err, HT_EINVAL, "ht_corpus_read: NULL argument");
	int rc = setup(out, &r, opts, err);
	if (rc < 0)
		return rc;
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		ht_corpus_free(r.c);
		return ht__err(err, HT_EIO, "cannot open %s: %s", *path ? path : "\"\"", strerror(e));
	}
	HT_VEC(char *) names = {0};
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d) {
			int e = errno;
			ht_corpus_free(r.c);
			return ht__err(err, HT_EIO, "cannot open directory %s: %s", path, strerror(e));
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0 || e->d_name[0] == '.')
				continue;
			char *full = ht__malloc(strlen(path) + n + 2);
			if (!full || ht__vec_push(&names, full) < 0) {
				ht__free(full);
				rc = HT_ENOMEM;
				break;
			}
			sprintf(full, "%s/%s", path, e->d_name);
		}
		closedir(d);
		if (rc == 0 && r.c->format == HT_CORPUS_AUTO)
			r.c->format = HT_CORPUS_ARTICLE;
		if (rc == 0 && names.len == 0)
			rc = ht__err(err, HT_EFORMAT, "%s holds no *.txt articles", path);
		if (names.len > 1) /* qsort must not get the NULL of an empty list */
			qsort(names.data, names.len, sizeof *names.data, cmp_str);
	} else {
		char *full = ht__strndup(path, strlen(path));
		if (!full || ht__vec_push(&names, full) < 0) {
			ht__free(full);
			rc = HT_ENOMEM;
		}
	}
	if (rc == 0)
		rc = set_labels(r.c);
	for (size_t i = 0; rc == 0 && i < names.len; i++) {
		unsigned char *buf;
		size_t len;
		const char *stored;
		if ((rc = ht__read_file(&buf, &len, names.data[i], r.o->max_bytes, err)) < 0)
			break;
		if (r.c->format == HT_CORPUS_AUTO) {
			r.c->format = sniff((const char *)buf, len);
			if ((rc = set_labels(r.c)) < 0) {
				ht__free(buf);
				break;
			}
		}
		if ((rc = add_buffer(&r, buf, names.data[i], &stored)) < 0)
			break;
		rc = read_one(&r, (const char *)buf, len, stored);
	}
	for (size_t i = 0; i < names.len; i++)
		ht__free(names.data[i]);
	ht__vec_free(&names);
	if (rc < 0 && rc != HT_ENOMEM) {
		ht_corpus_free(r.c);
		return rc;
	}
	return finish(out, &r, rc);
}

void ht_corpus_free(ht_corpus *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->buffers.len; i++)
		ht__free(c->buffers.data[i]);
	ht__vec_free(&c->buffers);
	for (size_t i = 0; i < c->files.len; i++)
		ht__free(c->files.data[i]);
	ht__vec_free(&c->files);
	ht__vec_free(&c->items);
	ht__vec_free(&c->label_off);
	ht__vec_free(&c->label_ids);
	ht_features__strtab_free(&c->labels);
	for (size_t i = 0; i < c->label_names.len; i++)
		ht__free(c->label_names.data[i]);
	ht__vec_free(&c->label_names);
	for (size_t i = 0; i < c->articles.len; i++) {
		ht_article_rec *a = &c->articles.data[i];
		for (size_t k = 0; k < a->meta.len; k++)
			ht__free(a->meta.data[k]);
		ht__vec_free(&a->meta);
		ht__free(a->id);
	}
	ht__vec_free(&c->articles);
	ht__free(c);
}

size_t ht_corpus_item_count(const ht_corpus *c) { return c ? c->items.len : 0; }
const ht_item *ht_corpus_item(const ht_corpus *c, size_t i) { return c && i < c->items.len ? &c->items.data[i] : NULL; }
size_t ht_corpus_label_count(const ht_corpus *c) { return c ? c->label_names.len : 0; }
const char *ht_corpus_label_name(const ht_corpus *c, size_t i)
{
	return c && i < c->label_names.len ? c->label_names.data[i] : NULL;
}
size_t ht_corpus_article_count(const ht_corpus *c) { return c ? c->articles.len : 0; }
const char *ht_corpus_article_meta(const ht_corpus *c, size_t article, const char *key)
{
	if (!c || !key || article >= c->articles.len)
		return NULL;
	const ht_article_rec *a = &c->articles.data[article];
	for (size_t k = 0; k + 1 < a->meta.len; k += 2)
		if (strcmp(a->meta.data[k], key) == 0)
			return a->meta.data[k + 1];
	return NULL;
}

void ht_corpus__digest(const ht_corpus *c, const size_t *items, size_t n, char out[17])
{
	uint64_t h = HT_FNV64_INIT;
	for (size_t k = 0; k < n; k++) {
		const ht_item *it = &c->items.data[items ? items[k] : k];
		h = ht__fnv1a64(h, it->text, it->len);
		h = ht__fnv1a64(h, "\x1f", 1);
		if (it->heading)
			h = ht__fnv1a64(h, it->heading, it->heading_len);
		for (size_t l = 0; l < it->label_count; l++) {
			const char *name = c->label_names.data[it->labels[l]];
			h = ht__fnv1a64(h, name, strlen(name) + 1);
		}
		h = ht__fnv1a64(h, "\n", 1);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}
