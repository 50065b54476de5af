"""The small condition language used by ``show_if`` and bank rules: data, never ``eval``.

A condition is a tree: ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}`` or a leaf
``{question: ID, <op>: value}`` where ``<op>`` is one of ``equals``, ``in``, ``not_in``,
``gte``, ``lte`` or ``answered``.

Kept whole (about 320 lines): the whole condition language, its models, evaluation, compilation
and wording, which change together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from rcr_checklist.limits import NA, NOT_DISCLOSED

__all__ = [
    "AllOf",
    "AnyOf",
    "Condition",
    "Leaf",
    "NotOf",
    "Op",
    "Test",
    "compile_condition",
    "describe",
    "evaluate",
    "leaves",
]

Op = Literal["equals", "in", "not_in", "gte", "lte", "answered"]
Scalar = str | int | float | bool


class Leaf(BaseModel):
    """A test on one earlier answer; exactly one operator is given.

    Semantics: an unanswered, hidden, ``n/a`` or not-disclosed question makes every operator
    false except ``answered: false``. For a multi-choice answer, ``equals`` means "selected",
    ``in`` means "any of these selected" and ``not_in`` means "none of these selected".
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: str = Field(description="Id of an earlier question, e.g. 'facts.medical_device'.")
    equals: Scalar | None = Field(
        None, description="The answer (or a selected option) equals this value."
    )
    in_: list[Scalar] | None = Field(
        None, alias="in", description="The answer is one of these values."
    )
    not_in: list[Scalar] | None = Field(
        None, description="The answer is answered and none of these values."
    )
    gte: float | None = Field(None, description="A number answer is at least this.")
    lte: float | None = Field(None, description="A number answer is at most this.")
    answered: bool | None = Field(
        None, description="true: the question has an answer other than n/a; false: it has not."
    )

    @model_validator(mode="after")
    def _one_operator(self) -> Leaf:
        given = [name for name in _OPS if getattr(self, _ATTR[name]) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of equals, in, not_in, gte, lte, answered"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self

    @cached_property
    def op(self) -> Op:
        """The operator this leaf uses (worked out once: conditions are evaluated often)."""
        for name in _OPS:
            if getattr(self, _ATTR[name]) is not None:
                return name
        raise AssertionError("validated leaf without operator")  # pragma: no cover

    @cached_property
    def operand(self) -> Any:
        """The value the operator compares with."""
        return getattr(self, _ATTR[self.op])


class AllOf(BaseModel):
    """True when every child condition is true."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    all: list[Condition] = Field(min_length=1, description="Conditions that must all hold.")


class AnyOf(BaseModel):
    """True when at least one child condition is true."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    any: list[Condition] = Field(min_length=1, description="Conditions of which one must hold.")


class NotOf(BaseModel):
    """True when the child condition is false."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    not_: Condition = Field(alias="not", description="The condition that must not hold.")


def _tag(value: Any) -> str | None:
    """Pick the union member from the keys present, so errors name one branch only."""
    if isinstance(value, dict):
        return next((key for key in ("all", "any", "not") if key in value), "leaf")
    return _TAGS.get(type(value))


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Leaf, Tag("leaf")],
    Discriminator(_tag),
]
_TAGS: dict[type, str] = {AllOf: "all", AnyOf: "any", NotOf: "not", Leaf: "leaf"}

_OPS: tuple[Op, ...] = ("equals", "in", "not_in", "gte", "lte", "answered")
_ATTR: dict[Op, str] = {op: ("in_" if op == "in" else op) for op in _OPS}

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def _as_set(value: Any) -> set[Any]:
    return set(value) if isinstance(value, list) else {value}


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


_OPERATORS: dict[Op, Callable[[Any, Any], bool]] = {
    "equals": lambda value, operand: operand in _as_set(value),
    "in": lambda value, operand: bool(_as_set(value) & set(operand)),
    "not_in": lambda value, operand: not (_as_set(value) & set(operand)),
    "gte": lambda value, operand: (n := _num(value)) is not None and n >= operand,
    "lte": lambda value, operand: (n := _num(value)) is not None and n <= operand,
}


def evaluate(condition: Condition, values: Mapping[str, Any]) -> bool:
    """Evaluate a condition against the visible answers so far.

    Args:
        condition: the parsed condition tree.
        values: question id -> answer value (str, number, list of str, or "n/a"); questions
            that are unanswered or hidden are simply absent.

    Returns:
        Whether the condition holds.
    """
    if isinstance(condition, Leaf):  # the common case first
        value = values.get(condition.question)
        present = value is not None and value != NA and value != NOT_DISCLOSED and value != []
        op = condition.op
        if op == "answered":
            return present == bool(condition.answered)
        return present and _OPERATORS[op](value, condition.operand)
    if isinstance(condition, AllOf):
        return all(evaluate(child, values) for child in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(child, values) for child in condition.any)
    return not evaluate(condition.not_, values)


Test = Callable[[Mapping[str, Any]], bool]
"""A compiled condition: visible answers so far -> whether the condition holds."""

_ABSENT = frozenset({NA, NOT_DISCLOSED})


def compile_condition(condition: Condition) -> Test:
    """Turn a condition tree into one function, for conditions evaluated many times.

    The function gives exactly what :func:`evaluate` gives for the same values; the tree is
    read once here instead of at every call (scoring evaluates the bank's conditions for every
    answers file).

    Args:
        condition: the parsed condition tree.

    Returns:
        A function of the visible answers so far (question id -> value) to a bool.
    """
    if isinstance(condition, AllOf | AnyOf):
        children = tuple(
            compile_condition(c)
            for c in (condition.all if isinstance(condition, AllOf) else condition.any)
        )
        return _chain(children, every=isinstance(condition, AllOf))
    if isinstance(condition, NotOf):
        if isinstance(condition.not_, Leaf) and condition.not_.op not in ("answered", "gte", "lte"):
            return _compile_member(condition.not_, flipped=True)  # one call, not two
        inner = compile_condition(condition.not_)
        return lambda values: not inner(values)
    return _compile_leaf(condition)


def _chain(tests: tuple[Test, ...], *, every: bool) -> Test:
    """``all``/``any`` of tests as nested ``and``/``or`` (no generator at every call)."""
    first = tests[0]
    if len(tests) == 1:
        return first
    rest = _chain(tests[1:], every=every)
    if every:
        return lambda values: first(values) and rest(values)
    return lambda values: first(values) or rest(values)


def _compile_leaf(leaf: Leaf) -> Test:
    """One leaf as a function; "present" means what :func:`evaluate` means by it."""
    qid, op, operand = leaf.question, leaf.op, leaf.operand
    if op == "answered":
        wanted = bool(operand)

        def answered(values: Mapping[str, Any]) -> bool:
            value = values.get(qid)
            present = value is not None and value != NA and value != NOT_DISCLOSED and value != []
            return present == wanted

        return answered
    if op == "gte" or op == "lte":
        bound, at_least = float(operand), op == "gte"

        def compare(values: Mapping[str, Any]) -> bool:
            n = _num(values.get(qid))  # None when absent: n/a and lists are not numbers
            return n is not None and (n >= bound if at_least else n <= bound)

        return compare
    return _compile_member(leaf, flipped=False)


def _compile_member(leaf: Leaf, *, flipped: bool) -> Test:
    """An ``equals``/``in``/``not_in`` leaf, or its negation when ``flipped``."""
    qid, op, operand = leaf.question, leaf.op, leaf.operand
    chosen = frozenset({operand} if op == "equals" else operand)
    # the leaf is "present and (selected xor not_in)"; flipped, it is the opposite
    negate = (op == "not_in") != flipped

    def member(values: Mapping[str, Any]) -> bool:
        value = values.get(qid)
        if value is None:
            return flipped
        if value.__class__ is list:
            if not value:
                return flipped
            return chosen.isdisjoint(value) == negate
        if value in _ABSENT:
            return flipped
        return (value in chosen) != negate

    return member


def leaves(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Leaf, tuple[str | int, ...]]]:
    """Yield every leaf of a condition with its path inside the condition.

    Args:
        condition: the condition tree.
        path: the path of ``condition`` itself (prefix for the yielded paths).

    Yields:
        ``(leaf, path)`` pairs, e.g. ``(Leaf(...), ("all", 1))``.
    """
    if isinstance(condition, AllOf):
        for i, child in enumerate(condition.all):
            yield from leaves(child, (*path, "all", i))
    elif isinstance(condition, AnyOf):
        for i, child in enumerate(condition.any):
            yield from leaves(child, (*path, "any", i))
    elif isinstance(condition, NotOf):
        yield from leaves(condition.not_, (*path, "not"))
    else:
        yield condition, path


_WORDS: dict[Op, str] = {
    "equals": "is",
    "in": "is one of",
    "not_in": "is answered and none of",
    "gte": "is at least",
    "lte": "is at most",
}


def describe(condition: Condition) -> str:
    """Say a condition in words for a reader, e.g. "facts.medical_device is one of yes, unsure".

    Args:
        condition: the condition tree.

    Returns:
        One line; ``all``/``any`` children joined with "and"/"or", in brackets when nested.
    """
    if isinstance(condition, Leaf):
        op = condition.op
        if op == "answered":
            return f"{condition.question} is {'' if condition.answered else 'not '}answered"
        operand = condition.operand
        items = operand if isinstance(operand, list) else [operand]
        shown = ", ".join(f"{x:g}" if isinstance(x, float) else str(x) for x in items)
        return f"{condition.question} {_WORDS[op]} {shown}"
    if isinstance(condition, AllOf | AnyOf):
        children = condition.all if isinstance(condition, AllOf) else condition.any
        parts = [
            f"({describe(c)})" if isinstance(c, AllOf | AnyOf) else describe(c) for c in children
        ]
        return (" and " if isinstance(condition, AllOf) else " or ").join(parts)
    return f"not ({describe(condition.not_)})"
