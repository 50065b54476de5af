"""The one answers file a ``serve`` session works on: read when it changes, saved under the lock.

The browser and the terminal questionnaire take turns on the same file. Every change is made
inside :meth:`AnswersStore.change`: the lock is taken (``assess`` holds it for its whole
session, so a browser change while the terminal is answering is refused, never merged
blindly), the file is read again if another program changed it, the change is applied and
the result is written atomically. Nothing else in ``serve`` touches the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.answers_io import ANSWERS_HEAD, answers_text, load_answers, save_answers
from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.files.lock import answers_lock
from rcr_checklist.files.reading import read_text
from rcr_checklist.files.yamlio import dump_yaml
from rcr_checklist.model.answers import AnswersFile, canonical_answers
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.flow import new_answers

__all__ = ["AnswersStore", "NoAnswersYet", "PlainText"]


class NoAnswersYet(InputError):
    """The answers file does not exist yet: the start page asks for the product name."""


@dataclass(frozen=True)
class _Stamp:
    """What identifies one version of the file on disk."""

    mtime_ns: int
    size: int
    inode: int


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return _Stamp(st.st_mtime_ns, st.st_size, st.st_ino)


class AnswersStore:
    """The answers file of one ``serve`` session, cached in memory while it is unchanged.

    Args:
        bank: the bank the answers are checked against.
        path: the answers file (it need not exist yet).
        source: the name shown in messages (default: the path as given).
    """

    def __init__(self, bank: Bank, path: Path, source: str | None = None) -> None:
        self.bank = bank
        self.path = path
        self.source = source or str(path)
        self.warnings: list[str] = []
        """Notes from the last read (another bank version, answers the bank lacks)."""
        self._answers: AnswersFile | None = None
        self._stamp: _Stamp | None = None
        self._text = PlainText()
        self._plain = False
        """The file on disk is exactly what a first save of its answers writes (no comments or
        layout of the user's to keep), so a save may write it whole instead of merging."""
        # flock conflicts between two descriptors of one process too: threads take turns here
        self._mutex = threading.Lock()

    def exists(self) -> bool:
        """Whether the answers file exists."""
        return self.path.is_file()

    def current(self) -> AnswersFile:
        """The answers as they are on disk now (read again only when the file changed).

        Returns:
            The answers.

        Raises:
            NoAnswersYet: the file does not exist yet.
            InputError: the file is not a valid answers file for the bank.
        """
        with self._mutex:
            return self._read()

    def _read(self) -> AnswersFile:
        stamp = _stamp(self.path)
        if stamp is None:
            raise NoAnswersYet(Problem(self.source, None, "", "does not exist yet"))
        if self._answers is None or stamp != self._stamp:
            loaded = load_answers(self.path, self.bank, self.source)
            self.warnings = [str(w) for w in loaded.warnings]
            self._answers, self._stamp = loaded.answers, stamp
            text = read_text(self.path, self.source)
            self._plain = text == answers_text(loaded.answers)
        return self._answers

    def create(self, product_name: str, profile: str) -> AnswersFile:
        """Start a new answers file holding the product name and the profile.

        Args:
            product_name: the product's name (1-200 characters).
            profile: "vendor", "clinician" or "procurement".

        Returns:
            The new answers.

        Raises:
            InputError: the file was created by another program meanwhile.
            AnswersLocked: the terminal questionnaire holds the file.
            pydantic.ValidationError: an empty or too long name.
            OSError: the folder cannot be written.
        """
        answers = new_answers(self.bank, product_name, profile)
        with self._mutex, answers_lock(self.path, self.source):
            if self.path.exists():
                raise InputError(Problem(self.source, None, "", "was created meanwhile"))
            self._write(answers)
        return answers

    def change(self, edit: Callable[[AnswersFile], AnswersFile]) -> AnswersFile:
        """Apply ``edit`` to the answers on disk and save the result, holding the lock.

        Args:
            edit: returns the new answers from the current ones (it may return them unchanged;
                then nothing is written). It runs while the lock is held.

        Returns:
            The answers now on disk.

        Raises:
            NoAnswersYet: the file does not exist.
            AnswersLocked: the terminal questionnaire holds the file; nothing was written.
            InputError: the file on disk is no longer a valid answers file.
            OSError: the file could not be written; the previous file is kept.
        """
        with self._mutex, answers_lock(self.path, self.source):
            before = self._read()
            after = edit(before)
            if after != before:
                self._write(after)
            return after

    def _write(self, answers: AnswersFile) -> None:
        if self._plain:
            # Nothing of the user's to keep: write it whole, as a first save does, instead of
            # merging (the round-trip parser takes most of a second on a large file).
            atomic_write(self.path, self._text.of(answers), follow_symlinks=True)
        else:
            new = not self.path.exists()
            save_answers(answers, self.path)  # keeps the comments and layout of a kept file
            self._plain = new
        # Each atomic save is a new inode, so the stamp changes even within one clock tick.
        self._answers, self._stamp = answers, _stamp(self.path)


class PlainText:
    """The text of ``answers_text``, made answer by answer, reusing what did not change.

    Block YAML of a mapping is the YAML of its entries one after the other, each the same
    wherever it stands, so only the changed answer is serialised again: one save of a full
    assessment costs about a millisecond of YAML instead of a hundred or more.
    """

    def __init__(self) -> None:
        self._chunks: dict[str, tuple[object, str]] = {}

    def of(self, answers: AnswersFile) -> str:
        """The text of a new answers file holding ``answers`` (equal to ``answers_text``).

        Args:
            answers: the answers.

        Returns:
            YAML text.
        """
        data = canonical_answers(answers)
        entries: dict[str, object] = data.pop("answers")
        if not entries:
            return ANSWERS_HEAD + dump_yaml({**data, "answers": {}})
        chunks: dict[str, tuple[object, str]] = {}
        for qid, entry in entries.items():
            cached = self._chunks.get(qid)
            if cached is None or cached[0] != entry:
                cached = (entry, dump_yaml({"answers": {qid: entry}}).split("\n", 1)[1])
            chunks[qid] = cached
        self._chunks = chunks
        return (
            ANSWERS_HEAD + dump_yaml(data) + "answers:\n" + "".join(c for _, c in chunks.values())
        )
