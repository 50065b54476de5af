"""PDF report: content read back, metadata, PDF/A, attachment, safety, reproducibility."""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pypdf import PdfReader

from helpers.reports import (
    EPOCH,
    HOSTILE,
    WORLD,
    answers_data,
    answers_model,
    attachments,
    embedded_json,
    full_answers,
    pdf_text,
)
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.fingerprint import renderer_fingerprint
from rcr_checklist.formats import OutputFormat, render_assessment
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score

pytestmark = pytest.mark.slow  # renders PDFs


class _Counter(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, type[_Counter]]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counter
    httpd.shutdown()


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _pdf(bank: Bank, data: dict[str, Any], detail: str = "standard") -> tuple[Assessment, bytes]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assessment = score(bank, answers_model(data))
        pdf = render_assessment(bank, assessment, OutputFormat.PDF, detail=detail)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert isinstance(pdf, bytes)
    return assessment, pdf


@pytest.fixture(scope="module")
def full(bank: Bank) -> tuple[Assessment, bytes]:
    return _pdf(bank, answers_data(bank, full_answers(bank)), "full")


@pytest.fixture(scope="module")
def hostile(bank: Bank, server: tuple[str, type[_Counter]]) -> tuple[Assessment, bytes, str]:
    url, _ = server
    answers = full_answers(bank, skip_last=2)
    scored = [q.id for q in bank.questions if bank.is_scored(q.id) and q.id in answers]
    first, second, third = scored[0], scored[1], scored[2]
    answers[first]["comment"] = "\n".join(
        [*HOSTILE.values(), f'<img src="{url}/tracker.png">', WORLD]
    )
    answers[second]["comment"] = "X" * 5000
    answers[third]["comment"] = "\n".join(f"Line {i} of a long comment." for i in range(200))
    answers[first]["evidence"] = [{"title": HOSTILE["link"], "ref": f"{url}/evidence.pdf"}]
    data = answers_data(bank, answers, name=f"Evil {HOSTILE['jinja']} <b>bold</b>")
    assessment, pdf = _pdf(bank, data, "full")  # every card, comments of full marks included
    return assessment, pdf, url


def test_pages_and_every_section(full: tuple[Assessment, bytes], bank: Bank) -> None:
    assessment, pdf = full
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert 8 <= pages <= 80
    text = " ".join(pdf_text(pdf).split())
    for heading in (
        "ChestScan AI",
        "Executive summary",
        "Critical and major findings",
        "Open and not-disclosed items",
        "Top actions",
        "DTAC view",
        "Action plan",
        "Appendix: framework crosswalk",
        "Integrity",
        "How the scores are made",
    ):
        assert heading in text, heading
    for p in assessment.principles:
        assert f"Principle {p.number}: {p.title}" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert assessment.answers_sha256 in text
    assert bank.sha256 in text
    assert "DRAFT" not in text
    # Scores are explained, question by question.
    scored = next(q for q in assessment.questions if q.scored and q.status == "answered")
    assert scored.id in text
    assert "Earned 1 of 1 point: answered" in text


def test_metadata_and_pdfa(full: tuple[Assessment, bytes]) -> None:
    _, pdf = full
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    assert "RCR AI principles self-assessment" in (meta.title or "")
    assert "ChestScan AI" in (meta.title or "")
    assert meta.author == "Jane Doe, Acme"
    assert "five core principles" in (meta.subject or "")
    assert "RCR" in str(meta.get("/Keywords"))
    assert meta.get("/CreationDate") == "D:20260101000000Z"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part[=>"]+3', xmp)
    assert re.search(r'pdfaid:conformance[=>"]+A', xmp)
    assert [o["/Title"] for o in reader.outline if isinstance(o, dict)][:2] == [
        "Verdict",
        "Executive summary",
    ]


def test_attachment_is_the_assessment(full: tuple[Assessment, bytes]) -> None:
    assessment, pdf = full
    assert list(attachments(pdf)) == ["assessment.json"]
    data = embedded_json(pdf)
    # the assessment, the detail level it was printed at and the renderer that printed it
    assert data == {
        **assessment.model_dump(mode="json"),
        "detail": "full",
        "renderer": {"sha256": renderer_fingerprint()},
    }
    assert data["answers_sha256"] == assessment.answers_sha256
    assert data["format"] == "rcr-checklist/assessment/v1"
    reader = PdfReader(io.BytesIO(pdf))
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Source"


def test_same_input_same_bytes(full: tuple[Assessment, bytes], bank: Bank) -> None:
    _, again = _pdf(bank, answers_data(bank, full_answers(bank)), "full")
    assert again == full[1]


def test_hostile_text_is_shown_literally(
    hostile: tuple[Assessment, bytes, str], server: tuple[str, type[_Counter]]
) -> None:
    _, pdf, url = hostile
    text = pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    for payload in HOSTILE.values():
        assert re.sub(r"\s+", "", payload) in flat, payload
    assert "Evil {{ 7*7 }} <b>bold</b>" in text
    assert "49" not in re.findall(r"Evil \S+", text)
    assert f'<img src="{url}/tracker.png">' in text
    assert server[1].hits == 0
    assert list(attachments(pdf)) == ["assessment.json"]


def test_draft_long_token_and_long_comment(hostile: tuple[Assessment, bytes, str]) -> None:
    assessment, pdf, _ = hostile
    assert assessment.overall.draft
    text = pdf_text(pdf)
    assert "DRAFT" in text
    # The token wraps (and may cross a page, with the running header in between) but is all there.
    assert text.count("X") >= 5000
    assert max(len(run) for run in re.findall(r"X+", text)) < 200
    assert "Line 199 of a long comment." in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages < 120
    # Nothing is drawn beyond the right margin: every page keeps the A4 media box.
    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert round(float(page.mediabox.width)) == 595


def test_non_latin_text_survives(hostile: tuple[Assessment, bytes, str]) -> None:
    _, pdf, _ = hostile
    text = pdf_text(pdf)
    for word in ("Ŵŷ", "café", "Zürich", "中文字", "Ελληνικά", "😀"):
        assert word in text, word
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans" in f for f in fonts)
    assert any("CJK" in f for f in fonts)
    assert any("Emoji" in f for f in fonts)


def test_fetcher_refuses_everything_but_our_files(server: tuple[str, type[_Counter]]) -> None:
    from rcr_checklist.files.resources import templates_dir
    from rcr_checklist.report.pdf import OwnFilesFetcher, html_to_pdf

    url, counter = server
    fetcher = OwnFilesFetcher()
    css = (templates_dir() / "report.css").as_uri()
    assert fetcher(css).read().startswith(b"/*")
    for bad in (
        "file:///etc/passwd",
        f"{url}/x.png",
        "https://example.com/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        (templates_dir() / "report.html.j2").as_uri(),
        (templates_dir() / ".." / "pyproject.toml").as_uri(),
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher(bad)
    raw = (
        f'<html><head><link rel="attachment" href="file:///etc/hostname">'
        f'<link rel="stylesheet" href="{url}/evil.css"></head><body>'
        f'<img src="{url}/x.png"><img src="file:///etc/passwd">'
        f'<img src="data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22/%3E">'
        f'<p style="background: url({url}/bg.png)">x</p></body></html>'
    )
    pdf = html_to_pdf(raw, b'{"format": "x"}', "2026-01-01T00:00:00Z")
    assert counter.hits == 0
    assert list(attachments(pdf)) == ["assessment.json"]
