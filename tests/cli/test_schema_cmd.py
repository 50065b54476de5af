"""The bank-aware answers schema: valid draft 2020-12, examples pass, wrong values fail."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from helpers.banks import TINY_FACTS, write_tiny_bank
from rcr_checklist.app.schemas import json_schema
from rcr_checklist.cli import main
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _plain(data: Any) -> Any:
    """YAML data as JSON sees it: dates become YYYY-MM-DD strings."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = _plain(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))
    return data


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: dict[str, Any], data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return sorted((list(e.absolute_path), e.message) for e in _validator(schema).iter_errors(data))


def _prop(schema: dict[str, Any], qid: str) -> dict[str, Any]:
    prop: dict[str, Any] = schema["properties"]["answers"]["properties"][qid]
    return prop


def _value(schema: dict[str, Any], qid: str) -> dict[str, Any]:
    """The narrowed value schema of one question (the arm that is not null)."""
    value: dict[str, Any] = _prop(schema, qid)["allOf"][1]["properties"]["value"]
    return value


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json_schema("answers")


def test_schema_is_valid_draft_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == "rcr-checklist answers file"


def test_every_question_of_the_bank_is_listed_in_asking_order(schema, rcr_bank: Bank):
    assert list(schema["properties"]["answers"]["properties"]) == [q.id for q in rcr_bank.questions]
    assert schema["properties"]["answers"]["additionalProperties"] == {"$ref": "#/$defs/Answer"}


def test_single_choice_enum_is_the_option_values(schema, rcr_bank: Bank):
    question = rcr_bank.by_id["regulation.ukca_marking"]
    assert _value(schema, "regulation.ukca_marking")["anyOf"] == [
        {"enum": [o.value for o in question.options]},
        {"const": "not-disclosed"},
        {"type": "null"},
    ]
    assert [o.value for o in question.options] == [
        "ukca_or_ce_registered",
        "marked_registration_unconfirmed",
        "marked_not_registered",
        "pending",
        "non_uk_only",
        "none",
    ]
    assert (
        "marked_not_registered = Marked, but not registered with the MHRA (score 0.5)"
        in (_value(schema, "regulation.ukca_marking")["description"])
    )


def test_description_has_text_help_and_principle(schema, rcr_bank: Bank):
    question = rcr_bank.by_id["regulation.ukca_marking"]
    description = _prop(schema, "regulation.ukca_marking")["description"]
    assert description.startswith(question.text + "\n\nA medical device placed on the GB market")
    assert description.endswith("Principle 3: Take account of current and emerging regulation.")
    assert _prop(schema, "facts.medical_device")["description"].endswith(
        "Product facts (not scored)."
    )


def test_allow_na_adds_na_and_requires_a_justification(schema, rcr_bank: Bank):
    question = rcr_bank.by_id["standards.accessibility"]
    assert question.allow_na
    enum = _value(schema, "standards.accessibility")["anyOf"][0]["enum"]
    assert enum == [*(o.value for o in question.options), "n/a"]
    assert {"$ref": "#/$defs/NotApplicableNeedsJustification"} in _prop(
        schema, "standards.accessibility"
    )["allOf"]


def test_multi_is_an_array_of_unique_option_values(schema, rcr_bank: Bank):
    question = rcr_bank.by_id["standards.process_standards"]
    assert question.kind == "multi"
    assert _value(schema, "standards.process_standards")["anyOf"][0] == {
        "type": "array",
        "items": {"enum": [o.value for o in question.options]},
        "uniqueItems": True,
    }


def test_yes_no_and_text(schema):
    assert _value(schema, "facts.generative")["anyOf"][0] == {"enum": ["yes", "no"]}
    assert _value(schema, "regulation.intended_purpose_text")["anyOf"][0] == {"type": "string"}


