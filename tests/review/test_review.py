"""review: the pure walk with a scripted asker, hand-filled files, refusals, report --review."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from helpers.examples import page_texts
from rcr_checklist.app.inputs import score_path
from rcr_checklist.cli import main
from rcr_checklist.errors import InputError
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.review_io import load_review, review_for, save_review
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.review_file import ReviewFile, Verdict, new_review, with_verdict
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.questionnaire.protocol import Choice, Nav
from rcr_checklist.review.flow import review_items, run_review

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FRACTURE = EXAMPLES / "fracturefinder.yaml"
CHEST = EXAMPLES / "chestflow.yaml"


def run(*args: Any) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


class Scripted:
    """An asker that answers from a list and records what it was shown."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []
        self.refused: list[tuple[str, str, str]] = []
        self.confirms: list[str] = []

    def _next(self) -> Any:
        value = self.answers.pop(0)
        if isinstance(value, BaseException):
            raise value
        return value

    def show(self, text: str, kind: str = "info") -> None:
        self.shown.append(text)

    def choose(
        self,
        message: str,
        choices: Sequence[Choice | None],
        default: Any = None,
        keys: Sequence[Nav] = (),
    ) -> Any:
        value = self._next()
        offered = [c.value for c in choices if c is not None] + list(keys)
        assert value in offered, (message, value)
        return value

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Any = None,
        multiline: bool = False,
        keys: Sequence[Nav] = (),
    ) -> str:
        value = str(self._next())
        while validate is not None and validate(value or default) is not None:
            self.refused.append((message, value, validate(value or default)))
            value = str(self._next())  # asked again, as the terminal does
        return value or default

    def confirm(self, message: str, default: bool, keys: Sequence[Nav] = ()) -> bool:
        self.confirms.append(message)
        return bool(self._next())


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def fracture(bank: Bank) -> Assessment:
    return score_path(FRACTURE, bank).assessment


def test_walk_saves_every_verdict_then_signs_off(bank: Bank, fracture: Assessment) -> None:
    items = review_items(bank, fracture)
    answered = [r.id for r in fracture.questions if r.status != "unanswered"]
    assert [i.id for i in items] == answered
    saved: list[ReviewFile] = []
    script: list[Any] = ["accepted", "query", "Send the DPIA.", Nav.BACK, "rejected", "No."]
    script += [Nav.COMMENT, "Seen the certificate.", "accepted"]  # Ctrl-O, then the verdict
    script += ["accepted"] * (len(items) - 3)
    script += [True, "Dr Rhea Patel", "CSO", "Trust", "2026-01-01"]
    # approving over 4 critical findings and a rejection: declined, then confirmed
    script += ["approved", False, "approved with conditions", True, ""]
    script += ["Interim use only, while the vendor fixes them.", "Fix the critical findings."]
    asker = Scripted(script)
    outcome, review = run_review(
        items,
        new_review(fracture),
        asker,
        saved.append,
        dt.date(2026, 1, 1),
        critical=fracture.overall.critical_findings,
    )
    assert outcome == "finished" and not asker.answers
    assert fracture.overall.critical_findings == 4
    assert asker.confirms[1:] == [
        "Approved with 4 critical findings and 1 rejected answer: approve anyway?",
        "Approved with conditions with 4 critical findings and 1 rejected answer: approve anyway?",
    ]
    assert asker.refused == [
        (
            "Why approve over them? (shown on the cover)",
            "",
            "a reason is required to approve over these",
        )
    ]
    assert review.signoff is not None
    assert review.signoff.reason == "Interim use only, while the vendor fixes them."
    assert review.verdicts[items[0].id].verdict == "accepted"
    assert review.verdicts[items[1].id].verdict == "rejected"
    assert review.verdicts[items[1].id].comment == "No."
    assert review.verdicts[items[2].id].comment == "Seen the certificate."
    assert review.signoff is not None and review.signoff.decision == "approved with conditions"
    assert len(saved) == len(items) + 2  # one save per verdict (item 2 twice) and the sign-off
    assert any(items[0].text in s for s in asker.shown)


