# SPDX-License-Identifier: MIT
"""The scikit-learn estimator: fit/predict/proba/decision/score, Pipeline, GroupKFold, GridSearchCV, clone,
pickle, multi-label y; and equality with the library's own training."""
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, MultiLabelBinarizer

import healthtopics
from corpus_util import corpus_items
from healthtopics.sklearn import HealthTopicsClassifier


@pytest.fixture(scope="module")
def single():
    """Single-label units of the training articles (a multi-class problem), with their article ids."""
    items = [(t, ls[0], a) for t, ls, _, a in corpus_items("train") if len(ls) == 1]
    return [t for t, _, _ in items], np.array([y for _, y, _ in items]), [a for _, _, a in items]


@pytest.fixture(scope="module")
def multi():
    items = corpus_items("train")
    return [t for t, _, _, _ in items], [ls for _, ls, _, _ in items], [a for _, _, _, a in items]


def test_fit_predict_score(single):
    X, y, groups = single
    est = HealthTopicsClassifier(C=1.0, threads=2).fit(X[:1500], y[:1500])
    assert list(est.classes_) == sorted(set(y[:1500]))
    assert not est.multilabel_
    pred = est.predict(X[1500:])
    assert pred.shape == (len(X) - 1500,) and set(pred) <= set(est.classes_)
    proba = est.predict_proba(X[1500:])
    assert proba.shape == (len(X) - 1500, len(est.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)
    # predict follows the margins (as the library assigns); per-label Platt scaling may reorder a close call
    assert (est.classes_[est.decision_function(X[1500:]).argmax(axis=1)] == pred).all()
    assert np.mean(est.classes_[proba.argmax(axis=1)] == pred) > 0.9
    acc = est.score(X[1500:], y[1500:])
    assert acc == np.mean(pred == y[1500:]) and acc > 0.6
    # the estimator's model is the library's: same bytes as healthtopics.train with the same options
    ref = healthtopics.train(X[:1500], list(y[:1500]), mode="multiclass", threads=1)
    assert est.model_.to_bytes() == ref.to_bytes()


def test_params_clone_pickle(single):
    X, y, _ = single
    est = HealthTopicsClassifier(C=0.5, ngram_range=(1, 3), min_df=1)
    assert est.get_params()["C"] == 0.5
    est.set_params(C=2.0)
    c = clone(est)
    assert c.get_params() == est.get_params() and not hasattr(c, "model_")
    est.fit(X[:800], y[:800])
    blob = pickle.dumps(est)
    assert b"cdata" not in blob
    back = pickle.loads(blob)
    assert (back.predict_proba(X[800:900]) == est.predict_proba(X[800:900])).all()
    with pytest.raises(Exception, match="not fitted"):
        HealthTopicsClassifier().predict(["x"])


def test_pipeline_and_grouped_cv(single):
    X, y, groups = single
    pipe = Pipeline([("lower", FunctionTransformer(lambda xs: [x.lower() for x in xs])),
                     ("clf", HealthTopicsClassifier(threads=1))])
    scores = cross_val_score(pipe, X, y, groups=groups, cv=GroupKFold(3))
    assert len(scores) == 3 and scores.min() > 0.6


def test_grid_search_over_C(single):
    X, y, groups = single
    search = GridSearchCV(HealthTopicsClassifier(threads=1), {"C": [0.25, 1.0, 4.0]}, cv=GroupKFold(3))
    search.fit(X, y, groups=groups)
    assert search.best_params_["C"] in (0.25, 1.0, 4.0)
    assert search.best_estimator_.model_.info()["option.C"] == f"{search.best_params_['C']:g}"
    assert 0.6 < search.best_score_ <= 1.0
    assert search.predict(X[:5]).shape == (5,)


def test_multilabel_indicator_and_label_lists(multi):
    X, lists, groups = multi
    mlb = MultiLabelBinarizer(classes=["benefits", "types", "risks", "alternatives"])
    Y = mlb.fit_transform(lists)
    est = HealthTopicsClassifier(ngram_range=(1, 3), threads=1).fit(X, Y, groups=groups)
    assert est.multilabel_ and list(est.classes_) == [0, 1, 2, 3]
    P = est.predict(X[:50])
    assert P.shape == (50, 4) and set(np.unique(P)) <= {0, 1}
    assert est.predict_proba(X[:50]).shape == (50, 4)
    assert est.decision_function(X[:50]).shape == (50, 4)
    # same items as the article corpus minus headings: the estimator agrees with healthtopics.train
    ref = healthtopics.train(X, lists, groups=groups, label_names=["benefits", "types", "risks", "alternatives"],
                             ngram_range=(1, 3), mode="multilabel", threads=1)
    assert (est.predict_proba(X[:50]) == ref.predict_arrays(X[:50])[0]).all()
    est2 = HealthTopicsClassifier(threads=1).fit(X[:1000], lists[:1000])
    assert list(est2.classes_) == sorted({x for ls in lists[:1000] for x in ls})
    assert est2.predict(X[:10]).shape == (10, len(est2.classes_))
    assert 0.0 <= est.score(X[:200], Y[:200]) <= 1.0


def test_bad_input(single):
    X, y, _ = single
    with pytest.raises(ValueError):
        HealthTopicsClassifier().fit(X[:10], ["a"] * 10)
    with pytest.raises(ValueError):
        HealthTopicsClassifier().fit("one text", ["a"])
    with pytest.raises(TypeError):
        HealthTopicsClassifier().fit([1, 2, 3], ["a", "b", "a"])
    with pytest.raises(ValueError):
        HealthTopicsClassifier().fit(X[:10], y[:9])
    with pytest.raises(ValueError, match="solver"):
        HealthTopicsClassifier(solver="tree").fit(X[:10], y[:10])
