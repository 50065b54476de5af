"""Colours: every text colour in our CSS and on the bank's bands has a contrast of 4.5:1."""

from __future__ import annotations

import re

import pytest

from rcr_checklist.files.resources import templates_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.report.colours import MIN_CONTRAST, contrast, luminance, readable

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})")
# Backgrounds text may sit on when its own rule sets none: the page and the tinted boxes.
_PAGE_BACKGROUNDS = ("#ffffff", "#f7f9fa", "#f0f4f5")


def _rules(name: str) -> list[tuple[str, str]]:
    css = (templates_dir() / name).read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@page[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)  # margin boxes
    return [(selector.strip(), body) for selector, body in _RULE.findall(css)]


@pytest.mark.parametrize("name", ["report.css", "compare.css"])
def test_text_colours_contrast(name: str) -> None:
    low = []
    for selector, body in _rules(name):
        background = _BACKGROUND.findall(body)
        colours = _COLOUR.findall(body)
        if background and not colours and luminance(background[0]) < 0.4:
            colours = ["#ffffff"]  # a filled label (severity, verdict): white text on it
        for colour in colours:
            if not background and colour.lower() in ("#fff", "#ffffff"):
                continue  # white text on a fill that another class gives (and is checked)
            grounds = background or list(_PAGE_BACKGROUNDS)
            low.extend(
                f"{selector}: {colour} on {ground} = {contrast(colour, ground):.2f}"
                for ground in grounds
                if contrast(colour, ground) < MIN_CONTRAST
            )
    assert not low, "\n".join(low)


def test_band_colours_are_made_readable(rcr_bank: Bank) -> None:
    for band in rcr_bank.meta.bands:
        background, text = readable(band.colour)
        assert contrast(background, text) >= MIN_CONTRAST, band


@pytest.mark.parametrize("colour", ["#e69f00", "#f0e442", "#009e73", "#b26b00", "#777777"])
def test_readable_fixes_mid_tones(colour: str) -> None:
    background, text = readable(colour)
    assert contrast(background, text) >= MIN_CONTRAST


def test_contrast_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
