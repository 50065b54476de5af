"""Colour contrast (WCAG 2.x): text colours that stay readable on the bank's band colours."""

from __future__ import annotations

__all__ = ["MIN_CONTRAST", "contrast", "luminance", "readable"]

MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text
_DARK_TEXT = "#212b32"
_LIGHT_TEXT = "#ffffff"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour, 0 (black) to 1 (white).

    Args:
        colour: ``#rrggbb`` or ``#rgb``.

    Returns:
        The WCAG relative luminance.
    """

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21.

    Args:
        a: ``#rrggbb``.
        b: ``#rrggbb``.

    Returns:
        The ratio (lighter + 0.05) / (darker + 0.05).
    """
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(background: str) -> tuple[str, str]:
    """A background and a text colour on it with a contrast of at least 4.5:1.

    White or dark text, whichever contrasts more; when neither reaches 4.5:1 (a mid-tone
    from the bank), the background is darkened step by step under white text.

    Args:
        background: ``#rrggbb``, e.g. a band colour from the bank.

    Returns:
        ``(background, text)``, both ``#rrggbb``.
    """
    text = max((_LIGHT_TEXT, _DARK_TEXT), key=lambda t: contrast(background, t))
    if contrast(background, text) >= MIN_CONTRAST:
        return background, text
    r, g, b = _rgb(background)
    while contrast(f"#{r:02x}{g:02x}{b:02x}", _LIGHT_TEXT) < MIN_CONTRAST:
        r, g, b = (int(c * 0.92) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}", _LIGHT_TEXT
