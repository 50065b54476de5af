"""What the report's words say, read from its HTML: counts that add up, ids named once, the
question's words beside its id (a new user's trial found all three wrong)."""

from __future__ import annotations

import html
import re

import pytest

from rcr_checklist.app.inputs import score_path
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.report import Detail
from rcr_checklist.report.render import render_html


def _scored(bank: Bank, name: str) -> Assessment:
    return score_path(examples_dir() / f"{name}.yaml", bank).assessment


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("name", ["chestflow", "draft-inprogress", "clinician-quickcheck"])
def test_overall_answered_adds_up_the_principle_rows(rcr_bank: Bank, name: str) -> None:
    a = _scored(rcr_bank, name)
    page = render_html(rcr_bank, a, detail=Detail.SUMMARY)
    table = page.split('<table class="score-table">')[1].split("</table>")[0]
    rows = [_text(row) for row in table.split("<tr>")[2:]]  # after the header row
    *principles, overall = rows
    counts = [re.findall(r"(\d+)/(\d+)$", row)[0] for row in principles]
    answered = sum(int(x) for x, _ in counts)
    visible = sum(int(y) for _, y in counts)
    asked = [r for r in a.questions if r.principle]  # the product facts are principle 0
    assert visible == len(asked) and len(asked) < len(a.questions)
    assert answered == sum(r.status in ("answered", "na") for r in asked)
    assert overall.startswith("Overall (the principles' questions; the product facts, ")
    assert overall.endswith(f" {answered}/{visible}")
    # the completion names its own base, the product facts included
    facts_and_all = sum(r.status in ("answered", "na") for r in a.questions)
    legend = _text(page.split('<p class="legend">')[1].split("</p>")[0])
    assert f"({facts_and_all} of {len(a.questions)} questions answered, the product facts" in (
        legend
    )


@pytest.mark.parametrize("name", ["procurement-publicinfo", "draft-inprogress"])
def test_page_two_names_each_open_question_once(rcr_bank: Bank, name: str) -> None:
    a = _scored(rcr_bank, name)
    open_ids = [r.id for r in a.questions if r.status in ("unanswered", "not_disclosed")]
    assert a.overall.unanswered_critical and open_ids
    page = render_html(rcr_bank, a, detail=Detail.SUMMARY)
    decision = page.split('<h2 id="open">')[1].split('class="disclaimer"')[0]
    named = re.findall(r'class="qid">\(?([a-z_]+\.[a-z0-9_]+)', decision)
    twice = sorted({qid for qid in named if named.count(qid) > 1})
    assert twice == []
    # every open question is still named on the page (or counted towards the top action)
    top = decision.split('id="top-recommendations"')[1]
    for qid in a.overall.unanswered_critical:
        assert f"({qid}" in top
    assert set(open_ids) <= set(named)


def test_standard_rows_give_the_question_words_beside_the_id(rcr_bank: Bank) -> None:
    a = _scored(rcr_bank, "chestflow")
    page = render_html(rcr_bank, a, detail=Detail.STANDARD)
    tables = [t.split("</table>")[0] for t in page.split('<table class="data-table brief-table">')]
    rows = [row for t in tables[1:] for row in re.split(r"<tr[ >]", t)[2:]]
    assert len(rows) > 40  # most of chestflow's questions are full marks: one row each
    assert any("tall" in row.split(">")[0] for row in rows)  # the intended purpose, pasted
    for row in rows:
        (qid,) = re.findall(r'class="qid fact-id">([^<]+)<', row)
        question = rcr_bank.by_id[qid].text
        assert _text("<" + row).split(" ", 1)[1].startswith(f"{_text(html.escape(question))} {qid}")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("chestflow", "No critical findings and no major findings."),
        (
            "procurement-publicinfo",
            "No critical or major findings so far; {n} open questions could still raise a "
            "critical finding (see the top actions).",
        ),
    ],
)
def test_no_findings_is_said_in_green_only_when_nothing_open_could_raise_one(
    rcr_bank: Bank, name: str, expected: str
) -> None:
    """A new user's trial: a draft read "No critical findings" in green, its caveat below."""
    a = _scored(rcr_bank, name)
    page = render_html(rcr_bank, a, detail=Detail.SUMMARY)
    line = expected.format(n=len(a.overall.unanswered_critical))
    assert line in _text(page)
    green = [_text(p) for p in re.findall(r'<p class="none">(.*?)</p>', page, re.S)]
    assert bool(a.overall.unanswered_critical) == (
        "No critical findings and no major findings." not in green
    )
