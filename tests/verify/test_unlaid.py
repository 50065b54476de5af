"""verify's quick proof: the words from the report's boxes, before layout, stand for its pages.

Every bundled example, at each detail level it is made at, and a report holding every kind
of character the answers accept, are proved by the boxes alone (the full layout is never
run for them); documents the boxes cannot stand for say why, and ``verify`` lays them out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rcr_checklist.report.pdf as report_pdf
from helpers.code_points import every_kind_of_text
from rcr_checklist.app.report import write_report
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score
from rcr_checklist.report.decision import Detail
from rcr_checklist.report.pdf.unlaid import print_unlaid
from rcr_checklist.verify.check import verify_report

pytestmark = pytest.mark.slow  # each case renders a report


def _no_layout(html: str) -> None:
    raise AssertionError("verify laid the report out: the quick proof did not hold")


CASES = [(path.stem, Detail.STANDARD) for path in sorted(examples_dir().glob("*.yaml"))] + [
    ("draft-inprogress", Detail.SUMMARY),
    ("draft-inprogress", Detail.FULL),
    ("procurement-publicinfo", Detail.FULL),
]


@pytest.mark.parametrize(("name", "detail"), CASES, ids=[f"{n}-{d.value}" for n, d in CASES])
def test_every_example_is_proved_without_layout(
    name: str, detail: Detail, rcr_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = load_answers(examples_dir() / f"{name}.yaml", rcr_bank).answers
    pdf = write_report(rcr_bank, score(rcr_bank, answers), tmp_path / "r.pdf", detail=detail)
    monkeypatch.setattr(report_pdf, "print_for_verify", _no_layout)
    assert verify_report(pdf, rcr_bank) == []


def test_every_accepted_character_is_proved_without_layout(
    reports, rcr_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = reports.answers
    emoji = (
        "Emoji 1\ufe0f\u20e3 #\ufe0f\u20e3 \u203c\ufe0f \u2194\ufe0f \u2705 \u274c "
        "\U0001f469\u200d\u2695\ufe0f \U0001f3f3\ufe0f\u200d\U0001f308 \U0001f1ec\U0001f1e7. "
    )
    product = every_kind_of_text(answers.product.model_dump(), purpose_prefix=emoji)
    changed = answers.model_copy(update={"product": answers.product.model_validate(product)})
    pdf = write_report(rcr_bank, score(rcr_bank, changed), tmp_path / "glyphs.pdf")
    monkeypatch.setattr(report_pdf, "print_for_verify", _no_layout)
    assert verify_report(pdf, rcr_bank) == []


def test_a_changed_page_is_laid_out_to_name_the_difference(
    reports, rcr_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick proof never reports a difference: the full layout names it."""
    from helpers.tamper import edit_text

    edited = edit_text(reports.genuine, tmp_path / "edited.pdf", 2, "Top actions", "Top options")
    monkeypatch.setattr(report_pdf, "print_for_verify", _no_layout)
    with pytest.raises(AssertionError, match="the quick proof did not hold"):
        verify_report(edited, rcr_bank)


_PAGE = (
    "<html><head><title>T</title><style>{css}</style></head><body>"
    '<div class="running"><span>Product</span></div>{body}</body></html>'
)


@pytest.mark.parametrize(
    ("css", "body", "reason"),
    [
        ("p { float: left }", "<p>x</p>", "p floats"),
        ("p { position: relative }", "<p>x</p>", "p is positioned"),
        ("p { position: absolute }", "<p>x</p>", "p is positioned"),
        ("p { transform: rotate(5deg) }", "<p>x</p>", "p is transformed"),
        ("p { opacity: 0.5 }", "<p>x</p>", "p is translucent"),
        ("p { overflow: hidden; text-overflow: ellipsis }", "<p>x</p>", "ellipsis"),
        ("", "<ul><li>x</li></ul>", "a list marker is drawn outside its item"),
        ("", '<p><a href="https://example.org/">x</a></p>', "a is a link or a form field"),
        (
            "",
            '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>x</text></svg>',
            "an image draws text",
        ),
        ("a::after { content: target-counter(attr(href), page) }", "<p>x</p>", "page numbers"),
    ],
)
def test_what_the_boxes_cannot_stand_for_is_laid_out(css: str, body: str, reason: str) -> None:
    unlaid = print_unlaid(_PAGE.format(css=css, body=body))
    assert reason in unlaid.hold


def test_the_boxes_give_the_words_margins_and_bookmarks() -> None:
    css = "h1 { bookmark-level: 1 } .mark { position: fixed } ul { list-style-position: inside }"
    body = (
        '<div class="mark">DRAFT</div><h1>Verdict</h1><p>Meets <b>95.6</b></p>'
        "<table><thead><tr><th>Severity</th></tr></thead><tbody><tr><td>MAJOR</td></tr></tbody>"
        "</table><ul><li>one</li></ul><p style='display: none'>hidden</p>"
        "<p style='visibility: hidden'>unseen</p>"
    )
    unlaid = print_unlaid(_PAGE.format(css=css, body=body))
    assert unlaid.hold == ""
    assert unlaid.furniture == "DRAFT"
    assert "".join(unlaid.body.split()) == "ProductVerdictMeets95.6SeverityMAJOR•one"
    assert unlaid.table_headers == frozenset({"Severity"})
    assert unlaid.outline == ("Verdict",)
    assert len(unlaid.margins) == 2


def test_a_document_without_running_strings_is_laid_out() -> None:
    unlaid = print_unlaid("<html><head><title>T</title></head><body><p>x</p></body></html>")
    assert unlaid.hold == "the report has no running header strings"
