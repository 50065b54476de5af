"""PAdES signatures of report PDFs with pyHanko (an invisible signature, PDF/A-3b kept).

The signature is an incremental update: the report's bytes stay as they were and the
signature covers all of them. No timestamp server and no network are used; the signing time
is the signer's clock (it is shown as claimed by the signer).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from rcr_checklist.errors import InputError, Problem

__all__ = ["SIGNATURE_FIELD", "SigningKey", "load_signing_key", "sign_pdf"]

SIGNATURE_FIELD = "rcr-checklist-signature"
"""The name of the signature field added to a report."""


@dataclass(frozen=True)
class SigningKey:
    """A key and certificate chain loaded from a PKCS#12 file.

    Attributes:
        source: the file, for messages.
        signer: a pyHanko ``SimpleSigner``.
    """

    source: Path
    signer: object


def load_signing_key(path: Path, password: bytes | None) -> SigningKey:
    """Load a PKCS#12 (``.p12``/``.pfx``) key for signing.

    Args:
        path: the PKCS#12 file.
        password: its password (None when it has none).

    Returns:
        The key, ready to sign.

    Raises:
        InputError: the file is missing, not PKCS#12, or the password is wrong.
    """
    from pyhanko.sign import signers

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            Problem(str(path), None, "--sign", f"cannot be read ({exc.strerror})")
        ) from None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
    except Exception as exc:  # cryptography raises ValueError or TypeError, by cause
        reason = "the password is wrong" if password else "it needs a password"
        raise InputError(
            Problem(
                str(path),
                None,
                "--sign",
                f"cannot be opened as a PKCS#12 key ({reason}, or it is not a .p12 file: "
                f"{type(exc).__name__})",
            )
        ) from None
    return SigningKey(path, signer)


def sign_pdf(pdf: bytes, key: SigningKey) -> bytes:
    """Sign a report PDF (PAdES baseline B, SHA-256, invisible signature field).

    Args:
        pdf: the report as written by ``html_to_pdf``.
        key: the signing key.

    Returns:
        The signed PDF: the original bytes followed by the signature's incremental update.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name=SIGNATURE_FIELD, on_page=0, box=None)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason="rcr-checklist report",
    )
    out = io.BytesIO()
    signers.sign_pdf(writer, meta, signer=key.signer, output=out)  # type: ignore[arg-type]
    return out.getvalue()
