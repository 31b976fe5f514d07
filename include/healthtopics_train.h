/* SPDX-License-Identifier: MIT */
/*
 * healthtopics_train.h: corpora, training, saving, evaluation and cross-validation.
 *
 * The conventions of healthtopics.h hold here too. Training is deterministic: the same corpus and options give a
 * byte-identical model file, on any number of threads.
 */
#ifndef HEALTHTOPICS_TRAIN_H
#define HEALTHTOPICS_TRAIN_H

#include "healthtopics.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------ */
/* Corpora                                                                                                       */

typedef enum ht_corpus_format {
	HT_CORPUS_AUTO = 0,   /* a directory or a file whose first line is "id: ..." is article, else by content */
	HT_CORPUS_ARTICLE,    /* the project's article format (corpus/FORMAT.md) */
	HT_CORPUS_TSV,        /* label[,label...]<TAB>text, labels may be empty (no label) */
	HT_CORPUS_FASTTEXT    /* __label__a __label__b text */
} ht_corpus_format;

/* Which articles of an article corpus to keep (other formats have no articles: every line is kept). */
typedef enum ht_split { HT_SPLIT_ALL = 0, HT_SPLIT_TRAIN, HT_SPLIT_HELDOUT } ht_split;

/* Called once per problem found while reading or linting: "file:line: message". */
typedef void (*ht_diag_fn)(void *ctx, const char *file, size_t line, const char *message);

typedef struct ht_corpus_options {
	unsigned int version;     /* HT_CORPUS_OPTIONS_VERSION */
	ht_corpus_format format;
	ht_split split;
	ht_diag_fn on_problem;    /* may be NULL; every problem is also counted in the returned error */
	void *ctx;
	int reject_invalid_utf8;  /* 1: invalid UTF-8 is an error; 0: it is a problem too (corpora must be clean) */
	size_t max_bytes;         /* largest corpus file read (default 1 GiB) */
} ht_corpus_options;
#define HT_CORPUS_OPTIONS_VERSION 1
#define HT_CORPUS_OPTIONS_INIT {HT_CORPUS_OPTIONS_VERSION, HT_CORPUS_AUTO, HT_SPLIT_ALL, NULL, NULL, 1, (size_t)1 << 30}

typedef struct ht_corpus ht_corpus;

/* One labeled unit. Pointers live as long as the corpus. */
typedef struct ht_item {
	const char *text;
	size_t len;
	const char *heading;   /* heading context (article format) or NULL */
	size_t heading_len;
	ht_unit_kind kind;
	size_t article;        /* article index (grouping key for cross-validation); line-based formats: own index */
	const char *file;
	size_t line;
	size_t label_count;
	const uint32_t *labels; /* indices into the corpus label list, ascending */
	const char *lead;       /* a bullet item's list lead-in (the paragraph just before its run of bullets; */
	size_t lead_len;        /* article format), or NULL; used as context by models trained with it */
} ht_item;

/*
 * Read a corpus (a file, or for the article format a directory of *.txt files read in name order). All problems
 * are found in one pass and reported through on_problem as "file:line: what is wrong"; if there were any,
 * returns HT_EFORMAT (message: the count and the first problem) and *out is NULL. Caller frees with
 * ht_corpus_free.
 */
HT_EXTERN int ht_corpus_read(ht_corpus **out, const char *path, const ht_corpus_options *opts, ht_error *err);
HT_EXTERN int ht_corpus_read_buffer(ht_corpus **out, const char *data, size_t len, const char *name,
				    const ht_corpus_options *opts, ht_error *err);
HT_EXTERN void ht_corpus_free(ht_corpus *corpus);

HT_EXTERN size_t ht_corpus_item_count(const ht_corpus *corpus);
HT_EXTERN const ht_item *ht_corpus_item(const ht_corpus *corpus, size_t index);
HT_EXTERN size_t ht_corpus_label_count(const ht_corpus *corpus);
HT_EXTERN const char *ht_corpus_label_name(const ht_corpus *corpus, size_t index);
HT_EXTERN size_t ht_corpus_article_count(const ht_corpus *corpus);

