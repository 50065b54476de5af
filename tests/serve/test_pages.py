"""Answering in the browser form: the same file as the terminal writes, nothing lost."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers.serve import Served, form_fields
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.files.lock import answers_lock
from rcr_checklist.limits import NA
from rcr_checklist.model.bank import Bank


def saved(served: Served) -> dict[str, object]:
    """The answers as the terminal's reader loads them from disk."""
    loaded = load_answers(served.path, served.bank)
    return {qid: a.model_dump(exclude_none=True) for qid, a in loaded.answers.answers.items()}


def test_the_start_page_creates_the_answers_file(fresh: Served) -> None:
    assert fresh.client.get("/").headers["location"] == "/start"
    response = fresh.post("/start", {"product:name": "  ScanRight  ", "profile": "clinician"})
    assert response.status_code == 303
    assert response.headers["location"] == "/section/about"
    answers = load_answers(fresh.path, fresh.bank).answers
    assert (answers.product.name, answers.profile) == ("ScanRight", "clinician")
    assert fresh.client.get("/start").headers["location"] == "/"


def test_the_start_page_needs_a_name(fresh: Served) -> None:
    response = fresh.post("/start", {"product:name": "   ", "profile": "vendor"})
    assert response.status_code == 400
    assert "Enter the product&#39;s name." in response.text
    assert not fresh.path.exists()


def test_an_answer_is_saved_to_the_same_file_the_terminal_reads(served: Served) -> None:
    response = served.submit("/section/alpha", {"alpha.one:value": "half"}, action="next")
    assert response.status_code == 303
    assert response.headers["location"] == "/section/beta"
    assert saved(served) == {"alpha.one": {"value": "half", "evidence": []}}
    assert 'value="half" checked' in served.client.get("/section/alpha").text


def test_facts_show_and_hide_questions(served: Served) -> None:
    assert 'id="q-alpha-wcag" data-question="alpha.wcag" ' in (
        page := served.client.get("/section/alpha").text
    )
    assert re.search(r'id="q-alpha-wcag"[^>]* hidden disabled>', page)
    served.submit("/section/facts", {"facts.ui:value": "yes"})
    page = served.client.get("/section/alpha").text
    assert not re.search(r'id="q-alpha-wcag"[^>]* hidden', page)
    names = [name for name, _ in form_fields(page)]
    assert "alpha.wcag:shown" in names


def test_autosave_answers_with_what_the_script_needs(served: Served) -> None:
    response = served.submit("/section/facts", {"facts.ui:value": "yes"}, x_autosave="1")
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] is True
    assert data["status"] == "All changes saved."
    assert data["visible"] == ["facts.device", "facts.ui"]
    assert data["errors"] == {}
    assert "Score of each principle" in data["score"]
    assert 'href="/section/alpha"' in data["nav"]
    assert data["progress"] == "1 of 2 questions answered on this page; 12% overall."
    page = served.client.get("/section/alpha").text
    response = served.submit("/section/alpha", {"alpha.wcag:value": "yes"}, x_autosave="1")
    assert response.json()["visible"] == ["alpha.one", "alpha.wcag", "alpha.multi"]
    assert "alpha.wcag:was" in response.json()["was"]
    assert "alpha.wcag" in saved(served)
    assert 'id="q-alpha-wcag"' in page


def test_na_needs_a_justification_and_the_typed_text_is_kept(served: Served) -> None:
    served.submit("/section/facts", {"facts.ui:value": "yes"})
    response = served.submit(
        "/section/alpha",
        {
            "alpha.wcag:value": NA,
            "alpha.one:value": "full",
            "alpha.one:comment": "Kept <b>here</b>",
        },
    )
    assert response.status_code == 400
    assert "&#39;n/a&#39; needs a justification" in response.text
    assert 'value="n/a" checked' in response.text  # the choice is shown again, not lost
    # the valid answer on the same page is saved; the refused one is not
    assert saved(served) == {
        "facts.ui": {"value": "yes", "evidence": []},
        "alpha.one": {"value": "full", "evidence": [], "comment": "Kept <b>here</b>"},
    }
    served.submit(
        "/section/alpha",
        {"alpha.wcag:value": NA, "alpha.wcag:justification": "No screen.\r\nAt all."},
    )
    assert saved(served)["alpha.wcag"] == {
        "value": NA,
        "justification": "No screen.\nAt all.",
        "evidence": [],
    }


