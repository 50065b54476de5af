"""``compare``: load, verify and score the inputs, match reviews, render and write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rcr_checklist.app.inputs import Scored, expand_inputs, score_path, score_report
from rcr_checklist.compare.build import build_comparison
from rcr_checklist.compare.model import Comparison, Submission
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.review_io import LoadedReview, check_review, load_review
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.review import review_from_report, review_view

__all__ = ["CompareRun", "load_submissions", "load_verified", "run_compare", "write_comparison"]


def load_verified(path: Path, bank: Bank, *, bank_given: bool = False) -> Scored:
    """Load and score one input; a report PDF gets the fast check first (see ``score_report``).

    Args:
        path: an answers file or a report PDF made by this tool.
        bank: the bank to score with.
        bank_given: the user chose the bank (``--bank``): a PDF made with another bank is
            then re-scored with it, with a warning, instead of refused.

    Returns:
        The scored input; its warnings include notes about the bank.

    Raises:
        InputError: unreadable input, a PDF not made by this tool, a report whose figures do
            not match its embedded answers (tampered), answers for another bank.
    """
    if path.suffix.lower() != ".pdf":
        return score_path(path, bank)
    return score_report(path, bank, bank_given=bank_given)


def _match_reviews(
    reviews: list[LoadedReview], items: list[Submission]
) -> tuple[dict[int, LoadedReview], list[Problem]]:
    by_sha: dict[str, list[int]] = {}
    for i, s in enumerate(items):
        by_sha.setdefault(s.assessment.answers_sha256, []).append(i)
    matched: dict[int, LoadedReview] = {}
    problems: list[Problem] = []
    for loaded in reviews:
        sha = loaded.review.answers_sha256
        line = loaded.located.line_of(("answers_sha256",)) if loaded.located else None
        hits = by_sha.get(sha, [])
        if not hits:
            problems.append(
                Problem(
                    loaded.source,
                    line,
                    "answers_sha256",
                    f"this review is for answers with SHA-256 {sha[:12]}..., which none of the "
                    "inputs has; it reviews other (perhaps older) answers",
                )
            )
            continue
        for i in hits:
            if i in matched:
                problems.append(
                    Problem(
                        loaded.source,
                        line,
                        "answers_sha256",
                        f"{items[i].source} already has a review ({matched[i].source}); "
                        "give one review per input",
                    )
                )
                continue
            matched[i] = loaded
    return matched, problems


def load_submissions(
    inputs: list[Path],
    bank: Bank,
    *,
    reviews: list[Path] | None = None,
    bank_given: bool = False,
) -> list[Submission]:
    """Load, verify and score every input; match reviews to inputs by answers SHA-256.

    Args:
        inputs: answers files and report PDFs (folders already expanded).
        bank: the bank to score every input with.
        reviews: review files, each matched to the input whose answers it records.
        bank_given: the user chose the bank (see :func:`load_verified`).

    Returns:
        The submissions in input order.

    Raises:
        InputError: fewer than two inputs, or any input or review that cannot be used; every
            problem is reported, one line each.
    """
    if len(inputs) < 2:
        raise InputError(
            Problem(
                str(inputs[0]) if inputs else "compare",
                None,
                "",
                "compare needs at least two inputs (answers files or report PDFs)",
            )
        )
    problems: list[Problem] = []
    items: list[Submission] = []
    for path in inputs:
        try:
            scored = load_verified(path, bank, bank_given=bank_given)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        items.append(
            Submission(
                scored.source,
                scored.assessment,
                None,
                list(map(str, scored.warnings)),
                verified=scored.verified,
            )
        )
    loaded_reviews: list[LoadedReview] = []
    for path in reviews or []:
        try:
            loaded_reviews.append(load_review(path))
        except InputError as exc:
            problems.extend(exc.problems)
    matched, review_problems = _match_reviews(loaded_reviews, items)
    problems.extend(review_problems)
    for i, loaded in matched.items():
        try:
            check_review(loaded, items[i].assessment, items[i].source)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        items[i].review = review_view(loaded.review, items[i].assessment)
    for i, item in enumerate(items):
        if i in matched or not item.source.lower().endswith(".pdf"):
            continue
        from rcr_checklist.files.report_pdf import read_embedded

        try:  # a report made with `report --review` carries its review
            embedded = review_from_report(
                read_embedded(Path(item.source)).data, item.assessment, item.source
            )
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if embedded is not None:
            item.review = review_view(embedded, item.assessment)
    if problems:
        raise InputError(problems)
    return items


def write_comparison(bank: Bank, comparison: Comparison, out: Path, fmt: str | None) -> None:
    """Render a comparison and write it atomically (whole or not at all).

    Args:
        bank: the bank every submission was scored with.
        comparison: the comparison.
        out: the file to write.
        fmt: a format name; from the suffix of ``out`` when None.

    Raises:
        InputError: unknown format, or one that does not apply to a comparison.
        OSError: the folder is missing or not writable; nothing is left behind.
    """
    from rcr_checklist.files.atomic import atomic_write
    from rcr_checklist.formats import ComparisonDoc, Subject, get_format, pick_format

    kind = pick_format(Subject.COMPARISON, out, fmt)
    atomic_write(out, get_format(kind).comparison(ComparisonDoc(bank, comparison)))


@dataclass
class CompareRun:
    """What ``compare`` wrote.

    Attributes:
        out: the comparison file.
        comparison: the comparison (its ``warnings`` are for stderr).
    """

    out: Path
    comparison: Comparison

    def summary(self) -> str:
        """One line: each submission's key, label, score and rating (untrusted names)."""
        return ", ".join(
            f"{v.key} {v.label} {v.score} ({v.rating})" for v in self.comparison.submissions
        )