/* Article metadata (article format only; NULL otherwise or for an unknown key). */
HT_EXTERN const char *ht_corpus_article_meta(const ht_corpus *corpus, size_t article, const char *key);

/* 1 when the article with this id is in the held-out split (FNV-1a 32 of the id divisible by 5). */
HT_EXTERN int ht_corpus_id_is_heldout(const char *id, size_t len);

/* One labeled item held by the caller, for ht_corpus_from_memory. */
typedef struct ht_memory_item {
	const char *text;         /* UTF-8, not blank */
	size_t len;
	const char *heading;      /* heading context, or NULL */
	size_t heading_len;
	size_t group;             /* grouping key for cross-validation (items of one article share it); not SIZE_MAX */
	size_t label_count;       /* 0: no label */
	const uint32_t *labels;   /* indices into label_names; order and repeats do not matter */
} ht_memory_item;

/*
 * Build a corpus from items in memory (what bindings use to train from their own lists). The corpus labels are
 * label_names in the order given, which becomes the model's label order: give them in strcmp order to get
 * exactly the corpus, and so the model bytes, that the TSV reader makes of the same items (each item its own
 * group, no heading). Texts, headings and names are copied; the caller's arrays may be freed after the call.
 * Problems with items (blank text, invalid UTF-8, a label index out of range) are
 * all reported through opts->on_problem as "<memory>:N: ..." (N counts items from 1) and give HT_EFORMAT; a
 * duplicate or empty label name gives HT_EINVAL; opts->format and opts->split are ignored. opts may be NULL.
 * Caller frees *out with ht_corpus_free.
 */
HT_EXTERN int ht_corpus_from_memory(ht_corpus **out, const char *const *label_names, size_t label_count,
				    const ht_memory_item *items, size_t count, const ht_corpus_options *opts,
				    ht_error *err);

/*
 * Lint an article corpus beyond what reading checks: required metadata, known styles, and near-duplicates (two
 * non-heading units sharing a run of 12 or more words). Returns the number of problems (each reported through
 * on_problem), or a negative ht_status.
 */
HT_EXTERN int ht_corpus_lint(const ht_corpus *corpus, ht_diag_fn on_problem, void *ctx, ht_error *err);

/* ------------------------------------------------------------------------------------------------------------ */
/* Training                                                                                                      */

typedef enum ht_solver { HT_SOLVER_LINEAR = 0, HT_SOLVER_RBF, HT_SOLVER_POLY } ht_solver;
typedef enum ht_mode { HT_MODE_AUTO = 0, HT_MODE_MULTICLASS, HT_MODE_MULTILABEL } ht_mode;
typedef enum ht_class_weight { HT_WEIGHT_AUTO = 0, HT_WEIGHT_NONE, HT_WEIGHT_BALANCED } ht_class_weight;

/* Progress report: phase name, items done, items in the phase (0 if unknown). Phases: "features", each
 * cross-validation fold, "labels in fold" and "training labels" (one call per label trained, so that long
 * kernel trainings report too), "training". It may be called from the library's worker threads, never by two
 * at once. */
typedef void (*ht_progress_fn)(void *ctx, const char *phase, size_t done, size_t total);

/*
 * A warning about the training data or the model trained from it (the library never prints): the message says
 * what is wrong and with which label, e.g. "label 'risks' has 1 example; at least 5 are needed for its
 * calibration and threshold".
 */
typedef void (*ht_warning_fn)(void *ctx, const char *message);
/* Fewer examples than this for a label is a warning (or, with strict, an error). */
#define HT_TRAIN_MIN_EXAMPLES 5