def test_multi_and_text_answers(served: Served) -> None:
    served.submit("/section/alpha", {"alpha.multi:value": ["iso13485", "iec62304"]})
    served.submit("/section/beta", {"beta.note:value": "Line one\r\nline two"})
    assert saved(served)["alpha.multi"]["value"] == ["iso13485", "iec62304"]
    assert saved(served)["beta.note"]["value"] == "Line one\nline two"
    response = served.submit(
        "/section/alpha", {"alpha.multi:value": ["iso13485"], "alpha.multi:nd": "1"}
    )
    assert response.status_code == 400
    assert "untick not applicable / not disclosed" in response.text
    served.submit("/section/alpha", {"alpha.multi:value": None})
    assert "alpha.multi" not in saved(served)


def test_an_option_the_question_lacks_is_refused(served: Served) -> None:
    response = served.submit("/section/alpha", {"alpha.one:value": "excellent"})
    assert response.status_code == 400
    assert "choose one of the options shown" in response.text
    assert saved(served) == {}


def test_evidence_items_are_added_and_removed(served: Served) -> None:
    add = {
        "alpha.one:value": "full",
        "alpha.one:evnew:title": "Conformity certificate",
        "alpha.one:evnew:ref": "DOC-12",
        "alpha.one:evnew:date": "2026-03-01",
    }
    response = served.submit("/section/alpha", add, action="add:alpha.one")
    assert response.headers["location"] == "/section/alpha#q-alpha-one"
    served.submit("/section/alpha", {"alpha.one:evnew:title": "Test report"})
    evidence = saved(served)["alpha.one"]["evidence"]
    assert [e["title"] for e in evidence] == ["Conformity certificate", "Test report"]
    assert str(evidence[0]["date"]) == "2026-03-01"
    served.submit("/section/alpha", {"alpha.one:ev0:remove": "1"})
    assert [e["title"] for e in saved(served)["alpha.one"]["evidence"]] == ["Test report"]
    response = served.submit("/section/alpha", {"alpha.one:evnew:ref": "no title"})
    assert response.status_code == 400
    assert "an evidence item needs a title" in response.text
    assert 'value="no title"' in response.text


def test_product_and_assessor_fields(served: Served) -> None:
    response = served.submit(
        "/section/about",
        {"product:version": "2.1", "assessor:date": "2026-11-30", "assessor:name": "Dr A"},
        action="next",
    )
    assert response.headers["location"] == "/section/facts"
    answers = load_answers(served.path, served.bank).answers
    assert (answers.product.version, answers.assessor.name) == ("2.1", "Dr A")
    assert str(answers.assessor.date) == "2026-11-30"
    response = served.submit("/section/about", {"product:name": "", "assessor:date": "soon"})
    assert response.status_code == 400
    assert "the product name is required" in response.text
    assert load_answers(served.path, served.bank).answers.product.name == "Test product"


