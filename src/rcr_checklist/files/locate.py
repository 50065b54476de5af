"""Turns pydantic validation errors into located problems (file, line, field)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from rcr_checklist.errors import Problem
from rcr_checklist.files.located import LocatedData

__all__ = ["closest", "dotted", "problems_from_validation", "vocabulary"]


# pydantic error types for a date that is not written as a date (not date_past and the like)
_DATE_FORMAT_ERRORS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)


def dotted(path: Iterable[str | int]) -> str:
    """Format a data path for people: ``answers.x.y.evidence[0].title``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like ``word`` (a likely typo), or None."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Follow ``loc`` through ``data``, dropping the union tags pydantic inserts."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict):
            if isinstance(part, str) and part in current:
                current = current[part]
                path.append(part)
            elif part in (current.get("kind"), "leaf"):
                continue  # tag of the question-kind or condition union
            else:  # a missing or unknown key
                path.append(part)
                current = None
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        # anything else is a type tag below a scalar: skip it
    return tuple(path)


def vocabulary(*models: type[BaseModel]) -> set[str]:
    """Every field name (by alias) of the given models and the models they contain.

    Args:
        models: root model classes.

    Returns:
        Field names, used to suggest the closest known name for a typo.
    """
    names: set[str] = set()
    todo = list(models)
    seen: set[type] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            todo.extend(_models_in(info.annotation))
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        stack.extend(getattr(item, "__args__", ()) or ())
        origin = getattr(item, "__origin__", None)
        if origin is not None and origin is not item:
            stack.append(origin)
    return found


def _quote_hint(written: str, given: Any) -> str:
    """The message for a number (or true/false) where text is expected: quote it."""
    if isinstance(given, bool):
        read_as = f"the boolean {str(given).lower()}"
    else:
        read_as = f"the number {given!r}"
    same = written in (repr(given), str(given).lower())
    return f'is text: write it in quotes, "{written}"' + (
        "" if same else f" (unquoted, {written} reads as {read_as})"
    )


def problems_from_validation(
    exc: ValidationError,
    located: LocatedData,
    known: Iterable[str] = (),
) -> list[Problem]:
    """Convert a pydantic error into one located problem per error.

    Args:
        exc: the error raised by ``Model.model_validate(located.data)``.
        located: the data with line numbers.
        known: field names to suggest from when a field is unknown (see :func:`vocabulary`).

    Returns:
        Problems in file order, duplicates removed.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(located.data, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(path[-1]) if path else "?"
            guess = closest(name, known)
            if guess == name:  # a field of another section (product.name at the top)
                message = (
                    f"unknown field {name!r} here: it is a field of another section; check "
                    "its indentation and the section above it"
                )
            else:
                message = f"unknown field {name!r}" + (
                    f"; did you mean {guess!r}?" if guess else ""
                )
            field = dotted(path)
        elif kind in ("union_tag_invalid", "union_tag_not_found") and "kind" in str(
            err.get("ctx", {}).get("discriminator", "")
        ):
            path = (*path, "kind")
            field = dotted(path)
            expected = str(err.get("ctx", {}).get("expected_tags", "")).replace("'", "")
            tag = err.get("ctx", {}).get("tag")
            message = (
                f"{tag!r} is not a known kind; use one of: {expected}"
                if kind == "union_tag_invalid"
                else "is required but missing (single, multi, yes_no, text, number or date)"
            )
        elif kind == "missing":
            field = dotted(path)
            message = "is required but missing"
        else:
            field = dotted(path)
            msg = str(err["msg"]).removeprefix("Value error, ")
            given = err.get("input")
            shown = repr(given) if isinstance(given, str | int | float | bool) else None
            if shown is not None and len(shown) > 60:
                shown = shown[:57] + "...'"
            message = msg[0].lower() + msg[1:] if msg else "is not valid"
            written = located.written.get(path)
            if kind == "string_type" and isinstance(given, int | float):
                message = _quote_hint(written or repr(given), given)
            elif (
                shown is not None
                and kind not in ("model_type", "dict_type")
                and (written or shown) not in message
            ):
                message += f" (got {written or shown})"
            if kind in _DATE_FORMAT_ERRORS:
                message += "; use YYYY-MM-DD"
        problem = Problem(located.source, located.line_of(path), field, message)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    problems.sort(key=lambda p: p.line or 0)
    return problems