def test_bank_id_is_fixed_and_version_defaults(schema, rcr_bank: Bank):
    ref = schema["$defs"]["BankRef"]["properties"]
    assert ref["id"]["const"] == ref["id"]["default"] == "rcr-ai-principles"
    assert ref["version"]["default"] == rcr_bank.meta.version
    assert "const" not in ref["version"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_validates(schema, path: Path):
    assert _errors(schema, _example(path.name)) == []


def test_a_wrong_option_value_fails(schema):
    data = _example("chestflow.yaml")
    data["answers"]["regulation.ukca_marking"]["value"] = "ukca"
    errors = _errors(schema, data)
    assert [path for path, _ in errors] == [["answers", "regulation.ukca_marking", "value"]]
    assert "'ukca' is not valid under any of the given schemas" in errors[0][1]


def test_a_wrong_or_repeated_multi_item_fails(schema):
    data = _example("chestflow.yaml")
    bad = copy.deepcopy(data)
    bad["answers"]["standards.process_standards"]["value"] = ["iso9001"]
    assert _errors(schema, bad)
    twice = copy.deepcopy(data)
    chosen = data["answers"]["standards.process_standards"]["value"]
    twice["answers"]["standards.process_standards"]["value"] = [chosen[0], chosen[0]]
    assert _errors(schema, twice)


def test_na_needs_allow_na_and_a_justification(schema):
    data = _example("chestflow.yaml")
    data["answers"]["regulation.ukca_marking"] = {"value": "n/a", "justification": "Why not."}
    assert _errors(schema, data)
    data = _example("chestflow.yaml")
    data["answers"]["standards.accessibility"] = {"value": "n/a"}
    assert _errors(schema, data) == [
        (["answers", "standards.accessibility"], "'justification' is a required property")
    ]
    data["answers"]["standards.accessibility"]["justification"] = "No user interface."
    assert _errors(schema, data) == []


def test_unknown_ids_and_other_versions_are_not_errors_but_other_banks_are(schema):
    data = _example("chestflow.yaml")
    data["answers"]["regulation.retired_question"] = {"value": "anything"}
    data["bank"]["version"] = "0.9.0"
    assert _errors(schema, data) == []
    data["bank"]["id"] = "another-bank"
    assert [path for path, _ in _errors(schema, data)] == [["bank", "id"]]


def test_unanswered_value_is_accepted(schema):
    data = _example("chestflow.yaml")
    data["answers"]["regulation.ukca_marking"]["value"] = None
    assert _errors(schema, data) == []


TINY_FACTS_WITH_NUMBER_AND_DATE = (
    TINY_FACTS
    + """\
  - id: facts.sites
    kind: number
    text: How many sites?
    minimum: 1
    maximum: 500
    unit: sites
  - id: facts.released
    kind: date
    text: When was it released?
    allow_na: true
    na_when: Not released yet.
"""
)


def test_schema_for_another_bank_via_cli(tmp_path: Path):
    folder = write_tiny_bank(tmp_path / "tiny", **{"0-facts.yaml": TINY_FACTS_WITH_NUMBER_AND_DATE})
    result = CliRunner().invoke(main, ["schema", "answers", "--bank", str(folder)])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]["answers"]["properties"]) == [
        q.id for q in load_bank(folder).questions
    ]
    assert schema["$defs"]["BankRef"]["properties"]["id"]["const"] == "tiny-bank"
    assert _value(schema, "facts.sites")["anyOf"] == [
        {"type": "number", "minimum": 1, "maximum": 500},
        {"const": "not-disclosed"},
        {"type": "null"},
    ]
    assert _value(schema, "facts.released")["anyOf"] == [
        {"type": "string", "format": "date"},
        {"const": "n/a"},
        {"const": "not-disclosed"},
        {"type": "null"},
    ]
    base = {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": "tiny-bank", "version": "1.0.0"},
        "product": {"name": "P"},
    }
    good = {
        **base,
        "answers": {"facts.sites": {"value": 12}, "facts.released": {"value": "2026-01-31"}},
    }
    assert _errors(schema, good) == []
    bad = {
        **base,
        "answers": {"facts.sites": {"value": 0}, "facts.released": {"value": "31/01/2026"}},
    }
    assert [path for path, _ in _errors(schema, bad)] == [
        ["answers", "facts.released", "value"],
        ["answers", "facts.sites", "value"],
    ]


def test_cli_output_is_deterministic_and_matches_the_bundled_file():
    runner = CliRunner()
    first = runner.invoke(main, ["schema", "answers"]).stdout
    second = runner.invoke(main, ["schema", "answers"]).stdout
    assert first == second
    assert json.loads(first) == json.loads((EXAMPLES / "answers.schema.json").read_text("utf-8"))


def test_other_schemas_are_unchanged_by_the_bank_option(tmp_path: Path):
    folder = write_tiny_bank(tmp_path / "tiny")
    runner = CliRunner()
    plain = runner.invoke(main, ["schema", "bank"]).stdout
    assert runner.invoke(main, ["schema", "bank", "--bank", str(folder)]).stdout == plain


def test_not_disclosed_is_valid_on_every_question(schema, rcr_bank: Bank):
    data = _example("chestflow.yaml")
    data["answers"] = {q.id: {"value": "not-disclosed"} for q in rcr_bank.questions}
    assert _errors(schema, data) == []
    assert (
        "'not-disclosed' when the vendor was asked"
        in _value(schema, "facts.hosting")["description"]
    )
