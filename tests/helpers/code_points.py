"""Code points by kind, for tests that cover every kind of character the answers accept."""

from __future__ import annotations

import functools
import sys
import unicodedata
from collections import defaultdict

# Default_Ignorable_Code_Point, from Unicode's DerivedCoreProperties.txt (written out here
# apart from the code under test, so the test does not check the code against itself).
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

REFUSED = frozenset({"Cs", "Cc"})  # the answers model refuses controls and lone surrogates
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # removed on read


@functools.cache
def by_category() -> dict[str, tuple[int, ...]]:
    """Every code point, by general category (this Python's Unicode database)."""
    found: dict[str, list[int]] = defaultdict(list)
    for code in range(sys.maxunicode + 1):
        found[unicodedata.category(chr(code))].append(code)
    return {category: tuple(codes) for category, codes in found.items()}


def format_and_ignorable() -> list[str]:
    """Every format character (Cf) and every assigned default-ignorable code point.

    The unassigned default-ignorables are represented by the first of each range.
    """
    codes = set(by_category()["Cf"])
    for low, high in DEFAULT_IGNORABLE:
        assigned = [c for c in range(low, high + 1) if unicodedata.category(chr(c)) != "Cn"]
        codes.update(assigned or [low])
    return [chr(c) for c in sorted(codes - BIDI_CONTROLS)]


def sample_of_every_category(per_category: int) -> list[str]:
    """Up to ``per_category`` code points of every general category the answers accept.

    Spread evenly over each category, so every block-sized kind (scripts without a font
    here, symbols, marks, private use, unassigned) is represented.
    """
    out: list[str] = []
    for category, codes in sorted(by_category().items()):
        if category in REFUSED:
            continue
        step = max(1, len(codes) // per_category)
        out.extend(chr(c) for c in codes[::step][:per_category] if c not in BIDI_CONTROLS)
    return out


def every_kind_of_text(product: dict[str, object], purpose_prefix: str = "") -> dict[str, object]:
    """A product's fields holding every kind of character the answers accept.

    The name (checked on the cover and in every page's header) and the other fields hold
    every format character (Cf) and default-ignorable code point, a spread of every general
    category the model accepts, right-to-left words, line separators, Word bullets and
    ligatures (missing-glyph-name.yaml: U+2028 in a name; a ligature; right-to-left words).

    Args:
        product: the product's fields as ``model_dump`` gives them.
        purpose_prefix: text put before the intended purpose's own.

    Returns:
        The fields with the name, manufacturer and intended purpose replaced.
    """
    hidden = format_and_ignorable()
    every = sample_of_every_category(4)
    return {
        **product,
        "name": "Test\u2028Scan \ufb01nal \u05e9\u05dc\u05d5\u05dd "
        + "".join(hidden[:40])
        + "".join(every[::4])
        + " \u0645\u0631\u062d\u0628\u0627 2",
        "manufacturer": "\uf0b7 Jose\u0301 & \u05e9\u05dc\u05d5\u05dd "  # Word bullet, Hebrew
        "\u0645\u0631\u062d\u0628\u0627 " + "".join(hidden[40:120]),  # Arabic
        "intended_purpose": purpose_prefix
        + "Private use \ue123, paragraph\u2029end, e\u0301\u0323 stacked. "
        + " ".join(f"a{c}b" for c in hidden + every),
    }
