"""Question-bank models (pydantic v2): the bank, its metadata (bands, profiles, rules, weights).

The questions themselves (kinds, options, findings, references) and the principle files
are in ``model.questions``; they are named here too, as parts of the bank.

The bank is trusted data written by bank authors; it is still validated strictly so that a
broken bank fails loudly (see :mod:`rcr_checklist.files.bank_loader`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist.model.conditions import Condition
from rcr_checklist.model.migration import MigrationMap
from rcr_checklist.model.questions import (
    CHOICE_KINDS,
    ID_PATTERN,
    ChoiceQuestion,
    DateQuestion,
    FindingSpec,
    NumberQuestion,
    Option,
    PrincipleFile,
    ProfileName,
    Question,
    Reference,
    Severity,
    StrictModel,
    TextQuestion,
    YesNoQuestion,
)
from rcr_checklist.model.sources import Sources

__all__ = [
    "CHOICE_KINDS",
    "Band",
    "Bank",
    "BankMeta",
    "ChoiceQuestion",
    "DateQuestion",
    "FindingSpec",
    "NumberQuestion",
    "Option",
    "PrincipleFile",
    "Profile",
    "Question",
    "Reference",
    "Rule",
    "Severity",
    "TextQuestion",
    "WeightClass",
    "YesNoQuestion",
]


class Band(StrictModel):
    """A rating band: scores at or above ``min`` earn ``label``."""

    label: str = Field(min_length=1, description="e.g. 'Meets'.")
    min: float = Field(ge=0, le=100, description="Lowest score in the band, 0-100.")
    colour: str = Field(
        "#555555", pattern=r"^#[0-9a-fA-F]{6}$", description="Colour used in reports."
    )


class Profile(StrictModel):
    """Who answers: vendor (all questions), clinician (a quick check), procurement."""

    title: str = Field(description="Shown in the questionnaire and on the report cover.")
    description: str = Field("", description="Who this profile is for.")


class Rule(StrictModel):
    """A finding that depends on several answers."""

    id: str = Field(
        pattern=ID_PATTERN, description="Stable id, e.g. 'rule.clinical_use_without_marking'."
    )
    principle: int = Field(ge=1, le=9, description="Principle the finding belongs to.")
    when: Condition = Field(description="The finding is raised when this holds.")
    severity: Severity
    kind: Literal["failure", "disagreement"] = Field(
        "failure",
        description="failure: the answers together show a shortfall; disagreement: the answers "
        "contradict each other, so at least one of them is wrong.",
    )
    text: str = Field(min_length=1, description="The finding.")
    recommendation: str = Field(min_length=1, description="What to do about it.")
    references: list[Reference] = Field(min_length=1, description="Public clauses behind it.")


class WeightClass(StrictModel):
    """A weight the bank uses, with the reason questions carry it."""

    weight: float = Field(gt=0, le=10, description="The weight, e.g. 3.")
    label: str = Field(min_length=1, description="Short name, e.g. 'Legal duty or DTAC must-pass'.")
    reason: str = Field(min_length=1, description="Why questions of this kind weigh this much.")


class BankMeta(StrictModel):
    """``bank.yaml``: identity, rating bands, profiles, files and cross-question rules."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="e.g. 'rcr-ai-principles'.")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$", description="Semantic version.")
    title: str
    source: str = Field(description="The statement the bank is built on, with its publisher.")
    notes: str = Field("", description="Caveats, e.g. sources cited at document level only.")
    bands: list[Band] = Field(min_length=1, description="Highest first; the last has min 0.")
    failing_label: str = Field(
        "Does not meet", description="Rating forced by any critical finding."
    )
    min_completion: float = Field(
        1.0,
        gt=0,
        le=1,
        description="Share of visible questions answered (justified n/a included) an "
        "assessment needs to get a band rating; below it the rating is 'Not rated' (unless a "
        "critical finding already gives the failing label).",
    )
    profiles: dict[ProfileName, Profile]
    files: list[str] = Field(min_length=1, description="Principle files in asking order.")
    rules: list[Rule] = Field(default_factory=list)
    weights: list[WeightClass] = Field(
        default_factory=list,
        description="The weights scored questions may carry, each with its reason; when given, "
        "every scored question's weight must be one of them.",
    )
    sources: str | None = Field(
        None, description="File listing the frameworks and editions references may cite."
    )
    migrations: list[str] = Field(
        default_factory=list,
        description="Files mapping answers for earlier bank versions onto this one.",
    )