def test_walk_resumes_at_first_pending_and_quits(bank: Bank, fracture: Assessment) -> None:
    items = review_items(bank, fracture)
    review = new_review(fracture)
    first = Scripted(["accepted", "accepted", Nav.QUIT])
    outcome, review = run_review(items, review, first, lambda r: None, critical=4)
    assert outcome == "quit" and len(review.verdicts) == 2
    second = Scripted([KeyboardInterrupt()])
    with pytest.raises(KeyboardInterrupt):
        run_review(items, review, second, lambda r: None, critical=4)
    assert any(items[2].id in s for s in second.shown)


@pytest.mark.slow
def test_template_fill_and_report_pdf(tmp_path: Path, fracture: Assessment) -> None:
    path = tmp_path / "review.yaml"
    result = run("review", FRACTURE, "-o", path, "--template")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text())
    assert data["answers_sha256"] == fracture.answers_sha256
    ids = list(data["verdicts"])
    data["verdicts"][ids[0]] = {"verdict": "accepted", "comment": None}
    data["verdicts"]["regulation.ukca_marking"] = {
        "verdict": "rejected",
        "comment": "No UKCA certificate was supplied.",
    }
    data["signoff"] = {
        "name": "Dr Rhea Patel",
        "role": "Clinical safety officer",
        "organisation": "Example NHS Trust",
        "date": "2026-11-02",
        "decision": "not approved",
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "reviewed.pdf"
    result = run("report", FRACTURE, "--review", path, "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    pages = page_texts(out.read_bytes())  # pdftotext: five times faster than pypdf here
    cover = " ".join(pages[0].split())
    assert "REVIEW AND SIGN-OFF" in cover.upper()
    assert "Not approved" in cover
    assert (
        "Signed off by Dr Rhea Patel, Clinical safety officer, Example NHS Trust on 2026-11-02"
        in cover
    )
    assert "1 rejected" in cover
    text = " ".join(" ".join(pages).split())
    assert "REJECTED No UKCA certificate was supplied." in text
    embedded = json.loads(reader.attachments["assessment.json"][0])
    assert embedded["review"]["signoff"]["decision"] == "not approved"
    assert run("verify", out).exit_code == 0
    md = tmp_path / "reviewed.md"
    assert run("report", FRACTURE, "--review", path, "-o", md).exit_code == 0
    assert "**Review: Rejected** No UKCA certificate was supplied." in md.read_text()


def test_review_of_other_answers_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    assert run("review", FRACTURE, "-o", path, "--template").exit_code == 0
    result = run("report", CHEST, "--review", path, "-o", tmp_path / "x.md")
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    line = _line_of(path, "answers_sha256:")
    assert result.stderr.startswith(
        f"error: {path}:{line}: answers_sha256: this review is for other"
    )
    assert "FractureFinder 0.9.4-beta" in result.stderr
    assert not (tmp_path / "x.md").exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            {"verdicts": {"data.dpia": {"verdict": "query"}}},
            "verdicts.data.dpia: a 'query' verdict needs a comment",
        ),
        ({"verdicts": {"data.dpia": {"verdict": "maybe"}}}, "verdicts.data.dpia.verdict:"),
        ({"verdicts": {"data.dpia": {"verdikt": "accepted"}}}, "unknown field 'verdikt'"),
        (
            {
                "signoff": {
                    "name": "A",
                    "date": "2026-12-01",
                    "decision": "approved with conditions",
                }
            },
            "'approved with conditions' needs the conditions written out",
        ),
    ],
)
def test_bad_review_files_name_line_and_field(
    tmp_path: Path, fracture: Assessment, edit: dict[str, Any], expected: str
) -> None:
    data = new_review(fracture).model_dump(mode="json")
    data.update(edit)
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError) as caught:
        load_review(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert expected in message


def test_verdict_on_a_question_not_asked(tmp_path: Path, bank: Bank, fracture: Assessment) -> None:
    data = new_review(fracture).model_dump(mode="json")
    data["verdicts"] = {"data.dpiaa": {"verdict": "accepted"}}
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError, match="was not asked this question; did you mean 'data.dpia'"):
        review_for(path, fracture, "f.yaml")


