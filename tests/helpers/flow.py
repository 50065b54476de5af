"""Shared test helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.flow import (
    Step,
    new_answers,
    with_answer,
)
from rcr_checklist.questionnaire.protocol import Choice, Nav
from rcr_checklist.questionnaire.session import Questionnaire

# A bank of our own, so these tests do not move when principles/ changes.
FLOW_META = """\
id: flow-bank
version: 1.0.0
title: Flow bank
source: A bank for questionnaire tests.
bands:
  - {label: Meets, min: 80}
  - {label: Partially meets, min: 50}
  - {label: Does not meet, min: 0}
profiles:
  vendor: {title: Vendor}
  clinician: {title: Clinician}
  procurement: {title: Procurement}
files: [0-facts.yaml, 1-first.yaml, 2-second.yaml]
"""


FLOW_FACTS = """\
id: facts
number: 0
title: Product facts
statement: Facts decide which questions apply.
questions:
  - id: facts.device
    kind: yes_no
    text: Is it a medical device?
    help: Device help.
    profiles: [vendor, clinician, procurement]
  - id: facts.ui
    kind: yes_no
    text: Has it a user interface?
"""


FLOW_FIRST = """\
id: first
number: 1
title: First principle
statement: The first principle's statement.
questions:
  - id: first.marking
    kind: single
    text: Is it marked?
    help: Marking help.
    evidence: required
    evidence_examples: The certificate.
    recommendation: Mark it.
    references: [{framework: MHRA, clause: registration}]
    profiles: [vendor, clinician, procurement]
    options:
      - {value: marked, label: Marked, score: 1}
      - {value: pending, label: Pending, score: 0.5}
      - {value: none, label: Not marked, score: 0}
  - id: first.wcag
    kind: yes_no
    text: Does the interface meet WCAG 2.1 AA?
    show_if: {question: facts.ui, equals: "yes"}
    allow_na: true
    na_when: Only engineers use the screens.
    recommendation: Meet WCAG.
    references: [{framework: DTAC, clause: D1.4}]
  - id: first.standards
    kind: multi
    text: Which standards?
    allow_na: true
    na_when: Not software.
    evidence: optional
    recommendation: Certify.
    references: [{framework: ISO 13485, clause: all}]
    options:
      - {value: iso13485, label: ISO 13485, score: 0.5}
      - {value: iec62304, label: IEC 62304, score: 0.5}
      - {value: none, label: None of these, score: 0}
"""


FLOW_SECOND = """\
id: second
number: 2
title: Second principle
statement: The second principle's statement.
questions:
  - id: second.safety
    kind: single
    text: Is there a safety case?
    recommendation: Write one.
    references: [{framework: DCB0129, clause: "2.2.1"}]
    profiles: [vendor, clinician, procurement]
    options:
      - {value: complete, label: Complete, score: 1}
      - {value: none, label: None, score: 0,
         finding: {severity: critical, text: No clinical safety case.}}
  - id: second.sites
    kind: number
    text: How many sites use it?
    minimum: 0
    unit: sites
"""


def write_flow_bank(root: Path) -> Path:
    """Write the flow bank into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in {
        "bank.yaml": FLOW_META,
        "0-facts.yaml": FLOW_FACTS,
        "1-first.yaml": FLOW_FIRST,
        "2-second.yaml": FLOW_SECOND,
    }.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


KEEP = object()  # text(): accept the default shown


class FakeAsker:
    """Plays a script of ``(method, reply)`` pairs and records what was asked and shown.

    A :class:`Nav` reply stands for a key of the key scheme; it must be one the prompt offers
    (or, in a menu, one of its entries).
    """

    def __init__(self, script: Sequence[tuple[str, Any]]) -> None:
        self.script = list(script)
        self.shown: list[tuple[str, str]] = []
        self.asked: list[tuple[str, str, Any]] = []  # (method, message, default)
        self.choices: list[list[Any]] = []
        self.keys: list[list[Nav]] = []  # the keys each prompt offered
        self.texts: list[tuple[str, bool]] = []  # (instruction, multiline) per text() call

    def _reply(self, method: str, message: str, default: Any, keys: Sequence[Nav]) -> Any:
        self.asked.append((method, message, default))
        self.keys.append(list(keys))
        assert self.script, f"script ran out at {method}({message!r})"
        expected, reply = self.script.pop(0)
        assert expected == method, f"expected {expected}, asked {method}({message!r})"
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def show(self, text: str, kind: str = "info") -> None:
        self.shown.append((kind, text))

    def choose(
        self,
        message: str,
        choices: Sequence[Choice | None],
        default: Any = None,
        keys: Sequence[Nav] = (),
    ) -> Any:
        self.choices.append([c.value for c in choices if c is not None])
        reply = self._reply("choose", message, default, keys)
        assert reply in self.choices[-1] or reply in keys, f"{reply!r} not offered: {message!r}"
        return reply

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[Any],
        validate: Callable[[list[Any]], str | None],
        keys: Sequence[Nav] = (),
    ) -> Any:
        reply = self._reply("many", message, list(checked), keys)
        if isinstance(reply, Nav):
            assert reply in keys, f"{reply!r} not offered: {message!r}"
            return reply
        assert validate(reply) is None
        return list(reply)

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Callable[[str], str | None] | None = None,
        multiline: bool = False,
        keys: Sequence[Nav] = (),
    ) -> Any:
        self.texts.append((instruction, multiline))
        reply = self._reply("text", message, default, keys)
        if isinstance(reply, Nav):
            assert reply in keys, f"{reply!r} not offered: {message!r}"
            return reply
        reply = default if reply is KEEP else reply
        if validate is not None:
            assert validate(reply) is None, validate(reply)
        return str(reply)

    def confirm(self, message: str, default: bool, keys: Sequence[Nav] = ()) -> Any:
        reply = self._reply("confirm", message, default, keys)
        return default if reply is KEEP else reply

    def done(self) -> None:
        assert not self.script, f"script not played: {self.script}"


def start(
    bank: Bank, answers: dict[str, Any] | None = None, profile: str = "vendor"
) -> AnswersFile:
    file = new_answers(bank, "Product X", profile)
    for qid, value in (answers or {}).items():
        file = with_answer(bank, file, qid, value=value)
    return file


def run(
    bank: Bank, answers: AnswersFile, script: Sequence[tuple[str, Any]], step: Step | None
) -> tuple[str, Questionnaire, FakeAsker, list[AnswersFile]]:
    asker = FakeAsker(script)
    saved: list[AnswersFile] = []
    session = Questionnaire(bank, answers, asker, saved.append)
    outcome = session.run(step)
    asker.done()
    return outcome, session, asker, saved


def q(qid: str) -> Step:
    return Step("question", qid)
