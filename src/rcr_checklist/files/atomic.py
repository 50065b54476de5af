"""Writing a file whole or not at all, through symlinks, and cleaning up after a crashed save.

Every file the tool writes goes through :func:`atomic_write`: the bytes go to a temporary file
in the folder of the real file, which is synced and then
renamed over the real file. The temporary file's name carries the writer's process id,
``.<name>.<pid>.<random>.tmp``, so that a later start or save can tell a copy left by a killed
process (whose pid is gone) from one being written right now, and remove it
(:func:`remove_stale_temps`): a stray temporary copy of confidential answers never stays behind
unnoticed. An output path that exists and is not a regular file is refused before anything is
written (:func:`check_output`); only the user's own answers and review files follow a symlink,
and only to a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from rcr_checklist.errors import Problem
from rcr_checklist.model.wording import count

__all__ = [
    "atomic_write",
    "check_output",
    "real_path",
    "remove_stale_temps",
    "removed_note",
    "stale_temps",
    "temp_pattern",
    "write_problem",
]

_LEGACY_AGE = 60.0
"""Seconds after which a temporary file without a pid in its name (written by an older
version) counts as stale."""


def real_path(target: Path) -> Path:
    """The file that writing ``target`` changes: symlinks resolved, the folder made absolute.

    Args:
        target: a path as the user gave it (it need not exist; a dangling symlink resolves to
            the file it names).

    Returns:
        The absolute path of the real file.
    """
    return Path(os.path.realpath(target))


def temp_pattern(target: Path) -> re.Pattern[str]:
    """The names of the temporary files :func:`atomic_write` makes for ``target``.

    Group ``pid`` holds the writer's process id; it is empty for the names older versions
    used (``.<name>.<random>.tmp``).

    Args:
        target: the real file (see :func:`real_path`).

    Returns:
        A compiled pattern matching whole file names.
    """
    return re.compile(
        rf"\.{re.escape(target.name)}\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{{6,}}\.tmp", re.ASCII
    )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return False
    return True


def stale_temps(target: Path) -> list[Path]:
    """Temporary files left next to ``target`` by saves that never finished.

    A temporary file is stale when the process named in it is gone, or, for a name without a
    pid (older versions), when it is more than a minute old.

    Args:
        target: the file (a symlink is followed to the real file).

    Returns:
        The stale temporary files, sorted by name; empty when the folder cannot be listed.
    """
    real = real_path(target)
    pattern = temp_pattern(real)
    found: list[Path] = []
    try:
        entries = list(os.scandir(real.parent))
    except OSError:
        return []
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = match.group("pid")
        if (pid is not None and not _alive(int(pid))) or (pid is None and age > _LEGACY_AGE):
            found.append(Path(entry.path))
    return sorted(found)


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files that crashed saves of ``target`` left behind.

    Args:
        target: the file (a symlink is followed to the real file).

    Returns:
        The files removed (empty when there were none or none could be removed).
    """
    removed: list[Path] = []
    for path in stale_temps(target):
        with contextlib.suppress(FileNotFoundError):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def removed_note(removed: list[Path]) -> str | None:
    """What to tell the user about the temporary copies :func:`remove_stale_temps` removed.

    Args:
        removed: the files removed.

    Returns:
        One line, e.g. "Removed 1 temporary copy left by an interrupted save: ...", or None
        when none was removed.
    """
    if not removed:
        return None
    copies = count(len(removed), "temporary copy", "temporary copies")
    return f"Removed {copies} left by an interrupted save: {', '.join(str(p) for p in removed)}"


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a file"  # pragma: no cover - no other kinds on POSIX


def _refuse(target: Path, reason: str) -> OSError:
    return OSError(errno.EEXIST, f"{reason}; give the path of a regular file", str(target))


