"""Where stdout and stderr go: a file, or the same terminal or log, which decides what to print."""

from __future__ import annotations

import os
import stat
import sys

__all__ = ["stdout_ascii_only", "stdout_is_file", "streams_shared"]


def stdout_is_file() -> bool:
    """Whether stdout is a regular file (``> register.csv``), not a terminal or a pipe.

    Returns:
        True for a regular file; False otherwise, and for a stream without a file descriptor.
    """
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # a stream without a file descriptor
        return False


def streams_shared() -> bool:
    """Whether stdout and stderr reach the same place: one terminal, pipe or log file.

    Then whoever reads stderr has just read stdout too, and a message must not repeat it.

    Returns:
        True when both file descriptors are the same open file (same device and inode);
        False otherwise, and for a stream without a file descriptor (a test runner's).
    """
    try:
        out = os.fstat(sys.stdout.fileno())
        err = os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (out.st_dev, out.st_ino, out.st_rdev) == (err.st_dev, err.st_ino, err.st_rdev)


def stdout_ascii_only() -> bool:
    r"""Whether stdout cannot take every character (its encoding is not UTF-8).

    Then JSON escapes every non-ASCII character (``\uXXXX``), which reads back the same.

    Returns:
        True for a stream whose encoding is not a UTF (``PYTHONIOENCODING=cp1252``).
    """
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return not encoding.startswith("utf")
