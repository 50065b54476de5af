"""Reads the assessment embedded in a report PDF, re-scores it and says what differs.

The fast check is ``verify.fast`` and who made the report (build, bank, writer)
``verify.provenance``; both are named here too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.files.pdf_paint import PaintReader
from rcr_checklist.files.pdf_structure import Layout, read_layout
from rcr_checklist.files.pdf_text import PageReader, PageText
from rcr_checklist.files.report_pdf import (
    Embedded,
    ReportPdf,
    open_report,
    pdf_reader,
    read_embedded,
)
from rcr_checklist.limits import ATTACHMENT_NAME
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score
from rcr_checklist.verify.document import Printed, compare_pages
from rcr_checklist.verify.fast import FAST_CHECK, attached, printed_differences, quick_check
from rcr_checklist.verify.layout import compare_layout
from rcr_checklist.verify.provenance import check_bank, other_build, written_by
from rcr_checklist.verify.signature import SignatureReport, check_signatures

__all__ = [
    "FAST_CHECK",
    "Checked",
    "check_report",
    "headline",
    "quick_check",
    "verify_report",
]


def _fmt(value: Any) -> str:
    return "none" if value is None else str(value)


def _compare(recorded: dict[str, Any], fresh: Assessment) -> list[str]:
    out: list[str] = []
    now = fresh.model_dump(mode="json")
    ro, no = recorded.get("overall", {}) or {}, now["overall"]
    keys = ("score", "rating", "draft", "completion", "evidence_coverage", "critical_findings")
    out.extend(
        f"overall.{key}: the report says {_fmt(ro.get(key))}, its answers score {_fmt(no[key])}"
        for key in keys
        if ro.get(key) != no[key]
    )
    old = {p.get("number"): p for p in recorded.get("principles", []) if isinstance(p, dict)}
    out.extend(
        f"principle {p['number']} {key}: the report says "
        f"{_fmt(old.get(p['number'], {}).get(key))}, its answers score {_fmt(p[key])}"
        for p in now["principles"]
        for key in ("score", "rating", "answered", "visible")
        if old.get(p["number"], {}).get(key) != p[key]
    )
    if len(old) != len(now["principles"]):
        out.append(
            f"principles: the report lists {len(old)}, the bank has {len(now['principles'])}"
        )
    found = recorded.get("findings", [])
    if not isinstance(found, list) or len(found) != len(now["findings"]):
        count = len(found) if isinstance(found, list) else "?"
        out.append(f"findings: the report lists {count}, its answers give {len(now['findings'])}")
    elif found != now["findings"]:
        out.append("findings: the report's findings are not the ones its answers give")
    return out


def verify_report(
    path: Path,
    bank: Bank,
    *,
    bank_given: bool = False,
    notes: list[str] | None = None,
    trust: list[object] | None = None,
) -> list[str]:
    """Verify a report: re-score its answers and prove what its pages print.

    The checks: the answers' SHA-256; the figures re-scored with ``bank``; nothing drawn or
    run on top of the pages (annotations, form fields, scripts, later updates, other
    attachments); the cover and integrity page; and the whole document: the assessment is
    rendered again and the words of every page, the page count and the page order are
    compared (see :mod:`rcr_checklist.verify.document`).

    Args:
        path: the report PDF.
        bank: the bank to re-score with.
        bank_given: the user chose this bank (``--bank``); a bank whose SHA-256 differs from
            the report's is then used (and said in ``notes``), and the pages are not
            compared (they were rendered with the other bank). Otherwise such a bank is
            refused.
        notes: when given, receives remarks that are not differences, and the signature's
            lines (signer, time, coverage, trust, or "not signed").
        trust: trusted root certificates (``--trust``); None: trust is not judged.

    Returns:
        The differences, one readable line each; empty when the report is valid.

    Raises:
        InputError: the file is not a readable report of this tool, its answers do not fit
            the bank, or (without ``bank_given``) the bank's SHA-256 differs from the report's.
    """
    checked = check_report(path, bank, bank_given=bank_given, notes=notes, full=True, trust=trust)
    if notes is not None:
        notes.extend(checked.signature.lines)
    return checked.altered + checked.signature.differences


@dataclass
class Checked:
    """A report PDF after a check.

    Attributes:
        pdf: the file as read.
        embedded: its assessment.
        loaded: its answers, checked against the bank.
        same_bank: the report was made with the bank it was checked with.
        differences: what the fast check found (hash, structure, cover), one line each.
        figures: figures the report records that re-scoring does not give (expected when
            the bank differs).
        pages: what the whole-document comparison found (empty after a fast check).
        signature: what the signatures say (after a full check; "not signed" otherwise).
        written_by: after a full check, the program that last wrote the file when it is not
            the report's PDF writer (one line), else empty.
    """

    pdf: ReportPdf
    embedded: Embedded
    loaded: LoadedAnswers
    same_bank: bool
    differences: list[str]
    figures: list[str]
    pages: list[str]
    signature: SignatureReport = field(default_factory=SignatureReport)
    written_by: list[str] = field(default_factory=list)

    @property
    def altered(self) -> list[str]:
        """The differences that say the report was changed (figures only with its bank)."""
        return self.differences + (self.figures if self.same_bank else []) + self.pages


def check_report(
    path: Path,
    bank: Bank,
    *,
    bank_given: bool = False,
    notes: list[str] | None = None,
    full: bool = True,
    trust: list[object] | None = None,
) -> Checked:
    """Check a report PDF, fully (``verify``) or fast (``score``, ``compare``, the register).

    Args:
        path: the report PDF.
        bank: the bank to re-score with.
        bank_given: see :func:`verify_report`.
        notes: when given, receives remarks that are not differences.
        full: render the assessment again, compare every page and check the signatures;
            when False only :func:`quick_check` and the re-scored figures.
        trust: trusted roots for the signatures (see :func:`verify_report`).

    Returns:
        The report, its answers and the differences.

    Raises:
        InputError: see :func:`verify_report`.
    """
    pdf = open_report(path)
    embedded = read_embedded(pdf)
    data = embedded.data
    same_bank = check_bank(path, data, bank, bank_given, notes)
    if pdf.encrypted and notes is not None:
        notes.append("the file is encrypted for permissions only (no password to open it)")
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    fresh = score(bank, loaded.answers, generated=str(data.get("generated", "")))
    figures = _compare(data, fresh)
    if not full:
        checked = Checked(pdf, embedded, loaded, same_bank, quick_check(pdf, embedded), [], [])
        if figures:  # the pages are not compared here: only figures can tell another build
            checked.figures.extend(other_build(data, figures, notes))
        return checked
    reader = PageReader()
    pages = [reader.read_page(page) for page in pdf.reader.pages]
    checked = Checked(pdf, embedded, loaded, same_bank, attached(pdf, embedded), [], [])
    checked.signature = _signatures(pdf, trust)
    texts = [" ".join([page.text, *page.figures]) for page in pages]
    printed = printed_differences(data, texts[0] if texts else "", texts)
    if not same_bank:  # the pages were printed with another bank: only the cover is checked
        checked.differences.extend(printed)
        checked.figures.extend(figures)
        return checked
    # The whole document is compared, which names the page that differs. When the cover
    # does not show the attachment's assessment, the attachment is the likely stranger and
    # the cover check says so first; otherwise the page named is (a page swapped in from
    # another report, where the integrity page would only say "a page or the attachment").
    if any(line.startswith("page 1:") for line in printed):
        checked.differences.extend(printed)
    differences = figures + _document_differences(bank, fresh, data, pages, pdf)
    checked.pages.extend(other_build(data, differences, notes))
    checked.written_by = written_by(pdf, changed=bool(checked.pages or checked.differences))
    return checked


def _signatures(pdf: ReportPdf, trust: list[object] | None) -> SignatureReport:
    """Check the signatures (pyHanko is loaded only for a file that has one)."""
    if b"/ByteRange" not in pdf.raw:
        report = SignatureReport(["signature: not signed"])
        if trust is not None:
            report.differences.append("signature: not signed, but --trust asks for one")
        return report
    return check_signatures(pdf.raw, trust)


def _document_differences(
    bank: Bank, fresh: Assessment, data: dict[str, Any], pages: list[PageText], pdf: ReportPdf
) -> list[str]:
    """Render the assessment again; compare every page's printed text and what a viewer shows.

    What a viewer shows besides the text (page boxes, rotation, links, bookmarks, page
    labels, titles) is compared with the fresh rendering (:mod:`rcr_checklist.verify.layout`)
    when the text agrees.
    """
    source = str(pdf.path)
    from rcr_checklist.model.review import review_from_report, review_view
    from rcr_checklist.report.pdf import print_for_verify
    from rcr_checklist.report.pdf.unlaid import print_unlaid
    from rcr_checklist.report.render import render_html

    try:
        review = review_from_report(data, fresh, source)
    except InputError as exc:
        return [f"review: {exc.problems[0].message}"]
    view = review_view(review, fresh) if review is not None else None
    from rcr_checklist.report.decision import Detail

    # the detail level the report was printed at (report --detail), recorded by the report
    detail = data.get("detail", Detail.STANDARD.value)
    level = Detail(detail) if detail in {d.value for d in Detail} else Detail.STANDARD
    html = render_html(bank, fresh, review=view, detail=level)
    try:
        given: Layout | None = read_layout(pdf.reader)
    except Exception:  # pypdf raises many kinds of error on broken files
        given = None
    if given is not None and _unlaid_differences(html, pages, given) == []:
        # the words are the report's, in order: no need to lay it out again
        unlaid = print_unlaid(html)
        return _hidden(pdf, unlaid.furniture, unlaid.images)
    printed = print_for_verify(html)
    expected = _pages_of(printed.pdf)
    if given is None:
        layout = ["document: cannot read its structure"]
    else:
        layout = compare_layout(given, _layout_of(printed.pdf))
    text = compare_pages(
        Printed([p.text for p in pages], figures=[p.figures for p in pages]),
        Printed(
            [p.text for p in expected],
            printed.margins,
            printed.furniture,
            printed.table_headers,
            [p.figures for p in expected],
        ),
    )
    # pages that print something else show other bookmarks and titles too: name the text
    furniture = printed.furniture[0] if printed.furniture else ""
    return text or layout or _hidden(pdf, furniture, b"/Image" in printed.pdf)


def _hidden(pdf: ReportPdf, furniture: str, images: bool) -> list[str]:
    """Text the pages draw where a reader cannot see it (covered, tiny, off the page, unseen).

    Args:
        pdf: the report being verified.
        furniture: the text drawn behind every page by design (the DRAFT mark).
        images: whether the report itself draws raster images (ours never do: an image
            on a page was put there, a stamp or a picture of other words).

    Returns:
        Per page, one line per way text is hidden (the texts so hidden in drawing order:
        the first named, then up to three more and how many others), at most
        :data:`_HIDDEN_PER_PAGE` lines a page and then how many more; and a raster image.
    """
    reader = PaintReader(furniture)
    out: list[str] = []
    for number, page in enumerate(pdf.reader.pages, start=1):
        groups: dict[str, list[str]] = {}
        for h in sorted(reader.hidden(page), key=lambda h: h.order):
            texts = groups.setdefault(h.how, [])
            if h.text not in texts:
                texts.append(h.text)
        lines = [_hidden_line(number, texts, how) for how, texts in groups.items()]
        if len(lines) > _HIDDEN_PER_PAGE:
            more = len(lines) - _HIDDEN_PER_PAGE
            lines = lines[:_HIDDEN_PER_PAGE] + [
                f"page {number}: the text is hidden in {more} more "
                f"way{'s' if more > 1 else ''} as well"
            ]
        out.extend(lines)
        if not images:
            out.extend(
                f"page {number}: an image is drawn at [{', '.join(f'{v:.0f}' for v in area)}], "
                "which the report does not have"
                for area in reader.images[:1]
            )
    return out


_HIDDEN_PER_PAGE = 3


def _hidden_line(number: int, texts: list[str], how: str) -> str:
    """One way text is hidden on a page: "page 2: the text 'A' (and 13 more: 'B', ...) is ..."."""
    first, rest = texts[0], texts[1:]
    if not rest:
        return f"page {number}: the text {first!r} is {how}"
    named = ", ".join(repr(t) for t in rest[:3])
    others = len(rest) - 3
    tail = f" and {others} more" if others > 0 else ""
    return f"page {number}: the text {first!r} (with {named}{tail}) is {how}"


def _unlaid_differences(html: str, pages: list[PageText], given: Layout) -> list[str] | None:
    """Compare the pages with the report's boxes, before layout (the quick proof).

    Args:
        html: the report HTML rendered again from the embedded assessment.
        pages: the given PDF's pages as read.
        given: what a viewer shows of the given PDF.

    Returns:
        The differences found ([] proves the pages print the report), or None when the
        boxes cannot stand for the pages (:attr:`Unlaid.hold`). A difference found here is
        not reported: the report is then laid out in full, which names it exactly.
    """
    from rcr_checklist.report.pdf.unlaid import print_unlaid

    unlaid = print_unlaid(html)
    if unlaid.hold:
        return None
    sample = _layout_of(unlaid.sample)
    if sample.page_labels != ("1", "2"):
        return None
    first, later = unlaid.margins
    expected = Printed(
        [unlaid.furniture + unlaid.body + first, unlaid.furniture + later],
        unlaid.margins,
        [unlaid.furniture, unlaid.furniture],
        unlaid.table_headers,
        [(), ()],
    )
    text = compare_pages(
        Printed([p.text for p in pages], figures=[p.figures for p in pages]), expected
    )
    count = len(given.pages)
    layout = compare_layout(
        given,
        Layout(
            sample.pages,
            unlaid.outline,
            tuple(str(n) for n in range(1, count + 1)),
            sample.title,
            sample.xmp_title,
        ),
    )
    return text + layout


@functools.lru_cache(maxsize=4)
def _pages_of(pdf: bytes) -> tuple[PageText, ...]:
    """Read the rendered pages (cached with the rendering: tampered copies of one report)."""
    reader = PageReader()
    return tuple(reader.read_page(page) for page in pdf_reader(pdf).pages)


@functools.lru_cache(maxsize=4)
def _layout_of(pdf: bytes) -> Layout:
    """What a viewer shows of the rendered PDF (cached with the rendering)."""
    return read_layout(pdf_reader(pdf))


_PAGE_LINE = re.compile(r"page (\d+)")


def headline(differences: list[str]) -> str:
    """Say in plain words what the first difference means for whoever relies on the report.

    Args:
        differences: what ``verify`` (or the fast check) found, one line each; not empty.

    Returns:
        One clause for an error message, e.g. "page 3 of 12 is missing: the report has 11
        pages, but they are numbered 1 to 12" or "its embedded answers were edited after
        it was made".
    """
    first = differences[0]
    area, _, rest = first.partition(": ")
    if area == "build":
        return "it was made by another build of rcr-checklist, so its pages cannot be proved"
    if area == "answers_sha256":
        return "its embedded answers were edited after it was made"
    if area.startswith(("overall.", "principle ")) or area == "findings":
        return "the figures it records are not what its answers score"
    if area == "document":
        if rest.startswith("changed after it was saved"):
            return "the file was changed after it was saved"
        if rest.startswith(("its ", "bookmark ")):
            return f"what a viewer shows was changed: {rest}"
        return f"the file holds {rest}, which rcr-checklist never writes"
    if area.startswith("signature"):
        return f"its signature does not hold: {rest}"
    if area == "review":
        return f"its review does not match: {rest}"
    if area == "pages" and "integrity page" in rest:
        return "its integrity page does not print its own answers' SHA-256"
    page = _PAGE_LINE.fullmatch(area)
    if page is None:  # pages missing, added, out of order, from another report: as said
        return first
    number = page.group(1)
    if "drawn on top of the page" in rest or "that the report does not have" in rest:
        return f"something was drawn on top of page {number}"
    if rest.startswith("an image is drawn at "):
        return f"something was drawn on top of page {number}"
    hidden = rest.startswith(("the text '", 'the text "'))  # not "the text was changed"
    if hidden and " drawn over it at " in rest:
        return f"something was drawn over the text of page {number}"
    if hidden:
        return f"page {number} was changed: text on it is hidden from the reader"
    if "the report's" in rest or rest.startswith(("the page is", "a link to")):
        return f"what a viewer shows of page {number} was changed: {rest}"
    if "the cover does not show" in rest:
        return "its cover does not show its embedded assessment"
    return f"page {number} was changed: it does not print what its answers render to"
