"""The public sources a bank may cite (``sources.yaml``) and the check that a reference names one.

A question's references say ``{framework, clause, edition}``; the sources file lists each
framework with its editions, dates and public title. A reference must name a listed framework
and, when the framework has several editions, one of them. A superseded edition may be cited
only next to the current edition of the same framework: an old clause number helps a reader who
holds an old form, it never stands alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import cached_property
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Edition", "Framework", "Sources", "reference_problems"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Edition(_Strict):
    """One edition of a framework, e.g. DTAC ``v2.0`` of 24 February 2026."""

    edition: str = Field(min_length=1, description="As cited in references, e.g. 'v2.0'.")
    date: str = Field(
        min_length=1,
        description="Publication or in-force date, YYYY-MM-DD where known, else as stated.",
    )
    status: Literal["current", "superseded"] = Field(
        description="current, or superseded (cited only next to the current edition)."
    )
    note: str = Field("", description="What a reader should know about this edition.")


class Framework(_Strict):
    """A framework, standard, law or guidance document the bank cites."""

    name: str = Field(min_length=1, description="As cited in references, e.g. 'DTAC'.")
    title: str = Field(min_length=1, description="The public title.")
    publisher: str = Field("", description="Who publishes it.")
    editions: list[Edition] = Field(min_length=1, description="Editions the bank may cite.")

    @cached_property
    def by_edition(self) -> dict[str, Edition]:
        """Edition name -> edition."""
        return {e.edition: e for e in self.editions}


class Sources(_Strict):
    """``sources.yaml``: every framework a bank may cite, in the order reports list them."""

    frameworks: list[Framework] = Field(min_length=1, description="Frameworks, reading order.")

    @cached_property
    def by_name(self) -> dict[str, Framework]:
        """Framework name -> framework."""
        return {f.name: f for f in self.frameworks}


class _Ref(Protocol):
    """What the check needs of a reference (a :class:`~rcr_checklist.model.bank.Reference`)."""

    @property
    def framework(self) -> str: ...  # pragma: no cover

    @property
    def edition(self) -> str | None: ...  # pragma: no cover


def _is_current(ref: _Ref, sources: Sources) -> bool:
    framework = sources.by_name.get(ref.framework)
    if framework is None:
        return False
    if ref.edition is None:
        return len(framework.editions) == 1 and framework.editions[0].status == "current"
    edition = framework.by_edition.get(ref.edition)
    return edition is not None and edition.status == "current"


def reference_problems(references: Sequence[_Ref], sources: Sources) -> list[tuple[int, str, str]]:
    """What is wrong with one question's (or rule's) references, against the sources file.

    Args:
        references: the references of one question or rule, in order.
        sources: the bank's sources.

    Returns:
        ``(index, field, message)`` per problem: the index into ``references``, the field
        (``framework`` or ``edition``) and one sentence; empty when every reference resolves.
    """
    problems: list[tuple[int, str, str]] = []
    for i, ref in enumerate(references):
        framework = sources.by_name.get(ref.framework)
        if framework is None:
            guess = difflib.get_close_matches(ref.framework, list(sources.by_name), n=1)
            problems.append(
                (
                    i,
                    "framework",
                    f"{ref.framework!r} is not a framework in the sources file"
                    + (f" (did you mean {guess[0]!r}?)" if guess else ""),
                )
            )
            continue
        names = ", ".join(framework.by_edition)
        if ref.edition is None:
            if len(framework.editions) > 1:
                problems.append(
                    (
                        i,
                        "edition",
                        f"{framework.name} has several editions in the sources file ({names}); "
                        "name the one the clause comes from",
                    )
                )
            continue
        edition = framework.by_edition.get(ref.edition)
        if edition is None:
            problems.append(
                (
                    i,
                    "edition",
                    f"edition {ref.edition!r} of {framework.name} is not in the sources file "
                    f"(editions: {names})",
                )
            )
        elif edition.status == "superseded" and not any(
            other.framework == ref.framework and _is_current(other, sources) for other in references
        ):
            problems.append(
                (
                    i,
                    "edition",
                    f"{framework.name} {ref.edition} is superseded; cite it only next to a "
                    "clause of the current edition",
                )
            )
    return problems
