"""Who made a report: the build that printed it, the tool version, the bank, the PDF's writer.

A report printed by another build, or scored with another bank, cannot have its pages
proved here; these checks say so in place of the differences they would otherwise show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rcr_checklist import __version__
from rcr_checklist.files.fingerprint import renderer_fingerprint
from rcr_checklist.files.pdf_text import printed_text
from rcr_checklist.files.report_pdf import ReportPdf, pdf_error
from rcr_checklist.model.bank import Bank

__all__ = ["check_bank", "other_build", "written_by"]


def written_by(pdf: ReportPdf, *, changed: bool) -> list[str]:
    """Name the program that last wrote the file when it is not the report's PDF writer.

    A program that draws the pages again (Ghostscript's pdfwrite, a print-to-PDF) writes new
    fonts and may read a glyph back as another character: the reader then knows where a
    difference may come from. The Producer is the file's own claim, and says so.

    Args:
        pdf: the report as read.
        changed: the check found differences.

    Returns:
        One line, or none when the file names WeasyPrint (rcr-checklist's writer) or nothing.
    """
    try:
        producer = str((pdf.reader.metadata or {}).get("/Producer", "") or "")
    except Exception:  # noqa: BLE001 - a damaged info dictionary is only a missing line
        return []
    producer = " ".join(printed_text(producer).split())[:80]
    if not producer or producer.startswith("WeasyPrint"):
        return []
    line = f"written by: {producer!r} (the file's own claim), not rcr-checklist's PDF writer"
    if changed:
        line += "; a program that draws the pages again can change how their text reads back"
    return [line]


def other_build(data: dict[str, Any], differences: list[str], notes: list[str] | None) -> list[str]:
    """Say "made by another build" instead of the differences when the report was.

    Another version, or the same version from another commit (the renderer fingerprint the
    report records differs), prints the same assessment differently: what differs then
    cannot tell a change from a difference of builds. Reports that record no fingerprint
    (made before it was recorded) are judged by their version alone.

    Args:
        data: the embedded assessment (its tool version and renderer fingerprint).
        differences: what the comparison of the pages found.
        notes: remarks for the reader, appended to (when given).

    Returns:
        ``differences`` when this build made it; else one "build: ..." line, or none when
        the pages print the same anyway.
    """
    made_with = _tool_version(data)
    renderer = data.get("renderer")
    recorded = renderer.get("sha256") if isinstance(renderer, dict) else None
    this = renderer_fingerprint()
    if made_with == __version__ and (not isinstance(recorded, str) or recorded == this):
        return differences
    theirs = f"{made_with}, fingerprint {str(recorded)[:12]}" if recorded else made_with
    if not differences:
        if notes is not None:
            notes.append(
                f"made by another build of rcr-checklist ({theirs}); its pages print what "
                "this build prints"
            )
        return []
    if notes is not None:
        notes.append(f"what differs from this build's printing: {differences[0]}")
    return [
        f"build: made by another build of rcr-checklist ({theirs}; this is {__version__}, "
        f"fingerprint {this[:12]}), which prints reports differently, so its pages cannot be "
        "proved here; verify it with the build that made it, or ask the supplier for a "
        "report made with this one"
    ]


def _tool_version(data: dict[str, Any]) -> str:
    tool = data.get("tool")
    return str(tool.get("version", "?")) if isinstance(tool, dict) else "?"


def check_bank(
    path: Path, data: dict[str, Any], bank: Bank, bank_given: bool, notes: list[str] | None
) -> bool:
    """Say whether the report was made with ``bank``; refuse another unless it was given.

    Args:
        path: the report (named in the error).
        data: the embedded assessment (its bank id, version and SHA-256).
        bank: the bank to check with.
        bank_given: ``--bank`` named it (then another bank is a note, not an error).
        notes: remarks for the reader, appended to (when given).

    Returns:
        True when the report was made with ``bank``.

    Raises:
        InputError: made with another bank, and none was given.
    """
    recorded_bank = data.get("bank", {}) if isinstance(data.get("bank"), dict) else {}
    if recorded_bank.get("sha256") == bank.sha256:
        return True
    label = f"{recorded_bank.get('id', '?')} {recorded_bank.get('version', '?')}"
    if not bank_given:
        raise pdf_error(
            path,
            f"was made with bank {label} (SHA-256 {recorded_bank.get('sha256', '?')}), "
            f"which differs from this bank {bank.meta.id} {bank.meta.version} "
            f"(SHA-256 {bank.sha256}); pass --bank DIR with the bank it was made with",
        )
    if notes is not None:
        notes.append(
            f"re-scored with bank {bank.meta.id} {bank.meta.version} (SHA-256 "
            f"{bank.sha256}); the report was made with {label} "
            f"(SHA-256 {recorded_bank.get('sha256', '?')}); its pages are not compared"
        )
    return False
