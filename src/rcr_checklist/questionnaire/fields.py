"""The product and assessor fields the questionnaire asks before the bank's questions."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from rcr_checklist.model.answers import AnswersFile, Assessor, Product
from rcr_checklist.model.bank import Bank

__all__ = [
    "ASSESSOR_FIELDS",
    "FIELDS",
    "PRODUCT_FIELDS",
    "SECTIONS",
    "FieldSpec",
    "asked_fields",
    "field_problem",
    "with_field",
]


@dataclass(frozen=True)
class FieldSpec:
    """A product or assessor field asked before the bank's questions.

    Attributes:
        name: the attribute of :class:`Product` or :class:`Assessor`.
        prompt: the question shown.
        help: shown on request.
        asked_by: bank questions that ask the same fact; when the bank has one of them, the
            field is not asked separately (each fact is asked once) and the session fills
            it from that question's answer, for the report's cover.
    """

    name: str
    prompt: str
    help: str
    asked_by: tuple[str, ...] = ()


PRODUCT_FIELDS = (
    FieldSpec("name", "Product name", "The product's name as it appears in the labelling."),
    FieldSpec("version", "Product version", "The product or model version being assessed."),
    FieldSpec("manufacturer", "Manufacturer", "The legal manufacturer named in the labelling."),
    FieldSpec(
        "intended_purpose",
        "Intended purpose",
        "The intended purpose as written in the instructions for use: what the product does, "
        "for which patients, used by whom.",
        ("regulation.intended_purpose_text",),
    ),
    FieldSpec(
        "modality",
        "Modality",
        "The imaging the product works on, e.g. 'Chest X-ray'.",
        ("facts.modality",),
    ),
    FieldSpec(
        "care_setting",
        "Care setting",
        "Where it is used, e.g. 'Emergency department'.",
        ("facts.care_setting",),
    ),
)
ASSESSOR_FIELDS = (
    FieldSpec("name", "Your name", "The person answering, shown on the report cover."),
    FieldSpec(
        "role", "Your role", "e.g. 'Clinical safety officer' or 'Head of regulatory affairs'."
    ),
    FieldSpec("organisation", "Your organisation", "The organisation you answer for."),
    FieldSpec("date", "Date of the assessment (YYYY-MM-DD)", "Usually today."),
)
FIELDS: dict[tuple[str, str], FieldSpec] = {
    **{("product", f.name): f for f in PRODUCT_FIELDS},
    **{("assessor", f.name): f for f in ASSESSOR_FIELDS},
}
"""Every field by ``(kind, name)``, in asking order."""
SECTIONS = {"product": "About the product", "assessor": "About you (the assessor)"}
"""The section title of each kind of field."""


def asked_fields(bank: Bank, specs: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    """The fields the questionnaire asks itself: those no question of ``bank`` asks.

    Args:
        bank: the bank.
        specs: :data:`PRODUCT_FIELDS` or :data:`ASSESSOR_FIELDS`.

    Returns:
        The fields to ask, in order.
    """
    return [f for f in specs if not any(qid in bank.by_id for qid in f.asked_by)]


def with_field(answers: AnswersFile, kind: str, name: str, value: str | None) -> AnswersFile:
    """A copy of ``answers`` with one product or assessor field set (validated).

    Args:
        answers: the current answers.
        kind: "product" or "assessor".
        name: the field's name.
        value: the new value; None empties the field.

    Returns:
        The new answers file.

    Raises:
        pydantic.ValidationError: the value breaks the model (e.g. an empty name, a bad date).
    """
    if kind == "product":
        product = Product.model_validate({**dict(answers.product), name: value})
        return answers.model_copy(update={"product": product})
    assessor = Assessor.model_validate({**dict(answers.assessor), name: value})
    return answers.model_copy(update={"assessor": assessor})


def field_problem(answers: AnswersFile, kind: str, name: str, raw: str) -> str | None:
    """Say what is wrong with ``raw`` for a product or assessor field.

    Args:
        answers: the current answers.
        kind: "product" or "assessor".
        name: the field's name.
        raw: the stripped text typed ("" empties the field).

    Returns:
        A message for the user, or None when the text is acceptable.
    """
    try:
        with_field(answers, kind, name, raw or None)
    except ValidationError as exc:
        return _message(exc, name)
    return None


def _message(exc: ValidationError, name: str) -> str:
    error = exc.errors()[0]
    if error["type"] == "string_too_short" or (error["type"] == "missing"):
        return f"the {name.replace('_', ' ')} is required"
    if "date" in error["type"]:
        return "give a date as YYYY-MM-DD, e.g. 2026-03-01"
    return str(error["msg"])
