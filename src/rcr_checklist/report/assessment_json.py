"""The assessment JSON (DESIGN section 5): what ``--format json`` writes and a PDF embeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.text import json_text

if TYPE_CHECKING:
    from rcr_checklist.model.review import ReviewView
    from rcr_checklist.report.decision import Detail

__all__ = ["assessment_json"]


def assessment_json(
    assessment: Assessment,
    review: ReviewView | None = None,
    detail: Detail | None = None,
    renderer: str | None = None,
) -> str:
    """The assessment JSON (DESIGN section 5), pretty printed, UTF-8 characters kept.

    Args:
        assessment: the scored assessment.
        review: when given, added under the key ``review`` (verdicts, counts, sign-off).
        detail: when given, added under the key ``detail``: the detail level a report PDF was
            printed at, so that ``verify`` can print it again the same way.
        renderer: when given, added as ``renderer.sha256``: the fingerprint of the build
            that printed a report PDF (``files.fingerprint``), so that ``verify`` can tell a
            report printed by another build from a changed one.

    Returns:
        JSON text ending with a newline.
    """
    data = assessment.model_dump(mode="json")
    if review is not None:
        from rcr_checklist.model.review import review_json

        data["review"] = review_json(review)
    if detail is not None:
        data["detail"] = detail.value
    if renderer is not None:
        data["renderer"] = {"sha256": renderer}
    return json_text(data) + "\n"
