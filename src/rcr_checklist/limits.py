"""Limits and constants shared by every layer: the n/a value, text and file bounds, exit codes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANSWERS_LIMITS",
    "ATTACHMENT_NAME",
    "BANK_LIMITS",
    "EXIT_GATE_FAILED",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "MAX_ATTACHMENT",
    "MAX_PDF",
    "MAX_TEXT",
    "NA",
    "NOT_DISCLOSED",
    "Limits",
]

NA = "n/a"
"""The answer value that says a question does not apply (a justification is then required)."""

NOT_DISCLOSED = "not-disclosed"
"""The answer value that says the vendor was asked and did not disclose the answer.

It scores like an unanswered question, but the report lists it as requested from the vendor.
"""

MAX_TEXT = 20_000
"""Characters in any one free-text field of an answers or review file."""

ATTACHMENT_NAME = "assessment.json"
"""The name of the assessment JSON embedded in every report PDF."""

MAX_ATTACHMENT = 5 * 1024 * 1024
"""Bytes of an embedded ``assessment.json`` the tool is willing to read."""

MAX_PDF = 100 * 1024 * 1024
"""Bytes of a report PDF the tool is willing to open."""

EXIT_OK = 0
"""Exit code: done, every gate passed."""

EXIT_GATE_FAILED = 1
"""Exit code: a gate failed (``--fail-under``, ``--fail-on-critical``) or ``verify`` differs."""

EXIT_INPUT = 2
"""Exit code: bad usage or input; the message names file, line and field."""

EXIT_INTERRUPTED = 130
"""Exit code: interrupted by Ctrl-C or SIGINT (128 + 2, the shell's convention)."""

EXIT_TERMINATED = 143
"""Exit code: ``assess`` or ``review`` stopped by SIGTERM (128 + 15); answers kept as on Ctrl-C."""


@dataclass(frozen=True)
class Limits:
    """Bounds for reading one YAML file.

    Attributes:
        max_bytes: largest file accepted, in bytes (default 2 MiB).
        max_depth: deepest nesting of mappings and sequences (default 32).
        max_aliases: most ``*alias`` references (default 0: answers files need none).
        max_text: longest single string, in characters (default 20,000).
        max_digits: longest number as written, in characters (default 100); longer ones are
            refused before they are converted.
    """

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 32
    max_aliases: int = 0
    max_text: int = MAX_TEXT
    max_digits: int = 100


ANSWERS_LIMITS = Limits()
"""Bounds for answers and review files."""

BANK_LIMITS = Limits(max_bytes=4 * 1024 * 1024, max_depth=64, max_aliases=200, max_text=MAX_TEXT)
"""Bounds for question-bank files (which are ours, but may be an organisation's own)."""