typedef struct ht_train_options {
	unsigned int version;      /* HT_TRAIN_OPTIONS_VERSION */
	ht_solver solver;
	ht_mode mode;
	double C;                  /* regularisation; <= 0 means 1.0 */
	ht_class_weight class_weight; /* AUTO: balanced when the rarest label has < 1/3 of the commonest */
	int tune;                  /* 1: choose C among {0.125 .. 8} by grouped k-fold cross-validation */
	int ngram_min, ngram_max;  /* word n-gram range (default 1..2) */
	size_t min_df;             /* keep n-grams in at least min_df texts (default 2) */
	double max_df;             /* drop n-grams in more than this fraction of texts (default 1.0: none) */
	size_t max_features;       /* keep the most frequent N (0: all) */
	int stop_words;            /* 1: drop English stop words before making n-grams */
	int sublinear_tf;          /* 1: tf -> 1 + ln(tf) (default 1) */
	int heading_context;       /* 1: add the heading's unigrams as "h:" features (default 1); 3: also a list item's
				      lead-in paragraph (HT_CONTEXT_LIST_LEAD_IN), as heading context */
	double gamma;              /* rbf/poly; <= 0 means 1 (TF-IDF vectors have unit norm) */
	int degree;                /* poly (default 2) */
	double coef0;              /* poly (default 1) */
	int folds;                 /* folds for calibration, thresholds and tuning (default 5) */
	int threads;               /* workers for per-label problems (0: number of CPUs, at most 8): threads for the
				      kernel solvers; for linear, worker processes (fork_workers) */
	ht_progress_fn progress;
	void *progress_ctx;
	/* version 2 */
	ht_warning_fn warning;     /* degenerate data: a label with fewer than HT_TRAIN_MIN_EXAMPLES examples, or a */
	void *warning_ctx;         /* calibration that does not rise with the margin (Platt slope >= 0) */
	int strict;                /* 1: such a warning is an error instead (HT_EINVAL, the warning as message) */
	/* version 3 */
	int fork_workers;          /* 1 (default): with the linear solver and threads > 1, LIBLINEAR's fits run in up
				      to `threads` forked worker processes (see ht_train); 0: all in the calling
				      process, one at a time. The model is byte-identical either way. */
	/* version 4 */
	int none_gate;             /* 1: also train a "none" model, a binary classifier of the items that have no label
				      (calibrated like a label), and save it as the model's none gate: a text keeps no
				      label when its none-probability is at least 0.5 and above the probability of
				      every label it would be given. Multi-label linear models with folds >= 2 only
				      (else HT_EINVAL); the model then needs format version 2. Default 0. */
} ht_train_options;
#define HT_TRAIN_OPTIONS_VERSION 4
#define HT_TRAIN_OPTIONS_INIT \
	{HT_TRAIN_OPTIONS_VERSION, HT_SOLVER_LINEAR, HT_MODE_AUTO, 1.0, HT_WEIGHT_AUTO, 0, 1, 2, 2, 1.0, 0, 0, 1, 1, \
	 0.0, 2, 1.0, 5, 0, NULL, NULL, NULL, NULL, 0, 1, 0}

/*
 * Train a model on a corpus. Multi-class when every item has exactly one label (unless mode says otherwise),
 * multi-label one-vs-rest otherwise. Thresholds and Platt calibration come from grouped k-fold cross-validated
 * margins. Degenerate data (see ht_train_options.warning) is reported through opts->warning, or with
 * opts->strict is HT_EINVAL. Options of versions 1 to 3 are accepted (without the fields added later: no
 * warning callback, not strict, fork_workers 0, none_gate 0). Caller frees *out with ht_model_free.
 *
 * Processes: LIBLINEAR draws from the process-wide rand(), so within one process its fits run one at a time
 * (each from a private, seeded rand() state; the caller's rand() sequence is left where it was). With the linear
 * solver, threads > 1 and fork_workers = 1, ht_train instead forks up to `threads` short-lived worker processes
 * from the calling thread for each batch of fits (the cross-validation folds and the final training); they
 * only train and send the weights back over a socket, never print, exit with _exit and are reaped before
 * ht_train returns (an application that reaps all children itself or ignores SIGCHLD does no harm). If a worker
 * cannot be started or fails, the remaining fits run in the calling process: the result never changes. This
 * is safe in a multi-threaded application with one caveat: a worker is a copy of the process at the fork, so
 * if another thread is inside rand(), random() or srand() at that instant, or holds the lock of an allocator
 * installed with ht_set_allocator, the worker may wait forever for that lock. Applications that call those
 * from other threads while training set fork_workers = 0 (or threads = 1). Workers also inherit the
 * application's open file descriptors until they exit.
 */
