"""Reads the assessment embedded in a report PDF, re-scores it and says what differs."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rcr_checklist import __version__
from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.files.fingerprint import renderer_fingerprint
from rcr_checklist.files.pdf_structure import count_revisions, find_extras
from rcr_checklist.files.pdf_text import PageReader, PageText, printed_text
from rcr_checklist.files.report_pdf import (
    Embedded,
    ReportPdf,
    check_hash,
    open_report,
    pdf_error,
    pdf_reader,
    read_embedded,
)
from rcr_checklist.limits import ATTACHMENT_NAME
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score
from rcr_checklist.verify.document import Printed, compare_pages, shows, squash
from rcr_checklist.verify.signature import SignatureReport, check_signatures

__all__ = [
    "FAST_CHECK",
    "Checked",
    "check_report",
    "headline",
    "quick_check",
    "verify_report",
]

FAST_CHECK = "attachment-and-cover (fast)"
"""What ``score``, ``compare`` and the register say of a report PDF that passed the fast check."""


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
    same_bank = _check_bank(path, data, bank, bank_given, notes)
    if pdf.encrypted and notes is not None:
        notes.append("the file is encrypted for permissions only (no password to open it)")
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    fresh = score(bank, loaded.answers, generated=str(data.get("generated", "")))
    figures = _compare(data, fresh)
    if not full:
        checked = Checked(pdf, embedded, loaded, same_bank, quick_check(pdf, embedded), [], [])
        if figures:  # the pages are not compared here: only figures can tell another build
            checked.figures.extend(_other_build(data, figures, notes))
        return checked
    reader = PageReader()
    pages = [reader.read_page(page) for page in pdf.reader.pages]
    checked = Checked(pdf, embedded, loaded, same_bank, _attached(pdf, embedded), [], [])
    checked.signature = _signatures(pdf, trust)
    texts = [" ".join([page.text, *page.figures]) for page in pages]
    printed = _printed_differences(data, texts[0] if texts else "", texts)
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
    differences = figures + _document_differences(bank, fresh, data, pages, str(path))
    checked.pages.extend(_other_build(data, differences, notes))
    checked.written_by = _written_by(pdf, changed=bool(checked.pages or checked.differences))
    return checked


def _written_by(pdf: ReportPdf, *, changed: bool) -> list[str]:
    """Name the program that last wrote the file when it is not the report's PDF writer.

    A program that draws the pages again (Ghostscript's pdfwrite, a print-to-PDF) writes new
    fonts and may read a glyph back as another character: the reader then knows where a
    difference may come from. The Producer is the file's own claim, and says so.

    Args:
        pdf: the report as read.
        changed: the check found differences.

    Returns:
        One line, or none when the file names WeasyPrint (rcr-checklist's writer) or nothing.
    """
    try:
        producer = str((pdf.reader.metadata or {}).get("/Producer", "") or "")
    except Exception:  # noqa: BLE001 - a damaged info dictionary is only a missing line
        return []
    producer = " ".join(printed_text(producer).split())[:80]
    if not producer or producer.startswith("WeasyPrint"):
        return []
    line = f"written by: {producer!r} (the file's own claim), not rcr-checklist's PDF writer"
    if changed:
        line += "; a program that draws the pages again can change how their text reads back"
    return [line]


def _other_build(
    data: dict[str, Any], differences: list[str], notes: list[str] | None
) -> list[str]:
    """Say "made by another build" instead of the differences when the report was.

    Another version, or the same version from another commit (the renderer fingerprint the
    report records differs), prints the same assessment differently: what differs then
    cannot tell a change from a difference of builds. Reports that record no fingerprint
    (made before it was recorded) are judged by their version alone.
    """
    made_with = _tool_version(data)
    renderer = data.get("renderer")
    recorded = renderer.get("sha256") if isinstance(renderer, dict) else None
    this = renderer_fingerprint()
    if made_with == __version__ and (not isinstance(recorded, str) or recorded == this):
        return differences
    theirs = f"{made_with}, fingerprint {str(recorded)[:12]}" if recorded else made_with
    if not differences:
        if notes is not None:
            notes.append(
                f"made by another build of rcr-checklist ({theirs}); its pages print what "
                "this build prints"
            )
        return []
    if notes is not None:
        notes.append(f"what differs from this build's printing: {differences[0]}")
    return [
        f"build: made by another build of rcr-checklist ({theirs}; this is {__version__}, "
        f"fingerprint {this[:12]}), which prints reports differently, so its pages cannot be "
        "proved here; verify it with the build that made it, or ask the supplier for a "
        "report made with this one"
    ]


def _signatures(pdf: ReportPdf, trust: list[object] | None) -> SignatureReport:
    """Check the signatures (pyHanko is loaded only for a file that has one)."""
    if b"/ByteRange" not in pdf.raw:
        report = SignatureReport(["signature: not signed"])
        if trust is not None:
            report.differences.append("signature: not signed, but --trust asks for one")
        return report
    return check_signatures(pdf.raw, trust)


def _tool_version(data: dict[str, Any]) -> str:
    tool = data.get("tool")
    return str(tool.get("version", "?")) if isinstance(tool, dict) else "?"


def _check_bank(
    path: Path, data: dict[str, Any], bank: Bank, bank_given: bool, notes: list[str] | None
) -> bool:
    """Say whether the report was made with ``bank``; refuse another unless it was given."""
    recorded_bank = data.get("bank", {}) if isinstance(data.get("bank"), dict) else {}
    if recorded_bank.get("sha256") == bank.sha256:
        return True
    label = f"{recorded_bank.get('id', '?')} {recorded_bank.get('version', '?')}"
    if not bank_given:
        raise pdf_error(
            path,
            f"was made with bank {label} (SHA-256 {recorded_bank.get('sha256', '?')}), "
            f"which differs from this bank {bank.meta.id} {bank.meta.version} "
            f"(SHA-256 {bank.sha256}); pass --bank DIR with the bank it was made with",
        )
    if notes is not None:
        notes.append(
            f"re-scored with bank {bank.meta.id} {bank.meta.version} (SHA-256 "
            f"{bank.sha256}); the report was made with {label} "
            f"(SHA-256 {recorded_bank.get('sha256', '?')}); its pages are not compared"
        )
    return False


def quick_check(pdf: ReportPdf, embedded: Embedded) -> list[str]:
    """The fast check of a report PDF (what ``score``, ``compare`` and the register run).

    It proves that the answers still hash to the recorded SHA-256, that the cover and the
    integrity page show this assessment (product, score, rating, review, answers SHA-256),
    and that nothing was drawn or run on top of the pages or added in a later update. It
    does not prove the inner pages' text (``verify`` does).

    Args:
        pdf: the report, read once.
        embedded: its assessment.

    Returns:
        The differences, one line each.
    """
    reader = PageReader()
    count = len(pdf.reader.pages)
    wanted = sorted({0, *range(max(0, count - 3), count)})
    texts = {i: reader.page_text(pdf.reader.pages[i]) for i in wanted}
    cover, tail = texts.get(0, ""), [texts[i] for i in wanted if i > 0 or count == 1]
    return _attached(pdf, embedded) + _printed_differences(embedded.data, cover, tail)


def _attached(pdf: ReportPdf, embedded: Embedded) -> list[str]:
    """The answers' hash, and anything on top of the pages or added to the file."""
    problem = check_hash(embedded)
    return ([problem] if problem else []) + _structure_differences(pdf)


def _printed_differences(data: dict[str, Any], cover: str, last_pages: list[str]) -> list[str]:
    """The cover and the integrity page (one of the last three pages) against the attachment."""
    return _page_differences(data, cover, " ".join(last_pages[-3:]))


def _structure_differences(pdf: ReportPdf) -> list[str]:
    """Anything on top of the pages, and updates after the tool's save."""
    try:
        extras = find_extras(pdf.reader, pdf.attachments)
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        return [f"document: cannot read its structure ({type(exc).__name__})"]
    out = list(extras.problems)
    revisions = count_revisions(pdf.raw)
    allowed = 1 + extras.signature_fields  # each signature appends one revision
    if revisions > allowed:
        later = revisions - allowed
        out.append(
            f"document: changed after it was saved ({later} later update"
            f"{'s' if later > 1 else ''} appended to the file)"
        )
    return out


def _document_differences(
    bank: Bank, fresh: Assessment, data: dict[str, Any], pages: list[PageText], source: str
) -> list[str]:
    """Render the assessment again and compare every page's printed text."""
    from rcr_checklist.model.review import review_from_report, review_view
    from rcr_checklist.report.pdf import print_for_verify
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
    printed = print_for_verify(render_html(bank, fresh, review=view, detail=level))
    expected = _pages_of(printed.pdf)
    return compare_pages(
        Printed([p.text for p in pages], figures=[p.figures for p in pages]),
        Printed(
            [p.text for p in expected],
            printed.margins,
            printed.furniture,
            printed.table_headers,
            [p.figures for p in expected],
        ),
    )


@functools.lru_cache(maxsize=4)
def _pages_of(pdf: bytes) -> tuple[PageText, ...]:
    """Read the rendered pages (cached with the rendering: tampered copies of one report)."""
    reader = PageReader()
    return tuple(reader.read_page(page) for page in pdf_reader(pdf).pages)


def _review_differences(review: Any, cover: str) -> list[str]:
    """Check the cover's review box against the review embedded by ``report --review``.

    The review is not covered by the answers' hash, so only the printed cover can betray a
    sign-off swapped in from another report or edited inside the attachment.

    Args:
        review: the embedded ``review`` data, or None.
        cover: the squashed text of page 1.

    Returns:
        One line per mismatch.
    """
    shows_review = "reviewandsign-off" in cover.lower()
    if not isinstance(review, dict):
        return (
            ["page 1: the cover shows a review and sign-off that the attachment does not carry"]
            if shows_review
            else []
        )
    expected: list[str] = []
    signoff = review.get("signoff")
    if isinstance(signoff, dict):
        expected += [str(signoff.get(k, "")) for k in ("decision_label", "who", "date")]
    else:
        expected.append("Not signed off yet")
    raw_counts = review.get("counts")
    counts: dict[str, Any] = raw_counts if isinstance(raw_counts, dict) else {}
    expected.append(
        f"{counts.get('accepted')} accepted, {counts.get('query')} queried, "
        f"{counts.get('rejected')} rejected"
    )
    missing = [value for value in expected if not shows(_squash(value), cover)]
    if not shows_review or missing:
        shown = ", ".join(repr(v) for v in missing) or "the review box"
        return [f"page 1: the cover does not show the embedded review ({shown})"]
    return []


def _squash(text: str) -> str:
    """Text for matching what a PDF's pages print (see :func:`document.squash`)."""
    return squash(text)


def _page_differences(data: dict[str, Any], cover_text: str, tail_text: str) -> list[str]:
    """Check that the cover and integrity page show the embedded assessment (not another).

    Swapping the attachment of a report for another assessment's keeps every hash inside
    the attachment consistent; only the pages can betray it. The cover must name the
    product and show the overall score and rating; the integrity page (one of the last
    pages) must print the answers' SHA-256.

    Args:
        data: the embedded assessment.
        cover_text: the printed text of page 1.
        tail_text: the printed text of the last pages.

    Returns:
        One line per mismatch; empty when the pages agree with the attachment.
    """
    cover, tail = _squash(cover_text), _squash(tail_text)
    product = data.get("product", {}) if isinstance(data.get("product"), dict) else {}
    overall = data.get("overall", {}) if isinstance(data.get("overall"), dict) else {}
    score_value = overall.get("score")
    shown_score = "n/a" if not isinstance(score_value, int | float) else f"{score_value:.1f}"
    expected = {
        "product name": str(product.get("name", "")),
        "overall score": shown_score,
        "rating": str(overall.get("rating", "")),
    }
    out = [
        f"page 1: the cover does not show the {what} {value!r} of the embedded assessment "
        "(the attachment may belong to another report)"
        for what, value in expected.items()
        if not shows(_squash(value), cover)
    ]
    out.extend(_review_differences(data.get("review"), cover))
    answers_hash = str(data.get("answers_sha256", ""))
    if answers_hash and answers_hash not in tail:
        out.append(
            "pages: the integrity page does not print the embedded answers SHA-256 "
            f"{answers_hash[:12]}... (a page or the attachment comes from another report)"
        )
    return out


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
    if "drawn on top of the page" in rest:
        return f"something was drawn on top of page {number}"
    if "the cover does not show" in rest:
        return "its cover does not show its embedded assessment"
    return f"page {number} was changed: it does not print what its answers render to"
