"""Every reference of the bundled bank is in its sources file; bad banks get located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.banks import TINY_ALPHA, TINY_META, write_tiny_bank
from rcr_checklist.errors import BankError
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.resources import default_bank_dir
from rcr_checklist.model.bank import Bank

TINY_SOURCES = """\
frameworks:
  - name: DTAC
    title: Digital Technology Assessment Criteria
    editions:
      - {edition: v2.0, date: "2026-02-24", status: current}
      - {edition: v1, date: "2021-02", status: superseded}
  - name: UK MDR 2002
    title: The Medical Devices Regulations 2002
    editions: [{edition: as amended, date: "2025-06-16", status: current}]
  - name: ISO 13485
    title: Medical devices - quality management systems
    editions: [{edition: "2016", date: "2016-03", status: current}]
  - name: MHRA
    title: MHRA guidance
    editions: [{edition: current, date: not stated, status: current}]
  - name: DCB0129
    title: Clinical risk management (manufacture)
    editions: [{edition: v4.2, date: "2018", status: current}]
"""
WITH_SOURCES = TINY_META.replace("files: [", "sources: sources.yaml\nfiles: [")
ALPHA_V2 = TINY_ALPHA.replace(
    "references: [{framework: DTAC, clause: C1}]",
    "references: [{framework: DTAC, clause: C1, edition: v2.0}]",
).replace(
    "references: [{framework: DTAC, clause: D1.4}]",
    "references: [{framework: DTAC, clause: D1.4.1, edition: v2.0}]",
)


def _every_reference(bank: Bank) -> list[tuple[str, str, str | None]]:
    refs = [(q.id, r.framework, r.edition) for q in bank.questions for r in q.references]
    refs += [(rule.id, r.framework, r.edition) for rule in bank.meta.rules for r in rule.references]
    return refs


def test_every_reference_of_the_bundled_bank_is_in_its_sources_file(rcr_bank: Bank):
    sources = rcr_bank.sources
    assert sources is not None
    refs = _every_reference(rcr_bank)
    assert len(refs) > 200
    for owner, framework, edition in refs:
        assert framework in sources.by_name, (owner, framework)
        editions = sources.by_name[framework].by_edition
        if edition is None:
            assert len(editions) == 1, (owner, framework)
        else:
            assert edition in editions, (owner, framework, edition)
    cited = {framework for _, framework, _ in refs}
    assert set(sources.by_name) == cited, "list only frameworks the bank cites"


def test_dtac_is_cited_by_edition_and_v1_never_alone(rcr_bank: Bank):
    owners = [*rcr_bank.questions, *rcr_bank.meta.rules]
    dtac = [(o.id, r) for o in owners for r in o.references if r.framework == "DTAC"]
    assert dtac and all(r.edition in ("v2.0", "v1") for _, r in dtac)
    for owner in owners:
        editions = {r.edition for r in owner.references if r.framework == "DTAC"}
        if "v1" in editions:
            assert "v2.0" in editions, owner.id
        # v2.0 first: an old form's number only ever follows the current one
        order = [r.edition for r in owner.references if r.framework == "DTAC"]
        assert order == sorted(order, key=lambda e: e != "v2.0"), owner.id


def test_dcb0129_clinical_safety_officer_and_hazard_log_clauses_are_not_swapped(rcr_bank: Bank):
    cso = [r.clause for r in rcr_bank.by_id["regulation.clinical_safety_officer"].references]
    assert any(c.startswith("2.3.1-2.3.4") for c in cso)
    assert not any(c.startswith("3.3") for c in cso)
    case = [r.clause for r in rcr_bank.by_id["regulation.dcb0129_safety_case"].references]
    assert any(c.startswith("3.3.1-3.3.3") for c in case)
    assert not any(c.startswith("2.3") for c in case)


def test_sources_list_edition_date_and_title(rcr_bank: Bank):
    assert rcr_bank.sources is not None
    dtac = rcr_bank.sources.by_name["DTAC"]
    assert [(e.edition, e.date, e.status) for e in dtac.editions] == [
        ("v2.0", "2026-02-24", "current"),
        ("v1", "2021-02", "superseded"),
    ]
    for framework in rcr_bank.sources.frameworks:
        assert framework.title.strip()
        assert all(e.date.strip() for e in framework.editions)


BROKEN = {
    "unknown framework": (
        {"1-alpha.yaml": ALPHA_V2.replace("framework: ISO 13485", "framework: ISO 13458")},
        "b/1-alpha.yaml:30: questions[2].references[0].framework: 'ISO 13458' is not a "
        "framework in the sources file (did you mean 'ISO 13485'?)",
    ),
    "unknown edition": (
        {"1-alpha.yaml": ALPHA_V2.replace("clause: C1, edition: v2.0", "clause: C1, edition: v3")},
        "b/1-alpha.yaml:12: questions[0].references[0].edition: edition 'v3' of DTAC is not in "
        "the sources file (editions: v2.0, v1)",
    ),
    "no edition for a framework with several": (
        {"1-alpha.yaml": ALPHA_V2.replace("clause: C1, edition: v2.0", "clause: C1")},
        "b/1-alpha.yaml:12: questions[0].references[0].edition: DTAC has several editions in the "
        "sources file (v2.0, v1); name the one the clause comes from",
    ),
    "superseded edition alone": (
        {"1-alpha.yaml": ALPHA_V2.replace("clause: C1, edition: v2.0", "clause: C1, edition: v1")},
        "b/1-alpha.yaml:12: questions[0].references[0].edition: DTAC v1 is superseded; cite it "
        "only next to a clause of the current edition",
    ),
    "rule reference": (
        {"bank.yaml": WITH_SOURCES.replace("framework: UK MDR 2002", "framework: UK MDR")},
        "b/bank.yaml:25: rules[0].references[0].framework: 'UK MDR' is not a framework in the "
        "sources file (did you mean 'UK MDR 2002'?)",
    ),
    "missing sources file": (
        {"bank.yaml": WITH_SOURCES.replace("sources: sources.yaml", "sources: source.yaml")},
        "b/bank.yaml:13: sources: no such file 'source.yaml'",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_bank_validate_refuses_a_reference_outside_the_sources(case, tmp_path, monkeypatch):
    overrides, expected = BROKEN[case]
    files = {"bank.yaml": WITH_SOURCES, "1-alpha.yaml": ALPHA_V2, "sources.yaml": TINY_SOURCES}
    files.update(overrides)
    write_tiny_bank(tmp_path / "b", **files)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "b")
    assert str(info.value) == expected


def test_the_tiny_bank_with_sources_loads(tmp_path):
    files = {"bank.yaml": WITH_SOURCES, "1-alpha.yaml": ALPHA_V2, "sources.yaml": TINY_SOURCES}
    bank = load_bank(write_tiny_bank(tmp_path / "b", **files))
    assert bank.sources is not None and "DTAC" in bank.sources.by_name


def test_a_wrong_reference_in_the_bundled_bank_is_located(tmp_path, monkeypatch):
    copy = Path(shutil.copytree(default_bank_dir(), tmp_path / "principles"))
    text = (copy / "3-regulation.yaml").read_text(encoding="utf-8")
    good = "{framework: DTAC, clause: Sections A-D (whole form), edition: v2.0}"
    bad = text.replace(good, good.replace("v2.0", "v2.1"))
    assert bad != text
    (copy / "3-regulation.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(copy)
    (problem,) = info.value.problems
    assert problem.file == "principles/3-regulation.yaml"
    assert problem.field.endswith(".edition") and problem.field.startswith("questions[")
    assert (
        problem.line
        == bad.splitlines().index(
            next(line for line in bad.splitlines() if "edition: v2.1" in line)
        )
        + 1
    )
