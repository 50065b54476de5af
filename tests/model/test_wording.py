"""How figures and counts are written for people (model.wording)."""

from __future__ import annotations

from rcr_checklist.model.wording import count, percent_text, score_text


def test_scores_and_shares():
    assert score_text(None) == "n/a"
    assert score_text(95.56) == "95.6"
    assert score_text(100) == "100.0"
    assert percent_text(None) == "n/a"
    assert percent_text(0.974) == "97%"


def test_counts_take_the_right_number():
    assert count(0, "critical finding") == "0 critical findings"
    assert count(1, "critical finding") == "1 critical finding"
    assert count(4, "report PDF") == "4 report PDFs"
    assert count(1, "open query", "open queries") == "1 open query"
    assert count(3, "open query", "open queries") == "3 open queries"
