"""Loads ``principles/`` into a :class:`~rcr_checklist.model.bank.Bank`, checks it beyond schema."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rcr_checklist.errors import BankError, InputError, Problem
from rcr_checklist.files.bank_checks import (
    exclusive_problems,
    migration_problems,
    source_problems,
    weight_problems,
)
from rcr_checklist.files.bank_questions import question_problems
from rcr_checklist.files.locate import dotted, problems_from_validation, vocabulary
from rcr_checklist.files.resources import default_bank_dir
from rcr_checklist.files.yamlio import LocatedData, load_yaml_file
from rcr_checklist.limits import BANK_LIMITS
from rcr_checklist.model.bank import Bank, BankMeta, PrincipleFile
from rcr_checklist.model.migration import MigrationMap
from rcr_checklist.model.sources import Sources

__all__ = ["load_bank"]

_KNOWN = vocabulary(BankMeta, PrincipleFile, Sources, MigrationMap)
_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], Bank] = {}


def _display(path: Path, root: Path) -> str:
    """Name a bank file for messages: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return f"{root.name}/{path.name}"


# Values in one bank file once its YAML aliases are expanded (a whole RCR bank has ~5,000).
_MAX_VALUES = 100_000


def _expanded_size(data: Any, limit: int) -> int:
    """Count the values in ``data``, a container shared by aliases counted at every use.

    Memoised by identity, so an alias bomb standing for billions of values costs one visit
    per distinct container; the count stops growing soon after it passes ``limit``.
    """
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:  # recursion is bounded by the nesting limit
        if not isinstance(node, dict | list):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        for child in node.values() if isinstance(node, dict) else node:
            total += size(child)
            if total > limit:
                break
        sizes[id(node)] = total
        return total

    return size(data)


def _parse(path: Path, root: Path, model: type[Any]) -> tuple[Any, LocatedData]:
    name = _display(path, root)
    located = load_yaml_file(path, name, BANK_LIMITS)
    if not isinstance(located.data, dict):
        raise BankError(Problem(name, 1, "", "must be a YAML mapping of fields"))
    if _expanded_size(located.data, _MAX_VALUES) > _MAX_VALUES:
        raise BankError(
            Problem(
                name,
                None,
                "",
                f"stands for more than {_MAX_VALUES:,} values once its YAML aliases are "
                "expanded (an alias bomb?)",
            )
        )
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        raise BankError(problems_from_validation(exc, located, _KNOWN)) from None


def load_bank(directory: Path | None = None) -> Bank:
    """Load and fully validate a question bank.

    Args:
        directory: folder holding ``bank.yaml`` and the principle files; the bundled RCR
            bank when None.

    Returns:
        The bank, with its SHA-256 over the file names and bytes in bank order. Loading the
        same unchanged folder twice in one process returns the cached bank.

    Raises:
        BankError: every problem found, each naming file, line and field.
    """
    root = (directory or default_bank_dir()).resolve()
    meta_path = root / "bank.yaml"
    if not meta_path.is_file():
        raise BankError(Problem(str(directory or root), None, "", "holds no bank.yaml"))
    stamp = _stamp(root, meta_path)
    cached = _CACHE.get(stamp)
    if cached is not None:
        return cached
    try:
        meta, meta_loc = _parse(meta_path, root, BankMeta)
    except InputError as exc:
        raise BankError(exc.problems) from None
    problems: list[Problem] = []
    principles: list[tuple[PrincipleFile, LocatedData]] = []
    digest = hashlib.sha256()
    digest.update(b"bank.yaml\0" + meta_path.read_bytes() + b"\0")
    for i, name in enumerate(meta.files):
        path = root / name
        if Path(name).name != name or not path.is_file():
            problems.append(
                Problem(
                    meta_loc.source,
                    meta_loc.line_of(("files", i)),
                    f"files[{i}]",
                    f"no such principle file {name!r}",
                )
            )
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            principles.append(_parse(path, root, PrincipleFile))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BankError(problems)
    problems = question_problems(meta, meta_loc, principles)
    problems += weight_problems(meta, principles) + exclusive_problems(principles)
    sources, migrations, more = _companions(meta, meta_loc, root, principles, digest)
    problems += more
    if problems:
        raise BankError(problems)
    bank = Bank(
        meta=meta,
        principles=[p for p, _ in principles],
        sha256=digest.hexdigest(),
        directory=root,
        sources=sources,
        migrations=migrations,
    )
    _CACHE[stamp] = bank
    return bank


def _companion_path(
    name: str, root: Path, meta_loc: LocatedData, path: tuple[str | int, ...]
) -> tuple[Path | None, list[Problem]]:
    file = root / name
    if Path(name).name != name or not file.is_file():
        where = meta_loc.line_of(path)
        return None, [Problem(meta_loc.source, where, dotted(path), f"no such file {name!r}")]
    return file, []


def _companions(
    meta: BankMeta,
    meta_loc: LocatedData,
    root: Path,
    principles: list[tuple[PrincipleFile, LocatedData]],
    digest: Any,
) -> tuple[Sources | None, list[MigrationMap], list[Problem]]:
    """Load and check the sources file and the migration maps ``bank.yaml`` names."""
    problems: list[Problem] = []
    sources: Sources | None = None
    if meta.sources is not None:
        path, problems = _companion_path(meta.sources, root, meta_loc, ("sources",))
        if path is not None:
            digest.update(meta.sources.encode() + b"\0" + path.read_bytes() + b"\0")
            try:
                sources = _parse(path, root, Sources)[0]
            except InputError as exc:
                problems.extend(exc.problems)
            else:
                problems += source_problems(meta, meta_loc, principles, sources)
    by_id = {q.id: q for p, _ in principles for q in p.questions}
    migrations: list[MigrationMap] = []
    for i, name in enumerate(meta.migrations):
        path, missing = _companion_path(name, root, meta_loc, ("migrations", i))
        problems += missing
        if path is None:
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            migration, loc = _parse(path, root, MigrationMap)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        problems += migration_problems(migration, loc, meta.version, by_id)
        migrations.append(migration)
    return sources, migrations, problems


def _stamp(root: Path, meta_path: Path) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    files = sorted(root.glob("*.yaml"))
    return str(root), tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