def test_save_round_trips(tmp_path: Path, fracture: Assessment) -> None:
    review = new_review(fracture, blank_verdicts=True)
    save_review(review, tmp_path / "r.yaml")
    assert load_review(tmp_path / "r.yaml").review == review


def test_without_a_terminal_says_how(tmp_path: Path) -> None:
    result = run("review", FRACTURE, "-o", tmp_path / "r.yaml")
    assert result.exit_code == 2
    assert "review needs an interactive terminal" in result.stderr
    assert "--template" in result.stderr


def test_schema_review() -> None:
    result = run("schema", "review")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "rcr-checklist review file"
    assert "answers_sha256" in schema["properties"]


def test_an_approval_says_what_it_was_given_over():
    from rcr_checklist.model.review import signoff_headline

    assert (
        signoff_headline("Approved", approving=True, critical=3, rejected=1, queried=0)
        == "Approved with 3 critical findings and 1 rejected answer"
    )
    assert (
        signoff_headline(
            "Approved with conditions", approving=True, critical=0, rejected=2, queried=1
        )
        == "Approved with conditions with 2 rejected answers and 1 open query"
    )
    assert signoff_headline("Approved", approving=True, critical=0, rejected=0, queried=0) == (
        "Approved"
    )
    assert (
        signoff_headline("Not approved", approving=False, critical=3, rejected=1, queried=0)
        == "Not approved"
    )
    assert (
        signoff_headline("Approved", approving=True, critical=0, rejected=0, queried=0, pending=1)
        == "Approved with 1 answer not reviewed"
    )
    assert (
        signoff_headline("Approved", approving=True, critical=3, rejected=1, queried=2, pending=5)
        == "Approved with 3 critical findings, 1 rejected answer, 2 open queries and 5 answers "
        "not reviewed"
    )


def test_the_review_template_lists_unanswered_and_not_disclosed_questions(tmp_path: Path) -> None:
    from rcr_checklist.files.resources import examples_dir

    bank = load_bank()
    for name in ("draft-inprogress", "procurement-publicinfo"):
        path = tmp_path / f"{name}.review.yaml"
        result = CliRunner().invoke(
            main, ["review", str(examples_dir() / f"{name}.yaml"), "-o", str(path), "--template"]
        )
        assert result.exit_code == 0, result.output
        head = path.read_text(encoding="utf-8")
        a = score_path(examples_dir() / f"{name}.yaml", bank).assessment
        unanswered = [r.id for r in a.questions if r.status == "unanswered"]
        if unanswered:
            assert f"# Not answered (nothing to review yet): {len(unanswered)}\n" in head
        if a.overall.not_disclosed:
            n = len(a.overall.not_disclosed)
            assert f"# Not disclosed (requested from the vendor): {n}\n" in head
            assert f"#   - {a.overall.not_disclosed[0]}\n" in head
        assert unanswered or a.overall.not_disclosed
        load_review(path)  # the comments keep the file valid


