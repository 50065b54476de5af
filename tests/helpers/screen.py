"""An in-process terminal for the questionnaire: prompt_toolkit draws into a pyte screen.

The prompts run in the test's own process (no pseudo-terminal, no subprocess): their
output goes through prompt_toolkit's real VT100 output into a pyte screen of the given size,
and their keys come from a pipe. Each time the output is flushed while a prompt is up, a
scripted user sees the screen and may type keys, as a person would.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import prompt_toolkit.application.application as pt_application
import pyte
from prompt_toolkit.application import create_app_session
from prompt_toolkit.application.current import get_app_or_none
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

WATCHDOG = 15.0  # seconds a prompt may wait for a key before the input is closed (EOFError)


class _Screen(pyte.Screen):  # type: ignore[misc]
    """A pyte screen that answers the cursor-position requests prompt_toolkit sends."""

    def __init__(self, columns: int, rows: int, pipe: PipeInput) -> None:
        super().__init__(columns, rows)
        self._pipe = pipe

    def write_process_input(self, data: str) -> None:
        self._pipe.send_text(data)


class Terminal:
    """A screen of ``rows`` x ``columns`` fed by prompt_toolkit, and a keyboard.

    Attributes:
        screen: the pyte screen (``screen.display`` holds its lines).
        app: the prompt on screen when the user is called, else None.
        user: called with this terminal at each flush while a prompt is up; returns keys to
            type, or None to wait for the next redraw.
    """

    encoding = "utf-8"

    def __init__(self, rows: int, columns: int, pipe: PipeInput) -> None:
        self.rows, self.columns = rows, columns
        self.screen = _Screen(columns, rows, pipe)
        self._stream = pyte.Stream(self.screen)
        self._pipe = pipe
        self.app: Any = None
        self.user: Callable[[Terminal], str | None] | None = None
        self.keys_sent = 0
        self._display: list[str] = []
        self._timer: threading.Timer | None = None
        self.output = Vt100_Output(self, lambda: Size(rows=rows, columns=columns), term="xterm")

    # The file the VT100 output writes to.
    def write(self, data: str) -> int:
        self._stream.feed(data)
        return len(data)

    def flush(self) -> None:
        app = get_app_or_none()
        if app is None or not app.is_running or self.user is None:
            return
        if app is self.app and not self.screen.dirty:
            return  # the user has seen this screen already
        self.app = app
        self.screen.dirty.clear()
        self._display = self._render()  # what is on screen now (rendered once per flush)
        try:
            keys = self.user(self)
        finally:
            self._display = []
        if keys:
            self.type(keys)

    def _render(self) -> list[str]:
        """The screen's lines (pyte's ``display``, without its per-character overhead)."""
        rows = []
        for y in range(self.rows):
            cells = [" "] * self.columns
            for x, char in self.screen.buffer[y].items():
                if x < self.columns:
                    cells[x] = char.data
            rows.append("".join(cells))
        return rows

    def isatty(self) -> bool:
        return True

    # What the user does.
    def type(self, keys: str) -> None:
        """Type ``keys`` (they are read when the prompt next reads its input)."""
        self.keys_sent += len(keys)
        self._pipe.send_text(keys)
        self._arm()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(WATCHDOG, self._pipe.close)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    # What the user sees.
    def lines(self) -> list[str]:
        """The screen's lines, trailing blanks removed."""
        return [line.rstrip() for line in self._display or self._render()]

    def text(self) -> str:
        """The whole screen as words separated by single spaces (wrapping undone)."""
        return " ".join(" ".join(self._display or self._render()).split())

    def shows(self, words: str) -> bool:
        """Whether ``words`` are on screen, whatever the line breaks and indents."""
        return " ".join(words.split()) in self.text()

    def dump(self) -> str:
        """The screen, for an assertion message."""
        return "\n".join(f"|{line}" for line in self.lines())


# Every prompt_toolkit Application builds the same default key bindings (about a thousand);
# built once and shared (the filters in them look at the running app), a prompt costs a third
# of the time, and nothing a user could see changes.
_shared_key_bindings = functools.cache(pt_application.load_key_bindings)


@contextmanager
def terminal(rows: int = 24, columns: int = 80) -> Iterator[Terminal]:
    """A prompt_toolkit session drawing into an in-process screen of ``rows`` x ``columns``.

    Yields:
        The terminal; set its ``user`` before asking.
    """
    with (
        create_pipe_input() as pipe,
        mock.patch.object(pt_application, "load_key_bindings", _shared_key_bindings),
    ):
        term = Terminal(rows, columns, pipe)
        term._arm()
        try:
            with create_app_session(input=pipe, output=term.output):
                yield term
        finally:
            term.stop()


class Script:
    """A user who waits for words on screen, then types; keeps the screen it acted on.

    Args:
        steps: ``(words, keys)`` pairs, in order: when ``words`` are on screen (whatever the
            line breaks), ``keys`` are typed.

    Attributes:
        screens: the screen's lines at each step, when the keys were typed.
    """

    def __init__(self, *steps: tuple[str, str]) -> None:
        self.steps = list(steps)
        self.screens: list[list[str]] = []

    def __call__(self, term: Terminal) -> str | None:
        if not self.steps or not term.shows(self.steps[0][0]):
            return None
        self.screens.append(term.lines())
        return self.steps.pop(0)[1]
