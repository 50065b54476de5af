"""The browser form in a real browser: Debian's chromium driven by Playwright (slow)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.banks import write_tiny_bank
from helpers.serve import CHROMIUM, CHROMIUM_ARGS, start_server
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.scoring import score
from rcr_checklist.questionnaire.flow import Flow, with_answer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]

SAVED = "All changes saved."


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    """Ctrl-C the server; returns its exit code and what it printed."""
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    return proc.returncode, out


def saves(page: Any) -> int:
    """How many changes the page's script has saved so far."""
    return int(page.locator("#save-status").get_attribute("data-saves") or 0)


def wait_saved(page: Any, count: int) -> None:
    """Wait until the page's script has saved ``count`` changes (CSP forbids eval-based waits)."""
    from playwright.sync_api import expect

    expect(page.locator("#save-status")).to_have_attribute("data-saves", str(count))
    expect(page.locator("#save-status")).to_have_text(SAVED)


def answer_page(page: Any) -> int:
    """Answer every visible question of the page with its first option; returns how many."""
    fieldsets = page.locator("fieldset[data-question]:visible")
    count = fieldsets.count()
    for i in range(count):
        fieldset = fieldsets.nth(i)
        before = saves(page)
        # the options themselves, not the "not applicable" / "not disclosed" boxes
        choice = fieldset.locator(".options:not(.specials) input")
        if choice.count():
            choice.first.check()
        else:
            fieldset.locator("input[type=text], textarea").first.fill("As written in the IFU.")
            fieldset.locator("input[type=text], textarea").first.press("Tab")
        wait_saved(page, before + 1)
    return count


def fact_that_hides(bank: Any, answers: Any) -> tuple[str, str, list[tuple[str, int]]]:
    """A single-choice fact, a later section, and two of the fact's values with the number of
    that section's visible questions under each (different numbers), from the bank itself."""
    first = {}
    for q in bank.questions:
        if q.id.startswith("facts.") and q.kind == "single" and answers.profile in q.profiles:
            first[q.id] = [o.value for o in q.options]
    for fact, values in first.items():
        for principle in bank.principles[1:]:
            counts = []
            for value in values:
                trial = with_answer(bank, answers, fact, value=value)
                shown = Flow(bank, trial).questions
                counts.append((value, sum(1 for q in shown if q in principle.questions)))
            if len({n for _, n in counts}) > 1:
                low = min(counts, key=lambda c: c[1])
                high = max(counts, key=lambda c: c[1])
                return fact, principle.id, [values_first(counts, values[0]), low, high]
    raise AssertionError("no fact of the bank hides a question of a later section")


def values_first(counts: list[tuple[str, int]], value: str) -> tuple[str, int]:
    """The (value, count) pair of ``value``."""
    return next(c for c in counts if c[0] == value)


