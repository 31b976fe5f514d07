/* SPDX-License-Identifier: MIT */
/*
 * healthtopics.h: label the paragraphs of health articles by topic.
 *
 * This header is everything an application needs to load a trained model and classify text with it. Training,
 * corpora and evaluation are in healthtopics_train.h; an app that only classifies never includes it.
 *
 * Conventions (they hold for every function below):
 * - Functions that can fail return int: 0 (or a non-negative count) on success, a negative ht_status on failure.
 *   The optional last argument `ht_error *err` (caller-owned, may be NULL) receives the code and a message.
 * - Outputs come first, then the subject, then inputs. On failure every `**out` is set to NULL.
 * - Text is always (const char *text, size_t len), UTF-8. Embedded NUL bytes are data, not terminators.
 * - Every _free function accepts NULL.
 * - Library code never prints, never exits or aborts, never calls setlocale, and keeps no global mutable state
 *   except the allocator installed by ht_set_allocator().
 * - Thread safety: an ht_model is immutable once loaded; any number of threads may classify, explain and
 *   inspect one model at once without locking. Result objects (ht_article, ht_explanation) belong to the thread
 *   that made them until freed.
 */
#ifndef HEALTHTOPICS_H
#define HEALTHTOPICS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the library (the single source of truth: CMake reads these lines). */
#define HT_VERSION_MAJOR 0
#define HT_VERSION_MINOR 1
#define HT_VERSION_PATCH 0
#define HT_VERSION_STRING "0.1.0"

/* Newest model file format version this library writes; it reads this version and every older one. A file is
 * written in the oldest version that holds what it uses: 2 only for a model with a none gate. */
#define HT_FORMAT_VERSION 2

#if defined(_WIN32) && defined(HT_BUILDING_SHARED)
#define HT_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define HT_EXTERN __attribute__((visibility("default")))
#else
#define HT_EXTERN
#endif

/* Status codes. 0 is success; every error is negative. */
typedef enum ht_status {
	HT_OK = 0,
	HT_ENOMEM = -1,    /* an allocation failed */
	HT_EINVAL = -2,    /* an argument is invalid (NULL where not allowed, unknown label, bad option) */
	HT_EIO = -3,       /* a file could not be read, written, synced or renamed */
	HT_EUTF8 = -4,     /* invalid UTF-8, when the caller asked for it to be rejected */
	HT_EFORMAT = -5,   /* a model file or corpus is malformed, truncated or corrupt */
	HT_EVERSION = -6,  /* a model file is from a newer, unknown format version */
	HT_ELIMIT = -7,    /* an input exceeds a configured limit (text size, labels, vocabulary) */
	HT_EINTERNAL = -8  /* a third-party solver failed or a bug: please report it */
} ht_status;

/* Caller-owned error detail. Zero it or leave it uninitialised; functions fill it on failure only. */
#define HT_ERROR_MESSAGE_SIZE 512
typedef struct ht_error {
	int code;                            /* the ht_status returned */
	char message[HT_ERROR_MESSAGE_SIZE]; /* NUL-terminated, human-readable, never empty on failure */
} ht_error;

/* "0.1.0": the library version at run time. */
HT_EXTERN const char *ht_version(void);
/* The newest model format version this library writes and reads (HT_FORMAT_VERSION of the build). */
HT_EXTERN int ht_format_version(void);
/* A short static name for a status ("HT_EFORMAT"); "unknown status" for anything else. */
HT_EXTERN const char *ht_status_name(int status);

/*
 * Allocator hook. All memory the library allocates goes through these functions. Install it before any other
 * call and do not change it while the library is in use (this is the one piece of process-wide state; it exists
 * so that apps can account memory and tests can make the N-th allocation fail). Passing NULL restores malloc.
 * `realloc` and `free` receive `ctx`. `free` must accept NULL.
 */
typedef struct ht_allocator {
	void *(*malloc_fn)(void *ctx, size_t size);
	void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
	void (*free_fn)(void *ctx, void *ptr);
	void *ctx;
} ht_allocator;
HT_EXTERN void ht_set_allocator(const ht_allocator *allocator);

/* ------------------------------------------------------------------------------------------------------------ */
/* Models                                                                                                        */

typedef struct ht_model ht_model;

