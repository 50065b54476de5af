"""Terminal tables for ``score``, ``assess`` and ``bank list``, rendered to text with rich.

They return the text rich would print on standard output at that moment (the terminal's
width and colours, or 140 columns without colour when piped); the command prints it. rich
is imported only when a table is made.
"""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING, Any

from rcr_checklist.errors import printable
from rcr_checklist.limits import NA
from rcr_checklist.model.assessment import NOT_ASSESSED, NOT_RATED, critical_text
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count, score_text

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["FAST_CHECK_SCOPE", "assessment_table", "bank_table", "register_table"]


def _console() -> Any:
    """A console that records into a string what standard output would show.

    It takes the width and colours rich would use on standard output: a terminal's own, or
    140 columns and no colour when piped into a file or CI log (where rich would assume 80
    columns and fold every cell).
    """
    import io

    from rich.console import Console

    probe = Console(highlight=False, soft_wrap=False)
    width = probe.width if probe.is_terminal or "COLUMNS" in os.environ else 140
    return Console(
        file=io.StringIO(),
        highlight=False,
        soft_wrap=False,
        width=width,
        force_terminal=probe.is_terminal,
        color_system=probe.color_system,  # type: ignore[arg-type]
    )


def _text(console: Any) -> str:
    return str(console.file.getvalue())


