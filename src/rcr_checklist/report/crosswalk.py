"""The report's crosswalk: each framework and clause the shown questions are traced to.

Headings follow the bank's sources file (current editions first), else the order an NHS
reader expects; clauses sort naturally ("C1.10" after "C1.9").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rcr_checklist.model.bank import Bank, Reference
from rcr_checklist.model.scoring import Assessment

__all__ = ["FRAMEWORK_ORDER", "CrosswalkEntry", "crosswalk"]

# Frameworks in the order an NHS reader expects them; others follow alphabetically.
FRAMEWORK_ORDER = (
    "DTAC",
    "DCB0129",
    "DCB0160",
    "MHRA",
    "UK MDR 2002",
    "UK GDPR",
    "DSPT",
    "NICE ESF",
    "EU AI Act",
)


@dataclass(frozen=True)
class CrosswalkEntry:
    """A clause of a framework and the question (or rule) traced to it."""

    clause: str
    question: str
    text: str
    principle: int


def _clause_key(clause: str) -> list[Any]:
    """Natural sort: 'C1.10' after 'C1.9'."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", clause)]


def _framework_name(ref: Reference, bank: Bank) -> str:
    """A crosswalk heading: the framework, and the edition where the sources list several."""
    if not ref.edition:
        return ref.framework
    framework = bank.sources.by_name.get(ref.framework) if bank.sources else None
    if framework is not None and len(framework.editions) == 1:
        return ref.framework
    return f"{ref.framework} {ref.edition}"


def _framework_order(bank: Bank) -> list[str]:
    """Headings in reading order: the bank's sources file (current editions first), else ours."""
    if bank.sources is None:
        return list(FRAMEWORK_ORDER)
    order: list[str] = []
    for framework in bank.sources.frameworks:
        order.append(framework.name)
        current = [e for e in framework.editions if e.status == "current"]
        older = [e for e in framework.editions if e.status != "current"]
        order.extend(f"{framework.name} {e.edition}" for e in current + older)
    return order


def crosswalk(
    bank: Bank, shown: list[str], a: Assessment
) -> list[tuple[str, list[CrosswalkEntry]]]:
    """Group the references of the shown questions and of the rules that fired by framework.

    Args:
        bank: the bank (references, sources, question order).
        shown: ids of the questions the report shows.
        a: the assessment (which rules fired).

    Returns:
        ``[(heading, entries)]`` in reading order, entries by clause then question order.
    """
    groups: dict[str, list[CrosswalkEntry]] = defaultdict(list)
    for qid in shown:
        q = bank.by_id[qid]
        for ref in q.references:
            groups[_framework_name(ref, bank)].append(
                CrosswalkEntry(ref.clause, qid, q.text, bank.principle_of[qid].number)
            )
    fired = {f.question for f in a.findings if f.source == "rule"}
    for rule in bank.meta.rules:
        if rule.id in fired:
            for ref in rule.references:
                groups[_framework_name(ref, bank)].append(
                    CrosswalkEntry(ref.clause, rule.id, rule.text, rule.principle)
                )
    order = _framework_order(bank)
    rank = {name.lower(): i for i, name in enumerate(order)}
    names = sorted(groups, key=lambda n: (rank.get(n.lower(), len(rank)), n.lower()))
    return [
        (
            name,
            sorted(
                groups[name],
                key=lambda e: (_clause_key(e.clause), bank.order.get(e.question, 10**6)),
            ),
        )
        for name in names
    ]
