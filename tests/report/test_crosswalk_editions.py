"""The report's framework crosswalk: DTAC v2.0 clauses first, v1 only as a separate heading."""

from __future__ import annotations

from helpers.banks import best_answers, make_answers
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score
from rcr_checklist.report.context import build_context


def test_crosswalk_headings_carry_the_dtac_edition(rcr_bank: Bank) -> None:
    a = score(rcr_bank, make_answers(rcr_bank, best_answers(rcr_bank)))
    crosswalk = dict(build_context(rcr_bank, a).crosswalk)
    names = list(crosswalk)
    assert names[:2] == ["DTAC v2.0", "DTAC v1"]
    assert "DTAC" not in crosswalk
    v2 = {entry.clause for entry in crosswalk["DTAC v2.0"]}
    assert {"C1.1.1", "C1.2.5", "C2.1", "C2.2.2", "C3.1", "D1.4.1; D1.4.3"} <= v2
    # a single-edition framework gets one heading, whether or not a reference names the edition
    assert "DCB0129" in crosswalk and "DCB0129 v4.2" not in crosswalk
    ukca = [e.question for e in crosswalk["DTAC v1"] if e.clause == "C1.3.1; C1.3.2"]
    assert ukca == ["regulation.ukca_marking"]
