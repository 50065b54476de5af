"""Expands command-line inputs (files and folders) and loads each into an assessment."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from rcr_checklist.errors import InputError, NotASubmission, Problem
from rcr_checklist.files.answers_io import LoadedAnswers, load_answers
from rcr_checklist.limits import ANSWERS_LIMITS
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score

__all__ = [
    "INPUT_SUFFIXES",
    "Outcome",
    "Scored",
    "expand_inputs",
    "not_counted_warnings",
    "score_many",
    "score_path",
    "score_report",
]

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".pdf")


@dataclass
class Scored:
    """One input, loaded and scored.

    Attributes:
        source: the file name as shown to the user.
        loaded: the answers with their warnings.
        assessment: the scored assessment.
        warnings: notes for the user (unknown question ids, another bank version, ...).
        verified: for a report PDF, "attachment-and-cover (fast)": it passed the fast check
            (answers hash, cover and integrity page, nothing drawn on top or added later);
            "" for an answers file.
    """

    source: str
    loaded: LoadedAnswers
    assessment: Assessment
    warnings: list[Problem] = field(default_factory=list)
    verified: str = ""


def _claims_answers(path: Path) -> bool:
    """Whether a JSON file found in a folder names the answers format.

    Only a file whose ``format`` key holds the answers format is; the answers schema
    (``rcr-checklist schema answers > answers.schema.json``, which the README suggests keeping
    beside the answers), assessment JSON and other tools' files are not collected.
    """
    try:
        with path.open("rb") as handle:
            return _ANSWERS_MARK.search(handle.read(ANSWERS_LIMITS.max_bytes + 1)) is not None
    except OSError:
        return True  # let loading report why it cannot be read


# "format": "rcr-checklist/answers/v1" as a key and its text value (the schema has an object)
_ANSWERS_MARK = re.compile(rb'"format"\s*:\s*"rcr-checklist/answers/')


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - no other kinds on POSIX


def _holds_inputs(folder: Path) -> bool:
    """Whether a (hidden) folder holds a file named like a submission, links not followed."""
    for _root, _dirs, names in os.walk(folder, followlinks=False):
        if any(Path(name).suffix.lower() in INPUT_SUFFIXES for name in names):
            return True
    return False


def _walk_folder(folder: Path, skipped: list[Problem]) -> list[Path]:
    """The regular files of ``folder`` named like submissions, and why others are not read.

    Nothing is opened but regular files (a FIFO or a device could block or never end), and no
    symbolic link is followed: a link in a tender's folder could bring in another vendor's
    answers or a local file such as a password file, whose keys and values would then be
    echoed in error messages.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Problem(str(current), None, "", f"cannot be listed ({exc.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            named = path.suffix.lower() in INPUT_SUFFIXES
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:  # pragma: no cover - removed while listed
                continue
            if entry.name.startswith("."):
                if stat.S_ISDIR(mode) and _holds_inputs(path):
                    skipped.append(
                        Problem(str(path), None, "", "is a hidden folder; its files are not read")
                    )
                elif named and stat.S_ISREG(mode):
                    skipped.append(Problem(str(path), None, "", "is a hidden file; not read"))
                continue
            if stat.S_ISLNK(mode):
                if named or _link_to_folder(path):
                    skipped.append(
                        Problem(
                            str(path),
                            None,
                            "",
                            "is a symbolic link; not read (copy the file in if it belongs "
                            "to this tender)",
                        )
                    )
                continue
            if stat.S_ISDIR(mode):
                if named:
                    skipped.append(
                        Problem(str(path), None, "", "is a folder, not a file; its files are read")
                    )
                pending.append(path)
                continue
            if not named:
                continue
            if not stat.S_ISREG(mode):
                skipped.append(
                    Problem(str(path), None, "", f"is not a regular file ({_kind(mode)}); not read")
                )
                continue
            if path.suffix.lower() != ".json" or _claims_answers(path):
                found.append(path)
    return sorted(found)


def _link_to_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def expand_inputs(inputs: list[Path], skipped: list[Problem] | None = None) -> list[Path]:
    """Turn files and folders into a sorted list of files.

    Folders contribute their ``*.yaml``, ``*.yml`` and ``*.pdf`` regular files and the
    ``*.json`` files that name the answers format, subfolders included (a folder per vendor
    works), sorted by path. Inside a folder no symbolic link is followed and nothing but a
    regular file is opened; a link, a FIFO or device named like a submission, a hidden file or
    folder holding one, and a folder named like one are not read, and each is noted in
    ``skipped`` so that the count of submissions is never silently short.

    Args:
        inputs: paths as given on the command line.
        skipped: when given, receives one warning per entry of a folder not read.

    Returns:
        Files in the order given, each folder's files sorted.

    Raises:
        InputError: an input does not exist, or a folder holds no answers file.
    """
    notes: list[Problem] = []
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = _walk_folder(path, notes)
            if not found:
                extra = "; ".join(str(p) for p in notes)
                raise InputError(
                    Problem(
                        str(path),
                        None,
                        "",
                        "the folder holds no .yaml, .yml, .json or .pdf file"
                        + (f" that can be read ({extra})" if extra else ""),
                    )
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(Problem(str(path), None, "", "no such file or folder"))
    if skipped is not None:
        skipped.extend(notes)
    return files


def score_path(path: Path, bank: Bank) -> Scored:
    """Load one answers file (or a report PDF made by this tool) and score it.

    Args:
        path: a ``.yaml``/``.yml``/``.json`` answers file or a ``.pdf`` report with an embedded
            ``assessment.json``.
        bank: the bank to score with.

    Returns:
        The scored input.

    Raises:
        InputError: the input cannot be read, parsed or checked against the bank.
    """
    if path.suffix.lower() == ".pdf":
        return score_report(path, bank)
    loaded = load_answers(path, bank)
    assessment = score(bank, loaded.answers)
    warnings = list(loaded.warnings) + not_counted_warnings(loaded, assessment)
    return Scored(source=str(path), loaded=loaded, assessment=assessment, warnings=warnings)


def not_counted_warnings(loaded: LoadedAnswers, assessment: Assessment) -> list[Problem]:
    """One warning per answer the score does not count (hidden by the facts or the profile).

    ``--strict`` turns them into errors, like every other warning.

    Args:
        loaded: the answers as loaded (for the file name and line numbers).
        assessment: the scored assessment.

    Returns:
        Located warnings, in the order the assessment lists them.
    """
    located = loaded.located
    return [
        Problem(
            loaded.source,
            located.line_of(("answers", n.question)) if located is not None else None,
            f"answers.{n.question}",
            "answered but not counted: "
            + (
                f"the product facts hide this question ({n.detail})"
                if n.reason == "facts"
                else f"the {assessment.profile} profile does not ask this question"
            ),
        )
        for n in assessment.not_counted
    ]


def score_report(path: Path, bank: Bank, *, bank_given: bool = True) -> Scored:
    """Fast-check a report PDF made by this tool and score its embedded answers.

    A report that fails the fast check (``verify.check.quick_check``) is never scored: the
    error says what differs and to run ``verify``.

    Args:
        path: the report PDF.
        bank: the bank to score with.
        bank_given: a report made with another bank is re-scored with ``bank`` (with a
            warning); when False it is refused, as ``verify`` refuses it.

    Returns:
        The scored input, ``verified`` :data:`~rcr_checklist.verify.check.FAST_CHECK`.

    Raises:
        InputError: not a readable report, changed after it was made, or answers that do
            not fit the bank.
    """
    from rcr_checklist.verify.check import FAST_CHECK, check_report, headline

    notes: list[str] = []
    checked = check_report(path, bank, bank_given=bank_given, notes=notes, full=False)
    if checked.altered:
        altered = checked.altered
        said = headline(altered[:1])
        detail = "" if said == altered[0] else f" ({altered[0]})"
        raise InputError(
            Problem(
                str(path),
                None,
                "",
                f"{said}{detail}, so the report is not used; see `rcr-checklist verify {path}`",
            )
        )
    loaded = checked.loaded
    assessment = score(bank, loaded.answers)
    warnings = list(loaded.warnings) + not_counted_warnings(loaded, assessment)
    warnings.extend(Problem(str(path), None, "", note) for note in notes)
    return Scored(
        source=str(path),
        loaded=loaded,
        assessment=assessment,
        warnings=warnings,
        verified=FAST_CHECK,
    )


@dataclass
class Outcome:
    """What scoring one input gave: an assessment with warnings, or problems.

    Attributes:
        source: the input as shown to the user.
        assessment: the assessment, or None when the input could not be scored.
        warnings: notes that did not stop scoring.
        problems: why the input could not be scored (empty when it was).
        skippable: the input is ours but not a submission (a comparison PDF), which a folder
            scan skips with a warning instead of failing.
        verified: see :attr:`Scored.verified`.
    """

    source: str
    assessment: Assessment | None
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skippable: bool = False
    verified: str = ""


def _outcome(path: Path, bank: Bank) -> Outcome:
    from rcr_checklist.files.report_pdf import ComparisonPdf

    try:
        item = score_path(path, bank)
    except (ComparisonPdf, NotASubmission) as exc:
        return Outcome(str(path), None, problems=exc.problems, skippable=True)
    except InputError as exc:
        return Outcome(str(path), None, problems=exc.problems)
    return Outcome(item.source, item.assessment, item.warnings, verified=item.verified)


def _outcome_in_worker(bank_dir: str | None, path: Path) -> Outcome:
    """Worker process: load the bank once (cached per process) and score one input."""
    from rcr_checklist.files.bank_loader import load_bank

    return _outcome(path, load_bank(Path(bank_dir) if bank_dir else None))


PARALLEL_FROM = 200  # inputs; below this, starting worker processes costs more than it saves


def score_many(
    paths: list[Path], bank: Bank, bank_dir: Path | None, jobs: int | None = None
) -> list[Outcome]:
    """Score many inputs, in parallel processes when there are many of them.

    Args:
        paths: input files (already expanded from folders).
        bank: the bank (used in this process for small batches).
        bank_dir: the bank's folder as given (None for the bundled bank), for workers.
        jobs: worker processes; default: the number of CPUs for 200 inputs or more, else 1.

    Returns:
        One outcome per input, in input order; a bad input does not stop the others.
    """
    import os

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or (jobs is None and len(paths) < PARALLEL_FROM):
        return [_outcome(path, bank) for path in paths]
    from functools import partial

    from rcr_checklist.app.pool import worker_pool

    work = partial(_outcome_in_worker, str(bank_dir) if bank_dir else None)
    with worker_pool(min(workers, len(paths))) as pool:
        chunk = max(1, len(paths) // (workers * 8))
        return list(pool.map(work, paths, chunksize=chunk))
