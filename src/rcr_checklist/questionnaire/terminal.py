"""The terminal side of the questionnaire and the review: the one module that imports questionary.

:class:`QuestionaryAsker` implements :class:`rcr_checklist.questionnaire.protocol.Asker` with
questionary prompts. Every prompt runs its application directly (as ``unsafe_ask()`` does)
so that Ctrl-C raises ``KeyboardInterrupt`` (``ask()`` would swallow it and return None) and
the caller can save and say how to resume.

What every prompt does the same way:

- the question is printed above the input line, wrapped to the terminal, so that a long
  question never pushes the input off an 80-column screen;
- the keys of :data:`rcr_checklist.questionnaire.protocol.KEY_SCHEME` that apply are bound and
  shown in a legend line;
- keys typed or pasted before the prompt appeared are discarded (they were meant for an
  earlier prompt), and an Enter that arrives together with more text (a paste on a terminal
  without bracketed paste) is a line break in the field, not an answer;
- a SIGINT signal ends every prompt like a typed Ctrl-C, and SIGTERM like it too (as
  :class:`Terminated`), through :func:`signals_as_interrupts`.

Kept whole (over 500 lines): every terminal detail stays in the one module that imports
questionary (STYLE: one seam for the terminal).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import sys
import termios
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Any

import questionary
from prompt_toolkit.application.current import get_app_or_none, get_app_session
from prompt_toolkit.filters import Condition, to_filter
from prompt_toolkit.formatted_text import to_formatted_text
from prompt_toolkit.input import PipeInput
from prompt_toolkit.input.typeahead import clear_typeahead
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.renderer import print_formatted_text as print_fragments
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth
from questionary.constants import (
    DEFAULT_SELECTED_POINTER,
    INDICATOR_SELECTED,
    INDICATOR_UNSELECTED,
)
from questionary.prompts.common import InquirerControl

from rcr_checklist.questionnaire.protocol import (
    KEY_SCHEME,
    TICK_KEYS,
    UNCONFIRMED_TICKS,
    Choice,
    Nav,
    ShowKind,
    Terminated,
    Validator,
)
from rcr_checklist.questionnaire.wrap import (
    WordWrap,
    fit_hints,
    fit_line,
    wrap_fragments,
    wrap_text,
)

__all__ = ["QuestionaryAsker", "is_interactive", "signals_as_interrupts", "terminal_session"]

_SHOW_STYLE: dict[str, str] = {
    "header": "bold fg:ansicyan",
    "progress": "fg:ansibrightblack",
    "info": "",
    "help": "italic fg:ansiblue",
    "warning": "bold fg:ansiyellow",
}
_PRINT_STYLE = Style([])  # the styles printed are inline style strings
_STYLE = Style([("separator", "fg:ansibrightblack"), ("instruction", "fg:ansibrightblack")])
_MAX_SHORTCUTS = 36  # questionary offers 1-9, 0 and a-z as shortcut keys
_LABEL_START = re.compile(
    rf"^[ {DEFAULT_SELECTED_POINTER}]*(?:[{INDICATOR_SELECTED}{INDICATOR_UNSELECTED}] )?"
    r"(?:[0-9a-z]\) )?(?:Description: )?"
)


def _width() -> int:
    """Columns to wrap printed text at: the terminal's real width (not $COLUMNS), at most 110."""
    try:
        columns = get_app_session().output.get_size().columns
    except (OSError, ValueError, AttributeError):
        columns = shutil.get_terminal_size((100, 24)).columns
    return max(40, min(columns, 110) - 2)


def _wrap(text: str, indent: str = "") -> str:
    """Wrap each paragraph at word boundaries to the terminal width (indented lines hang)."""
    return wrap_text(text, _width(), indent, indent, follow_indent=True)


def _print(text: str, style: str = "") -> None:
    """Print a line (or lines) of text in a style, in the current prompt_toolkit session.

    Like ``questionary.print`` but with one style object for the whole session:
    ``questionary.print`` builds and parses a style sheet at every call, which cost more
    than the prompt itself.
    """
    output = get_app_session().output
    print_fragments(
        output,
        [(style, text + "\n")],
        _PRINT_STYLE,
        color_depth=output.get_default_color_depth(),
    )
    output.flush()


def _menu_indent(line: str) -> int:
    """Columns before the label of a menu or tick-list line (its hanging indent)."""
    match = _LABEL_START.match(line)
    return get_cwidth(match.group(0)) if match else 0