/* Limits checked when a model is loaded and whenever it classifies. Defaults from HT_LIMITS_INIT. */
typedef struct ht_limits {
	unsigned int version;    /* HT_LIMITS_VERSION */
	size_t max_text_bytes;   /* longest text or article classified; longer gives HT_ELIMIT (default 64 MiB) */
	size_t max_labels;       /* most labels a model may have (default 4096) */
	size_t max_vocabulary;   /* most features a model may have (default 50 million) */
	int reject_invalid_utf8; /* 0: invalid UTF-8 becomes U+FFFD (default); 1: HT_EUTF8 */
} ht_limits;
#define HT_LIMITS_VERSION 1
#define HT_LIMITS_INIT {HT_LIMITS_VERSION, (size_t)64 << 20, 4096, (size_t)50000000, 0}

/*
 * Load a model from a file written by ht_model_save (healthtopics_train.h) or `healthtopics train`.
 * `limits` may be NULL for the defaults. Every count, offset and checksum is verified: a truncated, corrupt or
 * tampered file gives HT_EFORMAT with a message saying what is wrong; a newer format gives HT_EVERSION.
 * Caller frees *out with ht_model_free.
 */
HT_EXTERN int ht_model_load(ht_model **out, const char *path, const ht_limits *limits, ht_error *err);

/* The same from a memory buffer; the buffer is copied from as needed and may be freed after the call. */
HT_EXTERN int ht_model_load_buffer(ht_model **out, const void *data, size_t len, const ht_limits *limits,
				   ht_error *err);

HT_EXTERN void ht_model_free(ht_model *model);

/* Number of labels; label i's name (valid while the model lives); index of a name or HT_EINVAL. */
HT_EXTERN size_t ht_model_label_count(const ht_model *model);
HT_EXTERN const char *ht_model_label_name(const ht_model *model, size_t index);
HT_EXTERN int ht_model_label_index(const ht_model *model, const char *name);

/* 1 for a multi-label model (independent labels, zero or more per text), 0 for multi-class (exactly one). */
HT_EXTERN int ht_model_is_multilabel(const ht_model *model);

/* Number of features (n-grams) in the model's vocabulary. */
HT_EXTERN size_t ht_model_feature_count(const ht_model *model);

/* Per-label decision threshold on the margin (multi-label models; 0 for multi-class). */
HT_EXTERN double ht_model_threshold(const ht_model *model, size_t label);

/*
 * A human-readable description of the model (solver, options, counts, corpus digest, versions), one
 * "key: value" per line: format_version is the version of the model's file format (2 for a model with a none
 * gate, then described on a "none_gate:" line). Caller frees with ht_string_free.
 */
HT_EXTERN int ht_model_describe(char **out, const ht_model *model, ht_error *err);
HT_EXTERN void ht_string_free(char *s);

/* ------------------------------------------------------------------------------------------------------------ */
/* Classifying                                                                                                   */

/*
 * Classify one text. For each label i (0 <= i < ht_model_label_count):
 *   prob[i]     calibrated probability that the label applies (Platt scaling on cross-validated margins; for a
 *               multi-class model the probabilities are normalised to sum to 1);
 *   assigned[i] 1 when the label is given: multi-label, margin at or above the label's threshold (possibly none
 *               of them); multi-class, exactly the label with the largest margin.
 *   margin[i]   the label's decision value for the whole text.
 * Two rules refine a multi-label model's decisions, in this order:
 *   - none gate (models trained with it, ht_train_options.none_gate): the text gets no label when the gate's
 *     none-probability is at least its minimum (0.5) and above the prob of every label the thresholds give;
 *   - sentences: unless the gate held, a text of several sentences also gets each label that one of its
 *     sentences of at least 5 words, classified alone with the same context, is given with a probability of at
 *     least 0.6, and that label's prob[i] becomes the sentence's when higher (margin[i] stays the whole text's).
 *     Real pages state a topic in one sentence of a long paragraph; the whole paragraph's vector dilutes it.
 * `prob`, `assigned` and `margin` are caller arrays of label_count entries; any may be NULL if not wanted.
 * Returns the number of labels assigned (>= 0) or a negative ht_status. Thread-safe on a shared model.
 */
HT_EXTERN int ht_classify(double *prob, unsigned char *assigned, double *margin, const ht_model *model,
			  const char *text, size_t len, ht_error *err);

