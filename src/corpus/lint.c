/* SPDX-License-Identifier: MIT */
/* lint.c: corpus checks beyond parsing: metadata, styles, file names, near-duplicate units. */
#include "corpus/corpus.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const styles[] = {"clinic-blog", "encyclopedia", "qa-faq", "listicle", "forum",
				     "evidence-summary", "product-page", "magazine", "patient-info"};

#define RUN 12

typedef struct run_rec {
	uint64_t hash;
	size_t item;
} run_rec;

static void report(ht_diag_fn fn, void *ctx, const char *file, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (fn)
		fn(ctx, file, line, msg);
}

/*
 * Near-duplicates: hash every run of 12 consecutive tokens (normalised as the model sees them) of every
 * non-heading unit into one table; a run already seen in another unit is a problem, reported once per unit.
 */
int ht_corpus_lint(const ht_corpus *c, ht_diag_fn fn, void *ctx, ht_error *err)
{
	if (!c)
		return ht__err(err, HT_EINVAL, "ht_corpus_lint: NULL corpus");
	int problems = 0;
	for (size_t a = 0; a < c->articles.len; a++) {
		const ht_article_rec *ar = &c->articles.data[a];
		const char *style = ht_corpus_article_meta(c, a, "style");
		int ok = 0;
		for (size_t s = 0; style && s < sizeof styles / sizeof *styles; s++)
			ok |= strcmp(style, styles[s]) == 0;
		if (style && !ok) {
			report(fn, ctx, ar->file, 1, "unknown style '%s'", style);
			problems++;
		}
		if (ar->id) {
			const char *base = strrchr(ar->file, '/');
			base = base ? base + 1 : ar->file;
			size_t bl = strlen(base), il = strlen(ar->id);
			if (bl > 4 && strcmp(base + bl - 4, ".txt") == 0 && (bl - 4 != il || memcmp(base, ar->id, il) != 0)) {
				report(fn, ctx, ar->file, 1, "file name does not match id '%s'", ar->id);
				problems++;
			}
		}
	}
	/* label names that differ only by case ("Risks" and "risks") are almost always one label typed twice */
	for (size_t j = 1; j < c->label_names.len; j++)
		for (size_t i = 0; i < j; i++) {
			if (strcasecmp(c->label_names.data[i], c->label_names.data[j]) != 0)
				continue;
			const ht_item *first = NULL;
			for (size_t k = 0; k < c->items.len && !first; k++)
				for (size_t q = 0; q < c->items.data[k].label_count; q++)
					if (c->items.data[k].labels[q] == j)
						first = &c->items.data[k];
			report(fn, ctx, first ? first->file : "", first ? first->line : 0,
			       "label '%s' differs from label '%s' only by case", c->label_names.data[j],
			       c->label_names.data[i]);
			problems++;
			break;
		}
	size_t cap = 1024;
	while (cap < c->items.len * 64)
		cap *= 2;
	run_rec *tab = ht__calloc(cap, sizeof *tab);
	uint64_t *win = NULL;
	ht_tokens t = {0};
	int rc = 0;
	size_t used = 0;
	if (!tab) {
		rc = HT_NOMEM(err);
		goto cleanup;
	}
	for (size_t i = 0; i < c->items.len; i++) {
		const ht_item *it = &c->items.data[i];
		if (it->kind == HT_UNIT_HEADING)
			continue;
		ht_text__tokens_clear(&t);
		if ((rc = ht_text__tokenize(&t, it->text, it->len, 0, err)) < 0)
			goto cleanup;
		size_t nt = t.toks.len;
		if (nt < RUN)
			continue;
		uint64_t *w = ht__reallocarray(win, nt, sizeof *w);
		if (!w) {
			rc = HT_NOMEM(err);
			goto cleanup;
		}
		win = w;
		for (size_t k = 0; k < nt; k++)
			win[k] = ht__fnv1a64(HT_FNV64_INIT, t.bytes.data + t.toks.data[k].off, t.toks.data[k].len);
		int reported = 0;
		for (size_t k = 0; k + RUN <= nt; k++) {
			uint64_t h = HT_FNV64_INIT;
			for (size_t q = 0; q < RUN; q++)
				h = (h ^ win[k + q]) * 0x100000001b3ULL;
			if (h == 0)
				h = 1;
			if (used * 2 >= cap) { /* grow */
				size_t ncap = cap * 2;
				run_rec *nt2 = ht__calloc(ncap, sizeof *nt2);
				if (!nt2) {
					rc = HT_NOMEM(err);
					goto cleanup;
				}
				for (size_t s = 0; s < cap; s++)
					if (tab[s].hash) {
						size_t p = tab[s].hash & (ncap - 1);
						while (nt2[p].hash)
							p = (p + 1) & (ncap - 1);
						nt2[p] = tab[s];
					}
				ht__free(tab);
				tab = nt2;
				cap = ncap;
			}
			size_t p = h & (cap - 1);
			while (tab[p].hash && tab[p].hash != h)
				p = (p + 1) & (cap - 1);
			if (!tab[p].hash) {
				tab[p] = (run_rec){h, i};
				used++;
			} else if (tab[p].item != i && !reported) {
				const ht_item *o = &c->items.data[tab[p].item];
				report(fn, ctx, it->file, it->line, "shares a run of %d or more words with %s:%zu", RUN, o->file,
				       o->line);
				problems++;
				reported = 1;
			}
		}
	}
	rc = problems;
cleanup:
	ht__free(tab);
	ht__free(win);
	ht_text__tokens_free(&t);
	return rc;
}
