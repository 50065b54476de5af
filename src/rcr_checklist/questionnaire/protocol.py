"""What the interactive commands need from a terminal: the :class:`Asker` protocol and its words.

:class:`Choice`, :class:`Nav`, :data:`ShowKind` and :data:`Validator` are shared by the
questionnaire (:mod:`rcr_checklist.questionnaire.session`) and the review
(:mod:`rcr_checklist.review.flow`);
the adapter that implements them with questionary, for both, is
:mod:`rcr_checklist.questionnaire.terminal`. Nothing here imports questionary or prompt_toolkit.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["BACK_KEY", "HELP_KEY", "Asker", "Choice", "Nav", "ShowKind", "Validator"]

ShowKind = Literal["header", "progress", "info", "help", "warning"]
BACK_KEY = "<"
"""Typed at a text prompt: go back to the previous step."""
HELP_KEY = "?"
"""Typed at a text prompt: show the help."""


class Nav(enum.Enum):
    """Navigation answers an :class:`Asker` can return instead of an option value."""

    BACK = "back"
    SKIP = "skip"
    HELP = "help"
    QUIT = "quit"
    NA = "n/a"
    AGAIN = "again"
    FILL = "fill"
    FINISH = "finish"
    CLEAR = "clear"


@dataclass(frozen=True)
class Choice:
    """One entry of a choice list: what is shown and what is returned when it is picked.

    Attributes:
        title: the text shown.
        value: an option value (str) or a :class:`Nav` member.
        key: a shortcut key (a digit or a lower-case letter, e.g. "b" for back), or None.
        description: a longer explanation shown while the entry is highlighted.
    """

    title: str
    value: str | Nav
    key: str | None = None
    description: str | None = None


Validator = Callable[[str], str | None]
"""Returns an error message for bad text, None when the text is acceptable."""


class Asker(Protocol):
    """What the questionnaire needs from a user interface. Ctrl-C raises KeyboardInterrupt."""

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print ``text`` (a header, a progress line, help, a note or a warning)."""

    def choose(
        self, message: str, choices: Sequence[Choice | None], default: str | Nav | None = None
    ) -> str | Nav:
        """Return the value of one choice; None entries are separators."""

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[str | Nav],
        validate: Callable[[list[str | Nav]], str | None],
    ) -> list[str | Nav]:
        """Return the values of the ticked choices, possibly none."""

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
    ) -> str:
        """Return the text typed (stripped); ``multiline`` allows line breaks in it."""

    def confirm(self, message: str, default: bool) -> bool:
        """Return a yes/no answer."""
