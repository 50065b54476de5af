"""Signed reports: report --sign, and what verify says (signer, time, coverage, trust)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from helpers.pki import NOW, make_root, make_signer_p12
from helpers.tamper import add_annotation_incrementally
from rcr_checklist.cli import main
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.report.sign import load_signing_key, sign_pdf

pytestmark = pytest.mark.slow  # verify renders the report again

PASSWORD = b"correct horse"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    root = make_root()
    expired = make_signer_p12(
        root,
        folder / "expired.p12",
        common="Old Signer",
        not_before=NOW - dt.timedelta(days=60),
        not_after=NOW - dt.timedelta(days=1),
    )
    (folder / "password.txt").write_bytes(PASSWORD + b"\n")
    return {
        "root": root.pem(folder / "root.pem"),
        "other_root": make_root("Someone Else's Root").pem(folder / "other.pem"),
        "key": make_signer_p12(root, folder / "signer.p12"),
        "expired": expired,
        "password": folder / "password.txt",
    }


@pytest.fixture(scope="module")
def signed(pki: dict[str, Path], reports, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The genuine report signed by ``report --sign`` (the password from a file)."""
    target = tmp_path_factory.mktemp("signed") / "signed.pdf"
    args = [
        "report",
        str(examples_dir() / "clinician-quickcheck.yaml"),
        "-o",
        str(target),
        "--sign",
        str(pki["key"]),
        "--sign-password-file",
        str(pki["password"]),
    ]
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1767225600"}).invoke(main, args)
    assert result.exit_code == 0, result.output
    return target


def _verify(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", *map(str, args)])
    return result.exit_code, result.stdout


def test_signed_report_is_valid_and_names_the_signer(
    signed: Path, reports, pki: dict[str, Path]
) -> None:
    original = reports.genuine.read_bytes()
    assert signed.read_bytes().startswith(original)  # the signature is appended
    metadata = PdfReader(signed).trailer["/Root"]["/Metadata"].get_data()
    assert b'pdfaid:part="3"' in metadata and b'pdfaid:conformance="A"' in metadata
    code, out = _verify(signed, "--trust", pki["root"])
    assert code == 0, out
    lines = out.splitlines()
    assert re.fullmatch(
        r"signature: signed by Organization: Test Trust, Common Name: Jane Signer at "
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \(the signer's clock\)",
        lines[0],
    )
    assert lines[1:] == [
        "signature: covers the whole file",
        "signature: the certificate chain reaches a trusted root",
        f"proved: its {len(PdfReader(signed).pages)} pages print what its embedded answers "
        "score and render to; the answers are the supplier's own (the signature says who "
        "made it)",
        f"VALID {signed}",
    ]


def test_without_trust_roots_trust_is_not_judged(signed: Path) -> None:
    code, out = _verify(signed)
    assert code == 0
    assert "signature: trust not checked (give --trust CERT.pem)" in out


def test_unsigned_says_not_signed(reports, pki: dict[str, Path]) -> None:
    code, out = _verify(reports.genuine)
    assert code == 0
    assert out.splitlines()[0] == "signature: not signed"
    code, out = _verify(reports.genuine, "--trust", pki["root"])
    assert code == 1
    assert "DIFFERS signature: not signed, but --trust asks for one" in out


def test_a_change_after_signing_differs(signed: Path, tmp_path: Path, pki) -> None:
    changed = add_annotation_incrementally(signed, tmp_path / "changed.pdf", "Meets 94.6")
    code, out = _verify(changed, "--trust", pki["root"])
    assert code == 1
    assert "DIFFERS page 1: a FreeText annotation 'Meets 94.6' is drawn on top of the page" in out
    assert "DIFFERS signature: does not cover the whole file: it was changed after signing" in out


def test_a_re_save_breaks_the_signature(signed: Path, tmp_path: Path, pki) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    import subprocess

    target = tmp_path / "resaved.pdf"
    subprocess.run(["qpdf", str(signed), str(target)], check=True)
    code, out = _verify(target, "--trust", pki["root"])
    assert code == 1
    assert "DIFFERS signature: does not match the file" in out


def test_an_untrusted_root_differs(signed: Path, pki: dict[str, Path]) -> None:
    code, out = _verify(signed, "--trust", pki["other_root"])
    assert code == 1
    assert "DIFFERS signature: the certificate chain does not reach a root given with --trust" in (
        out
    )


def test_an_expired_certificate_differs(reports, pki: dict[str, Path], tmp_path: Path) -> None:
    key = load_signing_key(pki["expired"], PASSWORD)
    target = tmp_path / "expired.pdf"
    target.write_bytes(sign_pdf(reports.genuine.read_bytes(), key))
    code, out = _verify(target, "--trust", pki["root"])
    assert code == 1
    expired_on = (NOW - dt.timedelta(days=1)).date().isoformat()
    assert f"DIFFERS signature: the signer's certificate expired on {expired_on}" in out


def test_the_password_comes_from_the_environment(pki, tmp_path: Path) -> None:
    target = tmp_path / "env.pdf"
    args = ["report", str(examples_dir() / "clinician-quickcheck.yaml"), "-o", str(target)]
    runner = CliRunner(env={"RCR_CHECKLIST_SIGN_PASSWORD": "wrong"})
    result = runner.invoke(main, [*args, "--sign", str(pki["key"])])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {pki['key']}: --sign: cannot be opened as a PKCS#12 key (the password is "
        "wrong, or it is not a .p12 file: ValueError)\n"
    )
    assert not target.exists()
    runner = CliRunner(env={"RCR_CHECKLIST_SIGN_PASSWORD": PASSWORD.decode()})
    assert runner.invoke(main, [*args, "--sign", str(pki["key"])]).exit_code == 0
    assert b"/ByteRange" in target.read_bytes()


def test_no_password_option_on_the_command_line() -> None:
    help_text = CliRunner().invoke(main, ["report", "--help"]).output
    assert "--sign-password-file" in help_text
    assert "--sign-password " not in help_text and "--password" not in help_text
