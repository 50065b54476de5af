"""``score``: expand the inputs, score each one, check the gates (the vendor's CI gate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rcr_checklist.app.inputs import expand_inputs, score_many
from rcr_checklist.errors import GateFailed, InputError, Problem, RcrError, printable
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count

__all__ = ["ScoreRun", "gate_failures", "run_score"]


@dataclass
class ScoreRun:
    """What scoring the inputs gave.

    Attributes:
        items: ``(source, assessment)`` for every input that was scored, in input order.
        single: one file was named (not a folder): ``--format json`` prints one object.
        warnings: lines for stderr, each starting ``warning:``, already printable.
        problems: inputs that could not be used (the others are still scored and shown).
        failures: the gates that failed, one sentence each.
        verified: by source, the check a report PDF passed ("attachment-and-cover (fast)":
            the fast check);
            answers files are not listed.
    """

    items: list[tuple[str, Assessment]]
    single: bool
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    verified: dict[str, str] = field(default_factory=dict)

    def error(self) -> RcrError | None:
        """The error to exit with once the output is shown: bad input first, then a gate.

        Returns:
            An InputError (exit 2), a GateFailed (exit 1), or None when all went well.
        """
        if self.problems:
            return InputError(self.problems)
        if self.failures:
            return GateFailed("gate failed: " + "; ".join(self.failures))
        return None


def gate_failures(
    items: list[tuple[str, Assessment]], *, fail_under: float | None, fail_on_critical: bool
) -> list[str]:
    """Check ``--fail-under`` and ``--fail-on-critical`` on every scored input.

    Args:
        items: ``(source, assessment)`` pairs.
        fail_under: the lowest acceptable overall score (0-100), or None for no such gate.
        fail_on_critical: fail on any critical finding, and on an open question (unanswered
            or not disclosed) that could raise one.

    Returns:
        One sentence per failed gate, naming the input, in input order.
    """
    failures = []
    for source, a in items:
        if fail_on_critical and a.overall.critical_findings:
            failures.append(f"{source}: {count(a.overall.critical_findings, 'critical finding')}")
        if fail_on_critical and a.overall.unanswered_critical:
            open_ = a.overall.unanswered_critical
            failures.append(
                f"{source}: {count(len(open_), 'open question')} could raise a critical finding "
                f"({', '.join(open_[:3])}{', ...' if len(open_) > 3 else ''})"
            )
        if fail_under is not None:
            failures.extend(f"{source}: {why}" for why in _below(a, fail_under))
    return failures


def _below(a: Assessment, fail_under: float) -> list[str]:
    """Why an assessment fails ``--fail-under``: the rating rule first, then the score.

    A draft (below the bank's completion threshold) has no rating, so it cannot pass; a
    critical finding gives the failing rating whatever the score.
    """
    o = a.overall
    if o.critical_findings:
        return [f"rated {o.rating!r} by {count(o.critical_findings, 'critical finding')}"]
    if not o.rated:
        return [(o.not_rated_reason or o.rating) + "; a rating is needed to pass --fail-under"]
    if (o.score or 0.0) < fail_under:
        return [f"overall score {o.score} is below {fail_under:g}"]
    return []


def run_score(
    inputs: list[Path],
    *,
    bank_dir: Path | None = None,
    strict: bool = False,
    jobs: int | None = None,
    fail_under: float | None = None,
    fail_on_critical: bool = False,
) -> ScoreRun:
    """Score answers files, folders of them, or report PDFs; check the gates.

    A comparison PDF found in a folder is skipped with a warning (named on its own, it is an
    error). With ``strict``, an input with warnings is a problem instead of a result.

    Args:
        inputs: paths as given on the command line.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        strict: treat warnings (unknown question ids, another bank version) as errors.
        jobs: worker processes (default: all CPUs for 200 inputs or more).
        fail_under: see :func:`gate_failures`.
        fail_on_critical: see :func:`gate_failures`.

    Returns:
        The scored inputs, the warnings, the problems and the failed gates.

    Raises:
        BankError: the bank is broken.
        InputError: an input does not exist, or a folder holds no input.
    """
    bank = load_bank(bank_dir)
    run = ScoreRun([], single=len(inputs) == 1 and not inputs[0].is_dir())
    named = {path.resolve() for path in inputs if not path.is_dir()}
    skipped: list[Problem] = []
    sources = expand_inputs(list(inputs), skipped)
    run.warnings.extend(f"warning: {printable(str(p))}" for p in skipped)
    for outcome in score_many(sources, bank, bank_dir, jobs):
        if outcome.skippable and Path(outcome.source).resolve() not in named:
            for problem in outcome.problems:  # found in a folder: not a submission
                run.warnings.append(f"warning: {printable(str(problem))}; skipped")
            continue
        if strict and outcome.warnings and not outcome.problems:
            run.problems.extend(outcome.warnings)
            continue
        run.warnings.extend(f"warning: {printable(str(w))}" for w in outcome.warnings)
        run.problems.extend(outcome.problems)
        if outcome.assessment is not None:
            run.items.append((outcome.source, outcome.assessment))
            if outcome.verified:
                run.verified[outcome.source] = outcome.verified
    run.failures = gate_failures(
        run.items, fail_under=fail_under, fail_on_critical=fail_on_critical
    )
    return run