def bank_table(bank: Bank, rows: list[dict[str, Any]], options: bool = False) -> str:
    """The bank's questions as a terminal table.

    Args:
        bank: the bank (for the title).
        rows: rows from :func:`bank_rows`.
        options: also print, under each choice question, one line per option value with its
            score, the severity of the finding it raises and its label; ``n/a`` where allowed.

    Returns:
        The table as standard output would show it (colours on a terminal).
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{bank.meta.title} ({bank.meta.id} {bank.meta.version})")
    for col in ("P", "id", "kind", "wt", "evidence", "crit", "references"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(  # Text(): bank text such as "[...]" is never read as rich markup
            str(r["principle"]),
            Text(r["id"]),
            r["kind"],
            f"{r['weight']:g}",
            r["evidence"],
            "yes" if r["critical"] else "",
            Text("; ".join(r["references"])),
        )
        if not options:
            continue
        for o in r["options"]:
            table.add_row(
                "",
                Text(f"  {o['value']}", style="cyan"),
                "",
                "-" if o["score"] is None else f"{o['score']:g}",
                "",
                o["finding_severity"] or "",
                Text(o["label"], style="dim"),
            )
        if r["options"] and r["allow_na"]:
            table.add_row(
                "", Text(f"  {NA}", style="cyan"), "", "", "", "", Text("with a justification")
            )
    console = _console()
    console.print(table)
    return _text(console)


def _rating_style(rating: str) -> str:
    # no band colour for an assessment without a rating: it is neither good nor bad yet
    return {
        "Meets": "bold green",
        "Partially meets": "bold yellow",
        NOT_RATED: "bold magenta",
        NOT_ASSESSED: "dim",
    }.get(rating, "bold red")


def _lines(parts: list[tuple[str, Text]], width: int) -> Text:
    """Join headline parts with their separators, breaking a line only between parts."""
    from rich.text import Text

    out = Text()
    length = 0
    for sep, part in parts:
        if length and length + len(sep) + len(part) > width:
            out.append("\n")
            length = 0
        elif length:
            out.append(sep)
            length += len(sep)
        out.append_text(part)
        length += len(part)
    return out


def assessment_table(source: str, a: Assessment) -> str:
    """One assessment for a terminal: headline, principle table and findings.

    At 120 columns or more the table has each principle's answered count; in a narrower
    terminal (80 columns) the headline breaks between its parts, not inside them, and a
    draft's answered counts follow the table on one line.

    Args:
        source: the answers file as given (named in the headline).
        a: the scored assessment.

    Returns:
        The text as standard output would show it (colours on a terminal).
    """
    from rich.table import Table
    from rich.text import Text

    console = _console()
    wide = console.width >= 120
    o = a.overall
    head = Text()
    head.append(  # printable(): a line break in a name must not forge an "Overall" line
        printable(f"{a.product.get('name', '?')} {a.product.get('version', '')}".strip()),
        style="bold",
    )
    head.append(f"  ({source})")
    console.print(head)
    overall = Text(f"Overall {score_text(o.score)}")
    if o.answered_score is not None and o.answered_score != o.score:
        overall.append(f" ({score_text(o.answered_score)} over answered questions)")
    parts = [
        ("", overall),
        ("  ", Text(o.not_rated_reason or o.rating, style=_rating_style(o.rating))),
        ("   ", Text(f"completion {o.completion:.0%}")),
    ]
    if o.evidence_coverage is not None:
        base = o.evidence_base
        parts.append(
            (
                "   ",
                Text(
                    f"evidence coverage {o.evidence_coverage:.0%} "
                    f"({base.get('cited', 0)} of {base.get('answered', 0)} answered)"
                ),
            )
        )
    if o.draft:
        parts.append(("   ", Text("DRAFT", style="bold magenta")))
    console.print(_lines(parts, console.width))
    table = Table(show_edge=False)
    columns = [
        ("#", "right"),
        ("Principle", "left"),
        ("Score", "right"),
        ("Rating", "left"),
        *([("Answered", "right")] if wide else []),
        ("Critical", "right"),
    ]
    for col, just in columns:
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for p in a.principles:
        table.add_row(
            str(p.number),
            Text(p.title),  # Text(): bank text such as "[...]" is never read as rich markup
            score_text(p.score),
            Text(p.rating, style=_rating_style(p.rating)),
            *([f"{p.answered}/{p.visible}"] if wide else []),
            str(p.critical_findings),
        )
    console.print(table)
    if not wide and any(p.answered < p.visible for p in a.principles):
        console.print(
            "Answered: " + ", ".join(f"P{p.number} {p.answered}/{p.visible}" for p in a.principles)
        )
    if a.findings:
        console.print(
            f"Findings: {o.findings['critical']} critical, {o.findings['major']} "
            f"major, {o.findings['minor']} minor"
        )
        label = "  CRITICAL "
        width = max(console.width - len(label), 20)
        for f in a.findings:
            if f.severity == "critical":  # a long finding wraps under its own text
                lines = textwrap.wrap(f"[{f.question}] {f.text}", width)
                text = Text(label, style="bold red")
                text.append(("\n" + " " * len(label)).join(lines))
                console.print(text)
    withheld = set(o.not_disclosed)
    unanswered = [q for q in o.unanswered_critical if q not in withheld]
    if unanswered:
        console.print(
            Text.assemble(
                ("Unanswered, could raise a critical finding: ", "bold magenta"),
                ", ".join(unanswered),
            )
        )
    if o.not_disclosed:
        critical = [q for q in o.not_disclosed if q in o.unanswered_critical]
        console.print(
            Text.assemble(
                ("Not disclosed (requested from the vendor): ", "bold magenta"),
                ", ".join(o.not_disclosed),
                f"; of these, could raise a critical finding: {', '.join(critical)}"
                if critical
                else "",
            )
        )
    for n in a.not_counted:
        why = n.detail if n.reason == "facts" else f"not asked of the {a.profile} profile"
        console.print(Text.assemble(("Answer not counted: ", "yellow"), f"{n.question} ({why})"))
    console.print()
    return _text(console)


FAST_CHECK_SCOPE = (
    "the attachment and the cover only, not the inner pages; "
    "run `rcr-checklist verify FILE` before relying on them"
)
"""What the fast check a report PDF passed covers, said wherever its result is shown."""


def register_table(
    items: list[tuple[str, Assessment]], verified: dict[str, str] | None = None
) -> str:
    """Many assessments as one terminal table, one row per submission.

    Args:
        items: ``(source, assessment)`` pairs.
        verified: by source, the check a report PDF passed; a "Verified" column is shown
            when any input is a PDF.

    Returns:
        The text as standard output would show it (colours on a terminal).
    """
    from rich.table import Table
    from rich.text import Text

    console = _console()
    numbers = [p.number for p in items[0][1].principles] if items else []
    checks = verified or {}
    # Each principle's score only where it fits: at 80 columns eleven columns fold every
    # name and number into fragments; the CSV register always has them all.
    wide = console.width >= 120
    show_checks = wide and any(checks.values())
    table = Table(title=count(len(items), "submission"))
    table.add_column("Product", overflow="fold", ratio=1, min_width=12)
    if wide:
        table.add_column("Profile", no_wrap=True)
    table.add_column("Overall", no_wrap=True, justify="right")
    table.add_column("Rating", min_width=9)
    if wide:
        for n in numbers:
            table.add_column(f"P{n}", no_wrap=True, justify="right")
    table.add_column("Critical", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    if show_checks:
        table.add_column("Verified", overflow="fold", min_width=8)
    for source, a in items:
        scores = {p.number: score_text(p.score) for p in a.principles}
        product = Text(
            printable(f"{a.product.get('name', '')} {a.product.get('version', '')}".strip())
        )  # Text(): untrusted names are never read as rich markup
        if not wide:  # the profile under the name: one product may be assessed twice
            product.append(f"\n{a.profile}", style="dim")
        table.add_row(
            product,
            *([a.profile] if wide else []),
            score_text(a.overall.score),
            Text(a.overall.rating, style=_rating_style(a.overall.rating)),
            *([scores.get(n, "") for n in numbers] if wide else []),
            critical_text(a.overall),
            Text(f"DRAFT {a.overall.completion:.0%}", style="bold magenta")
            if a.overall.draft
            else f"{a.overall.completion:.0%}",
            *([checks.get(source) or "-"] if show_checks else []),
        )
    console.print(table)
    passed = sum(1 for source, _ in items if checks.get(source))
    if passed:
        check = next(v for v in checks.values() if v)
        console.print(f"{count(passed, 'report PDF')}, verified: {check}: {FAST_CHECK_SCOPE}")
    if not wide and items:
        console.print("Each principle's score: a terminal of 120 columns or more, or --format csv.")
    return _text(console)
