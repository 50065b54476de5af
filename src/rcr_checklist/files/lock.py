"""A lock that keeps two ``assess`` sessions from writing the same answers file.

The lock is ``fcntl.flock`` on a sidecar file ``.<name>.lock`` next to the real answers file (a
symlink is followed, so two sessions that open one file under two names share one lock),
holding the owner's pid for the message. The kernel drops the lock when its process dies, even by
SIGKILL, so a crashed session never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.atomic import real_path, write_problem

__all__ = ["AnswersLocked", "answers_lock", "lock_path"]

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, sessions are not guarded
    fcntl = None  # type: ignore[assignment]


class AnswersLocked(InputError):
    """Another ``assess`` session has the answers file open (exit code 2)."""


def lock_path(answers: Path) -> Path:
    """Return the sidecar lock file of an answers file: ``.<name>.lock`` beside the real file.

    Args:
        answers: the answers file as given (a symlink is followed to the file it names).

    Returns:
        The lock file's path.
    """
    real = real_path(answers)
    return real.parent / f".{real.name}.lock"


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextlib.contextmanager
def answers_lock(answers: Path, source: str | None = None, what: str = "answers") -> Iterator[None]:
    """Hold the lock of an answers file for the duration of the ``with`` block.

    Args:
        answers: the answers file (it need not exist yet).
        source: the file name shown in the message (default: the path as given).
        what: what the file holds, for messages ("answers", "review").

    Yields:
        Nothing; the lock is held until the block ends.

    Raises:
        AnswersLocked: another live process holds the lock.
        InputError: the lock cannot be made (a read-only folder, a full disk): the message
            names the answers file, not the lock file, and says what to do.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(answers)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(write_problem(Path(source or answers), exc, what)) from None
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
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError as exc:
            raise InputError(write_problem(Path(source or answers), exc, what)) from None
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
