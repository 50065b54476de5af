"""Reading a submitted page of the browser form into answers, pure and without a web framework.

Each page sends every visible control of its section. A question or field is changed only
when the person changed it: each carries the digest of the answer it was shown with
(``<key>:was``), so an answer changed meanwhile in the terminal or in another window is never
overwritten by a stale page; that is reported as a conflict and the typed value is kept on the
page. Values go through the same models and bank checks as an answers file read from disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from pydantic import ValidationError

from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.limits import MAX_TEXT, NA, NOT_DISCLOSED
from rcr_checklist.model.answers import Answer, AnswersFile
from rcr_checklist.model.bank import Bank, Question
from rcr_checklist.questionnaire.fields import FIELDS, field_problem, with_field
from rcr_checklist.questionnaire.flow import with_answer
from rcr_checklist.questionnaire.prompts import parse_typed

__all__ = [
    "Form",
    "PageResult",
    "answer_digest",
    "clean_text",
    "field_digest",
    "read_fields",
    "read_questions",
]

NEW = "new"
"""The index of the empty evidence row that adds an item."""


class Form(Protocol):
    """What is read from a submitted form (Starlette's ``FormData`` has this shape)."""

    def get(self, key: str, /) -> Any:
        """The first value of ``key``, or None."""

    def getlist(self, key: str, /) -> list[Any]:
        """Every value of ``key``, in order."""


@dataclass
class PageResult:
    """What reading one submitted page gave.

    Attributes:
        answers: the answers with every accepted change applied.
        errors: control name -> message, for values that were refused (kept on the page).
        conflicts: question ids or field keys changed elsewhere since the page was shown.
        changed: whether anything was accepted.
    """

    answers: AnswersFile
    errors: dict[str, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    changed: bool = False


def clean_text(raw: Any) -> str:
    """Text typed in the browser as it is stored: Unix line ends, no NUL, trimmed.

    Args:
        raw: a form value (a non-string, such as an uploaded file, counts as empty).

    Returns:
        The text.
    """
    if not isinstance(raw, str):
        return ""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def _digest(data: Any) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def answer_digest(answer: Answer | None) -> str:
    """A short digest of an answer as shown, to notice a change made elsewhere meanwhile."""
    if answer is None:
        return _digest(None)
    return _digest(answer.model_dump(mode="json", exclude_none=True, exclude_defaults=True))


def field_digest(answers: AnswersFile, kind: str, name: str) -> str:
    """A short digest of a product or assessor field's value as shown."""
    model = answers.product if kind == "product" else answers.assessor
    value = getattr(model, name)
    return _digest(None if value is None else str(value))


def read_fields(answers: AnswersFile, form: Form) -> PageResult:
    """Apply the product and assessor fields of a submitted "About" page.

    Args:
        answers: the answers on disk now.
        form: the submitted form (``product:<name>``, ``assessor:<name>`` and their ``:was``).

    Returns:
        The result; a refused value leaves the field as it was on disk.
    """
    result = PageResult(answers)
    for kind, name in FIELDS:
        key = f"{kind}:{name}"
        if form.get(key) is None:
            continue
        raw = clean_text(form.get(key))
        model = result.answers.product if kind == "product" else result.answers.assessor
        current = getattr(model, name)
        if raw == ("" if current is None else str(current)):
            continue
        if form.get(f"{key}:was") != field_digest(result.answers, kind, name):
            result.conflicts.append(key)
            continue
        problem = (
            "the product name is required"
            if key == "product:name" and not raw
            else field_problem(result.answers, kind, name, raw)
        )
        if problem is not None:
            result.errors[key] = problem
            continue
        result.answers = with_field(result.answers, kind, name, raw or None)
        result.changed = True
    return result


def read_questions(
    bank: Bank, answers: AnswersFile, form: Form, questions: list[Question]
) -> PageResult:
    """Apply the answers of the questions a submitted section page showed.

    Args:
        bank: the bank.
        answers: the answers on disk now.
        form: the submitted form; a question takes part when ``<id>:shown`` is present.
        questions: the section's questions (those not sent are left alone).

    Returns:
        The result; a refused answer is left as it was on disk.
    """
    result = PageResult(answers)
    for question in questions:
        qid = question.id
        if form.get(f"{qid}:shown") is None:
            continue
        current = result.answers.answers.get(qid)
        try:
            new = _read_answer(question, form, current)
        except _Refused as exc:
            result.errors[exc.name] = exc.message
            continue
        if new == current or (new is None and current is None):
            continue
        if form.get(f"{qid}:was") != answer_digest(current):
            result.conflicts.append(qid)
            continue
        problem = _bank_problem(bank, result.answers, qid, new)
        if problem is not None:
            result.errors[problem[0]] = problem[1]
            continue
        result.answers = _set_answer(bank, result.answers, qid, new)
        result.changed = True
    return result


class _Refused(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name, self.message = name, message


def _read_answer(question: Question, form: Form, current: Answer | None) -> Answer | None:
    qid = question.id
    value = _read_value(question, form)
    justification = clean_text(form.get(f"{qid}:justification")) or None
    if value == NA and not justification:
        raise _Refused(
            f"{qid}:justification", "'n/a' needs a justification saying why it does not apply"
        )
    data: dict[str, Any] = {
        "value": value,
        "justification": justification if value == NA else None,
        "comment": clean_text(form.get(f"{qid}:comment")) or None,
        "evidence": _read_evidence(question, form, current),
    }
    if data["value"] is None and not data["comment"] and not data["evidence"]:
        return None
    try:
        return Answer.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        name = f"{qid}:{where.split('.')[0]}" if where else f"{qid}:value"
        raise _Refused(name, str(error["msg"])) from None


def _read_value(question: Question, form: Form) -> str | float | list[str] | None:
    qid = question.id
    key = f"{qid}:value"
    if question.kind in ("single", "yes_no"):
        raw = clean_text(form.get(key))
        allowed = {o.value for o in question.options} | {NOT_DISCLOSED}
        if question.allow_na:
            allowed.add(NA)
        if raw and raw not in allowed:
            raise _Refused(key, "choose one of the options shown")
        return raw or None
    na = form.get(f"{qid}:na") is not None and question.allow_na
    withheld = form.get(f"{qid}:nd") is not None
    if question.kind == "multi":
        picked = [clean_text(v) for v in form.getlist(key) if clean_text(v)]
        values = [o.value for o in question.options]
        if any(p not in values for p in picked):
            raise _Refused(key, "choose among the options shown")
        given: str | float | list[str] | None = picked or None
    else:
        raw = clean_text(form.get(key))
        if len(raw) > MAX_TEXT:
            raise _Refused(key, f"at most {MAX_TEXT:,} characters")
        try:
            given = parse_typed(question, raw) if raw else None
        except ValueError as exc:
            raise _Refused(key, str(exc)) from None
    if na and withheld:
        raise _Refused(key, "choose either not applicable or not disclosed, not both")
    if (na or withheld) and given is not None:
        what = "the options ticked" if question.kind == "multi" else "the answer typed"
        raise _Refused(key, f"clear {what}, or untick not applicable / not disclosed")
    return NA if na else NOT_DISCLOSED if withheld else given


def _read_evidence(question: Question, form: Form, current: Answer | None) -> list[dict[str, Any]]:
    """The evidence items as submitted: those shown (unless ticked for removal), then a new one."""
    qid = question.id
    items: list[dict[str, Any]] = []
    count = len(current.evidence) if current is not None else 0
    for index in [*range(count), NEW]:
        prefix = f"{qid}:ev{index}"
        if form.get(f"{prefix}:remove") is not None:
            continue
        title, ref, date = (clean_text(form.get(f"{prefix}:{part}")) for part in FIELD_PARTS)
        if form.get(f"{prefix}:title") is None and index != NEW and current is not None:
            items.append(current.evidence[int(index)].model_dump(mode="json", exclude_none=True))
            continue
        if not (title or ref or date):
            continue
        if not title:
            raise _Refused(f"{prefix}:title", "an evidence item needs a title")
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise _Refused(f"{prefix}:date", "give a date as YYYY-MM-DD") from None
        if len(title) > 500:
            raise _Refused(f"{prefix}:title", "at most 500 characters")
        if len(ref) > 2000:
            raise _Refused(f"{prefix}:ref", "at most 2,000 characters")
        items.append({"title": title, "ref": ref or None, "date": date or None})
    if len(items) > 50:
        raise _Refused(f"{qid}:ev{NEW}:title", "at most 50 evidence items")
    return items


FIELD_PARTS = ("title", "ref", "date")
"""The controls of one evidence item."""


def _bank_problem(
    bank: Bank, answers: AnswersFile, qid: str, answer: Answer | None
) -> tuple[str, str] | None:
    """The answers file reader's bank check of one answer: (control name, message) or None."""
    if answer is None:
        return None
    probe = answers.model_copy(update={"answers": {qid: answer}})
    try:
        check_against_bank(LoadedAnswers(answers=probe, source="form"), bank)
    except InputError as exc:
        for problem in exc.problems:
            if problem.field.startswith(f"answers.{qid}."):
                return f"{qid}:{problem.field.rsplit('.', 1)[1]}", problem.message
    return None


def _set_answer(bank: Bank, answers: AnswersFile, qid: str, answer: Answer | None) -> AnswersFile:
    if answer is None:
        rest = {k: v for k, v in answers.answers.items() if k != qid}
        return answers.model_copy(update={"answers": rest})
    return with_answer(bank, answers, qid, **dict(answer))
