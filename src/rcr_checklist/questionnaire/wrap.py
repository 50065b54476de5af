"""Word wrapping for the terminal: plain text, key legends, and menu lines with a hanging indent.

Pure functions over strings and prompt_toolkit's (style, text) fragments; widths are terminal
columns (a wide character takes two). Nothing here imports questionary.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.formatted_text.utils import split_lines
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.utils import get_cwidth

__all__ = [
    "WordWrap",
    "fit_hints",
    "fit_line",
    "terminal_columns",
    "wrap_command_hint",
    "wrap_fragments",
    "wrap_items",
    "wrap_message",
    "wrap_text",
]


def wrap_text(
    text: str, width: int, indent: str = "", hanging: str = "", follow_indent: bool = False
) -> str:
    """Wrap each line of ``text`` at word boundaries; a word longer than a line is kept whole.

    Args:
        text: the text; its line breaks are kept.
        width: columns available (at least 10).
        indent: put before the first line of each paragraph.
        hanging: put before the following lines of each paragraph.
        follow_indent: a line that starts with spaces continues two columns further in
            (e.g. "  Comment: ..." continues under "Comment"), after ``hanging``.

    Returns:
        The wrapped text.
    """

    def fill(line: str) -> str:
        own = line[: len(line) - len(line.lstrip(" "))] if follow_indent else ""
        return textwrap.fill(
            line,
            max(10, width),
            initial_indent=indent,
            subsequent_indent=hanging + (own + "  " if own else ""),
            break_long_words=False,  # a file name or a command stays whole
            break_on_hyphens=False,  # "risk-managed", "IEC 62304-compliant" stay whole
        )

    return "\n".join(fill(line) or line for line in text.splitlines())


def wrap_items(items: Sequence[str], width: int, gap: str = "  ") -> str:
    """Lay short items out on lines of at most ``width`` columns, never splitting an item.

    Used for the key legend, so that "^Q save & quit" is never cut after "save &".

    Args:
        items: the items, e.g. ``["^G help", "^P back"]``.
        width: columns available.
        gap: what separates two items on a line.

    Returns:
        The items joined by ``gap``, with a line break before an item that would not fit.
    """
    lines: list[str] = []
    for item in items:
        if lines and get_cwidth(lines[-1] + gap + item) <= width:
            lines[-1] += gap + item
        elif get_cwidth(item) > width:  # a long instruction: wrapped on its own lines
            lines.extend(wrap_text(item, width).splitlines())
        else:
            lines.append(item)
    return "\n".join(lines)


def fit_hints(hints: Sequence[Sequence[str]], width: int, lead: str = "") -> str:
    """Lay out a line of hints (keys and what they do) in ``width`` columns, on one line if any.

    Each hint comes in one or more forms, longest first (``("^Q save & quit", "^Q quit")``).
    The first layout that fits one line wins: the longest forms two spaces apart, then one
    space apart, then the shortest forms two, then one space apart. ``lead`` (an instruction
    such as "optional") starts the line when it fits there, else it takes lines of its own
    above the hints. Only when no layout fits (a terminal narrower than 80 columns) do the
    hints wrap, between hints, never inside one.

    Args:
        hints: the hints, each as its forms, longest first.
        width: columns available.
        lead: text before the hints, or "".

    Returns:
        The text to print: one line when the hints fit, else a few.
    """

    def one_line(items: Sequence[Sequence[str]]) -> str | None:
        for form in (0, -1):
            for gap in ("  ", " "):
                line = gap.join(item[form] for item in items)
                if get_cwidth(line) <= width:
                    return line
        return None

    if not hints:
        return wrap_text(lead, width) if lead else ""
    whole = one_line([(lead,), *hints] if lead else hints)
    if whole is not None:
        return whole
    alone = one_line(hints)
    shortest = wrap_items([hint[-1] for hint in hints], width) if alone is None else alone
    return f"{wrap_text(lead, width)}\n{shortest}" if lead else shortest


def fit_line(text: str, width: int | None = None) -> str:
    """Fit a one-line message (a prompt's validation line, which is never wrapped) to the width.

    A quoted part ('...', e.g. an option's label) is shortened first, with "…", so the
    sentence around it stays whole; only if that is not enough is the end cut.

    Args:
        text: the message, one line.
        width: columns available; None: :func:`terminal_columns`.

    Returns:
        The message, at most ``width`` columns.
    """
    width = terminal_columns() if width is None else width
    if get_cwidth(text) <= width:
        return text
    start = text.find("'")
    end = text.find("'", start + 1) if start >= 0 else -1
    if end > start + 1:
        head, quoted, tail = text[: start + 1], text[start + 1 : end], text[end:]
        room = width - get_cwidth(head) - get_cwidth(tail) - 1
        if room >= 8:
            return head + _cut(quoted, room) + "…" + tail
    return _cut(text, width - 1) + "…"


def _cut(text: str, width: int) -> str:
    """The longest start of ``text`` that takes at most ``width`` columns, without end spaces."""
    taken = 0
    for at, char in enumerate(text):
        taken += get_cwidth(char)
        if taken > width:
            return text[:at].rstrip()
    return text


def terminal_columns() -> int:
    """Columns to wrap a printed message at: the terminal on stdout's, less one (80 if none).

    Returns:
        The width, at least 20 (text in the last column makes some terminals wrap early).
    """
    return max(20, shutil.get_terminal_size((80, 24)).columns - 1)


def wrap_message(text: str, width: int | None = None) -> str:
    """A message for the terminal wrapped at word boundaries, never leaving "." alone.

    Args:
        text: the message; its line breaks are kept.
        width: columns available; None: :func:`terminal_columns`.

    Returns:
        The wrapped text.
    """
    return wrap_text(text, terminal_columns() if width is None else width)


def wrap_command_hint(sentence: str, command: str, width: int | None = None) -> str:
    """A sentence wrapped at word boundaries, then a command on a line of its own.

    The command is never broken (it is meant to be copied); the sentence ends with the
    words that introduce it, e.g. "Continue with:".

    Args:
        sentence: the words before the command (may hold line breaks).
        command: a shell command.
        width: columns available; None: the width of the terminal on stdout (80 if none).

    Returns:
        The text to print.
    """
    return f"{wrap_message(sentence, width)}\n  {command}"


def _breaks(text: str, width: int, indent: int) -> dict[int, bool]:
    """Where to break ``text`` (one line) so that no line is wider than ``width``.

    Returns:
        Character index -> True when the character there (a space) is replaced by the line
        break, False when the break goes before it (a word longer than a line).
    """
    breaks: dict[int, bool] = {}
    column, space, start = 0, -1, 0
    for i, char in enumerate(text):
        cells = get_cwidth(char)
        if char == " " and column >= indent:
            space = i
        if column + cells > width and i > start:
            if space > start:
                breaks[space] = True
                start = space + 1
                column = indent + get_cwidth(text[start:i])
                if space == i:  # the space that overflowed became the break
                    space = -1
                    continue
            else:
                breaks[i] = False
                start = i
                column = indent
            space = -1
        column += cells
    return breaks


def _wrap_line(
    line: StyleAndTextTuples, width: int, indent_of: Callable[[str], int]
) -> StyleAndTextTuples:
    text = "".join(fragment[1] for fragment in line)
    if get_cwidth(text) <= width:
        return line
    indent = indent_of(text)
    if indent > width // 2:
        indent = 0
    breaks = _breaks(text, width, indent)
    out: StyleAndTextTuples = []
    position = 0
    for fragment in line:
        style, piece = fragment[0], fragment[1]
        chunk = ""
        for offset, char in enumerate(piece):
            where = breaks.get(position + offset)
            if where is not None:
                if chunk:
                    out.append((style, chunk))
                out.append(("", "\n" + " " * indent))
                chunk = "" if where else char
            else:
                chunk += char
        if chunk or not piece:
            out.append((style, chunk))
        position += len(piece)
    return out


def wrap_fragments(
    fragments: StyleAndTextTuples, width: int, indent_of: Callable[[str], int]
) -> StyleAndTextTuples:
    """Wrap formatted text at word boundaries, each line with its own hanging indent.

    Styles are kept (a highlighted option stays highlighted on every line it takes);
    zero-width fragments such as ``[SetCursorPosition]`` stay where they were.

    Args:
        fragments: prompt_toolkit (style, text) fragments, line breaks inside texts.
        width: columns available.
        indent_of: for a line's plain text, how many columns its continuation lines are
            indented (e.g. to the start of an option's label).

    Returns:
        The fragments with line breaks and indents added.
    """
    out: StyleAndTextTuples = []
    for number, line in enumerate(split_lines(fragments)):
        if number:
            out.append(("", "\n"))
        out.extend(_wrap_line(line, width, indent_of))
    return out


class WordWrap(Processor):
    """Lets an input field wrap at word boundaries, with padding that is shown, never typed.

    prompt_toolkit wraps a long line at the last column, inside a word; a word that would be
    cut there is pushed to the next line instead. The cursor moves over the text as typed.

    Args:
        prefix: columns the prompt takes before the text on each line (``">  "``: 3).
    """

    def __init__(self, prefix: int) -> None:
        self.prefix = prefix

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        """Pad the line's fragments so that no word straddles a wrap (prompt_toolkit API)."""
        width = ti.width - self.prefix
        chars = explode_text_fragments(ti.fragments)
        text = "".join(c[1] for c in chars)
        out: StyleAndTextTuples = []
        to_display: list[int] = []
        column = 0
        for i, char in enumerate(chars):
            starts_word = char[1] != " " and (i == 0 or text[i - 1] == " ")
            if starts_word and width > 0 and column:
                end = text.find(" ", i)
                # The space after the word goes with it: a line never starts with a space.
                word = get_cwidth(text[i : end + 1 if end >= 0 else len(text)])
                if column + word > width >= word:
                    out.append(("", " " * (width - column)))
                    column = 0
            to_display.append(sum(len(f[1]) for f in out))
            cells = get_cwidth(char[1])
            if width > 0 and column + cells > width:
                column = 0
            column += cells
            out.append(char)
        end_of_line = sum(len(f[1]) for f in out)
        to_display += [end_of_line, end_of_line + 1]
        from_display = {d: s for s, d in enumerate(to_display)}

        def display_to_source(position: int) -> int:
            while position > 0 and position not in from_display:
                position -= 1
            return from_display.get(position, 0)

        return Transformation(
            out,
            source_to_display=lambda position: to_display[min(position, len(to_display) - 1)],
            display_to_source=display_to_source,
        )
