# SPDX-License-Identifier: MIT
"""healthtopics: label the units of health articles by topic (benefits, types, risks, alternatives).

A binding (cffi, ABI mode) over the C library libhealthtopics. Load a model and classify::

    import healthtopics
    model = healthtopics.Model.load("models/healthtopics-default.htm")
    model.classify("Massage can leave bruises.").labels          # ('risks',)
    for unit in model.classify_article(page, format="html"):       # or "auto", "markdown", "text"
        print(unit.kind, unit.labels, unit.text)                   # page[unit.begin:unit.end]: its span

Train from Python lists with :func:`train`, or from a corpus on disk with :func:`train_corpus` (the CLI's options
and determinism: the shipped model rebuilds byte for byte), use the scikit-learn estimator
in :mod:`healthtopics.sklearn`, and classify at scale on Dask with :mod:`healthtopics.dask`.
Errors are :class:`Error` subclasses carrying the library's message, one per status.
"""
from ._errors import (Error, FileError, FormatError, InternalError, InvalidArgumentError, LimitError,
                      NoMemoryError, UTF8Error, VersionError)
from ._core import (Classification, Explanation, Model, Term, Unit, format_probability, json_string, train,
                    train_corpus, train_options, version)
from ._ffi import LIBRARY_PATH

__version__ = "0.1.0"
__all__ = [
    "Model", "train", "train_corpus", "train_options", "version", "Classification", "Unit", "Explanation", "Term",
    "Error", "NoMemoryError", "InvalidArgumentError", "FileError", "UTF8Error", "FormatError", "VersionError",
    "LimitError", "InternalError", "LIBRARY_PATH", "json_string", "format_probability",
]
