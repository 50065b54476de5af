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

from rcr_checklist.errors import Terminated

__all__ = [
    "KEY_SCHEME",
    "Asker",
    "Choice",
    "Key",
    "Nav",
    "PromptAsker",
    "ShowKind",
    "TICK_KEYS",
    "Terminated",
    "UNCONFIRMED_TICKS",
    "Validator",
    "key_legend",
    "key_table",
]

ShowKind = Literal["header", "progress", "info", "help", "warning"]


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
    NOT_DISCLOSED = "not-disclosed"
    COMMENT = "comment"


@dataclass(frozen=True)
class Key:
    """One key of the key scheme shared by ``assess`` and ``review``.

    Attributes:
        nav: what the key does.
        name: the key as prompt_toolkit names it, e.g. "c-g".
        label: the key as shown, e.g. "Ctrl-G".
        short: the key in the on-screen legend, e.g. "^G".
        does: what it does, in a few words.
        brief: what it does in the fewest words, for a legend that would not fit one line
            otherwise ("quit" for "save & quit": every answer is saved anyway); "" when
            ``does`` is already as short.
    """

    nav: Nav
    name: str
    label: str
    short: str
    does: str
    brief: str = ""

    @property
    def hint(self) -> tuple[str, ...]:
        """The key in the legend, longest form first: ``("^Q save & quit", "^Q quit")``."""
        forms = [f"{self.short} {self.does}"]
        if self.brief:
            forms.append(f"{self.short} {self.brief}")
        return tuple(forms)


KEY_SCHEME: tuple[Key, ...] = (
    Key(Nav.HELP, "c-g", "Ctrl-G", "^G", "help"),
    Key(Nav.BACK, "c-p", "Ctrl-P", "^P", "back"),
    Key(Nav.SKIP, "c-s", "Ctrl-S", "^S", "skip"),
    Key(Nav.NA, "c-n", "Ctrl-N", "^N", "n/a"),
    Key(Nav.NOT_DISCLOSED, "c-d", "Ctrl-D", "^D", "not disclosed"),
    Key(Nav.COMMENT, "c-o", "Ctrl-O", "^O", "comment"),
    Key(Nav.CLEAR, "c-r", "Ctrl-R", "^R", "clear"),
    Key(Nav.QUIT, "c-q", "Ctrl-Q", "^Q", "save & quit", "quit"),
)
"""The keys every prompt of ``assess`` and ``review`` understands (menus, tick lists, text,
numbers and dates alike); a prompt offers the ones that apply to it and shows them.
Ctrl-C (or SIGINT, SIGTERM) saves what was accepted and stops."""


TICK_KEYS = "a number or Space ticks"
# The argument of the KeyboardInterrupt an asker raises when Ctrl-C stops a tick list whose
# ticks were changed but not confirmed with Enter: the session says they were not kept.
UNCONFIRMED_TICKS = "unconfirmed ticks"
"""How a tick list is ticked, as its prompt and its "nothing is ticked" message say it: the
number shown before an option ticks or unticks it, as in a menu it picks it."""


def key_legend(navs: Sequence[Nav]) -> str:
    """The one-line legend of the keys a prompt offers, e.g. ``"^G help  ^P back"``.

    Args:
        navs: the navigation answers the prompt accepts.

    Returns:
        The legend, in the scheme's order; "" when there are none.
    """
    return "  ".join(f"{k.short} {k.does}" for k in KEY_SCHEME if k.nav in navs)


def key_table() -> str:
    """The key scheme as lines for ``--help`` and the README: ``"Ctrl-G  help"``, ...

    Returns:
        One line per key, then Ctrl-C.
    """
    lines = [f"{k.label}  {k.does}" for k in KEY_SCHEME]
    return "\n".join([*lines, "Ctrl-C  stop (what was accepted is saved)"])


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


class PromptAsker(Protocol):
    """The prompts every interactive flow needs (the review's whole protocol).

    Ctrl-C raises KeyboardInterrupt.
    """

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print ``text`` (a header, a progress line, help, a note or a warning)."""

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
        """Return the text typed (stripped), or a pressed key's Nav.

        ``multiline`` allows line breaks in the text.
        """

    def confirm(self, message: str, default: bool, keys: Sequence[Nav] = ()) -> bool | Nav:
        """Return a yes/no answer, or a pressed key's Nav."""


class Asker(PromptAsker, Protocol):
    """What the questionnaire needs from a user interface: the prompts and tick lists."""

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[str | Nav],
        validate: Callable[[list[str | Nav]], str | None],
        keys: Sequence[Nav] = (),
    ) -> list[str | Nav] | Nav:
        """Return the values of the ticked choices (possibly none), or a pressed key's Nav."""
