"""Carrying answers written for an earlier bank version into the current one (``migration.yaml``).

The map is data: for each old question id that changed, whether it was renamed, split, had
options replaced or was removed, and for each target question a value map from old option values
to new ones (``null``: cannot be carried, to be answered again). Applying it is a pure function
from the old answers to the new ones plus what the user must be told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist.limits import NA

__all__ = ["Carried", "MigrationMap", "MigrationResult", "QuestionChange", "migrate_answers"]

ValueMap = dict[str, str | list[str] | None]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class QuestionChange(_Strict):
    """What happened to one old question id."""

    change: Literal["renamed", "split", "options", "removed"] = Field(
        description="renamed (a new id), split (several ids), options (values changed), removed."
    )
    reason: str = Field(min_length=1, description="Why, in a sentence or two.")
    to: dict[str, ValueMap] = Field(
        default_factory=dict,
        description="Target question id -> {old value: new value, list of values, or null}.",
    )


class MigrationMap(_Strict):
    """A migration file: how answers for bank version ``from`` are carried into ``to``."""

    from_version: str = Field(
        alias="from", pattern=r"^\d+\.\d+\.\d+$", description="Bank version answers come from."
    )
    to_version: str = Field(
        alias="to", pattern=r"^\d+\.\d+\.\d+$", description="Bank version they are carried to."
    )
    questions: dict[str, QuestionChange] = Field(
        default_factory=dict, description="Old question id -> what happened to it."
    )


@dataclass(frozen=True)
class Carried:
    """One old answer's fate for one target question.

    Attributes:
        old_id: the id in the old answers file.
        new_id: the target id (the same id when unchanged).
        reason: why it could not be carried; empty when it was.
    """

    old_id: str
    new_id: str
    reason: str = ""


@dataclass
class MigrationResult:
    """Answers after migration, and what the user must be told.

    Attributes:
        answers: new question id -> answer data as in an answers file. An answer that could
            not be carried keeps its evidence and comment without a value (unanswered).
        carried: answers carried to a question of the new bank (renamed ones included).
        reanswer: answers that must be given again, each with the reason.
        removed: old ids whose question was removed (their answers are kept, not scored).
    """

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    carried: list[Carried] = field(default_factory=list)
    reanswer: list[Carried] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _choice(value: Any, vmap: ValueMap, exclusive: Mapping[str, bool], multi: bool) -> Any:
    """Map a choice value through ``vmap``; return the new value or a reason string in a tuple."""
    olds = value if isinstance(value, list) else [value]
    new: list[str] = []
    dropped: list[str] = []
    for old in olds:
        mapped = vmap.get(old, old)
        if mapped is None:
            dropped.append(repr(old))
        else:
            new.extend(mapped if isinstance(mapped, list) else [mapped])
    new = list(dict.fromkeys(new))
    unknown = [v for v in new if v not in exclusive]
    if unknown:
        return (f"{unknown[0]!r} is not an option of the new question",)
    if multi:
        if not new:
            return (f"{', '.join(dropped)} cannot be carried",)
        if len(new) > 1 and any(exclusive[v] for v in new):
            return ("the carried options include one that cannot be combined with others",)
        return new
    if dropped or len(new) != 1:
        what = ", ".join(dropped) or repr(value)
        return (f"{what} cannot be carried" if dropped else f"{what} has no single equivalent",)
    return new[0]


def _carry(
    entry: Mapping[str, Any], vmap: ValueMap, question: Any, mapped: bool
) -> tuple[Any, str]:
    """The new value of one answer for ``question``: ``(value, "")`` or ``(None, reason)``.

    A value the map does not name and the new question does not know was already wrong in
    the old file: it is carried unchanged, so that the answers check reports it as an error.
    """
    value = entry.get("value")
    if value is None:
        return None, ""
    if value == NA:
        if question.allow_na or not mapped:
            return NA, ""
        return None, "the new question does not allow n/a"
    options = getattr(question, "options", None)
    if options is None:  # text, number, date: carried as written
        return value, ""
    exclusive = {o.value: o.exclusive for o in options}
    olds = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and (v in vmap or v in exclusive) for v in olds):
        return value, ""
    new = _choice(value, vmap, exclusive, question.kind == "multi")
    return (None, new[0]) if isinstance(new, tuple) else (new, "")


def migrate_answers(
    answers: Mapping[str, Mapping[str, Any]],
    migration: MigrationMap,
    questions: Mapping[str, Any],
) -> MigrationResult:
    """Carry answers written for ``migration.from_version`` into the current bank.

    Args:
        answers: old question id -> answer data (``value``, ``evidence``, ``comment``, ...).
        migration: the map from the old bank version to the current one.
        questions: the current bank's question id -> question (``kind``, ``allow_na`` and, for
            choice kinds, ``options`` with ``value`` and ``exclusive``).

    Returns:
        The new answers, what was carried, what must be answered again and what was removed.
        Ids the map does not name are carried unchanged when their value is still valid.
    """
    result = MigrationResult()
    for old_id, entry in answers.items():
        change = migration.questions.get(old_id)
        if change is not None and change.change == "removed":
            result.removed.append(old_id)
            result.answers[old_id] = dict(entry)
            continue
        targets: dict[str, ValueMap] = change.to if change is not None else {old_id: {}}
        for new_id, vmap in targets.items():
            question = questions.get(new_id)
            if question is None:  # an unknown id: kept for the usual warning
                result.answers.setdefault(new_id, dict(entry))
                continue
            value, why = _carry(entry, vmap, question, change is not None)
            if why:
                because = f"{why} ({change.reason.strip().rstrip('.')})" if change else why
                result.reanswer.append(Carried(old_id, new_id, because))
                kept = {k: v for k, v in entry.items() if k in ("evidence", "comment")}
                result.answers.setdefault(new_id, kept)
                continue
            new_entry = {k: v for k, v in entry.items() if k != "value"}
            if value is not None:
                new_entry["value"] = value
                result.carried.append(Carried(old_id, new_id))
            if value != NA:
                new_entry.pop("justification", None)
            result.answers[new_id] = new_entry
    return result
