"""What the review asks through: the small protocol a user interface provides, and text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rcr_checklist.questionnaire.protocol import Choice, Nav, ShowKind, Validator

__all__ = ["ReviewAsker", "ask_text"]


class ReviewAsker(Protocol):
    """What the review needs from a user interface. Ctrl-C raises KeyboardInterrupt."""

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print ``text``."""

    def choose(
        self,
        message: str,
        choices: Sequence[Choice | None],
        default: str | Nav | None = None,
        keys: Sequence[Nav] = (),
    ) -> str | Nav:
        """Return the value of one choice, or the :class:`Nav` of a key in ``keys`` pressed."""

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        keys: Sequence[Nav] = (),
    ) -> str | Nav:
        """Return a line of text (stripped), or the :class:`Nav` of a key pressed."""

    def confirm(self, message: str, default: bool, keys: Sequence[Nav] = ()) -> bool | Nav:
        """Return a yes/no answer, or the :class:`Nav` of a key pressed."""


def ask_text(asker: ReviewAsker, message: str, **kwargs: object) -> str:
    """Ask for text; a key of the scheme pressed here counts as an empty answer.

    Args:
        asker: the user interface.
        message: the prompt.
        **kwargs: passed to ``asker.text`` (default, instruction, validate, ...).

    Returns:
        The text typed, or "".
    """
    got = asker.text(message, **kwargs)  # type: ignore[arg-type]
    return got if isinstance(got, str) else ""