def test_a_clinician_check_from_start_to_a_verified_pdf(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    path = tmp_path / "check.yaml"
    proc, url = start_server(path, profile="clinician")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        assert page.url.endswith("/start")  # the token left the address
        page.get_by_label("Product name (required)").fill("ChestFlow")
        page.get_by_label("Clinician quick check").check()
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/section/about")
        page.get_by_label("Your name").fill("Dr N. Castellano")
        page.get_by_label("Your role").fill("Consultant radiologist")
        page.get_by_role("button", name="Save and continue →").click()
        page.wait_for_url("**/section/facts")
        answered = answer_page(page)
        bank = load_bank()
        flow = Flow(bank, load_answers(path, bank).answers)
        assert answered == sum(1 for q in flow.questions if q.id.startswith("facts."))
        # a fact changes what the next pages ask, live, in the section list's counts
        fact, section, counts = fact_that_hides(bank, flow.answers)
        nav = page.locator(f"#nav-panel a[href='/section/{section}'] .count")
        for value, count in counts:
            page.locator(f"#q-{fact.replace('.', '-')} input[value='{value}']").check()
            expect(nav).to_have_text(re.compile(f"^0 of {count}"))
        page.reload()  # the first options again, for the rest of the walk
        first = page.locator(f"#q-{fact.replace('.', '-')} .options input").first
        first.check()
        expect(nav).to_have_text(re.compile(f"^0 of {counts[0][1]}"))
        page.get_by_role("button", name="Save and continue →").click()
        page.wait_for_url("**/section/standards")
        standards = answer_page(page)
        answered += standards
        page.screenshot(path=str(tmp_path / "desktop.png"), full_page=True)
        # reload resumes: what was answered is still there, and "/" opens the first open page
        page.reload()
        checked = page.locator("fieldset[data-question] .options input:checked:not([value=''])")
        assert checked.count() == standards > 0
        page.goto(url.split("?")[0])
        page.wait_for_url("**/section/data")
        for _ in range(4):  # data, regulation, clinical, population
            answered += answer_page(page)
            page.get_by_role("button", name="Save and continue →").click()
        page.wait_for_url("**/finish")
        assert "Every visible question is answered." in page.inner_text("main")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download report (PDF)").click()
        pdf = tmp_path / "check.pdf"
        download.value.save_as(pdf)
        narrow = browser.new_page(viewport={"width": 320, "height": 800})
        narrow.goto(url)
        narrow.goto(url.split("?")[0] + "section/regulation")
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
        narrow.screenshot(path=str(tmp_path / "narrow.png"))
        assert errors == []
    finally:
        code, out = stop(proc)
    assert code == 130
    assert f"Stopped. Your answers are saved in {path}." in out
    answers = load_answers(path, bank).answers
    assert answers.profile == "clinician"
    assert answers.assessor.name == "Dr N. Castellano"
    assessment = score(bank, answers)
    assert assessment.overall.completion == 1.0
    assert len([q for q in assessment.questions if q.status == "answered"]) == answered
    verify = subprocess.run(
        [sys.executable, "-m", "rcr_checklist", "verify", str(pdf)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "VALID" in verify.stdout


def test_a_request_without_the_token_is_refused(browser: Any, tmp_path: Path) -> None:
    proc, url = start_server(tmp_path / "a.yaml")
    try:
        base = url.split("?")[0]
        page = browser.new_page()
        response = page.goto(base + "section/facts")
        assert response.status == 403
        assert "needs the link with the access token" in page.inner_text("body")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base, timeout=10)
        assert refused.value.code == 403
        assert not (tmp_path / "a.yaml").exists()
    finally:
        stop(proc)


FACTS_WITH_A_CONDITION = """\
id: facts
number: 0
title: Facts
questions:
  - id: facts.device
    kind: yes_no
    text: Is it a device?
  - id: facts.ui
    kind: yes_no
    text: Has it a UI?
    show_if: {question: facts.device, equals: "yes"}
"""


def test_questions_appear_as_facts_change_with_and_without_javascript(
    browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    bank_dir = write_tiny_bank(tmp_path / "bank", **{"0-facts.yaml": FACTS_WITH_A_CONDITION})
    path = tmp_path / "a.yaml"
    proc, url = start_server(path, bank_dir)
    try:
        for javascript in (True, False):
            context = browser.new_context(java_script_enabled=javascript)
            page = context.new_page()
            page.goto(url)
            if page.url.endswith("/start"):
                page.get_by_label("Product name (required)").fill("Probe")
                page.get_by_role("button", name="Start").click()
            page.goto(url.split("?")[0] + "section/facts")
            ui = page.locator("#q-facts-ui")
            device = page.locator("#q-facts-device")
            device.get_by_label("No answer yet").check()
            if not javascript:
                page.get_by_role("button", name="Save", exact=True).click()
            expect(ui).to_be_hidden()
            device.get_by_label("Yes").check()
            if not javascript:
                assert ui.is_hidden()  # a plain form: the page changes when it is sent
                page.get_by_role("button", name="Save", exact=True).click()
            expect(ui).to_be_visible()
            before = saves(page) if javascript else 0
            ui.get_by_label("Yes").focus()
            page.keyboard.press("Space")  # keyboard only
            if not javascript:
                page.keyboard.press("Enter")  # submits the form: the default button saves
                expect(page.locator("#q-facts-ui").get_by_label("Yes")).to_be_checked()
            else:
                wait_saved(page, before + 1)
            saved = load_answers(path, load_bank(bank_dir)).answers.answers
            assert saved["facts.ui"].value == "yes"
            context.close()
    finally:
        stop(proc)


# Every visible control has a label; every visible text has a contrast of at least 4.5:1
# against the background it is drawn on (WCAG 2.2 1.4.3); returns what fails.
A11Y_PROBLEMS = """() => {
  const problems = [];
  const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  for (const el of document.querySelectorAll("input, textarea, select, button")) {
    if (el.type === "hidden" || !visible(el) || el.classList.contains("default-button")) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") ||
      (el.tagName === "BUTTON" && el.textContent.trim());
    if (!named) problems.push("no label: " + (el.name || el.id));
  }
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }).reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || el.closest(".visually-hidden, .default-button")) continue;
    const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const text = el.textContent.trim().slice(0, 40);
    if (ratio < 4.5) problems.push("contrast " + ratio.toFixed(2) + ": " + text);
  }
  return problems;
}"""


@pytest.mark.parametrize("width", [1280, 320])
def test_labels_contrast_focus_and_width(browser: Any, tmp_path: Path, width: int) -> None:
    import shutil

    from rcr_checklist.files.resources import examples_dir

    path = tmp_path / "check.yaml"
    shutil.copy(examples_dir() / "clinician-quickcheck.yaml", path)
    proc, url = start_server(path)
    try:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(url)
        base = url.split("?")[0]
        for where in ("section/about", "section/facts", "section/regulation", "finish"):
            page.goto(base + where)
            # open every fold so that its controls are checked too
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            assert page.evaluate(A11Y_PROBLEMS) == [], where
            assert page.evaluate("document.documentElement.scrollWidth") <= width, where
        # keyboard: the first Tab reaches the skip link, which is shown, with a visible focus
        page.goto(base + "section/facts")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.className, e.getBoundingClientRect().left >= 0,"
            " s.outlineStyle !== 'none' || s.boxShadow !== 'none']; })()"
        )
        assert focused == ["skip", True, True]
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        ring = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
        )
        assert ring is True
    finally:
        stop(proc)
