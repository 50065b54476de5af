"""The question models of a bank (pydantic v2): questions by kind, options, findings, references.

A principle file of ``principles/`` is a list of these questions; ``model.bank`` gathers the
principle files, the rating bands, the profiles and the rules into one :class:`Bank`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist.model.conditions import Condition

__all__ = [
    "CHOICE_KINDS",
    "ID_PATTERN",
    "ChoiceQuestion",
    "DateQuestion",
    "FindingSpec",
    "NumberQuestion",
    "Option",
    "PrincipleFile",
    "ProfileName",
    "Question",
    "Reference",
    "Severity",
    "StrictModel",
    "TextQuestion",
    "YesNoQuestion",
]

Severity = Literal["critical", "major", "minor"]
ProfileName = Literal["vendor", "clinician", "procurement"]
CHOICE_KINDS = frozenset({"single", "multi", "yes_no"})
ID_PATTERN = r"^[a-z0-9][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)*$"
_VALUE = r"^[a-z0-9][a-z0-9_.-]*$"


class StrictModel(BaseModel):
    """Bank data: unknown fields are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Reference(StrictModel):
    """A public clause a question is traced to, e.g. ``{framework: DTAC, clause: C1.1}``."""

    framework: str = Field(
        min_length=1, description="Framework or standard, e.g. 'DTAC', 'DCB0129', 'UK GDPR'."
    )
    clause: str = Field(
        min_length=1, description="Clause, article or section within it, e.g. 'C1.1', 'Art 10(2)'."
    )
    edition: str | None = Field(
        None, description="Edition whose numbering the clause uses, e.g. 'v1' for DTAC."
    )


class FindingSpec(StrictModel):
    """A finding raised by an option or a rule."""

    severity: Severity = Field(description="critical (must-pass failure), major or minor.")
    text: str = Field(min_length=1, description="What is wrong, in one sentence a reader can cite.")


class Option(StrictModel):
    """One answer option of a choice question."""

    value: str = Field(pattern=_VALUE, description="Stable value stored in answers files.")
    label: str = Field(min_length=1, description="What the person answering sees.")
    score: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of the question's weight this option earns, 0 to 1; omit for facts.",
    )
    recommendation: str | None = Field(
        None,
        description="What to do when this option is chosen and scores below full marks; "
        "replaces the question's recommendation for this answer.",
    )
    finding: FindingSpec | None = Field(None, description="Finding raised when chosen.")
    exclusive: bool = Field(
        False,
        description="A multi-choice option (e.g. 'None of these') that cannot be combined "
        "with any other option.",
    )


def _default_profiles() -> list[ProfileName]:
    return ["vendor", "procurement"]


class _QuestionBase(StrictModel):
    id: str = Field(
        pattern=ID_PATTERN, description="Stable dotted id, e.g. 'regulation.ukca_marking'."
    )
    text: str = Field(min_length=1, description="The question as asked.")
    help: str = Field("", description="Why it matters and what a good answer looks like.")
    weight: float = Field(1.0, ge=0, le=10, description="Points of the question.")
    allow_na: bool = Field(False, description="Whether 'n/a' may be answered (with justification).")
    na_when: str | None = Field(
        None, description="When n/a is legitimate; shown when asking for the justification."
    )
    show_if: Condition | None = Field(None, description="Ask only when this holds.")
    evidence: Literal["required", "optional", "none"] = Field(
        "none", description="Whether a positive answer must cite evidence."
    )
    evidence_examples: str | None = Field(
        None, description="What a reviewer would ask to see, e.g. 'UKCA certificate'."
    )
    recommendation: str | None = Field(
        None, description="What to do when the answer scores below full marks."
    )
    references: list[Reference] = Field(
        default_factory=list, description="Public clauses the question is traced to."
    )
    profiles: list[ProfileName] = Field(
        default_factory=_default_profiles,
        description="Profiles that ask this question.",
    )


class ChoiceQuestion(_QuestionBase):
    """A single- or multi-choice question; ``multi`` sums selected scores, capped at 1."""

    kind: Literal["single", "multi"]
    options: list[Option] = Field(min_length=2, description="Options, best first.")


def _yes_no() -> list[Option]:
    return [Option(value="yes", label="Yes", score=1.0), Option(value="no", label="No", score=0.0)]


class YesNoQuestion(_QuestionBase):
    """A yes/no question; options may be overridden to attach findings or reverse scores."""

    kind: Literal["yes_no"]
    options: list[Option] = Field(default_factory=_yes_no, description="Exactly 'yes' and 'no'.")


class TextQuestion(_QuestionBase):
    """Free text; never scored."""

    kind: Literal["text"]
    multiline: bool = Field(False, description="Whether the answer may span several lines.")


class NumberQuestion(_QuestionBase):
    """A number; never scored, but usable in ``gte`` / ``lte`` conditions."""

    kind: Literal["number"]
    minimum: float | None = Field(None, description="Smallest accepted value.")
    maximum: float | None = Field(None, description="Largest accepted value.")
    unit: str | None = Field(None, description="Unit shown after the value, e.g. 'sites'.")


class DateQuestion(_QuestionBase):
    """An ISO 8601 date (YYYY-MM-DD); never scored."""

    kind: Literal["date"]


Question = Annotated[
    ChoiceQuestion | YesNoQuestion | TextQuestion | NumberQuestion | DateQuestion,
    Field(discriminator="kind"),
]


class PrincipleFile(StrictModel):
    """One file of ``principles/``: a principle (1-5) or the product facts (0)."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id, e.g. 'standards'.")
    number: int = Field(ge=0, le=9, description="0 for product facts, 1-5 for the principles.")
    title: str = Field(min_length=1, description="Short title.")
    statement: str = Field("", description="The principle in the RCR's sense, in our words.")
    questions: list[Question] = Field(min_length=1, description="Questions in asking order.")
