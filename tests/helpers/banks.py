"""Shared test helpers."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank

TINY_META = """\
id: tiny-bank
version: 1.0.0
title: Tiny bank
source: A bank for tests.
bands:
  - {label: Meets, min: 80}
  - {label: Partially meets, min: 50}
  - {label: Does not meet, min: 0}
profiles:
  vendor: {title: Vendor}
  clinician: {title: Clinician}
  procurement: {title: Procurement}
files: [0-facts.yaml, 1-alpha.yaml, 2-beta.yaml]
rules:
  - id: rule.device_unmarked
    principle: 2
    when:
      all:
        - {question: facts.device, equals: "yes"}
        - {question: beta.marking, equals: none}
    severity: critical
    text: A medical device without marking.
    recommendation: Get it marked.
    references: [{framework: UK MDR 2002, clause: Part II}]
"""


TINY_FACTS = """\
id: facts
number: 0
title: Facts
questions:
  - id: facts.device
    kind: yes_no
    text: Is it a device?
    profiles: [vendor, clinician, procurement]
  - id: facts.ui
    kind: yes_no
    text: Has it a UI?
"""


TINY_ALPHA = """\
id: alpha
number: 1
title: Alpha
statement: First principle.
questions:
  - id: alpha.one
    kind: single
    text: One?
    weight: 2
    evidence: required
    recommendation: Do one.
    references: [{framework: DTAC, clause: C1}]
    profiles: [vendor, clinician, procurement]
    options:
      - {value: full, label: Full, score: 1}
      - {value: half, label: Half, score: 0.5}
      - {value: none, label: None, score: 0}
  - id: alpha.wcag
    kind: yes_no
    text: WCAG 2.1 AA?
    allow_na: true
    na_when: No user interface.
    show_if: {question: facts.ui, equals: "yes"}
    recommendation: Meet WCAG.
    references: [{framework: DTAC, clause: D1.4}]
  - id: alpha.multi
    kind: multi
    text: Which standards?
    recommendation: Certify.
    references: [{framework: ISO 13485, clause: all}]
    options:
      - {value: iso13485, label: ISO 13485, score: 0.5}
      - {value: iec62304, label: IEC 62304, score: 0.3}
      - {value: iso14971, label: ISO 14971, score: 0.3}
      - {value: none, label: None of these, score: 0}
"""


TINY_BETA = """\
id: beta
number: 2
title: Beta
statement: Second principle.
questions:
  - id: beta.marking
    kind: single
    text: Marked?
    recommendation: Mark it.
    references: [{framework: MHRA, clause: registration}]
    options:
      - {value: marked, label: Marked, score: 1}
      - {value: pending, label: Pending, score: 0.25,
         finding: {severity: major, text: Marking pending.}}
      - {value: none, label: None, score: 0}
  - id: beta.dcb0129
    kind: single
    text: DCB0129?
    evidence: required
    recommendation: Do DCB0129.
    references: [{framework: DCB0129, clause: "2.2.1"}]
    options:
      - {value: complete, label: Complete, score: 1}
      - {value: none, label: None, score: 0,
         finding: {severity: critical, text: No clinical safety case.}}
  - id: beta.note
    kind: text
    text: Anything else?
"""


def write_tiny_bank(root: Path, **overrides: str) -> Path:
    """Write the tiny bank into ``root``; ``overrides`` maps file name -> new text."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "bank.yaml": TINY_META,
        "0-facts.yaml": TINY_FACTS,
        "1-alpha.yaml": TINY_ALPHA,
        "2-beta.yaml": TINY_BETA,
    }
    files.update(overrides)
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def make_answers(bank: Bank, answers: dict[str, Any], profile: str = "vendor") -> AnswersFile:
    """Build an AnswersFile for ``bank`` from ``{id: value or answer dict}``."""
    body = {
        qid: (value if isinstance(value, dict) else {"value": value})
        for qid, value in answers.items()
    }
    return AnswersFile.model_validate(
        {
            "format": "rcr-checklist/answers/v1",
            "bank": {"id": bank.meta.id, "version": bank.meta.version},
            "profile": profile,
            "product": {"name": "Test product", "version": "1.0", "manufacturer": "Acme"},
            "assessor": {"name": "A. Tester", "date": "2026-11-01"},
            "answers": body,
        }
    )


def best_answers(bank: Bank, profile: str = "vendor") -> dict[str, Any]:
    """The best answer to every question (facts: the first option), with evidence."""
    out: dict[str, Any] = {}
    for q in bank.questions:
        if profile not in q.profiles:
            continue
        if q.kind in ("single", "yes_no"):
            best = (
                max(q.options, key=lambda o: o.score or 0)
                if bank.is_scored(q.id)
                else (q.options[0])
            )
            out[q.id] = {"value": best.value}
        elif q.kind == "multi":
            if bank.is_scored(q.id):
                chosen = [o.value for o in q.options if (o.score or 0) > 0 and not o.exclusive]
            else:
                chosen = [q.options[0].value]
            out[q.id] = {"value": chosen}
        elif q.kind == "number":
            out[q.id] = {"value": q.minimum if q.minimum is not None else 1}
        elif q.kind == "date":
            out[q.id] = {"value": "2026-01-01"}
        else:
            out[q.id] = {"value": "Answered."}
        if bank.is_scored(q.id) and q.evidence != "none":
            out[q.id]["evidence"] = [{"title": "Evidence document", "ref": "DOC-1"}]
    return out
