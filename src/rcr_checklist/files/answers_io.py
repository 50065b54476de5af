"""Reads, checks against a bank and saves answers files, with located errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from rcr_checklist.errors import InputError, NotASubmission, Problem
from rcr_checklist.files.answers_check import check_against_bank, raw_answer_problems
from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.files.document import is_json_name, load_document
from rcr_checklist.files.locate import problems_from_validation, vocabulary
from rcr_checklist.files.located import LocatedData
from rcr_checklist.files.reading import read_text
from rcr_checklist.files.roundtrip import update_yaml
from rcr_checklist.files.yamlio import dump_yaml
from rcr_checklist.model.answers import ANSWERS_FORMAT, AnswersFile, canonical_answers
from rcr_checklist.model.bank import Bank

__all__ = [
    "ANSWERS_HEAD",
    "LoadedAnswers",
    "answers_text",
    "check_against_bank",
    "load_answers",
    "parse_answers",
    "save_answers",
]


_KNOWN = vocabulary(AnswersFile)


@dataclass
class LoadedAnswers:
    """An answers file as loaded, with what the user should be told about it.

    Attributes:
        answers: the validated answers.
        source: the file name for messages.
        located: the raw data with line numbers (None when built in memory).
        warnings: located notes that do not stop scoring (unknown ids, other bank version).
        new_questions: ids in the bank that the file's bank version did not have answers for
            (after a migration: the visible scored questions left unanswered).
        removed_questions: answered ids the bank no longer has; kept, not scored.
    """

    answers: AnswersFile
    source: str
    located: LocatedData | None = None
    warnings: list[Problem] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)
    removed_questions: list[str] = field(default_factory=list)


def parse_answers(
    text: str, source: str, *, json_only: bool | None = None
) -> tuple[AnswersFile, LocatedData]:
    """Parse and validate answers-file text, YAML or JSON (no bank checks).

    Args:
        text: YAML or JSON text.
        source: the name shown in messages.
        json_only: accept JSON only; default: when ``source`` ends in ``.json``.

    Returns:
        The model and the located data.

    Raises:
        InputError: bad YAML, limits exceeded, wrong types, unknown or missing fields; every
            problem names file, line and field.
    """
    located = load_document(text, source, json_only=json_only)
    if located.data is None:
        raise InputError(
            Problem(
                source,
                None,
                "",
                "the file is empty; see `rcr-checklist schema answers` for the format",
            )
        )
    if not isinstance(located.data, dict):
        raise InputError(
            Problem(
                source,
                located.line_of(()) or 1,
                "",
                "must be a mapping (YAML) or an object (JSON) with format, bank, product "
                "and answers",
            )
        )
    fmt = located.data.get("format")
    if located.syntax == "json" and not (
        isinstance(fmt, str) and fmt.startswith("rcr-checklist/")
    ):  # JSON is also what schemas and other tools write: say what this one is not
        raise NotASubmission(
            Problem(
                source,
                located.line_of(("format",)) or located.line_of(()),
                "format",
                f"is not {ANSWERS_FORMAT!r}, so this JSON is not an answers file",
            )
        )
    if (
        isinstance(fmt, str)
        and fmt.startswith("rcr-checklist/")
        and not fmt.startswith("rcr-checklist/answers/")
    ):
        raise NotASubmission(
            Problem(
                source,
                located.line_of(("format",)),
                "format",
                f"is {fmt!r}, not an answers file ({ANSWERS_FORMAT!r})",
            )
        )
    if isinstance(fmt, str) and fmt != ANSWERS_FORMAT and fmt.startswith("rcr-checklist/answers/"):
        raise InputError(
            Problem(
                source,
                located.line_of(("format",)),
                "format",
                f"{fmt!r} is newer or older than this tool reads "
                f"({ANSWERS_FORMAT!r}); upgrade rcr-checklist",
            )
        )
    try:
        model = AnswersFile.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, located, _KNOWN)) from None
    return model, located


def load_answers(path: Path, bank: Bank, source: str | None = None) -> LoadedAnswers:
    """Load an answers file and check it against a bank.

    Args:
        path: the answers file.
        bank: the bank to check against.
        source: the name shown in messages (default: the path as given).

    Returns:
        The loaded answers with warnings and version differences.

    Raises:
        InputError: unreadable file, bad YAML, schema errors, another bank id, or answers
            the bank's questions cannot take.
    """
    name = source or str(path)
    text = read_text(path, name)
    json_only = is_json_name(path.name)
    try:
        answers, located = parse_answers(text, name, json_only=json_only)
    except NotASubmission:
        raise
    except InputError as exc:
        problems = exc.problems + raw_answer_problems(text, name, bank, exc.problems, json_only)
        raise InputError(sorted(problems, key=lambda p: p.line or 0)) from None
    loaded = LoadedAnswers(answers=answers, source=name, located=located)
    check_against_bank(loaded, bank)
    return loaded


def save_answers(answers: AnswersFile, path: Path, schema_hint: bool = True) -> list[Path]:
    """Write an answers file atomically, changing only what changed in a file that exists.

    An existing file keeps its comments, key order, quoting and layout: only the values that
    differ are rewritten and new answers are inserted in bank order
    (:func:`rcr_checklist.files.roundtrip.update_yaml`). A new file (or one that cannot be read
    back) is written whole. A symlink at ``path`` is followed: the file it points to is
    replaced atomically and the link stays.

    Args:
        answers: the answers.
        path: the file to write.
        schema_hint: add the yaml-language-server comment pointing editors to the schema (new
            files only).

    Returns:
        Stale temporary files of earlier, crashed saves that were removed (usually none).

    Raises:
        OSError: the folder cannot be written; the previous file is left as it was.
    """
    data = canonical_answers(answers)
    text: str | None = None
    try:
        old = read_text(path, str(path))
    except (InputError, OSError):
        old = None
    if old is not None and old.strip():
        text = update_yaml(old, data)
    if text is None:
        text = answers_text(answers, schema_hint)
    return atomic_write(path, text, follow_symlinks=True)


def answers_text(answers: AnswersFile, schema_hint: bool = True) -> str:
    """The text of a new answers file holding ``answers`` (what a first save writes).

    Args:
        answers: the answers.
        schema_hint: start with the yaml-language-server comment pointing editors to the schema.

    Returns:
        YAML text.
    """
    return (ANSWERS_HEAD if schema_hint else "") + dump_yaml(canonical_answers(answers))


ANSWERS_HEAD = (
    "# yaml-language-server: $schema=answers.schema.json\n"
    "# Written by rcr-checklist; get the schema with `rcr-checklist schema answers`.\n"
)
"""The comment lines a new answers file starts with (they point editors to the schema)."""
