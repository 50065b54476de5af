"""The one hierarchy of errors the tool raises; the CLI maps them to exit codes."""

from __future__ import annotations

__all__ = [
    "BankError",
    "GateFailed",
    "InputError",
    "Problem",
    "RcrError",
    "VerifyMismatch",
]

from dataclasses import dataclass


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
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


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


class BankError(InputError):
    """A question bank is broken: bad YAML, schema errors or failed cross-checks."""


class GateFailed(RcrError):
    """An assessment did not pass a gate asked for on the command line (exit code 1)."""

    exit_code = 1


class VerifyMismatch(RcrError):
    """A report's embedded assessment does not match a fresh scoring (exit code 1)."""

    exit_code = 1
