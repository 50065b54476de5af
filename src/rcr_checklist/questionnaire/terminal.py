"""The terminal side of the questionnaire: the one module that imports questionary.

:class:`QuestionaryAsker` implements :class:`rcr_checklist.questionnaire.protocol.Asker` with
questionary prompts. Every prompt uses ``unsafe_ask()`` so that Ctrl-C raises
``KeyboardInterrupt`` (``ask()`` would swallow it and return None)
and the caller can save and say how to resume.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.styles import Style

from rcr_checklist.questionnaire.protocol import Choice, Nav, ShowKind, Validator

__all__ = ["QuestionaryAsker", "is_interactive"]

_SHOW_STYLE: dict[str, str] = {
    "header": "bold fg:ansicyan",
    "progress": "fg:ansibrightblack",
    "info": "",
    "help": "italic fg:ansiblue",
    "warning": "bold fg:ansiyellow",
}
_STYLE = Style([("separator", "fg:ansibrightblack"), ("instruction", "fg:ansibrightblack")])
_MAX_SHORTCUTS = 36  # questionary offers 1-9, 0 and a-z as shortcut keys


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 110) - 2)


def _wrap(text: str, indent: str = "") -> str:
    """Wrap each paragraph at word boundaries to the terminal width."""
    return "\n".join(
        textwrap.fill(line, _width(), initial_indent=indent, subsequent_indent=indent) or line
        for line in text.splitlines()
    )


def _message(text: str) -> str:
    """Wrap a question so that it breaks between words (the "? " prefix takes 2 columns)."""
    return textwrap.fill(text, _width() - 2, subsequent_indent="  ")


def is_interactive() -> bool:
    """Whether both stdin and stdout are terminals (the questionnaire needs both)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


class QuestionaryAsker:
    """Asks through questionary prompts in the current terminal (or prompt_toolkit session)."""

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print a line of text in the style of its kind.

        Args:
            text: what to print (may hold line breaks).
            kind: "header" (a blank line before it), "progress", "info", "help" or "warning".
        """
        if kind == "header":
            questionary.print("")
        questionary.print(_wrap(text), style=_SHOW_STYLE[kind] or None)

    def choose(
        self, message: str, choices: Sequence[Choice | None], default: str | Nav | None = None
    ) -> str | Nav:
        """Ask for one choice; arrow keys or the shown shortcut keys, then Enter.

        Args:
            message: the question.
            choices: the entries; None entries are separators.
            default: the value of the entry the pointer starts on.

        Returns:
            The value of the chosen entry.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        entries = [c for c in choices if c is not None]
        shortcuts = len(entries) <= _MAX_SHORTCUTS
        items: list[Any] = [
            questionary.Separator(" ")
            if c is None
            else questionary.Choice(
                c.title,
                value=c.value,
                shortcut_key=(c.key or True) if shortcuts else None,
                description=c.description,
            )
            for c in choices
        ]
        known = {c.value for c in entries}
        start: Any = default if default in known else None
        question = questionary.select(
            _message(message),
            items,
            default=start,
            use_shortcuts=shortcuts,
            use_jk_keys=not shortcuts,
            style=_STYLE,
            instruction="(↑↓ or a key, then Enter)",
        )
        result: str | Nav = question.unsafe_ask()
        return result

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[str | Nav],
        validate: Callable[[list[str | Nav]], str | None],
    ) -> list[str | Nav]:
        """Ask for any number of choices; Space ticks, Enter confirms.

        Args:
            message: the question.
            choices: the entries.
            checked: values ticked at the start.
            validate: returns an error message for a bad selection, None when it is fine.

        Returns:
            The ticked values in list order, possibly empty.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        items = [
            questionary.Choice(c.title, value=c.value, checked=c.value in checked) for c in choices
        ]
        question = questionary.checkbox(
            _message(message),
            items,
            validate=lambda picked: validate(list(picked)) or True,
            style=_STYLE,
            instruction="(Space ticks, Enter confirms; none ticked: skip or back)",
        )
        result: list[str | Nav] = question.unsafe_ask()
        return result

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
    ) -> str:
        """Ask for a line of text, or several lines.

        Args:
            message: the question.
            default: text already in the field (Enter keeps it).
            instruction: a hint shown after the question.
            validate: returns an error message for bad (stripped) text, None when it is fine.
            multiline: Enter starts a new line and Esc then Enter finishes (the caller's
                ``instruction`` should say so).

        Returns:
            The text typed, stripped.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        check = validate

        def accept(raw: str) -> bool | str:
            return (check(raw.strip()) or True) if check is not None else True

        question = questionary.text(
            _message(message),
            default=default,
            instruction=instruction or None,
            validate=accept,
            style=_STYLE,
            multiline=multiline,
        )
        result: str = question.unsafe_ask()
        return result.strip()

    def confirm(self, message: str, default: bool) -> bool:
        """Ask yes or no (y / n, or Enter for the default).

        Args:
            message: the question.
            default: the answer Enter gives.

        Returns:
            The answer.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        result: bool = questionary.confirm(
            _message(message), default=default, style=_STYLE
        ).unsafe_ask()
        return result
