"""Helpers for the report and verify tests: answers files that survive a change of bank."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from rcr_checklist.files.yamlio import dump_yaml
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

HOSTILE = {
    "img": '<img src="file:///etc/passwd">',
    "link": '<link rel="attachment" href="file:///etc/hostname">',
    "jinja": "{{ 7*7 }}",
    "table": "</td></table><h1>Injected heading</h1>",
}
WORLD = "Ŵŷ café Zürich 中文字 😀 Ελληνικά"


def full_answers(bank: Bank, *, skip_last: int = 0) -> dict[str, dict[str, Any]]:
    """Answer every question with its best option (facts: the first), citing evidence.

    Args:
        bank: the bank.
        skip_last: leave this many scored questions unanswered (for a draft).

    Returns:
        ``{question id: answer dict}``.
    """
    out: dict[str, dict[str, Any]] = {}
    for q in bank.questions:
        options = getattr(q, "options", [])
        scored = bank.is_scored(q.id)
        if q.kind in ("single", "yes_no"):
            best = max(options, key=lambda o: o.score or 0) if scored else options[0]
            answer: dict[str, Any] = {"value": best.value}
        elif q.kind == "multi":
            good = [o for o in options if (o.score or 0) > 0 and not o.exclusive]
            chosen = [o.value for o in good] if scored else []
            answer = {"value": chosen or [options[0].value]}
        elif q.kind == "number":
            answer = {"value": q.minimum if q.minimum is not None else 1}  # type: ignore[union-attr]
        elif q.kind == "date":
            answer = {"value": "2026-01-01"}
        else:
            answer = {"value": "Answered."}
        if scored and q.evidence != "none":
            answer["evidence"] = [{"title": "Evidence document", "ref": "DOC-1"}]
        out[q.id] = answer
    if skip_last:
        scored_ids = [q.id for q in bank.questions if bank.is_scored(q.id)]
        for qid in scored_ids[-skip_last:]:
            out.pop(qid)
    return out


def answers_data(bank: Bank, answers: dict[str, Any], **product: str) -> dict[str, Any]:
    """A whole answers file as plain data."""
    return {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": bank.meta.id, "version": bank.meta.version},
        "profile": "vendor",
        "product": {
            "name": "ChestScan AI",
            "version": "2.1",
            "manufacturer": "Acme Imaging Ltd",
            "intended_purpose": "Triage of adult chest X-rays in the emergency department.",
            **product,
        },
        "assessor": {
            "name": "Jane Doe",
            "role": "Clinical safety officer",
            "organisation": "Acme",
            "date": "2026-01-01",
        },
        "answers": answers,
    }


def answers_model(data: dict[str, Any]) -> AnswersFile:
    """Validate answers data."""
    return AnswersFile.model_validate(data)


def write_answers(path: Path, data: dict[str, Any]) -> Path:
    """Write answers data as YAML."""
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, pages joined."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def attachments(pdf: bytes) -> dict[str, list[bytes]]:
    """Embedded files of a PDF by name."""
    return dict(PdfReader(io.BytesIO(pdf)).attachments)


def embedded_json(pdf: bytes) -> dict[str, Any]:
    """The parsed assessment.json of a report PDF."""
    data: dict[str, Any] = json.loads(attachments(pdf)["assessment.json"][0])
    return data
