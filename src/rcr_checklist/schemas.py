"""JSON Schemas exported for editors and CI (``rcr-checklist schema``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from rcr_checklist.answers import AnswersFile
from rcr_checklist.bank import BankMeta, PrincipleFile
from rcr_checklist.review import ReviewFile
from rcr_checklist.scoring import Assessment

__all__ = ["json_schema"]

_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "answers": (AnswersFile, "rcr-checklist answers file"),
    "bank": (PrincipleFile, "rcr-checklist bank principle file (principles/N-*.yaml)"),
    "bank-meta": (BankMeta, "rcr-checklist bank.yaml"),
    "assessment": (Assessment, "rcr-checklist assessment JSON"),
    "review": (ReviewFile, "rcr-checklist review file"),
}


def json_schema(what: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one of our file formats.

    Args:
        what: ``answers``, ``bank``, ``bank-meta`` or ``assessment``.

    Returns:
        The schema as a dict, with ``$schema`` and ``title`` set.

    Raises:
        KeyError: an unknown name.
    """
    model, title = _MODELS[what]
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
