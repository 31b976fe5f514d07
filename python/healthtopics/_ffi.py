# SPDX-License-Identifier: MIT
"""The cffi declarations of libhealthtopics and the code that finds and opens the library.

cffi's ABI mode (``ffi.dlopen``): the package is pure Python, so ``pip install --no-build-isolation ./python``
needs no compiler and no Python headers, and one installed package works against any build of the library
found at run time. The price is that these declarations must match include/healthtopics.h and
include/healthtopics_train.h exactly; tests/test_abi.py compiles a small C program against the headers and
checks every struct's size and offsets against what cffi computes here.

The library is found, in order: the ``HEALTHTOPICS_LIBRARY`` environment variable (a path to
libhealthtopics.so), the library recorded when the package was installed (``_build_config.LIBRARY``), then the
system loader (``libhealthtopics.so.0``, then ``ctypes.util.find_library``).
"""
from __future__ import annotations

import ctypes.util
import os
from typing import List, Optional

import cffi

CDEF = r"""
typedef enum ht_status {
	HT_OK = 0, HT_ENOMEM = -1, HT_EINVAL = -2, HT_EIO = -3, HT_EUTF8 = -4, HT_EFORMAT = -5, HT_EVERSION = -6,
	HT_ELIMIT = -7, HT_EINTERNAL = -8
} ht_status;
typedef struct ht_error { int code; char message[512]; } ht_error;
const char *ht_version(void);
int ht_format_version(void);
const char *ht_status_name(int status);

typedef struct ht_model ht_model;
typedef struct ht_limits {
	unsigned int version; size_t max_text_bytes; size_t max_labels; size_t max_vocabulary; int reject_invalid_utf8;
} ht_limits;
int ht_model_load(ht_model **out, const char *path, const ht_limits *limits, ht_error *err);
int ht_model_load_buffer(ht_model **out, const void *data, size_t len, const ht_limits *limits, ht_error *err);
void ht_model_free(ht_model *model);
size_t ht_model_label_count(const ht_model *model);
const char *ht_model_label_name(const ht_model *model, size_t index);
int ht_model_label_index(const ht_model *model, const char *name);
int ht_model_is_multilabel(const ht_model *model);
size_t ht_model_feature_count(const ht_model *model);
double ht_model_threshold(const ht_model *model, size_t label);
int ht_model_describe(char **out, const ht_model *model, ht_error *err);
void ht_string_free(char *s);

int ht_classify(double *prob, unsigned char *assigned, double *margin, const ht_model *model,
		const char *text, size_t len, ht_error *err);
int ht_classify_unit(double *prob, unsigned char *assigned, double *margin, const ht_model *model,
		     const char *text, size_t len, const char *heading, size_t heading_len, ht_error *err);
int ht_classify_batch(double *prob, unsigned char *assigned, const ht_model *model,
		      const char *const *texts, const size_t *lens, size_t n, ht_error *err);
typedef enum ht_unit_kind {
	HT_UNIT_PARAGRAPH = 0, HT_UNIT_HEADING = 1, HT_UNIT_BULLET = 2, HT_UNIT_LIST_ITEM = 2, HT_UNIT_TABLE_ROW = 3,
	HT_UNIT_QUOTE = 4, HT_UNIT_BOILERPLATE = 5
} ht_unit_kind;
typedef struct ht_unit {
	size_t start, end;
	ht_unit_kind kind;
	size_t heading;
	const double *prob;
	const double *margin;
	const unsigned char *assigned;
	unsigned level;
	size_t lead_in;
	const char *text;
	size_t text_len;
	size_t parent;
} ht_unit;
typedef struct ht_article ht_article;
int ht_classify_article(ht_article **out, const ht_model *model, const char *text, size_t len, ht_error *err);
typedef enum ht_article_format {
	HT_ARTICLE_AUTO = 0, HT_ARTICLE_TEXT = 1, HT_ARTICLE_MARKDOWN = 2, HT_ARTICLE_HTML = 3
} ht_article_format;
typedef struct ht_article_options {
	unsigned int version; ht_article_format format;
} ht_article_options;
int ht_classify_article_ext(ht_article **out, const ht_model *model, const char *text, size_t len,
			    const ht_article_options *options, ht_error *err);
size_t ht_article_unit_count(const ht_article *article);
const ht_unit *ht_article_unit(const ht_article *article, size_t index);
void ht_article_free(ht_article *article);

typedef struct ht_term { const char *text; double value; double weight; double contribution; } ht_term;
typedef struct ht_explanation {
	size_t label; double margin; double bias; double prob; int assigned; size_t count; const ht_term *terms;
	double none_prob; int gated;
} ht_explanation;
int ht_explain(ht_explanation **out, const ht_model *model, size_t label, const char *text, size_t len,
	       const char *heading, size_t heading_len, size_t top_k, ht_error *err);
void ht_explanation_free(ht_explanation *explanation);

/* healthtopics_train.h */
typedef struct ht_corpus ht_corpus;
typedef enum ht_corpus_format { HT_CORPUS_AUTO = 0, HT_CORPUS_ARTICLE, HT_CORPUS_TSV, HT_CORPUS_FASTTEXT }
	ht_corpus_format;
typedef enum ht_split { HT_SPLIT_ALL = 0, HT_SPLIT_TRAIN, HT_SPLIT_HELDOUT } ht_split;
typedef void (*ht_diag_fn)(void *ctx, const char *file, size_t line, const char *message);
typedef struct ht_corpus_options {
	unsigned int version; ht_corpus_format format; ht_split split; ht_diag_fn on_problem; void *ctx;
	int reject_invalid_utf8; size_t max_bytes;
} ht_corpus_options;
typedef struct ht_memory_item {
	const char *text; size_t len; const char *heading; size_t heading_len; size_t group; size_t label_count;
	const uint32_t *labels;
} ht_memory_item;
int ht_corpus_from_memory(ht_corpus **out, const char *const *label_names, size_t label_count,
			  const ht_memory_item *items, size_t count, const ht_corpus_options *opts, ht_error *err);
int ht_corpus_read(ht_corpus **out, const char *path, const ht_corpus_options *opts, ht_error *err);
void ht_corpus_free(ht_corpus *corpus);
size_t ht_corpus_item_count(const ht_corpus *corpus);

typedef enum ht_solver { HT_SOLVER_LINEAR = 0, HT_SOLVER_RBF, HT_SOLVER_POLY } ht_solver;
typedef enum ht_mode { HT_MODE_AUTO = 0, HT_MODE_MULTICLASS, HT_MODE_MULTILABEL } ht_mode;
typedef enum ht_class_weight { HT_WEIGHT_AUTO = 0, HT_WEIGHT_NONE, HT_WEIGHT_BALANCED } ht_class_weight;
typedef void (*ht_progress_fn)(void *ctx, const char *phase, size_t done, size_t total);
typedef void (*ht_warning_fn)(void *ctx, const char *message);
typedef struct ht_train_options {
	unsigned int version; ht_solver solver; ht_mode mode; double C; ht_class_weight class_weight; int tune;
	int ngram_min, ngram_max; size_t min_df; double max_df; size_t max_features; int stop_words;
	int sublinear_tf; int heading_context; double gamma; int degree; double coef0; int folds; int threads;
	ht_progress_fn progress; void *progress_ctx;
	ht_warning_fn warning; void *warning_ctx; int strict;
	int fork_workers;
	int none_gate;
} ht_train_options;
int ht_train(ht_model **out, const ht_corpus *corpus, const ht_train_options *opts, ht_error *err);
int ht_model_save(const ht_model *model, const char *path, ht_error *err);
int ht_model_serialize(void **out, size_t *out_len, const ht_model *model, ht_error *err);
void ht_buffer_free(void *buffer);
"""

