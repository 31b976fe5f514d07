# SPDX-License-Identifier: MIT
"""A scikit-learn estimator over healthtopics: ``HealthTopicsClassifier``.

It takes raw texts (the model does its own tokenising and TF-IDF) and works with Pipeline, cross_val_score,
GroupKFold, GridSearchCV, clone and pickle (a fitted estimator pickles its model as bytes, never a pointer)::

    from sklearn.model_selection import GridSearchCV, GroupKFold
    from healthtopics.sklearn import HealthTopicsClassifier
    search = GridSearchCV(HealthTopicsClassifier(), {"C": [0.5, 1, 2]}, cv=GroupKFold(5))
    search.fit(texts, labels, groups=article_ids)

``y`` may be single labels (multi-class), a 0/1 indicator matrix as ``MultiLabelBinarizer`` gives (multi-label;
``classes_`` are then the column indices), or a list of label lists (multi-label; ``classes_`` are the sorted
label names and predict returns the indicator matrix, as MultiLabelBinarizer would give).
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from ._core import Model, train


def _texts(X: Any) -> list:
    if isinstance(X, (str, bytes)):
        raise ValueError("X must be a sequence of texts, not a single text")
    if hasattr(X, "ndim") and getattr(X, "ndim") != 1:
        raise ValueError(f"X must be 1-dimensional (one text per sample), got shape {getattr(X, 'shape', None)}")
    out = list(X)
    for i, t in enumerate(out):
        if not isinstance(t, (str, bytes)):
            raise TypeError(f"X[{i}] must be a text (str), not {type(t).__name__}")
    return out


def _is_label_lists(y: Any) -> bool:
    if hasattr(y, "ndim"):
        return y.ndim == 1 and y.dtype == object and len(y) > 0 and all(
            isinstance(v, (list, tuple, set, frozenset)) for v in y)
    return len(y) > 0 and all(isinstance(v, (list, tuple, set, frozenset)) for v in y)


class HealthTopicsClassifier(ClassifierMixin, BaseEstimator):
    """TF-IDF + LIBLINEAR (or libsvm kernel) topic classifier with calibrated probabilities.

    Parameters are those of `healthtopics train` (see :func:`healthtopics.train_options`): ``C``, ``solver``
    (linear|rbf|poly), ``tune`` (choose C by the library's own grouped CV), ``class_weight`` (auto|balanced|none),
    ``ngram_range``, ``min_df``, ``max_df``, ``max_features``, ``stop_words``, ``sublinear_tf``,
    ``heading_context``, ``gamma``, ``degree``, ``coef0``, ``folds`` (calibration/threshold folds), ``threads``
    (training threads; 0: CPUs) and ``predict_threads`` (threads for predict and friends).

    Fitted attributes: ``model_`` (a :class:`healthtopics.Model`), ``classes_``, ``multilabel_``.
    Fitting the same data with the same parameters gives the model bytes `healthtopics train` gives.
    """

    def __init__(self, C: float = 1.0, solver: str = "linear", tune: bool = False, class_weight: str = "auto",
                 ngram_range: tuple = (1, 2), min_df: int = 2, max_df: float = 1.0,
                 max_features: Optional[int] = None, stop_words: bool = False, sublinear_tf: bool = True,
                 heading_context: bool = True, gamma: Optional[float] = None, degree: int = 2, coef0: float = 1.0,
                 folds: int = 5, threads: int = 0, predict_threads: int = 1):
        self.C = C
        self.solver = solver
        self.tune = tune
        self.class_weight = class_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.stop_words = stop_words
        self.sublinear_tf = sublinear_tf
        self.heading_context = heading_context
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.folds = folds
        self.threads = threads
        self.predict_threads = predict_threads

    def _options(self) -> dict:
        return dict(C=self.C, solver=self.solver, tune=self.tune, class_weight=self.class_weight,
                    ngram_range=tuple(self.ngram_range), min_df=self.min_df, max_df=self.max_df,
                    max_features=self.max_features, stop_words=self.stop_words, sublinear_tf=self.sublinear_tf,
                    heading_context=self.heading_context, gamma=self.gamma, degree=self.degree, coef0=self.coef0,
                    folds=self.folds, threads=self.threads)

    def fit(self, X: Sequence[str], y: Any, groups: Optional[Sequence[Any]] = None) -> "HealthTopicsClassifier":
        """Train on texts X and labels y; ``groups`` keeps a group's texts in one calibration fold."""
        texts = _texts(X)
        if _is_label_lists(y):  # label lists -> multi-label over the sorted names
            from sklearn.preprocessing import MultiLabelBinarizer

            mlb = MultiLabelBinarizer().fit(y)
            self.classes_ = mlb.classes_
            names = [str(c) for c in self.classes_]
            labels = [[str(v) for v in row] for row in y]
            self.multilabel_, self._label_lists = True, True
        else:
            Y = y.toarray() if hasattr(y, "toarray") else np.asarray(y)
            if Y.ndim == 2 and Y.shape[1] == 1:
                Y = Y.ravel()
            if Y.ndim == 2:  # indicator matrix (MultiLabelBinarizer)
                if not np.isin(Y, (0, 1)).all():
                    raise ValueError("a 2-D y must be a 0/1 label indicator matrix")
                self.classes_ = np.arange(Y.shape[1])
                names = [f"{i}" for i in range(Y.shape[1])]
                labels = [[names[j] for j in np.flatnonzero(row)] for row in Y]
                self.multilabel_, self._label_lists = True, False
            elif Y.ndim == 1:
                self.classes_ = np.unique(Y)
                if len(self.classes_) < 2:
                    raise ValueError(f"need samples of at least 2 classes, got {len(self.classes_)}")
                names = [str(c) for c in self.classes_]
                if len(set(names)) != len(names):
                    raise ValueError("class labels must have distinct str() forms")
                index = {c: n for c, n in zip(self.classes_.tolist(), names)}
                labels = [index[v] for v in Y.tolist()]
                self.multilabel_, self._label_lists = False, False
            else:
                raise ValueError(f"y must be 1-D labels or a 2-D indicator matrix, got shape {Y.shape}")
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} samples but y has {len(labels)}")
        mode = "multilabel" if self.multilabel_ else "multiclass"
        self.model_ = train(texts, labels, groups=groups, label_names=names, mode=mode, **self._options())
        return self

    def _arrays(self, X, margins=False):
        check_is_fitted(self, "model_")
        return self.model_.predict_arrays(_texts(X), threads=self.predict_threads, margins=margins)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Class labels (multi-class) or the n x classes 0/1 indicator matrix (multi-label)."""
        _, assigned = self._arrays(X)
        if self.multilabel_:
            return assigned.astype(int)
        return self.classes_[assigned.argmax(axis=1)]

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, n x classes (multi-class rows sum to 1; multi-label are per label).

        predict follows the margins, as the library assigns labels; because each label has its own Platt
        scaling, the most probable class can differ from the predicted one on a close call (as with SVC).
        """
        return self._arrays(X)[0]

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Margins, n x classes (for two classes: the second's margin minus the first's, as sklearn expects)."""
        m = self._arrays(X, margins=True)[2]
        if not self.multilabel_ and m.shape[1] == 2:
            return m[:, 1] - m[:, 0]
        return m

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "model_")

    def _more_tags(self):
        return {"X_types": ["string"], "multilabel": True, "requires_y": True}
