"""``verify``: re-score a report PDF's embedded assessment and compare it with the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rcr_checklist.errors import VerifyMismatch
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.wording import count

__all__ = ["VerifyRun", "run_verify"]


@dataclass
class VerifyRun:
    """What verifying one report found.

    Attributes:
        report: the PDF as given.
        differences: one line per difference (values read from the PDF: untrusted); empty
            when the report is valid.
        notes: remarks that do not make it invalid (e.g. scored with the bank given).
        pages: how many pages the PDF has.
        signature: what the signatures say (signer, time, coverage, trust), or
            "signature: not signed"; then, when another program wrote the file last, a
            "written by:" line.
    """

    report: Path
    differences: list[str]
    notes: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    pages: int = 0

    def proved(self) -> str:
        """What VALID proves, in one line for whoever relies on the report.

        Returns:
            E.g. "proved: its 10 pages print what its embedded answers score and render
            to; the answers are the supplier's own (a signature proves who made it)".
        """
        signed = any(line.startswith("signature: signed by") for line in self.signature)
        who = "the signature says who made it" if signed else "a signature would prove who made it"
        return (
            f"proved: its {count(self.pages, 'page')} print what its embedded answers score "
            f"and render to; the answers are the supplier's own ({who})"
        )

    def error(self, *, listed: bool = False) -> VerifyMismatch | None:
        """The mismatch to exit with (code 1), or None when the report is valid.

        Args:
            listed: the differences were just printed where the message will be read (stdout
                and stderr are one terminal or log): the message then points at them instead
                of saying the first one again in other words.

        Returns:
            A VerifyMismatch naming the report and what its first difference means, or
            (``listed``) how many differences are listed above; None when valid.
        """
        if not self.differences:
            return None
        if listed:
            found = count(len(self.differences), "difference")
            return VerifyMismatch(f"{self.report} does not verify: {found}, listed above")
        from rcr_checklist.verify.check import headline

        return VerifyMismatch(f"{self.report}: {headline(self.differences)}")


def run_verify(
    report: Path, *, bank_dir: Path | None = None, trust: list[Path] | None = None
) -> VerifyRun:
    """Verify one report PDF made by this tool.

    Args:
        report: the PDF.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        trust: root certificates (``--trust``) a signature's chain must reach; None: trust
            is not judged (and said so).

    Returns:
        The differences and notes.

    Raises:
        InputError: not a report of this tool, or made with another bank (and no ``--bank``),
            or a ``--trust`` file that holds no certificate.
    """
    from rcr_checklist.verify.check import check_report
    from rcr_checklist.verify.signature import load_trust_roots

    bank = load_bank(bank_dir)
    roots = load_trust_roots(trust) if trust else None
    notes: list[str] = []
    checked = check_report(
        report, bank, bank_given=bank_dir is not None, notes=notes, full=True, trust=roots
    )
    differences = checked.differences + checked.figures + checked.pages
    differences += checked.signature.differences
    signature = checked.signature.lines + checked.written_by
    return VerifyRun(report, differences, notes, signature, len(checked.pdf.reader.pages))