def check_output(target: Path, *, follow_symlinks: bool = False) -> int | None:
    """Refuse, before anything is written, an output path that is not a regular file.

    A generated output (report, comparison) that exists as a symbolic link is refused, not
    followed and not replaced: ``-o /dev/stdout`` or a link planted in a shared folder must
    neither turn the link into a file nor redirect the write. A device, FIFO, socket or folder
    is refused too (renaming over it would destroy it; opening a FIFO can block). With
    ``follow_symlinks`` (the user's own answers and review files) a link to an existing regular
    file is followed; a dangling link, or one to anything else, is refused.

    Args:
        target: the path the user gave.
        follow_symlinks: follow a symlink to a regular file instead of refusing it.

    Returns:
        The permission bits' source: the ``st_mode`` of the file that will be replaced, or
        None when it does not exist yet.

    Raises:
        OSError: ``target`` cannot be used; ``strerror`` says why, e.g. "is a symbolic link
            (to /proc/self/fd/1); give the path of a regular file", ``filename`` is ``target``.
    """
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    if stat.S_ISLNK(mode):
        try:
            link = str(target.readlink())
        except OSError:  # pragma: no cover - it was a link a moment ago
            link = "?"
        if not follow_symlinks:
            raise _refuse(target, f"is a symbolic link (to {link})")
        try:
            mode = target.stat().st_mode
        except OSError:
            raise _refuse(target, f"is a symbolic link (to {link}) that leads to no file") from None
        if not stat.S_ISREG(mode):
            raise _refuse(
                target, f"is a symbolic link (to {link}), not to a regular file ({_kind(mode)})"
            )
        return mode
    if not stat.S_ISREG(mode):
        raise _refuse(target, f"is not a regular file ({_kind(mode)})")
    return mode


def atomic_write(
    target: Path, content: str | bytes, *, follow_symlinks: bool = False
) -> list[Path]:
    """Write a file whole or not at all: a temporary file in the same folder, then rename.

    With ``follow_symlinks`` (files the user keeps and edits: answers, reviews) a symlink at
    ``target`` is followed: the file it points to is replaced (atomically) and the link stays a
    link; a dangling link or one to something other than a regular file is refused. Without it
    (generated outputs such as reports, where ``-o /dev/stdout`` or a link planted in a shared
    folder must neither redirect the write nor be turned into a file) a symlink is refused.
    Anything else that is not a regular file (a device such as ``/dev/null``, a pipe, a
    folder) is refused (:func:`check_output`). A file that exists keeps its permission bits;
    a new one gets ``0644``. After the rename, temporary files that earlier, crashed saves of
    the same file left behind are removed.

    Args:
        target: the file to create or replace.
        content: text (written as UTF-8) or bytes.
        follow_symlinks: write the regular file a symlink points to instead of refusing it.

    Returns:
        The stale temporary files removed after the save (usually none), so that the caller
        can say so.

    Raises:
        OSError: the folder is missing or not writable, the disk is full, or ``target`` is
            not a regular file; the previous file, if any, is left as it was.
            The error's ``filename`` is ``target``.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    mode = check_output(target, follow_symlinks=follow_symlinks)
    real = real_path(target) if follow_symlinks else target.parent.resolve() / target.name
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=real.parent
        )
    except OSError as exc:  # name the file the user asked for, not our temporary name
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(stat.S_IMODE(mode) if mode is not None else 0o644)
        Path(tmp).replace(real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return remove_stale_temps(real)


def write_problem(path: Path, exc: OSError, what: str = "answers") -> Problem:
    """Say, naming ``path``, why it cannot be written and what to do about it.

    Args:
        path: the file the user named (not a lock or temporary file).
        exc: the error from creating, locking or writing it.
        what: what the file holds, for the message ("answers", "review").

    Returns:
        A problem naming the file, e.g. ``answers.yaml: cannot save the answers: the folder
        /srv/x is read-only; ...``.
    """
    folder = real_path(path).parent
    code = exc.errno
    if code == errno.EROFS:
        reason = (
            f"the folder {folder} is on a read-only file system; copy the file to a folder "
            "you can write to and work on the copy"
        )
    elif code in (errno.EACCES, errno.EPERM):
        reason = (
            f"you may not write in the folder {folder}; ask for write access, or copy the "
            "file to a folder you can write to"
        )
    elif code in (errno.ENOSPC, errno.EDQUOT):
        reason = (
            f"the disk holding {folder} is full (or your quota is used up); free some space "
            "and run the command again"
        )
    elif code == errno.ENOENT:
        reason = f"the folder {folder} does not exist; create it or choose another file"
    else:
        reason = f"{exc.strerror or exc}; check the folder {folder} and run the command again"
    return Problem(str(path), None, "", f"cannot save the {what}: {reason}")