def _hand_signed(tmp_path: Path, signoff: dict[str, Any], rejected: str | None = None) -> Path:
    """A template of fracturefinder.yaml, every answer accepted (one rejected), signed off."""
    path = tmp_path / f"review-{len(list(tmp_path.glob('review-*.yaml')))}.yaml"
    assert run("review", FRACTURE, "-o", path, "--template").exit_code == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["verdicts"] = {qid: {"verdict": "accepted"} for qid in data["verdicts"]}
    if rejected:
        data["verdicts"][rejected] = {"verdict": "rejected", "comment": "No certificate."}
    data["signoff"] = signoff
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_hand_written_approval_over_problems_needs_a_reason(tmp_path: Path) -> None:
    signoff = {"name": "Dr Rhea Patel", "date": "2026-11-02", "decision": "approved"}
    path = _hand_signed(tmp_path, signoff, rejected="regulation.ukca_marking")
    out = tmp_path / "r.md"
    result = run("report", FRACTURE, "--review", path, "-o", out)
    assert result.exit_code == 2
    line = _line_of(path, "decision: approved")
    assert result.stderr == (
        f"error: {path}:{line}: signoff.reason: 'approved' is given over 4 critical findings "
        "and 1 rejected answer; say why under signoff.reason (it is shown on the cover), or "
        "change the decision to 'not approved'\n"
    )
    assert not out.exists()

    signoff["reason"] = "Interim approval for a 3-month pilot with a CSO on site."
    path = _hand_signed(tmp_path, signoff, rejected="regulation.ukca_marking")
    result = run("report", FRACTURE, "--review", path, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert (
        "**Approved with 4 critical findings and 1 rejected answer**, signed off by "
        "Dr Rhea Patel on 2026-11-02. Reason given: Interim approval for a 3-month pilot with "
        "a CSO on site." in text
    )
    html = tmp_path / "r.html"
    assert run("report", FRACTURE, "--review", path, "-o", html).exit_code == 0
    cover = html.read_text(encoding="utf-8").split('<h2 id="scores">')[0]
    assert (
        '<p class="signoff-headline">Approved with 4 critical findings and 1 rejected '
        "answer</p>" in cover
    )
    assert '<div class="signoff signoff-conditions">' in cover  # amber, not a clean green
    assert (
        '<p class="signoff-reason free"><b>Reason given:</b> Interim approval for a 3-month '
        "pilot with a CSO on site.</p>" in cover
    )


def test_not_approved_and_clean_approvals_need_no_reason(tmp_path: Path) -> None:
    signoff = {"name": "A. Reviewer", "date": "2026-11-02", "decision": "not approved"}
    path = _hand_signed(tmp_path, signoff, rejected="regulation.ukca_marking")
    assert run("report", FRACTURE, "--review", path, "-o", tmp_path / "r.md").exit_code == 0
    clean = tmp_path / "clean.yaml"
    assert run("review", CHEST, "-o", clean, "--template").exit_code == 0
    data = yaml.safe_load(clean.read_text(encoding="utf-8"))
    data["verdicts"] = {qid: {"verdict": "accepted"} for qid in data["verdicts"]}
    data["signoff"] = {"name": "A. Reviewer", "date": "2026-11-02", "decision": "approved"}
    clean.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "c.md"
    assert run("report", CHEST, "--review", clean, "-o", out).exit_code == 0
    assert "**Approved**, signed off by A. Reviewer on 2026-11-02." in out.read_text()
    html = tmp_path / "c.html"
    assert run("report", CHEST, "--review", clean, "-o", html).exit_code == 0
    assert '<div class="signoff signoff-approved">' in html.read_text(encoding="utf-8")


def test_a_sign_off_dated_in_the_future_is_refused(tmp_path: Path, fracture: Assessment) -> None:
    from rcr_checklist.files.review_io import check_review
    from rcr_checklist.model.review_file import latest_date_today

    tomorrow = latest_date_today() + dt.timedelta(days=1)
    signoff = {"name": "A. Reviewer", "date": tomorrow.isoformat(), "decision": "not approved"}
    path = _hand_signed(tmp_path, signoff)
    result = run("report", FRACTURE, "--review", path, "-o", tmp_path / "r.md")
    assert result.exit_code == 2
    line = _line_of(path, "date: ")
    assert result.stderr.startswith(
        f"error: {path}:{line}: signoff.date: {tomorrow.isoformat()} is in the future"
    )
    loaded = load_review(path)
    check_review(loaded, fracture, "f.yaml", today=tomorrow)  # the same day is not the future
    with pytest.raises(InputError, match="is in the future"):
        check_review(loaded, fracture, "f.yaml", today=tomorrow - dt.timedelta(days=1))


def test_the_latest_date_is_today_somewhere_on_earth() -> None:
    from rcr_checklist.model.review_file import latest_date_today

    noon = dt.datetime(2026, 11, 30, 9, 59, tzinfo=dt.UTC)
    assert latest_date_today(noon) == dt.date(2026, 11, 30)
    assert latest_date_today(noon + dt.timedelta(minutes=1)) == dt.date(2026, 12, 1)


def test_the_terminal_sign_off_refuses_a_future_date(bank: Bank, fracture: Assessment) -> None:
    items = review_items(bank, fracture)
    review = new_review(fracture)
    for item in items:
        review = with_verdict(review, item.id, Verdict(verdict="accepted"))
    far = "2999-01-01"
    asker = Scripted([True, "A. Reviewer", "", "", far, "2026-11-02", "not approved"])
    outcome, signed = run_review(items, review, asker, lambda r: None, critical=4)
    assert outcome == "finished" and not asker.answers
    assert asker.refused == [
        ("Date", far, "that date is in the future; date the sign-off on the day it is given")
    ]
    assert signed.signoff is not None and signed.signoff.date == dt.date(2026, 11, 2)
    assert asker.confirms == ["Sign the review off now?"]  # not approving: no confirmation


def test_the_cover_says_how_many_answers_were_not_reviewed(
    tmp_path: Path, fracture: Assessment
) -> None:
    path = tmp_path / "review.yaml"
    assert run("review", FRACTURE, "-o", path, "--template").exit_code == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids = list(data["verdicts"])
    data["verdicts"] = {qid: {"verdict": "accepted"} for qid in ids[:-3]}  # 3 left open
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "r.md"
    assert run("report", FRACTURE, "--review", path, "-o", out).exit_code == 0
    assert "**Not signed off yet** (3 answers not reviewed)." in out.read_text()
    data["signoff"] = {
        "name": "A. Reviewer",
        "date": "2026-11-02",
        "decision": "approved",
        "reason": "Pilot only.",
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert run("report", FRACTURE, "--review", path, "-o", out).exit_code == 0
    assert (
        "**Approved with 4 critical findings and 3 answers not reviewed**, signed off by "
        "A. Reviewer on 2026-11-02. Reason given: Pilot only." in out.read_text()
    )


def test_the_template_says_what_a_sign_off_needs(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    assert run("review", FRACTURE, "-o", path, "--template").exit_code == 0
    head = path.read_text(encoding="utf-8")
    assert "# These answers raise 4 critical findings: approving over them needs a reason.\n" in (
        head
    )
    assert "# (approved | approved with conditions | not approved), conditions, and reason:" in (
        head
    )


def test_verdicts_on_product_facts_are_shown_with_their_comment(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    assert run("review", FRACTURE, "-o", path, "--template").exit_code == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "facts.medical_device" in data["verdicts"]
    data["verdicts"]["facts.medical_device"] = {
        "verdict": "query",
        "comment": "Send the label and the MHRA <registration> letter.",
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    assert run("report", FRACTURE, "--review", path, "-o", md).exit_code == 0
    facts = md.read_text(encoding="utf-8").split("### Product facts (not scored)")[1]
    row = next(line for line in facts.splitlines() if "`facts.medical_device`" in line)
    assert row.endswith(
        r"**Review: Query** Send the label and the MHRA \<registration\> letter. |"
    ), row
    assert (
        run("report", FRACTURE, "--review", path, "-o", html, "--detail", "standard").exit_code == 0
    )
    page = html.read_text(encoding="utf-8")
    section = page.split('<h1 id="facts">')[1].split("</section>")[0]
    assert (
        '<span class="verdict-label verdict-query">Query</span> <span class="free">Send the '
        "label and the MHRA &lt;registration&gt; letter.</span>" in section
    )


def test_compare_refuses_an_approval_over_problems_without_a_reason(tmp_path: Path) -> None:
    signoff = {"name": "Dr Rhea Patel", "date": "2026-11-02", "decision": "approved"}
    path = _hand_signed(tmp_path, signoff)
    out = tmp_path / "cmp.csv"
    result = run("compare", CHEST, FRACTURE, "--review", path, "-o", out)
    assert result.exit_code == 2
    line = _line_of(path, "decision: approved")
    assert f"{path}:{line}: signoff.reason: 'approved' is given over 4 critical findings;" in (
        result.stderr
    )
    assert not out.exists()