# The versions of the option structs these declarations describe (HT_*_VERSION in the headers).
LIMITS_VERSION = 1
ARTICLE_OPTIONS_VERSION = 1
CORPUS_OPTIONS_VERSION = 1
TRAIN_OPTIONS_VERSION = 4

ffi = cffi.FFI()
ffi.cdef(CDEF)


def _recorded_library() -> Optional[str]:
    try:
        from . import _build_config  # written by setup.py at install time
    except ImportError:
        return None
    return getattr(_build_config, "LIBRARY", None)


def candidates() -> List[str]:
    """The places the library is looked for, in order (for error messages and debugging)."""
    out: List[str] = []
    env = os.environ.get("HEALTHTOPICS_LIBRARY")
    if env:
        out.append(env)
    rec = _recorded_library()
    if rec:
        out.append(rec)
    out.append("libhealthtopics.so.0")
    found = ctypes.util.find_library("healthtopics")
    if found:
        out.append(found)
    return out


def _open():
    env = os.environ.get("HEALTHTOPICS_LIBRARY")
    if env:  # an explicit choice: do not fall back to another library silently
        return ffi.dlopen(env), env
    errors = []
    for path in candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: no such file")
            continue
        try:
            return ffi.dlopen(path), path
        except OSError as e:
            errors.append(str(e))
    raise ImportError(
        "healthtopics: cannot find libhealthtopics (set HEALTHTOPICS_LIBRARY to its path, or install the "
        "C library with `cmake --install`): " + "; ".join(errors)
    )


lib, LIBRARY_PATH = _open()
