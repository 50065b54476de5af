"""Fuzzing with hypothesis: structured but wrong answers files, and raw bytes.

Whatever the input, loading gives either valid answers that score and render, or an
InputError whose problems are one line each naming the file; never another exception.
Longer runs: ``python fuzz/fuzz_answers.py`` (atheris when installed, else hypothesis).
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank, parse_answers
from rcr_checklist.files.reading import decode_text
from rcr_checklist.files.yamlio import load_yaml
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score

VALID: dict[str, Any] = {
    "format": "rcr-checklist/answers/v1",
    "bank": {"id": "tiny-bank", "version": "1.0.0"},
    "profile": "vendor",
    "product": {"name": "Acme CXR", "manufacturer": "Acme Ltd"},
    "assessor": {"name": "A. Tester", "date": "2026-11-01"},
    "answers": {
        "facts.device": {"value": "yes"},
        "alpha.one": {"value": "full", "evidence": [{"title": "Cert", "ref": "C-1"}]},
        "alpha.multi": {"value": ["iso13485"]},
        "beta.marking": {"value": "marked", "comment": "Fine."},
    },
}

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(
    ["n/a", "", "full", "none", "<script>", "{{ 7*7 }}", "\u202e", "😀", "2026-02-30", "yes"]
)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
PATHS = [
    ("format",),
    ("bank",),
    ("bank", "id"),
    ("bank", "version"),
    ("profile",),
    ("product",),
    ("product", "name"),
    ("product", "version"),
    ("assessor", "date"),
    ("answers",),
    ("answers", "alpha.one"),
    ("answers", "alpha.one", "value"),
    ("answers", "alpha.one", "evidence"),
    ("answers", "alpha.one", "evidence", 0, "date"),
    ("answers", "alpha.multi", "value"),
    ("answers", "beta.marking", "value"),
    ("answers", "beta.marking", "justification"),
    ("answers", "facts.device", "value"),
]


def _set(data: Any, path: tuple[Any, ...], value: Any, delete: bool) -> None:
    for part in path[:-1]:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return
    last = path[-1]
    if isinstance(data, dict):
        if delete:
            data.pop(last, None)
        else:
            data[last] = value
    elif isinstance(data, list) and isinstance(last, int) and last < len(data):
        data[last] = value


@st.composite
def broken_answers(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        if draw(st.booleans()) and len(path) > 1:
            path = (*path[:-1], draw(texts))  # an unknown field or question id
        _set(data, path, draw(values), draw(st.booleans()))
    return data


def _check_problem_lines(exc: InputError) -> None:
    assert exc.problems
    for problem in exc.problems:
        line = str(problem)
        assert "\n" not in line and line.startswith("a.yaml")
        assert problem.message


def _load(text: str, bank: Bank) -> LoadedAnswers | None:
    try:
        answers, located = parse_answers(text, "a.yaml")
        loaded = LoadedAnswers(answers=answers, source="a.yaml", located=located)
        check_against_bank(loaded, bank)
    except InputError as exc:
        _check_problem_lines(exc)
        return None
    return loaded


FUZZ = settings(
    max_examples=int(os.environ.get("RCR_FUZZ_EXAMPLES", "150")),  # bounded in CI
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(broken_answers())
def test_structured_wrong_answers(tiny_bank: Bank, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = _load(text, tiny_bank)
    if loaded is not None:
        from rcr_checklist.report.render import render_markdown

        assessment = score(tiny_bank, loaded.answers)
        assert 0 <= (assessment.overall.score or 0) <= 100
        assert render_markdown(tiny_bank, assessment)


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_raw_bytes(tiny_bank: Bank, raw: bytes) -> None:
    try:
        text = decode_text(raw, "a.yaml")
    except InputError as exc:
        _check_problem_lines(exc)
        return
    _load(text, tiny_bank)


YAML_BITS = [
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "&a ",
    "*a ",
    "!!str ",
    "!x ",
    "<<: ",
    "? ",
    "|\n",
    ">\n",
    "---\n",
    "...\n",
    "\n  ",
    "\n",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "x",
    "1",
    "~",
]


@FUZZ
@given(st.lists(st.sampled_from(YAML_BITS), max_size=40).map("".join))
def test_yaml_shapes(tiny_bank: Bank, text: str) -> None:
    try:
        load_yaml(text, "a.yaml")
    except InputError as exc:
        _check_problem_lines(exc)
        return
    _load(text, tiny_bank)


@pytest.mark.parametrize(
    "text",
    [
        # Seeds; every input a fuzzer finds failing is added here as a regular test.
        "answers: {x: {value: [[[]]]}}\n",
        "format: rcr-checklist/answers/v1\nproduct: {name: '\\u202e'}\n",
    ],
)
def test_fuzz_findings(tiny_bank: Bank, text: str) -> None:
    _load(text, tiny_bank)