/*
 * Classify one unit of an article with the heading it sits under as context (heading may be NULL/0). Models
 * trained without heading context ignore it.
 */
HT_EXTERN int ht_classify_unit(double *prob, unsigned char *assigned, double *margin, const ht_model *model,
			       const char *text, size_t len, const char *heading, size_t heading_len,
			       ht_error *err);

/*
 * Classify n texts. prob and assigned (either may be NULL) are row-major n x label_count arrays. Returns the
 * total number of labels assigned or a negative ht_status (then the arrays' contents are unspecified).
 */
HT_EXTERN int ht_classify_batch(double *prob, unsigned char *assigned, const ht_model *model,
				const char *const *texts, const size_t *lens, size_t n, ht_error *err);

/* Kinds of article unit. */
typedef enum ht_unit_kind {
	HT_UNIT_PARAGRAPH = 0,
	HT_UNIT_HEADING = 1,
	HT_UNIT_BULLET = 2,      /* a list item */
	HT_UNIT_LIST_ITEM = 2,
	HT_UNIT_TABLE_ROW = 3,
	HT_UNIT_QUOTE = 4,
	HT_UNIT_BOILERPLATE = 5  /* navigation, banners, footers, cookie notices, share widgets, comments: never labeled */
} ht_unit_kind;

/* One unit of a classified article. Arrays have ht_model_label_count entries and live as long as the article. */
typedef struct ht_unit {
	size_t start, end;             /* byte range [start, end) in the input text, trimmed of surrounding space */
	ht_unit_kind kind;
	size_t heading;                /* index of the unit's heading, or (size_t)-1 when it has none */
	const double *prob;
	const double *margin;
	const unsigned char *assigned;
	/* filled by every article function (added with ht_classify_article_ext) */
	unsigned level;                /* headings: 1-6 (<h2>, "## ", Setext); 0 when the text gives no level */
	size_t lead_in;                /* list items: index of the paragraph that leads into the list, or (size_t)-1 */
	const char *text;              /* the decoded text features were made of (entities decoded, markup removed); */
	size_t text_len;               /* not NUL-terminated, lives as long as the article */
	/* the heading chain: `heading` stays the nearest heading (the only one features use); its `parent`, that
	 * one's parent and so on are the headings above it (h3 > h2 > h1; see ht_classify_article_ext) */
	size_t parent;                 /* headings: index of the heading this one sits under, or (size_t)-1 */
} ht_unit;

typedef struct ht_article ht_article;

/*
 * Split an article into units and classify each with its heading as context. Units: blank-line separated
 * paragraphs; lines starting with a bullet ("- ", "* ", "• ", "1. ", "2) " ...) are items of their own;
 * headings are Markdown "#" lines, or single short lines without closing punctuation (or ending in '?'), also
 * when the paragraph follows on the next line (browser-copied text); bylines are never headings. A list whose
 * bullets a browser copy lost (a line ending with ':', then at least two lines each broken off on purpose rather
 * than hard-wrapped) becomes its lead-in paragraph and one list item a line. Lines joined by single newlines are
 * one paragraph (hard-wrapped prose) unless one of them is longer than 100 characters: text that wide was never
 * hard-wrapped, so each of its lines is a unit (a page copied with one newline between blocks). The input's
 * format is detected (HTML, Markdown, text; see ht_classify_article_ext).
 * Caller frees *out with ht_article_free.
 */
HT_EXTERN int ht_classify_article(ht_article **out, const ht_model *model, const char *text, size_t len,
				  ht_error *err);

/* How ht_classify_article_ext reads its input. */
typedef enum ht_article_format {
	HT_ARTICLE_AUTO = 0,     /* HTML when the input looks like HTML, Markdown when it has Markdown markup, else text */
	HT_ARTICLE_TEXT = 1,     /* plain or browser-copied text (the rules above) */
	HT_ARTICLE_MARKDOWN = 2, /* CommonMark blocks: ATX/Setext headings, lists, quotes, pipe tables; code skipped */
	HT_ARTICLE_HTML = 3      /* an HTML5 page (gumbo) */
} ht_article_format;

