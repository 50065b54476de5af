"""Expands command-line inputs (files and folders) and loads each into an assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rcr_checklist.answers import LoadedAnswers, load_answers
from rcr_checklist.bank import Bank
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.scoring import Assessment, score

__all__ = ["INPUT_SUFFIXES", "Scored", "expand_inputs", "score_path"]

INPUT_SUFFIXES = (".yaml", ".yml", ".pdf")


@dataclass
class Scored:
    """One input, loaded and scored.

    Attributes:
        source: the file name as shown to the user.
        loaded: the answers with their warnings.
        assessment: the scored assessment.
        warnings: notes for the user (unknown question ids, another bank version, ...).
    """

    source: str
    loaded: LoadedAnswers
    assessment: Assessment
    warnings: list[Problem] = field(default_factory=list)


def expand_inputs(inputs: list[Path]) -> list[Path]:
    """Turn files and folders into a sorted list of files.

    Folders contribute their ``*.yaml``, ``*.yml`` and ``*.pdf`` files (not recursive,
    hidden files skipped), sorted by name.

    Args:
        inputs: paths as given on the command line.

    Returns:
        Files in the order given, each folder's files sorted.

    Raises:
        InputError: an input does not exist, or a folder holds no answers file.
    """
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".") and p.is_file()
            )
            if not found:
                raise InputError(
                    Problem(str(path), None, "", "the folder holds no .yaml, .yml or .pdf file")
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(Problem(str(path), None, "", "no such file or folder"))
    return files


def score_path(path: Path, bank: Bank) -> Scored:
    """Load one answers file (or a report PDF made by this tool) and score it.

    Args:
        path: a ``.yaml``/``.yml`` answers file or a ``.pdf`` report with an embedded
            ``assessment.json``.
        bank: the bank to score with.

    Returns:
        The scored input.

    Raises:
        InputError: the input cannot be read, parsed or checked against the bank.
    """
    if path.suffix.lower() == ".pdf":
        from rcr_checklist.verify import answers_from_report

        loaded = answers_from_report(path, bank)
    else:
        loaded = load_answers(path, bank)
    assessment = score(bank, loaded.answers)
    return Scored(
        source=str(path), loaded=loaded, assessment=assessment, warnings=list(loaded.warnings)
    )
