"""Saving under faults: stale temporary files, symlinks, start-up messages that name the file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rcr_checklist.errors import InputError
from rcr_checklist.files.atomic import atomic_write, remove_stale_temps, stale_temps
from rcr_checklist.files.lock import AnswersLocked, answers_lock, lock_path

KILLED_SAVE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import rcr_checklist.files.atomic as atomic

    def die(self, target):  # the process dies between writing the copy and renaming it
        os.kill(os.getpid(), signal.SIGKILL)

    Path.replace = die
    atomic.atomic_write(Path(sys.argv[1]), "answers: {secret: 1}\\n", follow_symlinks=True)
    """
)


def killed_save(path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path)], check=False)
    assert done.returncode == -signal.SIGKILL


def test_a_kill_inside_a_save_leaves_a_temp_that_the_next_save_removes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers: {}\n", encoding="utf-8")
    killed_save(path)
    left = sorted(p.name for p in tmp_path.glob(".a.yaml.*.tmp"))
    assert len(left) == 1 and "secret" in (tmp_path / left[0]).read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "answers: {}\n"  # the previous file is intact
    assert [p.name for p in stale_temps(path)] == left
    removed = atomic_write(path, "answers: {b: 2}\n")
    assert [p.name for p in removed] == left  # said once, by the caller
    assert not list(tmp_path.glob(".a.yaml.*.tmp"))
    assert atomic_write(path, "answers: {b: 3}\n") == []


def test_the_next_start_removes_the_stale_temp(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers: {}\n", encoding="utf-8")
    killed_save(path)
    removed = remove_stale_temps(path)
    assert len(removed) == 1 and not removed[0].exists()
    assert remove_stale_temps(path) == []


def test_a_live_writers_temp_and_other_files_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    live = tmp_path / f".a.yaml.{os.getpid()}.abcdef12.tmp"  # ours: being written
    other = tmp_path / ".b.yaml.1.abcdef12.tmp"  # another file's
    for p in (live, other):
        p.write_text("x", encoding="utf-8")
    assert stale_temps(path) == []


def test_saving_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "a.yaml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "new\n", follow_symlinks=True)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == "new\n"
    assert real.stat().st_mode & 0o777 == 0o600  # the file keeps its permissions
    assert not list(tmp_path.glob(".*.tmp")) and not list(real.parent.glob(".*.tmp"))


def test_two_writers_through_a_symlink_share_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "a.yaml"
    real.write_text("x\n", encoding="utf-8")
    link = tmp_path / "other-name.yaml"
    link.symlink_to(real)
    assert lock_path(link) == lock_path(real)
    with answers_lock(real):
        with pytest.raises(AnswersLocked, match="is open in another"), answers_lock(link):
            pass
    with answers_lock(link):  # free again, through the link too
        pass


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (errno.EROFS, "is on a read-only file system; copy the file to a folder you can write"),
        (errno.ENOSPC, "is full (or your quota is used up); free some space and run"),
        (errno.EACCES, "you may not write in the folder"),
    ],
)
def test_start_up_errors_name_the_answers_file_and_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, says: str
) -> None:
    import rcr_checklist.files.lock as lock

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(lock.os, "open", refuse)
    with pytest.raises(InputError) as caught, answers_lock(tmp_path / "a.yaml"):
        pass
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'a.yaml'}: cannot save the answers: ")
    assert says in message
    assert ".lock" not in message


def test_a_generated_output_that_is_a_symlink_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    target = tmp_path / "victim.txt"
    target.write_text("precious", encoding="utf-8")
    link = tmp_path / "stdout"  # like /dev/stdout -> /proc/self/fd/1
    link.symlink_to("victim.txt")
    with pytest.raises(OSError) as caught:
        atomic_write(link, "report\n")
    assert caught.value.filename == str(link)
    assert caught.value.strerror == (
        "is a symbolic link (to victim.txt); give the path of a regular file"
    )
    assert link.is_symlink() and str(link.readlink()) == "victim.txt"
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stdout", "victim.txt"]


@pytest.mark.parametrize("follow", [False, True])
def test_a_device_or_a_dangling_link_is_refused(tmp_path: Path, follow: bool) -> None:
    with pytest.raises(OSError) as caught:
        atomic_write(Path("/dev/null"), "x", follow_symlinks=follow)
    assert caught.value.strerror == (
        "is not a regular file (a character device); give the path of a regular file"
    )
    link = tmp_path / "answers.yaml"
    link.symlink_to("/dev/null")
    with pytest.raises(OSError, match="give the path of a regular file"):
        atomic_write(link, "x", follow_symlinks=follow)
    dangling = tmp_path / "gone.yaml"
    dangling.symlink_to("missing.yaml")
    with pytest.raises(OSError, match="symbolic link"):
        atomic_write(dangling, "x", follow_symlinks=follow)
    assert not (tmp_path / "missing.yaml").exists()