def test_a_change_made_elsewhere_is_not_overwritten_by_a_stale_page(served: Served) -> None:
    page = served.client.get("/section/alpha").text  # shown before the terminal's change
    served.submit("/section/alpha", {"alpha.one:value": "none"})  # "another window"
    fields = [(k, v) for k, v in form_fields(page) if k != "alpha.one:value"]
    response = served.client.post(
        "/section/alpha",
        content="&".join(f"{k}={v}" for k, v in [*fields, ("alpha.one:value", "full")]),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "Changed elsewhere" in response.text
    assert saved(served)["alpha.one"]["value"] == "none"
    assert 'value="full" checked' in response.text  # the person's choice is still on the page
    # saving the re-rendered page again keeps the person's version
    fields = form_fields(response.text)
    served.client.post(
        "/section/alpha",
        content="&".join(f"{k}={v}" for k, v in fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert saved(served)["alpha.one"]["value"] == "full"


def test_an_untouched_stale_page_keeps_the_other_writers_answers(served: Served) -> None:
    page = served.client.get("/section/alpha").text
    served.submit("/section/alpha", {"alpha.one:value": "none"})
    fields = [(k, v) for k, v in form_fields(page)] + [("alpha.multi:value", "iso13485")]
    served.client.post(
        "/section/alpha",
        content="&".join(f"{k}={v}" for k, v in fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert saved(served)["alpha.one"]["value"] == "none"
    assert saved(served)["alpha.multi"]["value"] == ["iso13485"]


def test_while_the_terminal_holds_the_file_nothing_is_written(served: Served) -> None:
    before = served.path.read_bytes()
    with answers_lock(served.path):
        response = served.submit("/section/alpha", {"alpha.one:value": "full"})
        assert response.status_code == 409
        assert "open in the terminal questionnaire" in response.text
        assert 'value="full" checked' in response.text
        auto = served.submit("/section/alpha", {"alpha.one:value": "full"}, x_autosave="1")
        assert auto.json()["saved"] is False
        assert "open in the terminal" in auto.json()["status"]
    assert served.path.read_bytes() == before
    served.submit("/section/alpha", {"alpha.one:value": "full"})
    assert saved(served)["alpha.one"]["value"] == "full"


def test_a_change_in_the_terminal_shows_on_reload(served: Served, tiny_bank: Bank) -> None:
    from rcr_checklist.files.answers_io import save_answers
    from rcr_checklist.questionnaire.flow import with_answer

    assert 'value="half" checked' not in served.client.get("/section/alpha").text
    answers = load_answers(served.path, tiny_bank).answers
    save_answers(with_answer(tiny_bank, answers, "alpha.one", value="half"), served.path)
    assert 'value="half" checked' in served.client.get("/section/alpha").text


def test_untrusted_text_is_escaped(served: Served) -> None:
    served.submit("/section/about", {"product:name": "<script>alert(1)</script>"})
    served.submit("/section/beta", {"beta.note:value": '"><img src=x onerror=alert(1)>'})
    for url in ("/section/beta", "/finish"):
        html = served.client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in served.client.get("/finish").text


def test_home_resumes_at_the_first_open_question(served: Served) -> None:
    assert served.client.get("/").headers["location"] == "/section/facts"
    served.submit("/section/facts", {"facts.device:value": "no", "facts.ui:value": "no"})
    assert served.client.get("/").headers["location"] == "/section/alpha"


def test_home_of_a_finished_file_goes_to_the_finish_page(rcr_bank: Bank, tmp_path: Path) -> None:
    # Every question answered: resume_section says "finish", which is /finish, not a section.
    path = tmp_path / "chestflow.yaml"
    shutil.copyfile(Path(__file__).parents[2] / "examples" / "chestflow.yaml", path)
    s = Served(rcr_bank, path)
    s.login()
    location = s.client.get("/").headers["location"]
    assert location == "/finish"
    assert s.client.get(location).status_code == 200


def test_finish_lists_open_questions_and_offers_the_reports(served: Served) -> None:
    page = served.client.get("/finish").text
    assert "questions still open" in page
    assert 'href="/section/alpha#q-alpha-one"' in page
    for fmt in ("pdf", "html", "md"):
        assert f'href="/download/{fmt}"' in page


def test_markdown_and_html_reports_come_from_the_report_pipeline(served: Served) -> None:
    served.submit("/section/alpha", {"alpha.one:value": "half"})
    md = served.client.get("/download/md")
    assert md.status_code == 200
    assert md.headers["content-disposition"] == 'attachment; filename="answers.md"'
    assert "Test product" in md.text and "alpha.one" in md.text
    html = served.client.get("/download/html")
    assert html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text


def test_a_broken_file_on_disk_is_reported_not_overwritten(served: Served, tmp_path: Path) -> None:
    served.path.write_text("format: rcr-checklist/answers/v1\nbank: [\n", encoding="utf-8")
    before = served.path.read_bytes()
    page = served.client.get("/section/alpha")
    assert page.status_code == 400
    assert "answers.yaml:3" in page.text and "Fix the file" in page.text
    response = served.post("/section/alpha", {"alpha.one:shown": "1", "alpha.one:value": "full"})
    assert response.status_code == 400
    assert served.path.read_bytes() == before


def test_a_hand_kept_file_keeps_its_comments(served: Served) -> None:
    text = served.path.read_text(encoding="utf-8")
    served.path.write_text(
        text.replace("answers: {}", "# my notes\nanswers: {}  # to do"), encoding="utf-8"
    )
    served.submit("/section/alpha", {"alpha.one:value": "half"})
    kept = served.path.read_text(encoding="utf-8")
    assert "# my notes" in kept
    assert saved(served)["alpha.one"]["value"] == "half"


def test_a_file_written_whole_is_saved_whole(served: Served, tiny_bank: Bank) -> None:
    from rcr_checklist.files.answers_io import answers_text

    served.submit("/section/alpha", {"alpha.one:value": "half"})
    served.submit("/section/beta", {"beta.note:value": "two"})
    answers = load_answers(served.path, tiny_bank).answers
    assert served.path.read_text(encoding="utf-8") == answers_text(answers)


@pytest.mark.parametrize("example", ["chestflow", "draft-inprogress", "clinician-quickcheck"])
def test_the_form_writes_what_a_first_save_writes(example: str, rcr_bank: Bank) -> None:
    """The answer-by-answer writer of the store gives the same text as answers_text."""
    from rcr_checklist.files.answers_io import answers_text
    from rcr_checklist.files.resources import examples_dir
    from rcr_checklist.questionnaire.flow import with_answer
    from rcr_checklist.serve.store import PlainText

    answers = load_answers(examples_dir() / f"{example}.yaml", rcr_bank).answers
    writer = PlainText()
    assert writer.of(answers) == answers_text(answers)
    for qid in list(answers.answers)[:: max(1, len(answers.answers) // 5)]:
        answers = with_answer(rcr_bank, answers, qid, comment="Changed:\nagain 'quoted' # not")
        assert writer.of(answers) == answers_text(answers)
    empty = answers.model_copy(update={"answers": {}})
    assert writer.of(empty) == answers_text(empty)


def test_not_disclosed_is_saved_on_any_question(served: Served) -> None:
    from rcr_checklist.limits import NOT_DISCLOSED

    served.submit("/section/alpha", {"alpha.one:value": NOT_DISCLOSED, "alpha.multi:nd": "1"})
    assert saved(served)["alpha.one"]["value"] == NOT_DISCLOSED
    assert saved(served)["alpha.multi"]["value"] == NOT_DISCLOSED


def test_element_ids_are_unique_and_every_label_points_at_one(
    rcr_bank: Bank, tmp_path: Path
) -> None:
    """Option values such as "none" must not collide with the form's own controls."""
    import collections
    import shutil

    from helpers.serve import Served
    from rcr_checklist.files.resources import examples_dir

    path = tmp_path / "chestflow.yaml"
    shutil.copy(examples_dir() / "chestflow.yaml", path)
    served = Served(rcr_bank, path)
    served.login()
    pages = ["/section/about", "/finish"] + [f"/section/{p.id}" for p in rcr_bank.principles]
    for url in pages:
        html = served.client.get(url).text
        ids = re.findall(r'\sid="([^"]+)"', html)
        twice = [i for i, n in collections.Counter(ids).items() if n > 1]
        assert twice == [], url
        assert set(re.findall(r'\sfor="([^"]+)"', html)) <= set(ids), url


def test_answers_hidden_by_the_facts_are_listed_not_dropped(served: Served) -> None:
    served.submit("/section/facts", {"facts.ui:value": "yes"})
    served.submit("/section/alpha", {"alpha.wcag:value": "yes"})
    served.submit("/section/facts", {"facts.ui:value": "no"})
    assert saved(served)["alpha.wcag"]["value"] == "yes"
    page = served.client.get("/finish").text
    assert "1 answer kept but not counted" in page
    assert "WCAG 2.1 AA?" in page and "alpha.wcag" in page
    served.submit("/section/alpha", {"alpha.one:value": "full"})  # a save keeps it too
    assert saved(served)["alpha.wcag"]["value"] == "yes"


def test_autosave_of_the_about_page_names_the_field_in_error(served: Served) -> None:
    response = served.submit("/section/about", {"product:name": ""}, x_autosave="1")
    data = response.json()
    assert data["saved"] is False
    assert data["errors"] == {"f-product-name-error": "the product name is required"}
    assert 'id="f-product-name-error"' in served.client.get("/section/about").text
    ok = served.submit("/section/about", {"product:manufacturer": "Acme <Ltd>"}, x_autosave="1")
    assert ok.json()["saved"] is True
    assert load_answers(served.path, served.bank).answers.product.manufacturer == "Acme <Ltd>"


def test_the_score_panel_says_why_a_draft_is_not_rated(served: Served) -> None:
    from rcr_checklist.model.scoring import score

    served.submit("/section/alpha", {"alpha.one:value": "full", "alpha.multi:nd": "1"})
    overall = score(served.bank, load_answers(served.path, served.bank).answers).overall
    page = served.client.get("/section/alpha").text
    assert overall.not_rated_reason and overall.not_rated_reason in page
    assert "1 answer requested from the vendor (not disclosed)." in page
