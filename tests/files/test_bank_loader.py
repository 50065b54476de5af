"""The bundled RCR bank is complete, and broken banks get one exact line per problem."""

from __future__ import annotations

import pytest

from helpers.banks import TINY_ALPHA, TINY_BETA, TINY_META, write_tiny_bank
from rcr_checklist.cli import main
from rcr_checklist.errors import BankError
from rcr_checklist.files.bank_loader import load_bank

FRAMEWORKS_NEEDED = {"DTAC", "DCB0129", "MHRA intended purpose guidance", "UK GDPR", "NICE ESF"}


def test_rcr_bank_is_complete(rcr_bank):
    scored = [q for q in rcr_bank.questions if rcr_bank.is_scored(q.id)]
    assert len(scored) >= 55
    for principle in rcr_bank.principles:
        if principle.number:
            count = sum(rcr_bank.is_scored(q.id) for q in principle.questions)
            assert count >= 10, principle.id
            assert principle.statement.strip()
    assert [p.number for p in rcr_bank.principles] == [0, 1, 2, 3, 4, 5]
    for q in scored:
        assert q.references, q.id
        assert q.recommendation, q.id
        assert q.help.strip(), q.id
    clinician = [q for q in scored if "clinician" in q.profiles]
    assert 12 <= len(clinician) <= 18
    assert set(range(1, 6)) == {rcr_bank.principle_of[q.id].number for q in clinician}
    frameworks = {r.framework for q in scored for r in q.references}
    assert FRAMEWORKS_NEEDED <= frameworks
    assert sum(q.allow_na for q in scored) >= 3
    assert all(q.na_when for q in scored if q.allow_na)
    critical = [
        q.id for q in scored for o in q.options if o.finding and o.finding.severity == "critical"
    ]
    assert len(critical) >= 8
    assert rcr_bank.meta.rules


def test_bank_facts_are_not_scored(rcr_bank):
    facts = rcr_bank.principles[0]
    assert facts.number == 0
    assert not any(rcr_bank.is_scored(q.id) for q in facts.questions)
    ids = {q.id for q in facts.questions}
    assert {
        "facts.medical_device",
        "facts.user_interface",
        "facts.markets",
        "facts.personal_data",
        "facts.output_use",
        "facts.direct_care",
        "facts.model_updates",
        "facts.hosting",
    } <= ids


BROKEN = {
    "bad yaml": (
        {"1-alpha.yaml": TINY_ALPHA.replace("    kind: single\n", "    kind: [single\n", 1)},
        "b/1-alpha.yaml:8: not valid YAML: did not find expected ',' or ']'",
    ),
    "unknown field": (
        {"1-alpha.yaml": TINY_ALPHA.replace("    weight: 2\n", "    wieght: 2\n")},
        "b/1-alpha.yaml:9: questions[0].wieght: unknown field 'wieght'; did you mean 'weight'?",
    ),
    "duplicate id": (
        {"2-beta.yaml": TINY_BETA.replace("id: beta.dcb0129", "id: alpha.one")},
        "b/2-beta.yaml:16: questions[1].id: id 'alpha.one' is already used in b/1-alpha.yaml",
    ),
    "dangling show_if": (
        {"1-alpha.yaml": TINY_ALPHA.replace("question: facts.ui", "question: facts.screen")},
        "b/1-alpha.yaml:23: questions[1].show_if.question: refers to 'facts.screen', which is "
        "not an earlier question",
    ),
    "show_if on a later question": (
        {"1-alpha.yaml": TINY_ALPHA.replace("question: facts.ui", "question: beta.marking")},
        "b/1-alpha.yaml:23: questions[1].show_if.question: refers to 'beta.marking', which is "
        "not an earlier question",
    ),
    "show_if on itself (a cycle)": (
        {"1-alpha.yaml": TINY_ALPHA.replace("question: facts.ui", "question: alpha.wcag")},
        "b/1-alpha.yaml:23: questions[1].show_if.question: refers to itself",
    ),
    "show_if with an option value that does not exist": (
        {"1-alpha.yaml": TINY_ALPHA.replace('equals: "yes"}', "equals: maybe}")},
        "b/1-alpha.yaml:23: questions[1].show_if.equals: 'maybe' is not an option of "
        "'facts.ui' (options: no, yes)",
    ),
    "score 1.5": (
        {"1-alpha.yaml": TINY_ALPHA.replace("label: Half, score: 0.5", "label: Half, score: 1.5")},
        "b/1-alpha.yaml:16: questions[0].options[1].score: input should be less than or equal "
        "to 1 (got 1.5)",
    ),
    "missing reference": (
        {
            "2-beta.yaml": TINY_BETA.replace(
                "    references: [{framework: MHRA, clause: registration}]\n", ""
            )
        },
        "b/2-beta.yaml:6: questions[0].references: a scored question needs at least one "
        "{framework, clause} reference",
    ),
    "rule with an option value that does not exist": (
        {"bank.yaml": TINY_META.replace("equals: none}", "equals: nothing}")},
        "b/bank.yaml:20: rules[0].when.all[1].equals: 'nothing' is not an option of "
        "'beta.marking' (options: marked, none, pending)",
    ),
    "missing principle file": (
        {"bank.yaml": TINY_META.replace("2-beta.yaml]", "2-beta.yaml, 3-gamma.yaml]")},
        "b/bank.yaml:13: files[3]: no such principle file '3-gamma.yaml'",
    ),
    "unknown kind": (
        {"1-alpha.yaml": TINY_ALPHA.replace("kind: multi", "kind: multiple")},
        "b/1-alpha.yaml:27: questions[2].kind: 'multiple' is not a known kind; use one of: "
        "single, multi, yes_no, text, number, date",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_bank_messages(case, tmp_path, monkeypatch):
    overrides, expected = BROKEN[case]
    write_tiny_bank(tmp_path / "b", **overrides)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "b")
    assert str(info.value) == expected


def test_several_problems_are_all_reported(tmp_path, monkeypatch):
    alpha = TINY_ALPHA.replace("question: facts.ui", "question: facts.screen").replace(
        "    weight: 2\n", ""
    )
    beta = TINY_BETA.replace("    references: [{framework: MHRA, clause: registration}]\n", "")
    write_tiny_bank(tmp_path / "b", **{"1-alpha.yaml": alpha, "2-beta.yaml": beta})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "b")
    assert len(info.value.problems) == 2


def test_cli_bank_validate_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ok:
        main(["bank", "validate"])
    assert ok.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: rcr-ai-principles ")
    write_tiny_bank(
        tmp_path / "b",
        **{
            "1-alpha.yaml": TINY_ALPHA.replace("label: Half, score: 0.5", "label: Half, score: 1.5")
        },
    )
    with pytest.raises(SystemExit) as bad:
        main(["bank", "validate", "b"])
    assert bad.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "error: b/1-alpha.yaml:16: questions[0].options[1].score: input "
        "should be less than or equal to 1 (got 1.5)\n"
    )
    assert "Traceback" not in captured.err
