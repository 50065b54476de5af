"""compare at tender scale: the ranking, the question tables, the radar, the PDF of 30."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import unicodedata
from io import BytesIO
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from helpers.examples import page_texts
from rcr_checklist.app.compare import load_submissions
from rcr_checklist.compare.build import build_comparison
from rcr_checklist.compare.chart import radar_chart
from rcr_checklist.compare.model import OUTCOMES, Comparison, Submission
from rcr_checklist.compare.render import comparison_html, comparison_markdown, comparison_pdf
from rcr_checklist.model.bank import Bank

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_submissions.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_submissions", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``tender/vendor-01.yaml`` ... ``vendor-30.yaml`` (the benchmark's)."""
    root = tmp_path_factory.mktemp("run")
    _generator().write_submissions(root / "tender", 30, 17)
    return root


@pytest.fixture(scope="module")
def thirty(tender: Path, rcr_bank: Bank) -> list[Submission]:
    """The 30 generated submissions, loaded and scored."""
    return load_submissions(sorted((tender / "tender").glob("*.yaml")), rcr_bank)


@pytest.fixture(scope="module")
def compared(tender: Path, rcr_bank: Bank, thirty: list[Submission]) -> Comparison:
    """Their comparison, built in the folder above them as a user would run it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tender)
        return build_comparison(rcr_bank, thirty, generated="2026-12-01T09:00:00Z")


def test_file_names_are_relative_to_where_the_command_ran(compared: Comparison) -> None:
    assert [v.source for v in compared.submissions] == [
        f"tender/vendor-{i:02d}.yaml" for i in range(1, 31)
    ]


def test_ranking_puts_critical_findings_first_then_rating_then_score(
    rcr_bank: Bank, thirty: list[Submission], compared: Comparison
) -> None:
    bands = [b.label for b in rcr_bank.meta.bands]
    by_key = {v.key: s.assessment for v, s in zip(compared.submissions, thirty, strict=True)}

    def order(key: str) -> tuple[int, int, float]:
        o = by_key[key].overall
        band = bands.index(o.rating) if o.rating in bands else len(bands)
        return (o.findings.get("critical", 0), band, -(o.score or 0.0))

    ranked = [v.key for v in compared.ranking]
    assert sorted(ranked) == sorted(by_key)
    assert [order(k) for k in ranked] == sorted(order(k) for k in ranked)
    # the generated tender really spreads over the three keys: not a vacuous order
    assert len({order(k)[0] for k in ranked}) >= 4
    assert len({order(k)[1] for k in ranked}) >= 2


def test_question_rows_lead_with_critical_then_major_and_count_every_submission(
    rcr_bank: Bank, thirty: list[Submission], compared: Comparison
) -> None:
    keys = [v.key for v in compared.submissions]
    severities = [row.severity for row in compared.differing]
    rank = {"critical": 0, "major": 1}
    assert [rank.get(s, 2) for s in severities] == sorted(rank.get(s, 2) for s in severities)
    assert compared.decisive == compared.differing[: len(compared.decisive)]
    assert {"critical", "major"} <= set(severities)
    order = [q.id for q in rcr_bank.questions]
    for group in ("critical", "major"):
        ids = [row.id for row in compared.differing if row.severity == group]
        assert ids == sorted(ids, key=order.index)
    for row in compared.differing:
        assert sorted(k for name in OUTCOMES for k in row.outcomes[name]) == sorted(keys)
        found = [
            k
            for k, s in zip(keys, thirty, strict=True)
            if any(
                f.question == row.id and f.severity == row.severity for f in s.assessment.findings
            )
        ]
        if row.decisive:
            assert row.outcomes["finding"] == found and found
        else:
            assert row.outcomes["finding"] == []
        for k, s in zip(keys, thirty, strict=True):
            result = next((r for r in s.assessment.questions if r.id == row.id), None)
            if k in row.outcomes["full"]:
                assert result is not None and result.earned == result.possible > 0
            if k in row.outcomes["open"]:
                assert result is not None and result.status in ("unanswered", "not_disclosed")


def test_radar_labels_and_legend_are_whole(rcr_bank: Bank, thirty: list[Submission]) -> None:
    c = build_comparison(rcr_bank, thirty[:4])
    chart = radar_chart(c, [(b.label, b.min, b.colour) for b in rcr_bank.meta.bands])
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart.svg)
    words = " ".join(html.unescape(line) for line in lines)
    assert "\u2026" not in chart.svg
    for number, title in c.principles:
        assert f"{number}. {title}" in words
    for v in c.submissions:
        assert f"{v.key}: {v.label} ({v.product['manufacturer']})" in words


def _vocabulary(document: str) -> set[str]:
    """Every whole word the HTML prints, casefolded, with the parts a hyphen may break into."""
    body = document[document.index("<body") :]
    words: set[str] = set()
    for joiner in (" ", ""):  # a tag between words, or inside one (<b>finding</b>:)
        text = html.unescape(re.sub(r"<[^>]+>", joiner, body))
        words.update(unicodedata.normalize("NFKC", text).casefold().split())
    for word in list(words):
        parts = word.split("-")
        words.add(word.replace("-", ""))  # pdftotext joins a word broken at its hyphen
        words.update("-".join(parts[:i]) + "-" for i in range(1, len(parts)))
        words.update("-".join(parts[i:]) for i in range(1, len(parts)))
    return words | {"page", "of", "\u2022"}


@pytest.mark.slow  # one 10-page PDF of 30 submissions (about 5 s of CPU)
def test_thirty_submissions_pdf(rcr_bank: Bank, compared: Comparison) -> None:
    pdf = comparison_pdf(rcr_bank, compared)
    document = comparison_html(rcr_bank, compared)
    assert isinstance(pdf, bytes) and isinstance(document, str)
    reader = PdfReader(BytesIO(pdf))
    pages = page_texts(pdf)
    assert len(pages) <= 12  # 18 before the question tables were condensed

    # the heatmap, and only it, is on landscape pages
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    heat = [i for i, text in enumerate(pages) if "Scores by principle" in text]
    assert heat, "no heatmap page"
    for i, (width, height) in enumerate(boxes):
        assert (width > height) == (i in heat), (i + 1, width, height)

    # the ranking prints the submissions in ranking order
    ranking_text = "\n".join(pages[: heat[0]])
    ranking_text = ranking_text[: ranking_text.index("Critical findings")]
    printed = re.findall(r"^(\d+) ([A-Z]{1,2})$", ranking_text, re.MULTILINE)
    assert [int(n) for n, _ in printed] == list(range(1, 31))
    assert [k for _, k in printed] == [v.key for v in compared.ranking]

    # no column is narrower than its longest word: every word printed is whole (a narrow
    # column breaks a word: every table is fixed layout, and overflow-wrap is break-word)
    vocabulary = _vocabulary(document)
    stamp = compared.generated.casefold()
    broken = [
        word
        for text in pages
        for word in unicodedata.normalize("NFKC", text).casefold().split()
        if word not in vocabulary and not word.isdigit() and stamp not in word
    ]
    assert broken == []

    attached = json.loads(reader.attachments["comparison.json"][0])
    assert len(attached["differing_questions"]) == len(compared.differing)


@pytest.mark.slow  # the 8-page PDF of a comparison of 7 (about 3 s)
def test_only_the_heatmap_is_landscape_when_it_leaves_room(
    rcr_bank: Bank, thirty: list[Submission]
) -> None:
    """With seven submissions the heatmap fills a third of its page: what follows it must
    still start on a portrait page."""
    c = build_comparison(rcr_bank, thirty[:7], generated="2026-12-01T09:00:00Z")
    pdf = comparison_pdf(rcr_bank, c)
    pages = PdfReader(BytesIO(pdf)).pages
    landscape = [i for i, page in enumerate(pages) if page.mediabox.width > page.mediabox.height]
    assert len(landscape) == 1
    (i,) = landscape
    assert 0 < i < len(pages) - 1  # portrait pages before and after it
    text = page_texts(pdf)
    assert "Scores by principle" in text[i] and "Questions where" not in text[i]
    assert "Questions where the submissions differ" in text[i + 1]


def test_markdown_of_thirty_counts_instead_of_thirty_columns(
    rcr_bank: Bank, compared: Comparison
) -> None:
    text = comparison_markdown(rcr_bank, compared)
    widest = max(line.count("|") for line in text.splitlines() if line.startswith("|"))
    assert widest < 12  # a row per submission, or per question with counts: never 31 columns
    section = text.split("## Scores by principle")[1].split("## ")[0]
    scores = [line for line in section.splitlines() if re.match(r"\| [A-Z]{1,2} \| ", line)]
    assert [line.split(" | ")[0][2:] for line in scores] == [v.key for v in compared.ranking]
    for row in compared.decisive:
        line = next(x for x in text.splitlines() if x.startswith(f"| `{row.id}` | "))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1:4] == [
            row.severity,
            ", ".join(row.outcomes["finding"]),
            ", ".join(row.outcomes["open"]),
        ]