def run_compare(
    inputs: list[Path],
    out: Path,
    *,
    fmt: str | None = None,
    reviews: list[Path] | None = None,
    bank_dir: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> CompareRun:
    """Compare submissions side by side: answers files, folders or report PDFs.

    Args:
        inputs: paths as given on the command line.
        out: the comparison file.
        fmt: a format name; from the suffix of ``out`` when None.
        reviews: review files, each matched to the input whose answers it records.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        warn: given each warning of the comparison (untrusted text) before it is written.

    Returns:
        The comparison written.

    Raises:
        InputError: unknown format, fewer than two inputs, an input or review that cannot be
            used, or ``out`` is one of the inputs.
        OSError: ``out`` cannot be written.
    """
    from rcr_checklist.formats import Subject, pick_format

    kind = pick_format(Subject.COMPARISON, out, fmt)  # a bad name fails before any loading
    bank = load_bank(bank_dir)
    skipped: list[Problem] = []
    sources = expand_inputs(list(inputs), skipped)
    if warn is not None:
        for problem in skipped:
            warn(str(problem))
    refuse_overwrite(out, [*sources, *(reviews or [])])
    items = load_submissions(sources, bank, reviews=reviews, bank_given=bank_dir is not None)
    comparison = build_comparison(bank, items)
    if warn is not None:
        for warning in comparison.warnings:
            warn(warning)
    write_comparison(bank, comparison, out, kind.value)
    return CompareRun(out, comparison)


def refuse_overwrite(out: Path, inputs: list[Path]) -> None:
    """Refuse an output path that is one of the inputs (it would destroy the input).

    Args:
        out: the output path given with ``-o``.
        inputs: every file the command reads.

    Raises:
        InputError: ``out`` is (or resolves to) one of ``inputs``.
    """
    try:
        target = out.resolve()
    except OSError:  # pragma: no cover - an unresolvable path cannot be an input
        return
    for path in inputs:
        try:
            same = path.resolve() == target
        except OSError:  # pragma: no cover
            same = False
        if same:
            raise InputError(
                Problem(
                    str(out), None, "-o", "the output would overwrite an input; choose another name"
                )
            )
