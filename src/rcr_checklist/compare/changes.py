"""What changed between two versions of one product: answers that gained or lost points.

A comparison whose inputs all name the same product compares them over time, first input to
last: questions that improved or got worse, findings resolved and new.
"""

from __future__ import annotations

from rcr_checklist.compare.cells import answer_key, answer_text, points_text
from rcr_checklist.compare.model import Change, Comparison
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment

__all__ = ["with_changes"]


def with_changes(bank: Bank, c: Comparison, before: Assessment, after: Assessment) -> Comparison:
    """Add what changed from ``before`` to ``after`` (versions of one product).

    Args:
        bank: the bank both were scored with (its question order).
        c: the comparison built so far.
        before: the first version's assessment.
        after: the last version's assessment.

    Returns:
        A copy of ``c`` with ``improved``, ``worsened`` (largest change first),
        ``other_changes``, ``only_one``, ``resolved`` and ``new`` filled in.
    """
    old = {r.id: r for r in before.questions}
    new = {r.id: r for r in after.questions}
    improved: list[Change] = []
    worsened: list[Change] = []
    other = only_one = 0
    for q in bank.questions:
        if not bank.is_scored(q.id) or (q.id not in old and q.id not in new):
            continue
        b, a = old.get(q.id), new.get(q.id)
        if b is None or a is None:  # asked of one version only: no before/after to weigh
            only_one += 1
            continue
        if answer_key(b) == answer_key(a):
            continue
        delta = round((a.earned if a else 0.0) - (b.earned if b else 0.0), 4)
        change = Change(
            q.id,
            bank.principle_of[q.id].number,
            q.text,
            points_text(b) or "-",
            points_text(a) or "-",
            answer_text(b),
            answer_text(a),
            delta,
        )
        if delta > 0:
            improved.append(change)
        elif delta < 0:
            worsened.append(change)
        else:
            other += 1
    improved.sort(key=lambda ch: -ch.delta)
    worsened.sort(key=lambda ch: ch.delta)

    def keyed(a: Assessment) -> dict[tuple[str, str], str]:
        return {(f.question, f.text): f.severity for f in a.findings}

    was, now = keyed(before), keyed(after)
    resolved = [(sev, q, t) for (q, t), sev in was.items() if (q, t) not in now]
    added = [(sev, q, t) for (q, t), sev in now.items() if (q, t) not in was]
    return Comparison(
        **{
            **c.__dict__,
            "improved": improved,
            "worsened": worsened,
            "other_changes": other,
            "only_one": only_one,
            "resolved": resolved,
            "new": added,
        }
    )
