"""Applies a bank's migration map to an answers file written for an earlier bank version.

The answers are carried in memory (the file on disk is not touched); the user is told, with
located warnings, which answers moved, which must be answered again and which questions are new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rcr_checklist.errors import Problem
from rcr_checklist.files.located import LocatedData
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import CHOICE_KINDS, Bank
from rcr_checklist.model.migration import MigrationMap, migrate_answers
from rcr_checklist.model.scoring import visible_questions
from rcr_checklist.model.wording import count

if TYPE_CHECKING:  # answers_io calls this module; it needs the class only for types
    from rcr_checklist.files.answers_io import LoadedAnswers

__all__ = ["find_migration", "migrate_loaded"]

_LISTED = 12  # ids named in the summary line before "and N more"


def find_migration(bank: Bank, version: str) -> MigrationMap | None:
    """The bank's map from answers written for ``version``, if it has one.

    Args:
        bank: the current bank.
        version: the bank version an answers file was written for.

    Returns:
        The migration map, or None.
    """
    return next((m for m in bank.migrations if m.from_version == version), None)


def _listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def migrate_loaded(loaded: LoadedAnswers, bank: Bank, migration: MigrationMap) -> None:
    """Carry ``loaded``'s answers into ``bank`` in place and explain what happened.

    Args:
        loaded: answers written for ``migration.from_version``; its answers are replaced by the
            migrated ones (bank version set to the bank's), its warnings gain one line per
            answer that must be given again and a summary, and ``new_questions`` lists the
            visible scored questions left unanswered.
        bank: the current bank.
        migration: the map from the file's bank version to the bank's.
    """
    old = loaded.answers
    loc = loaded.located or LocatedData(data={}, source=loaded.source)
    raw = {qid: a.model_dump(mode="json", exclude_none=True) for qid, a in old.answers.items()}
    result = migrate_answers(raw, migration, bank.by_id)
    data = old.model_dump(mode="json", exclude_none=True)
    data["bank"]["version"] = bank.meta.version
    data["answers"] = result.answers
    loaded.answers = AnswersFile.model_validate(data)
    for item in result.reanswer:
        loaded.warnings.append(
            Problem(
                loaded.source,
                loc.line_of(("answers", item.old_id, "value")),
                f"answers.{item.old_id}.value",
                f"not carried to {item.new_id} in bank {bank.meta.version}: {item.reason}; "
                "answer it again",
            )
        )
    loaded.removed_questions.extend(result.removed)
    answered = loaded.answers.answers
    loaded.new_questions = [
        q.id
        for q in visible_questions(bank, loaded.answers)
        if q.kind in CHOICE_KINDS
        and (q.id not in answered or answered[q.id].value is None)
        and q.id not in {item.new_id for item in result.reanswer}
    ]
    renamed = sum(1 for c in result.carried if c.old_id != c.new_id)
    again = [item.new_id for item in result.reanswer] + loaded.new_questions
    summary = (
        f"written for bank version {migration.from_version} and carried to "
        f"{bank.meta.version}: {count(len(result.carried), 'answer')} carried "
        f"({renamed} to a new id)"
    )
    if again:
        summary += f"; {len(again)} to answer again or for the first time: {_listing(again)}"
    loaded.warnings.insert(
        0, Problem(loaded.source, loc.line_of(("bank", "version")), "bank.version", summary)
    )
