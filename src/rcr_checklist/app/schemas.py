"""JSON Schemas exported for editors and CI (``rcr-checklist schema``).

The answers schema is bank-aware: besides the generic answers-file format it lists every
question id of a bank with its text and the values its answer may take, so an editor with the
YAML language server completes option values and flags a wrong one as you type.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import BaseModel

from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import (
    Bank,
    BankMeta,
    ChoiceQuestion,
    DateQuestion,
    NumberQuestion,
    PrincipleFile,
    Question,
    TextQuestion,
    YesNoQuestion,
)
from rcr_checklist.model.review_file import ReviewFile
from rcr_checklist.model.scoring import Assessment

__all__ = ["answers_schema", "json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "answers": (AnswersFile, "rcr-checklist answers file"),
    "bank": (PrincipleFile, "rcr-checklist bank principle file (principles/N-*.yaml)"),
    "bank-meta": (BankMeta, "rcr-checklist bank.yaml"),
    "assessment": (Assessment, "rcr-checklist assessment JSON"),
    "review": (ReviewFile, "rcr-checklist review file"),
}

# Shared by every question that allows n/a: the tool refuses n/a without a justification.
_NA_NEEDS_JUSTIFICATION: dict[str, Any] = {
    "description": "'n/a' needs a justification saying why the question does not apply.",
    "if": {"properties": {"value": {"const": NA}}, "required": ["value"]},
    "then": {
        "properties": {"justification": {"type": "string", "minLength": 1}},
        "required": ["justification"],
    },
}


def json_schema(what: str, bank: Bank | None = None) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one of our file formats.

    Args:
        what: ``answers``, ``bank``, ``bank-meta``, ``assessment`` or ``review``.
        bank: for ``answers`` only, the bank whose questions the schema lists (default: the
            bundled RCR bank); ignored for the other formats.

    Returns:
        The schema as a dict, with ``$schema`` and ``title`` set.

    Raises:
        KeyError: an unknown name.
        BankError: ``bank`` is None and the bundled bank is broken.
    """
    model, title = _MODELS[what]
    if what == "answers":
        if bank is None:
            from rcr_checklist.files.bank_loader import load_bank

            bank = load_bank(None)
        return answers_schema(bank)
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": DRAFT, **schema, "title": title}


def answers_schema(bank: Bank) -> dict[str, Any]:
    """Return the answers-file schema with one property per question id of ``bank``.

    Known ids get the generic answer schema narrowed to the values the question takes (option
    values, ``n/a`` where allowed, a number range, a date); unknown ids still validate against
    the generic answer schema, because the tool only warns about them. ``bank.id`` is fixed to
    the bank's id and ``bank.version`` defaults to its version (another version only warns).
    The output depends only on the bank, so it is stable from run to run.

    Args:
        bank: the bank whose questions to list.

    Returns:
        The schema as a dict (draft 2020-12), with ``$schema`` and ``title`` set.
    """
    base = AnswersFile.model_json_schema(by_alias=True)
    schema: dict[str, Any] = {"$schema": DRAFT, **copy.deepcopy(base)}
    defs = schema["$defs"]
    bank_ref = defs["BankRef"]["properties"]
    bank_ref["id"].update(const=bank.meta.id, default=bank.meta.id)
    bank_ref["version"]["default"] = bank.meta.version
    defs["NotApplicableNeedsJustification"] = _NA_NEEDS_JUSTIFICATION
    answers = schema["properties"]["answers"]
    answers["description"] = (
        f"Question id -> answer. The ids of bank {bank.meta.id} {bank.meta.version} are listed "
        "with the values they take; an unknown id is kept with a warning, not scored."
    )
    answers["properties"] = {q.id: _question_schema(bank, q) for q in bank.questions}
    schema["title"] = _MODELS["answers"][1]
    return schema


def _question_schema(bank: Bank, question: Question) -> dict[str, Any]:
    """The schema of one known question's answer: the generic answer and a narrowed value."""
    parts: list[dict[str, Any]] = [
        {"$ref": "#/$defs/Answer"},
        {"properties": {"value": _value_schema(question)}},
    ]
    if question.allow_na:
        parts.append({"$ref": "#/$defs/NotApplicableNeedsJustification"})
    return {"description": _description(bank, question), "allOf": parts}


def _description(bank: Bank, question: Question) -> str:
    """Question text, the first sentence of its help, and the principle it belongs to."""
    principle = bank.principle_of[question.id]
    where = (
        f"Principle {principle.number}: {principle.title}."
        if principle.number
        else f"{principle.title} (not scored)."
    )
    summary = re.split(r"(?<=[.!?])\s+", question.help.strip(), maxsplit=1)[0]
    return "\n\n".join(part for part in (question.text, summary, where) if part)


def _value_schema(question: Question) -> dict[str, Any]:
    """The values one question's answer takes; null (not answered yet) is always accepted."""
    na = [NA] if question.allow_na else []
    kinds: list[dict[str, Any]]
    description: str
    if isinstance(question, ChoiceQuestion | YesNoQuestion):
        values = [o.value for o in question.options]
        description = "Options: " + "; ".join(
            f"{o.value} = {o.label}"
            + ("" if o.score is None else f" (score {o.score:g})")
            + (" (on its own only)" if o.exclusive else "")
            for o in question.options
        )
        if question.kind == "multi":
            kinds = [{"type": "array", "items": {"enum": values}, "uniqueItems": True}]
            if na:
                kinds.append({"const": NA})
        else:
            kinds = [{"enum": values + na}]
            if question.kind == "yes_no" and {"yes", "no"} <= set(values):
                kinds.append({"type": "boolean"})  # true/false are read as yes/no
    elif isinstance(question, NumberQuestion):
        number: dict[str, Any] = {"type": "number"}
        if question.minimum is not None:
            number["minimum"] = question.minimum
        if question.maximum is not None:
            number["maximum"] = question.maximum
        kinds = [number] + ([{"const": NA}] if na else [])
        description = "A number" + (f" ({question.unit})" if question.unit else "")
    elif isinstance(question, DateQuestion):
        kinds = [{"type": "string", "format": "date"}] + ([{"const": NA}] if na else [])
        description = "A date, YYYY-MM-DD"
    else:
        assert isinstance(question, TextQuestion)
        kinds = [{"type": "string"}]
        description = "Free text"
    if na:
        description += "; or 'n/a' with a justification"
    description += f"; or '{NOT_DISCLOSED}' when the vendor was asked and did not say"
    if not isinstance(question, TextQuestion):  # free text takes any string already
        kinds.append({"const": NOT_DISCLOSED})
    return {"description": description + ".", "anyOf": [*kinds, {"type": "null"}]}