class Bank(BaseModel):
    """A loaded, validated bank. Build it with :func:`rcr_checklist.files.bank_loader.load_bank`."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    meta: BankMeta
    principles: list[PrincipleFile]
    sha256: str
    directory: Path
    sources: Sources | None = None
    migrations: list[MigrationMap] = []

    @cached_property
    def questions(self) -> list[Question]:
        """Every question, facts first, in asking order."""
        return [q for p in self.principles for q in p.questions]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        """Question id -> question."""
        return {q.id: q for q in self.questions}

    @cached_property
    def principle_of(self) -> dict[str, PrincipleFile]:
        """Question id -> the principle file holding it."""
        return {q.id: p for p in self.principles for q in p.questions}

    @cached_property
    def order(self) -> dict[str, int]:
        """Question id -> position in asking order."""
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def scored_ids(self) -> frozenset[str]:
        """Ids of the questions that earn points (see :meth:`is_scored`)."""
        return frozenset(
            q.id
            for p in self.principles
            for q in p.questions
            if q.kind in CHOICE_KINDS and p.number > 0 and q.weight > 0
        )

    @cached_property
    def options_of(self) -> dict[str, dict[str, Option]]:
        """Question id -> option value -> option, for choice questions."""
        return {
            q.id: {o.value: o for o in q.options}
            for q in self.questions
            if isinstance(q, ChoiceQuestion | YesNoQuestion)
        }

    @cached_property
    def critical_capable(self) -> frozenset[str]:
        """Questions whose answer can raise (or hide) a critical finding.

        A question with a critical option, a question named in a critical rule, and a
        question named in the ``show_if`` of either: left unanswered, any of them leaves a
        critical finding possible, which a ``--fail-on-critical`` gate must not ignore.
        """
        from rcr_checklist.model.conditions import leaves

        direct = {
            q.id
            for q in self.questions
            if any(
                o.finding and o.finding.severity == "critical" for o in getattr(q, "options", [])
            )
        }
        direct.update(
            leaf.question
            for rule in self.meta.rules
            if rule.severity == "critical"
            for leaf, _ in leaves(rule.when)
        )
        gates = {
            leaf.question
            for q in self.questions
            if q.id in direct and q.show_if is not None
            for leaf, _ in leaves(q.show_if)
        }
        return frozenset(direct | gates)

    def profile_questions(self, profile: str) -> list[Question]:
        """The questions a profile asks, in asking order (cached per profile).

        Args:
            profile: ``vendor``, ``clinician`` or ``procurement``.

        Returns:
            The questions whose ``profiles`` include it.
        """
        cache = self._profile_cache
        if profile not in cache:
            cache[profile] = [q for q in self.questions if profile in q.profiles]
        return cache[profile]

    @cached_property
    def _profile_cache(self) -> dict[str, list[Question]]:
        return {}

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """A cache for what other modules derive from the bank once (e.g. the scoring plan).

        The bank is frozen, so anything derived from it stays valid as long as it lives.
        """
        return {}

    def is_scored(self, question_id: str) -> bool:
        """Whether the question earns points: a choice question in a principle (not facts).

        Args:
            question_id: an existing question id.

        Returns:
            True for scored questions.
        """
        return question_id in self.scored_ids

    def rating(self, score: float) -> str:
        """Return the label of the band ``score`` (0-100) falls in."""
        for band in self.meta.bands:
            if score >= band.min:
                return band.label
        return self.meta.bands[-1].label

    def colour(self, label: str) -> str:
        """Return the colour of a rating label (``#rrggbb``), grey if unknown."""
        for band in self.meta.bands:
            if band.label == label:
                return band.colour
        return "#555555"