HT_EXTERN int ht_train(ht_model **out, const ht_corpus *corpus, const ht_train_options *opts, ht_error *err);

/*
 * Save atomically: write "<path>.tmp-<host>-<pid>-XXXXXX" in the same directory, fsync, rename over path, fsync
 * the directory. A failure or crash at any point leaves any previous file at path unchanged and no temporary
 * file behind (after a crash, at most a stray temporary file, which the next save to path removes once its
 * process is gone). When path is a symbolic link, the file it points to is replaced (the link stays); an
 * existing file keeps its permission bits (a new one gets 0644); a file without any write permission bit is
 * refused (HT_EIO), not replaced. The model is checked as the loader would check it first (HT_EINVAL).
 */
HT_EXTERN int ht_model_save(const ht_model *model, const char *path, ht_error *err);

/* Serialise to a buffer the caller frees with ht_buffer_free. */
HT_EXTERN int ht_model_serialize(void **out, size_t *out_len, const ht_model *model, ht_error *err);
HT_EXTERN void ht_buffer_free(void *buffer);

/*
 * The TF-IDF vector a model makes of a text: `count` (feature index, value) pairs sorted by index, written to
 * caller arrays of capacity `cap`. Returns the number of non-zeros (which may exceed cap: then call again with
 * room for that many) or a negative ht_status.
 */
HT_EXTERN int ht_model_vectorize(uint32_t *index, double *value, size_t cap, const ht_model *model,
				 const char *text, size_t len, const char *heading, size_t heading_len,
				 ht_error *err);

/* ------------------------------------------------------------------------------------------------------------ */
/* Evaluation                                                                                                    */

typedef struct ht_label_scores {
	double precision, recall, f1;
	size_t support;           /* gold count */
	size_t predicted;         /* predicted count */
	size_t true_positives;
} ht_label_scores;

typedef struct ht_eval {
	size_t label_count;
	const char *const *label_names;
	ht_label_scores *per_label;
	ht_label_scores micro, macro;  /* macro: unweighted mean over the labels with support (support > 0) */
	double accuracy;               /* multi-class: fraction correct; multi-label: exact-match ratio */
	double hamming_loss;           /* multi-label only */
	size_t items;
	int multilabel;
	size_t *confusion;             /* multi-class: label_count x label_count, row = gold, column = predicted */
	                               /* multi-label: label_count x 2 x 2 per label (TN, FP, FN, TP) */
} ht_eval;

/*
 * Evaluate a model on a labeled corpus. Every label of the model is scored, in the model's order, including
 * labels the corpus never uses (their predictions are false positives; their support is 0, their recall and
 * F1 are 0 and they are left out of the macro average). Corpus labels are matched to model labels by name; a
 * corpus label the model does not know is HT_EINVAL. Caller frees with ht_eval_free.
 */
HT_EXTERN int ht_evaluate(ht_eval **out, const ht_model *model, const ht_corpus *corpus, ht_error *err);

/* Grouped k-fold cross-validation (an article's units never span folds): train on k-1 folds, score the rest. */
HT_EXTERN int ht_cross_validate(ht_eval **out, const ht_corpus *corpus, const ht_train_options *opts, int folds,
				ht_error *err);
HT_EXTERN void ht_eval_free(ht_eval *eval);

#ifdef __cplusplus
}
#endif

#endif /* HEALTHTOPICS_TRAIN_H */
