"""What a report prints: the one text policy that rendering and ``verify`` both apply.

:func:`printed_text` turns any text into characters that fonts draw (the PDF renderer applies
it before layout); :func:`squash` keeps the characters of printed text that survive any
layout and fonts, so ``verify`` compares what a page prints on any machine.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["PLACEHOLDER", "printed_text", "squash"]

PLACEHOLDER = "\ufffd"
"""What a character that no font can be trusted to draw becomes in a PDF (a visible mark)."""

# Word writes list bullets from its Symbol and Wingdings fonts as private-use characters.
_WORD_SYMBOLS = {
    0xF0B7: "\u2022",  # Symbol bullet
    0xF0A7: "\u25aa",  # Wingdings small square
    0xF0A8: "\u25a1",  # Wingdings empty square
    0xF0D8: "\u27a2",  # Wingdings arrowhead
    0xF076: "\u2756",  # Wingdings diamond
    0xF0FC: "\u2713",  # Wingdings check mark
    0xF0E0: "\u2192",  # Wingdings arrow
    0xF02D: "-",
    0xF06F: "o",
}
_KEEP_CONTROLS = frozenset("\t\n\r")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printed_char(c: str) -> str:
    code = ord(c)
    if c in "\u2028\u2029\u0085":  # line and paragraph separators, NEL
        return "\n"
    if code in _WORD_SYMBOLS:
        return _WORD_SYMBOLS[code]
    category = unicodedata.category(c)
    if category in ("Co", "Cn", "Cs") or (category == "Cc" and c not in _KEEP_CONTROLS):
        return PLACEHOLDER  # private use, unassigned, lone surrogates, controls
    if 0xFB00 <= code <= 0xFB4F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # Ligatures and Arabic or Hebrew presentation forms: letters that shaping forms again.
        return unicodedata.normalize("NFKC", c) or PLACEHOLDER
    return c


def printed_text(text: str) -> str:
    """Return text as the PDF report prints it: every character one that fonts draw.

    Rendering (``report/pdf``) and ``verify`` both apply it, so a report always reads back
    as what it printed. Line and paragraph separators become line breaks; Word's private-use
    bullets become real bullets; other private-use, unassigned and control characters become
    ``PLACEHOLDER``; ligature and presentation forms become their letters; then NFC (combining
    marks composed where Unicode can).

    Args:
        text: any text, markup included (the changes never touch ASCII).

    Returns:
        The text to lay out.
    """
    if text.isascii() and not _ASCII_CONTROLS.search(text):
        return text
    # one look-up per distinct character, then a C-speed translate (a report is ~200k chars)
    table = {ord(c): printed for c in set(text) if (printed := _printed_char(c)) != c}
    return unicodedata.normalize("NFC", text.translate(table) if table else text)


# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt; its reserved ranges are
# fixed, so the list holds for later versions): characters a shaper draws as nothing, whose
# text may vanish from a page or be read back on a neighbouring glyph.
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# U+2010 is the hyphen a layout draws where it breaks a line at a soft hyphen (the CSS
# hyphenate-character): there on one machine, not on another; a typed U+2010 goes with it.
_UNSEEN = re.compile(f"[\\s{_IGNORABLE}\u2010]+")


def _seen(text: str) -> str:
    text = _UNSEEN.sub("", text)
    if text.isascii():
        return text
    return "".join([c for c in text if unicodedata.category(c) != "Cf"])


def squash(text: str) -> str:
    """Return the characters of printed text that survive any layout and fonts, for comparison.

    The text is made printed (:func:`printed_text`); then what no reader can check is
    dropped: whitespace (a layout breaks lines there), format characters (category Cf: soft
    hyphens, joiners, bidi marks, interlinear annotation marks, Egyptian and shorthand
    format controls, for which a font may have no glyph) and every default-ignorable code
    point (variation selectors, Hangul fillers, tags: a shaper draws them as nothing and
    their text may be read back on a neighbouring glyph), and the hyphen U+2010 (drawn
    where a line breaks at a soft hyphen, so only where the lines break); then
    compatibility forms are folded and accents taken apart (NFKD: fonts may draw "fi" as
    one ligature glyph, and "é" as one glyph or as "e" and a combining accent). Dropping
    comes first, so an invisible character between a letter and its accent changes
    nothing; and the result is the same whether the text is squashed whole or one character
    at a time (but for the order of several accents on one letter).

    Args:
        text: text as printed or as read back from a page.

    Returns:
        The characters, none of them invisible.
    """
    seen = _seen(printed_text(text))
    if seen.isascii():
        return seen
    # NFKD may give spaces ("¸" is a space and a cedilla); NFD puts the accents left in order
    return unicodedata.normalize("NFD", _seen(unicodedata.normalize("NFKD", seen)))