typedef struct ht_article_options {
	unsigned int version;     /* HT_ARTICLE_OPTIONS_VERSION */
	ht_article_format format;
} ht_article_options;
#define HT_ARTICLE_OPTIONS_VERSION 1
#define HT_ARTICLE_OPTIONS_INIT {HT_ARTICLE_OPTIONS_VERSION, HT_ARTICLE_AUTO}

/*
 * ht_classify_article with options (NULL: HT_ARTICLE_OPTIONS_INIT; ht_classify_article is this with NULL).
 * HTML: units are paragraphs, headings (h1-h6, with their level and nested heading context), list items (with
 * their list's lead-in paragraph), table rows and quotes; script, style, noscript, template, svg and head are
 * skipped; nav, header, footer, aside, form, ARIA landmarks, cookie/consent banners, share widgets, comment
 * sections, and everything outside <main> (or <article>) when the page has one, are HT_UNIT_BOILERPLATE units,
 * never classified (prob, margin and assigned are 0). A unit's start and end are byte offsets into the input
 * HTML, from the first to the last byte of its text; its `text` is decoded. Input is read as UTF-8: a page that
 * declares another charset and is not valid UTF-8 gives HT_EUTF8 (convert it first, e.g. with iconv); invalid
 * UTF-8 otherwise becomes U+FFFD, or HT_EUTF8 when the model's limits reject it. Elements nested deeper than
 * 256 levels lose their structure (their text is kept) and attributes after a tag's 64th are ignored, so hostile
 * pages cannot make parsing slow; the walk over the tree uses no recursion.
 * Markdown: units as above; emphasis, link and image markup is removed from `text` (link text kept).
 * Heading chain: a heading's `parent` is the heading it sits under, the nearest one before it with a lower level
 * (HTML h1-h6, inside its section; Markdown "#"/"##" and Setext; "#" lines in text), and for a heading without
 * a level (level 0: a short line in text) the nearest one with a level. A unit's headings, innermost first, are
 * its `heading`, that heading's `parent`, and so on; other units' `parent` is (size_t)-1. The chain is only
 * reported: a unit is classified with its nearest heading as context, as before.
 */
HT_EXTERN int ht_classify_article_ext(ht_article **out, const ht_model *model, const char *text, size_t len,
				      const ht_article_options *options, ht_error *err);
HT_EXTERN size_t ht_article_unit_count(const ht_article *article);
HT_EXTERN const ht_unit *ht_article_unit(const ht_article *article, size_t index);
HT_EXTERN void ht_article_free(ht_article *article);

/* ------------------------------------------------------------------------------------------------------------ */
/* Explaining                                                                                                    */

typedef struct ht_term {
	const char *text;      /* the n-gram as the model knows it ("h:" prefixes heading-context features) */
	double value;          /* its TF-IDF value in this text */
	double weight;         /* the model's weight for it and this label (linear models) */
	double contribution;   /* its share of the margin: value*weight (linear), gradient*input (kernel) */
} ht_term;

typedef struct ht_explanation {
	size_t label;          /* the label explained */
	double margin;         /* the decision value */
	double bias;           /* the part of the margin owed to no feature (linear: bias; kernel: -rho) */
	double prob;           /* calibrated probability */
	int assigned;          /* whether the label was given */
	size_t count;          /* number of terms below, sorted by |contribution| descending */
	const ht_term *terms;
	/* The none gate (a model trained with ht_train_options.none_gate), for the whole text. Added after `terms`
	 * (the library allocates the struct, so a caller built against the older header reads it unchanged). */
	double none_prob;      /* the gate's probability that the text has no topic; -1 for a model without a gate */
	int gated;             /* 1 when the gate cleared the labels the text's margins gave it: `assigned` is then 0
	                        * even where the margin reached the label's threshold; 0 otherwise */
} ht_explanation;

/*
 * Explain the score of `label` for a text (with an optional heading context): the top_k n-grams that moved the
 * margin most, in either direction. Caller frees *out with ht_explanation_free.
 */
HT_EXTERN int ht_explain(ht_explanation **out, const ht_model *model, size_t label, const char *text, size_t len,
			 const char *heading, size_t heading_len, size_t top_k, ht_error *err);
HT_EXTERN void ht_explanation_free(ht_explanation *explanation);

#ifdef __cplusplus
}
#endif

#endif /* HEALTHTOPICS_H */
