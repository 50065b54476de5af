"""A lock that keeps two ``assess`` sessions from writing the same answers file.

The lock is ``fcntl.flock`` on a sidecar file ``.<name>.lock`` next to the answers file, holding
the owner's pid for the message. The kernel drops the lock when its process dies, even by
SIGKILL, so a crashed session never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from rcr_checklist.errors import InputError, Problem

__all__ = ["AnswersLocked", "answers_lock", "lock_path"]

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, sessions are not guarded
    fcntl = None  # type: ignore[assignment]


class AnswersLocked(InputError):
    """Another ``assess`` session has the answers file open (exit code 2)."""


def lock_path(answers: Path) -> Path:
    """Return the sidecar lock file of an answers file: ``.<name>.lock`` in the same folder."""
    return answers.parent / f".{answers.name}.lock"


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextlib.contextmanager
def answers_lock(answers: Path, source: str | None = None) -> Iterator[None]:
    """Hold the lock of an answers file for the duration of the ``with`` block.

    Args:
        answers: the answers file (it need not exist yet).
        source: the file name shown in the message (default: the path as given).

    Yields:
        Nothing; the lock is held until the block ends.

    Raises:
        AnswersLocked: another live process holds the lock.
        OSError: the folder is missing or not writable.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(answers)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AnswersLocked(
                Problem(
                    source or str(answers),
                    None,
                    "",
                    f"is open in another `rcr-checklist assess`{_holder(path)}; "
                    "finish or quit that session first",
                )
            ) from None
        # The previous holder may have unlinked the file between our open and flock: then we
        # hold a lock nobody else can see, so start again on the new file.
        try:
            same = os.path.samestat(os.fstat(fd), path.stat())
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
