"""The one hierarchy of errors the tool raises; the CLI maps them to exit codes."""

from __future__ import annotations

__all__ = [
    "BankError",
    "GateFailed",
    "InputError",
    "NotASubmission",
    "NotATerminal",
    "Problem",
    "RcrError",
    "Terminated",
    "VerifyMismatch",
    "printable",
]

from dataclasses import dataclass


def printable(text: str) -> str:
    """Escape characters that could forge or hide output (line breaks, bidi controls, ...).

    Untrusted text shown on a terminal must stay on its line and read in its order: every
    character that is not printable (``str.isprintable``) becomes a backslash-u escape.

    Args:
        text: any text.

    Returns:
        The text, unchanged when it holds only printable characters.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape_char(c) for c in text)


def _escape_char(char: str) -> str:
    r"""Escape one character as Python writes it: ``\uXXXX``, or ``\UXXXXXXXX`` past U+FFFF.

    Four hex digits cannot name a character beyond the Basic Multilingual Plane: U+E0041
    written as ``\ue0041`` would read as U+E004 followed by a "1".
    """
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, located for a human.

    Attributes:
        file: the file's path as the user gave it (str).
        line: 1-based line number, or None when no line applies (an empty file, a folder).
        field: dotted field path such as ``answers.regulation.ukca_marking.value``, or "".
        message: one sentence saying what is wrong and, where possible, how to fix it.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: " if self.field else f"{where}: "
        return printable(text + self.message)


class RcrError(Exception):
    """Base of every error the tool reports to a user (exit code 2 unless stated)."""

    exit_code = 2


class InputError(RcrError):
    """A file given by the user cannot be used; carries one or more located problems.

    Args:
        problems: the problems, each naming file, line and field.
    """

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotASubmission(InputError):
    """A file of this tool that is not a submission (an assessment JSON, a review file).

    Named on the command line it is an error; found in a folder, it is skipped with a warning.
    """


class BankError(InputError):
    """A question bank is broken: bad YAML, schema errors or failed cross-checks."""


class GateFailed(RcrError):
    """An assessment did not pass a gate asked for on the command line (exit code 1)."""

    exit_code = 1


class VerifyMismatch(RcrError):
    """A report's embedded assessment does not match a fresh scoring (exit code 1)."""

    exit_code = 1


class NotATerminal(RcrError):
    """An interactive command was run without a terminal on stdin and stdout (exit code 2)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: handled like Ctrl-C (what was saved stays saved), exit code 143.

    A subclass of KeyboardInterrupt, so every ``except KeyboardInterrupt`` that cleans up
    (temporary files, a prompt on screen, worker processes) does the same for SIGTERM.
    """
