# SPDX-License-Identifier: MIT
"""Exceptions carrying the library's status and message: healthtopics.Error and one subclass per status."""
from __future__ import annotations

from typing import Dict, Type


class Error(Exception):
    """An error reported by libhealthtopics.

    ``status`` is the negative ``ht_status`` code, ``status_name`` its name (``"HT_EFORMAT"``) and ``message``
    the library's own message (``"corrupt model: vocabulary section checksum mismatch"``).
    """

    status: int = 0
    status_name: str = "HT_ERROR"

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable, so errors cross Dask and multiprocessing boundaries
        return (self.__class__, (self.message, self.status))


class NoMemoryError(Error, MemoryError):
    """HT_ENOMEM: an allocation failed."""
    status, status_name = -1, "HT_ENOMEM"


class InvalidArgumentError(Error, ValueError):
    """HT_EINVAL: an argument is invalid (unknown label, bad option, empty training set...)."""
    status, status_name = -2, "HT_EINVAL"


class FileError(Error, OSError):
    """HT_EIO: a file could not be read, written, synced or renamed."""
    status, status_name = -3, "HT_EIO"

    def __init__(self, message: str, status: int | None = None):
        Error.__init__(self, message, status)

    def __str__(self) -> str:
        return self.message


class UTF8Error(Error, ValueError):
    """HT_EUTF8: invalid UTF-8 where it is rejected (or a str that cannot be encoded as UTF-8)."""
    status, status_name = -4, "HT_EUTF8"


class FormatError(Error, ValueError):
    """HT_EFORMAT: a model file or corpus is malformed, truncated or corrupt."""
    status, status_name = -5, "HT_EFORMAT"


class VersionError(Error):
    """HT_EVERSION: a model file is from a newer, unknown format version."""
    status, status_name = -6, "HT_EVERSION"


class LimitError(Error, ValueError):
    """HT_ELIMIT: an input exceeds a configured limit (text size, labels, vocabulary)."""
    status, status_name = -7, "HT_ELIMIT"


class InternalError(Error):
    """HT_EINTERNAL: a third-party solver failed, or a bug in the library."""
    status, status_name = -8, "HT_EINTERNAL"


BY_STATUS: Dict[int, Type[Error]] = {
    cls.status: cls
    for cls in (NoMemoryError, InvalidArgumentError, FileError, UTF8Error, FormatError, VersionError, LimitError,
                InternalError)
}


def error_for(status: int, message: str) -> Error:
    cls = BY_STATUS.get(status, Error)
    return cls(message or cls.status_name, status)
