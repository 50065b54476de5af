"""Reads, checks and saves review files, with located errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.files.document import load_document
from rcr_checklist.files.locate import closest, problems_from_validation, vocabulary
from rcr_checklist.files.located import LocatedData
from rcr_checklist.files.reading import read_text
from rcr_checklist.files.yamlio import dump_yaml
from rcr_checklist.model.review import approval_needs_reason
from rcr_checklist.model.review_file import (
    REVIEW_FORMAT,
    ReviewFile,
    latest_date_today,
    product_label,
)
from rcr_checklist.model.scoring import Assessment

__all__ = [
    "LoadedReview",
    "check_review",
    "check_signoff",
    "load_review",
    "parse_review",
    "review_for",
    "save_review",
]


_KNOWN = vocabulary(ReviewFile)


@dataclass
class LoadedReview:
    """A review file as loaded.

    Attributes:
        review: the validated review.
        source: the file name for messages.
        located: the raw data with line numbers (None when built in memory).
    """

    review: ReviewFile
    source: str
    located: LocatedData | None = None


def parse_review(text: str, source: str) -> tuple[ReviewFile, LocatedData]:
    """Parse and validate review-file text.

    Args:
        text: YAML text.
        source: the name shown in messages.

    Returns:
        The model and the located data.

    Raises:
        InputError: bad YAML, limits exceeded, wrong types, unknown or missing fields; every
            problem names file, line and field.
    """
    located = load_document(text, source)
    if not isinstance(located.data, dict):
        raise InputError(
            Problem(
                source,
                1 if located.data is not None else None,
                "",
                "must be a YAML mapping with format, answers_sha256, product and verdicts; "
                "see `rcr-checklist schema review`",
            )
        )
    fmt = located.data.get("format")
    if isinstance(fmt, str) and fmt.startswith("rcr-checklist/") and fmt != REVIEW_FORMAT:
        raise InputError(
            Problem(
                source,
                located.line_of(("format",)),
                "format",
                f"{fmt!r} is not a review file (expected {REVIEW_FORMAT!r})",
            )
        )
    try:
        model = ReviewFile.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, located, _KNOWN)) from None
    return model, located


def load_review(path: Path, source: str | None = None) -> LoadedReview:
    """Load a review file (safe, bounded YAML; located errors).

    Args:
        path: the review file.
        source: the name shown in messages (default: the path as given).

    Returns:
        The loaded review.

    Raises:
        InputError: unreadable file, bad YAML or schema errors.
    """
    name = source or str(path)
    review, located = parse_review(read_text(path, name), name)
    return LoadedReview(review=review, source=name, located=located)


def check_review(
    loaded: LoadedReview,
    assessment: Assessment,
    answers_source: str,
    *,
    signoff: bool = True,
    today: dt.date | None = None,
) -> None:
    """Check that a review fits these answers and that its sign-off cannot mislead.

    Args:
        loaded: the review as loaded.
        assessment: the scored answers it should review.
        answers_source: the answers' file name, for the message.
        signoff: also check the sign-off (see :func:`check_signoff`); off when the
            interactive review resumes a file, where the sign-off is asked again.
        today: the latest date a sign-off may carry (default: :func:`latest_date_today`).

    Raises:
        InputError: the review records another answers SHA-256, gives a verdict on a
            question these answers were not asked, or (with ``signoff``) its sign-off is
            refused by :func:`check_signoff`.
    """
    review = loaded.review
    loc = loaded.located or LocatedData(data={}, source=loaded.source)
    if review.answers_sha256 != assessment.answers_sha256:
        raise InputError(
            Problem(
                loaded.source,
                loc.line_of(("answers_sha256",)),
                "answers_sha256",
                f"this review is for other answers ({review.product}, SHA-256 "
                f"{review.answers_sha256[:12]}...), not {answers_source} "
                f"({product_label(assessment)}, SHA-256 {assessment.answers_sha256[:12]}...); "
                "a review holds only for the exact answers it reviewed, so if they changed, "
                "review them again",
            )
        )
    asked = {r.id for r in assessment.questions}
    problems = []
    for qid in review.verdicts:
        if qid not in asked:
            guess = closest(qid, asked)
            problems.append(
                Problem(
                    loaded.source,
                    loc.line_of(("verdicts", qid)),
                    f"verdicts.{qid}",
                    f"{answers_source} was not asked this question"
                    + (f"; did you mean {guess!r}?" if guess else ""),
                )
            )
    if signoff:
        problems.extend(_signoff_problems(loaded, assessment, today))
    if problems:
        raise InputError(problems)


def _signoff_problems(
    loaded: LoadedReview, assessment: Assessment, today: dt.date | None
) -> list[Problem]:
    s = loaded.review.signoff
    if s is None:
        return []
    loc = loaded.located or LocatedData(data={}, source=loaded.source)
    problems = []
    latest = today or latest_date_today()
    if s.date > latest:
        problems.append(
            Problem(
                loaded.source,
                loc.line_of(("signoff", "date")),
                "signoff.date",
                f"{s.date.isoformat()} is in the future (today is {latest.isoformat()} at the "
                "latest); date the sign-off on the day it is given",
            )
        )
    over = approval_needs_reason(loaded.review, assessment)
    if over is not None:
        problems.append(
            Problem(
                loaded.source,
                loc.line_of(("signoff", "decision")),
                "signoff.reason",
                f"{s.decision!r} is given over {over}; say why under signoff.reason (it is "
                "shown on the cover), or change the decision to 'not approved'",
            )
        )
    return problems


def check_signoff(
    loaded: LoadedReview, assessment: Assessment, today: dt.date | None = None
) -> None:
    """Refuse a sign-off that would mislead a reader of the report.

    Args:
        loaded: the review as loaded.
        assessment: the scored answers it reviews.
        today: the latest date a sign-off may carry (default: :func:`latest_date_today`).

    Raises:
        InputError: the sign-off is dated in the future, or approves over rejected answers,
            open queries or critical findings without a ``reason``; each problem names the
            file, line and field.
    """
    problems = _signoff_problems(loaded, assessment, today)
    if problems:
        raise InputError(problems)


def review_for(path: Path, assessment: Assessment, answers_source: str) -> ReviewFile:
    """Load a review file and check it against the answers (see :func:`check_review`).

    Args:
        path: the review file.
        assessment: the scored answers.
        answers_source: the answers' file name, for messages.

    Returns:
        The review.

    Raises:
        InputError: see :func:`load_review` and :func:`check_review`.
    """
    loaded = load_review(path)
    check_review(loaded, assessment, answers_source)
    return loaded.review


def save_review(review: ReviewFile, path: Path, assessment: Assessment | None = None) -> list[Path]:
    """Write a review file atomically, with an editor hint for its schema.

    A symlink at ``path`` is followed (the file it points to is written).

    Args:
        review: the review.
        path: the file to write.
        assessment: the scored answers; when given, the head lists the questions with nothing
            to review (unanswered, and not disclosed: requested from the vendor), so a
            reviewer sees what is missing before signing off.

    Returns:
        Stale temporary files of earlier, crashed saves that were removed (usually none).

    Raises:
        OSError: the folder cannot be written; the previous file is left as it was.
    """
    body = dump_yaml(review.model_dump(mode="json", exclude_none=False))
    head = (
        "# rcr-checklist review: a verdict (accepted / query / rejected) and comment per\n"
        "# question, then the sign-off. Schema: `rcr-checklist schema review`.\n"
        "# signoff: name, role, organisation, date (YYYY-MM-DD, not in the future), decision\n"
        "# (approved | approved with conditions | not approved), conditions, and reason:\n"
        "# required to approve over rejected answers, open queries or critical findings,\n"
        "# and shown on the cover beside the decision.\n"
    )
    if assessment is not None:
        if assessment.overall.critical_findings:
            n = assessment.overall.critical_findings
            head += (
                f"# These answers raise {n} critical finding{'s' if n != 1 else ''}: approving "
                "over them needs a reason.\n"
            )
        unanswered = [r.id for r in assessment.questions if r.status == "unanswered"]
        for title, ids in (
            ("Not answered (nothing to review yet)", unanswered),
            ("Not disclosed (requested from the vendor)", assessment.overall.not_disclosed),
        ):
            if ids:
                head += f"# {title}: {len(ids)}\n" + "".join(f"#   - {qid}\n" for qid in ids)
    return atomic_write(path, head + body, follow_symlinks=True)
