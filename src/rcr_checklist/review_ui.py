"""The terminal side of ``review``: a questionary adapter for :class:`ReviewAsker`.

With :mod:`rcr_checklist.questionnaire_ui`, the only module that imports questionary. Every
prompt uses ``unsafe_ask()`` so that Ctrl-C raises ``KeyboardInterrupt`` (``ask()`` would
swallow it and return None) and the command can say where the review is saved.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.styles import Style

from rcr_checklist.asking import Choice, Nav, ShowKind, Validator

__all__ = ["QuestionaryReviewer"]

_SHOW_STYLE: dict[str, str] = {
    "header": "bold fg:ansicyan",
    "progress": "fg:ansibrightblack",
    "info": "bold",
    "help": "",
    "warning": "bold fg:ansiyellow",
}
_STYLE = Style([("separator", "fg:ansibrightblack"), ("instruction", "fg:ansibrightblack")])


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 110) - 2)


def _wrap(text: str) -> str:
    """Wrap each line at word boundaries to the terminal width, keeping its indent."""
    out = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        out.append(
            textwrap.fill(line, _width(), subsequent_indent=indent + "  ", drop_whitespace=True)
            or line
        )
    return "\n".join(out)


class QuestionaryReviewer:
    """Asks the reviewer through questionary prompts in the current terminal."""

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print text in the style of its kind ("header" gets a blank line before it).

        Args:
            text: what to print.
            kind: header, progress, info, help or warning.
        """
        if kind == "header":
            questionary.print("")
        questionary.print(_wrap(text), style=_SHOW_STYLE[kind] or None)

    def choose(
        self, message: str, choices: Sequence[Choice | None], default: str | Nav | None = None
    ) -> str | Nav:
        """Ask for one choice with arrow keys or the shown shortcut keys.

        Args:
            message: the question.
            choices: the entries; None entries are separators.
            default: the value of the entry the pointer starts on.

        Returns:
            The value of the chosen entry.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        items: list[Any] = [
            questionary.Separator(" ")
            if c is None
            else questionary.Choice(c.title, value=c.value, shortcut_key=c.key or True)
            for c in choices
        ]
        known = {c.value for c in choices if c is not None}
        start: Any = default if default in known else None
        result: str | Nav = questionary.select(
            message,
            items,
            default=start,
            use_shortcuts=True,
            style=_STYLE,
            instruction="(↑↓ or a key, then Enter)",
        ).unsafe_ask()
        return result

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
    ) -> str:
        """Ask for a line of text.

        Args:
            message: the question.
            default: text already in the field (Enter keeps it).
            instruction: a hint shown after the question.
            validate: returns an error message for bad (stripped) text, None when fine.

        Returns:
            The text typed, stripped.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        check = validate

        def accept(raw: str) -> bool | str:
            return (check(raw.strip()) or True) if check is not None else True

        result: str = questionary.text(
            message,
            default=default,
            instruction=instruction or None,
            validate=accept,
            style=_STYLE,
        ).unsafe_ask()
        return result.strip()

    def confirm(self, message: str, default: bool) -> bool:
        """Ask yes or no.

        Args:
            message: the question.
            default: the answer Enter gives.

        Returns:
            The answer.

        Raises:
            KeyboardInterrupt: on Ctrl-C.
        """
        result: bool = questionary.confirm(message, default=default, style=_STYLE).unsafe_ask()
        return result
