"""Checks the PDF signatures of a report with pyHanko: signer, time, coverage and trust.

No network is used: no certificate or revocation information is fetched, so trust means
"the chain reaches a root given with ``--trust``", at the time of verifying.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from rcr_checklist.errors import InputError, Problem

__all__ = ["SignatureReport", "check_signatures", "load_trust_roots"]


@dataclass
class SignatureReport:
    """What ``verify`` says about a report's signatures.

    Attributes:
        lines: readable lines (signer, time, coverage, trust), or "not signed".
        differences: what makes the report differ (a change after signing, a broken
            signature, a chain that does not reach a given root).
    """

    lines: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


def load_trust_roots(paths: list[Path]) -> list[object]:
    """Load trusted root certificates (PEM or DER) for ``--trust``.

    Args:
        paths: certificate files.

    Returns:
        asn1crypto certificates.

    Raises:
        InputError: a file cannot be read or holds no certificate.
    """
    from pyhanko.keys import load_certs_from_pemder

    roots: list[object] = []
    for path in paths:
        try:
            found = list(load_certs_from_pemder([str(path)]))  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise InputError(
                Problem(str(path), None, "--trust", f"cannot be read ({exc.strerror})")
            ) from None
        except Exception:  # asn1crypto raises ValueError or TypeError on junk
            found = []
        if not found:
            raise InputError(Problem(str(path), None, "--trust", "holds no PEM or DER certificate"))
        roots.extend(found)
    return roots


def _who(cert: object) -> str:
    subject = getattr(cert, "subject", None)
    return str(getattr(subject, "human_friendly", "an unnamed signer"))


def check_signatures(raw: bytes, trust: list[object] | None) -> SignatureReport:
    """Validate every signature of a PDF.

    Args:
        raw: the PDF's bytes.
        trust: trusted roots (``--trust``); None when none were given (trust is then not
            judged, and said so).

    Returns:
        The lines to show and the differences found.
    """
    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    report = SignatureReport()
    try:
        reader = PdfFileReader(io.BytesIO(raw), strict=False)
        if reader.encrypted:
            reader.decrypt(b"")
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds of error on odd files
        report.differences.append(f"signature: cannot read the signatures ({type(exc).__name__})")
        return report
    if not signatures:
        report.lines.append("signature: not signed")
        return report
    for number, sig in enumerate(signatures, start=1):
        label = "signature" if len(signatures) == 1 else f"signature {number}"
        context = ValidationContext(
            trust_roots=list(trust or []), allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # a malformed signature is a difference, not a crash
            report.differences.append(f"{label}: cannot be validated ({type(exc).__name__})")
            continue
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "unknown"
        report.lines.append(
            f"{label}: signed by {_who(status.signing_cert)} at {when} (the signer's clock)"
        )
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if not status.intact or not status.valid:
            report.differences.append(
                f"{label}: does not match the file (it was changed after signing, or the "
                "signature is broken)"
            )
        elif whole:
            report.lines.append(f"{label}: covers the whole file")
        else:
            report.differences.append(
                f"{label}: does not cover the whole file: it was changed after signing"
            )
        if trust is None:
            report.lines.append(f"{label}: trust not checked (give --trust CERT.pem)")
        elif status.trusted:
            report.lines.append(f"{label}: the certificate chain reaches a trusted root")
        else:
            report.differences.append(f"{label}: {_trust_problem(status)}")
    return report


def _trust_problem(status: object) -> str:
    """Say why a signer's chain is not trusted (expired, or no given root)."""
    import datetime as dt

    cert = getattr(status, "signing_cert", None)
    validity = getattr(cert, "not_valid_after", None)
    now = dt.datetime.now(dt.UTC)
    if isinstance(validity, dt.datetime) and validity < now:
        return f"the signer's certificate expired on {validity.date().isoformat()}"
    before = getattr(cert, "not_valid_before", None)
    if isinstance(before, dt.datetime) and before > now:
        return f"the signer's certificate is not valid before {before.date().isoformat()}"
    return "the certificate chain does not reach a root given with --trust"