def _wrap_menu(question: Any) -> None:
    """Make a menu or tick list wrap long labels at word boundaries, with a hanging indent.

    questionary draws each entry on one line and the terminal cuts it at the last column;
    the entries' fragments are wrapped to the width at each redraw instead.
    """
    for window in question.application.layout.find_all_windows():
        control = window.content
        if isinstance(control, InquirerControl):
            draw = control.text
            control.text = lambda draw=draw: wrap_fragments(
                to_formatted_text(draw()), _width(), _menu_indent
            )
            window.wrap_lines = to_filter(True)  # a word wider than the screen still shows


def _echo(answer: str) -> None:
    """Print what a prompt gave, in place of the prompt (erased when it finished)."""
    _print(wrap_text(answer, _width(), "> ", "  "), "fg:ansicyan")


def _echo_nav(nav: Nav) -> bool:
    """Echo a key of the scheme pressed at a prompt; False when ``nav`` is not such a key."""
    does = next((k.does for k in KEY_SCHEME if k.nav is nav), None)
    if does is not None:
        _echo(f"({does})")
    return does is not None


def is_interactive() -> bool:
    """Whether both stdin and stdout are terminals (the questionnaire needs both)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _from_terminal() -> bool:
    """Whether keys come from a terminal (not a pipe, as in tests that script the keys)."""
    return not isinstance(get_app_session().input, PipeInput)


def _discard_typeahead() -> None:
    """Drop keys typed or pasted before this prompt appeared (they were not meant for it)."""
    if not _from_terminal():
        return
    session_input = get_app_session().input
    clear_typeahead(session_input)
    with contextlib.suppress(OSError, ValueError, termios.error, AttributeError):
        fd = session_input.fileno()
        if fd == sys.stdin.fileno() and sys.stdin.isatty():
            termios.tcflush(fd, termios.TCIFLUSH)


def _more_keys_pending() -> bool:
    """Whether more keys arrived in the same read as the one being handled (a paste)."""
    app = get_app_or_none()
    return app is not None and bool(app.key_processor.input_queue) and _from_terminal()


def _nothing(event: KeyPressEvent) -> None:
    """A key bound to do nothing."""


def _bindings(keys: Sequence[Nav], text: bool, multiline: bool) -> KeyBindings:
    """The scheme's keys for one prompt, SIGINT, and paste-safe Enter for text prompts."""
    kb = KeyBindings()
    for key in KEY_SCHEME:
        if key.nav in keys:

            def leave(event: KeyPressEvent, nav: Nav = key.nav) -> None:
                event.app.exit(result=nav)

            kb.add(key.name, eager=True)(leave)
        else:
            # A key of the scheme that this prompt does not offer does nothing, rather than
            # what prompt_toolkit's Emacs keys would do with it (Ctrl-S and Ctrl-R searched,
            # Ctrl-D on an empty line ended the input and so the session).
            kb.add(key.name, eager=True)(_nothing)

    @kb.add(Keys.SIGINT, eager=True)
    def interrupted(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if text and not multiline:

        @kb.add("enter", filter=Condition(_more_keys_pending), eager=True)
        def pasted_line_break(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text("\n")

    return kb


def _one_line(problem: str | None) -> bool | str:
    """A validator's answer for questionary: True, or the problem fitted to its one line.

    The validation line is one row that is cut, not wrapped, at the terminal's width: a
    long option label in the message hid why the answer was refused.
    """
    return True if not problem else fit_line(problem)


def _inquirer_control(question: Any) -> Any:
    """The list control of a questionary select or checkbox (its options, pointer, ticks)."""
    return next(
        window.content
        for window in question.application.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    )


def _tick_by_number(question: Any) -> KeyBindings:
    """In a tick list, the number (or letter) shown before an option ticks or unticks it.

    As in a menu, where it picks: the pointer moves to the option, and the list's own Space
    does the ticking (so its check of the selection runs too). Lists longer than the
    shortcuts (36) keep Space and the arrows only.
    """
    kb = KeyBindings()
    control = _inquirer_control(question)
    if len(control.choices) > _MAX_SHORTCUTS:
        return kb
    control.use_shortcuts = True  # show "1) " before each label, as a menu does
    space = question.application.key_bindings.get_bindings_for_keys((" ",))[-1].handler
    for index, choice in enumerate(control.choices):
        if not isinstance(choice.shortcut_key, str):
            continue

        def tick(event: KeyPressEvent, index: int = index) -> None:
            control.pointed_at = index
            space(event)

        kb.add(choice.shortcut_key, eager=True)(tick)
    return kb


def _run(
    question: Any,
    keys: Sequence[Nav],
    text: bool = False,
    multiline: bool = False,
    extra: KeyBindings | None = None,
) -> Any:
    """Ask with the scheme's keys bound; the prompt is erased when done (the caller echoes)."""
    app = question.application
    bindings = [app.key_bindings, _bindings(keys, text, multiline)]
    app.key_bindings = merge_key_bindings(bindings if extra is None else [*bindings, extra])
    app.erase_when_done = True
    if _pending:  # a stop signal arrived between prompts and was not raised through
        raise _pending.pop()
    try:
        result = app.run(handle_sigint=not _ours, pre_run=lambda: _stop_if_pending(app))
    except BaseException:
        _pending.clear()
        raise
    if _pending:  # a stop signal arrived as the prompt ended with an answer: it still stops
        raise _pending.pop()
    return result


def _stop_if_pending(app: Any) -> None:
    """End a running prompt with the stop signal that arrived, if one did."""
    if _pending and app.future is not None and not app.future.done():
        app.exit(exception=_pending[-1], style="class:aborting")


_pending: list[type[KeyboardInterrupt]] = []
"""A stop signal that arrived while a prompt was up, raised when the prompt returns."""


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM stop the session (Ctrl-C; :class:`Terminated`).

    A prompt on screen is closed cleanly (the terminal is restored) and raises
    KeyboardInterrupt (or :class:`Terminated`); between prompts the handler raises it at
    once. The prompts leave SIGINT to this handler: prompt_toolkit's own handling left a
    moment, while a prompt was starting, in which a Ctrl-C was lost.

    Yields:
        Nothing.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        stop = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        # Kept until the session ends: raised here, the exception can land in a garbage
        # collector's callback, where Python prints it and goes on; the next prompt then
        # raises it (see _run).
        _pending.append(stop)
        app = get_app_or_none()
        if app is not None and app.is_running and app.loop is not None:
            app.loop.call_soon_threadsafe(lambda: _stop_if_pending(app))
            return
        raise stop

    previous = signal.signal(signal.SIGTERM, handler), signal.signal(signal.SIGINT, handler)
    _ours.append(True)
    try:
        yield
    finally:
        _ours.pop()
        _pending.clear()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


_ours: list[bool] = []
"""Non-empty while :func:`signals_as_interrupts` handles SIGINT (prompts then leave it)."""


@contextlib.contextmanager
def _keys_as_typed() -> Iterator[None]:
    """Between prompts, keep the terminal from acting on keys of the scheme itself.

    In the terminal's ordinary (cooked) mode Ctrl-S and Ctrl-Q are flow control (Ctrl-S
    freezes the screen), Ctrl-R reprints the line, Ctrl-D ends input and Enter becomes a
    line feed; a key pressed in the moment between two prompts would then do something else
    than in a prompt. For the session the terminal keeps keys as typed (no line editing, no
    flow control, no echo); Ctrl-C still raises SIGINT. The previous mode is restored.
    """
    fd = sys.stdin.fileno() if sys.stdin is not None and sys.stdin.isatty() else None
    if fd is None:
        yield
        return
    previous = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL)
    quiet[3] &= ~(termios.ICANON | termios.ECHO | termios.IEXTEN)
    quiet[6][termios.VMIN] = 1
    quiet[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, previous)


@contextlib.contextmanager
def terminal_session() -> Iterator[None]:
    """For a whole ``assess`` or ``review`` session: SIGTERM as an interrupt, keys as typed.

    See :func:`signals_as_interrupts`; between prompts the scheme's keys reach the next
    prompt instead of the terminal's own line editing and flow control.

    Yields:
        Nothing.
    """
    with signals_as_interrupts(), _keys_as_typed():
        yield


class QuestionaryAsker:
    """Asks through questionary prompts in the current terminal (or prompt_toolkit session)."""

    def _lead(self, message: str, keys: Sequence[Nav], instruction: str = "") -> None:
        """Print the question and the keys above the input line; discard stale typeahead."""
        _discard_typeahead()
        _print(_wrap(message), "bold")
        hints = [k.hint for k in KEY_SCHEME if k.nav in keys]
        legend = fit_hints(hints, _width(), lead=instruction)
        if legend:
            _print(legend, "fg:ansibrightblack")

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print a line of text in the style of its kind.

        Args:
            text: what to print (may hold line breaks).
            kind: "header" (a blank line before it), "progress", "info", "help" or "warning".
        """
        if kind == "header":
            _print("")
        _print(_wrap(text), _SHOW_STYLE[kind])

    def choose(
        self,
        message: str,
        choices: Sequence[Choice | None],
        default: str | Nav | None = None,
        keys: Sequence[Nav] = (),
    ) -> str | Nav:
        """Ask for one choice: a digit (or the shown key) picks, Enter confirms.

        Args:
            message: the question, printed above the menu.
            choices: the entries; None entries are separators.
            default: the value of the entry the pointer starts on.
            keys: the scheme's keys this prompt accepts (see ``KEY_SCHEME``).

        Returns:
            The value of the chosen entry, or the :class:`Nav` of a key pressed.

        Raises:
            KeyboardInterrupt: on Ctrl-C or SIGINT.
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
        self._lead(message, keys)
        question = questionary.select(
            "",
            items,
            default=start,
            use_shortcuts=shortcuts,
            use_jk_keys=not shortcuts,
            style=_STYLE,
            qmark=">",
            instruction="(a number or ↑↓, then Enter)",
        )
        _wrap_menu(question)
        result: str | Nav = _run(question, keys)
        title = next((c.title for c in entries if c.value == result), None)
        if title is not None:
            _echo(title)
        elif isinstance(result, Nav):
            _echo_nav(result)
        return result

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[str | Nav],
        validate: Callable[[list[str | Nav]], str | None],
        keys: Sequence[Nav] = (),
    ) -> list[str | Nav] | Nav:
        """Ask for any number of choices; a number or Space ticks, Enter confirms.

        Args:
            message: the question, printed above the list.
            choices: the entries.
            checked: values ticked at the start.
            validate: returns an error message for a bad selection, None when it is fine.
            keys: the scheme's keys this prompt accepts.

        Returns:
            The ticked values in list order (possibly empty), or the :class:`Nav` of a key.

        Raises:
            KeyboardInterrupt: on Ctrl-C or SIGINT.
        """
        items = [
            questionary.Choice(c.title, value=c.value, checked=c.value in checked) for c in choices
        ]
        self._lead(message, keys)
        question = questionary.checkbox(
            "",
            items,
            validate=lambda picked: _one_line(validate(list(picked))),
            style=_STYLE,
            qmark=">",
            instruction=f"({TICK_KEYS}, Enter confirms)",
        )
        numbers = _tick_by_number(question)
        _wrap_menu(question)
        try:
            result: list[str | Nav] | Nav = _run(question, keys, extra=numbers)
        except KeyboardInterrupt as stop:
            ticked = set(_inquirer_control(question).selected_options)
            if type(stop) is KeyboardInterrupt and ticked != set(checked):
                raise KeyboardInterrupt(UNCONFIRMED_TICKS) from None
            raise
        if isinstance(result, Nav):
            _echo_nav(result)
        else:
            titles = {c.value: c.title for c in choices}
            _echo("; ".join(titles[v] for v in result) if result else "(nothing ticked)")
        return result

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        keys: Sequence[Nav] = (),
    ) -> str | Nav:
        """Ask for a line of text, or several lines.

        Args:
            message: the question, printed above the input line.
            default: text already in the field (Enter keeps it).
            instruction: a hint printed under the question.
            validate: returns an error message for bad (stripped) text, None when it is fine.
            multiline: Enter starts a new line and Esc then Enter finishes (the caller's
                ``instruction`` should say so).
            keys: the scheme's keys this prompt accepts.

        Returns:
            The text typed, stripped, or the :class:`Nav` of a key pressed.

        Raises:
            KeyboardInterrupt: on Ctrl-C or SIGINT.
        """
        check = validate

        def accept(raw: str) -> bool | str:
            return _one_line(check(raw.strip())) if check is not None else True

        self._lead(message, keys, instruction)
        question = questionary.text(
            "",
            default=default,
            instruction="",
            validate=accept,
            style=_STYLE,
            qmark=">",
            multiline=multiline,
            input_processors=[WordWrap(prefix=3)],  # ">  " before the text and its lines
        )
        result: str | Nav = _run(question, keys, text=True, multiline=multiline)
        if isinstance(result, Nav):
            _echo_nav(result)
            return result
        _echo(result.strip() or "(empty)")
        return result.strip()

    def confirm(self, message: str, default: bool, keys: Sequence[Nav] = ()) -> bool | Nav:
        """Ask yes or no (y / n, or Enter for the default).

        Args:
            message: the question.
            default: the answer Enter gives.
            keys: the scheme's keys this prompt accepts.

        Returns:
            The answer, or the :class:`Nav` of a key pressed.

        Raises:
            KeyboardInterrupt: on Ctrl-C or SIGINT.
        """
        self._lead(message, keys)
        question = questionary.confirm("", default=default, style=_STYLE, qmark=">")
        result: bool | Nav = _run(question, keys)
        if isinstance(result, Nav):
            _echo_nav(result)
        else:
            _echo("Yes" if result else "No")
        return result
