"""``bank validate`` and ``bank list``: load a bank, check it, select its questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.wording import count
from rcr_checklist.report.summary import bank_rows

__all__ = ["BankListing", "list_bank", "validate_bank"]


def validate_bank(directory: Path | None) -> str:
    """Load and check a bank folder; say what it holds.

    Args:
        directory: the bank folder, or None for the bundled RCR bank.

    Returns:
        One line: "OK: ID VERSION: N questions (S scored) in P principles, R rules; sha256 H".

    Raises:
        BankError: the bank breaks its schema or a cross-check (every problem located by file,
            line and field; ``bank_checks`` lists them: references to unknown framework
            editions, conditions naming unknown questions or values, duplicate ids, ...).
    """
    bank = load_bank(directory)
    scored = sum(1 for q in bank.questions if bank.is_scored(q.id))
    principles = sum(1 for p in bank.principles if p.number)
    return (
        f"OK: {bank.meta.id} {bank.meta.version}: {count(len(bank.questions), 'question')} "
        f"({scored} scored) in {count(principles, 'principle')}, "
        f"{count(len(bank.meta.rules), 'rule')}; "
        f"sha256 {bank.sha256}"
    )


@dataclass(frozen=True)
class BankListing:
    """The questions ``bank list`` shows.

    Attributes:
        bank: the loaded bank.
        rows: one JSON-ready dict per question (see ``report.summary.bank_rows``).
    """

    bank: Bank
    rows: list[dict[str, Any]]


def list_bank(
    bank_dir: Path | None, *, profile: str | None = None, principle: int | None = None
) -> BankListing:
    """Load a bank and select the questions to list.

    Args:
        bank_dir: the bank folder, or None for the bundled RCR bank.
        profile: only the questions asked of this profile (vendor, clinician, procurement).
        principle: only the questions of this principle number (0: the product facts).

    Returns:
        The bank and its selected rows, in bank order.

    Raises:
        BankError: the bank cannot be loaded.
        InputError: the bank has no principle ``principle`` (exit code 2).
    """
    bank = load_bank(bank_dir)
    numbers = sorted({p.number for p in bank.principles})
    if principle is not None and principle not in numbers:
        raise InputError(
            Problem(
                "--principle",
                None,
                "",
                f"the bank has no principle {principle}; it has {', '.join(map(str, numbers))}",
            )
        )
    return BankListing(bank, bank_rows(bank, profile, principle))
