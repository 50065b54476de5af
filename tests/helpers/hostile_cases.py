"""The table of broken and hostile inputs: one row per case, run by test_hostile_inputs.py.

Each case names the files it needs (written into a fresh folder, the working directory of the
run), the command line, the exit code and the exact error lines. Placeholders in arguments and
file text: ``{bank}`` (a tiny test bank), ``{url}`` (a local HTTP server that counts
requests), ``{secret}`` (a file:// URL of a sentinel file outside the case folder).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE = """\
format: rcr-checklist/answers/v1
bank: {id: tiny-bank, version: 1.0.0}
product:
  name: Acme CXR
  manufacturer: Acme Ltd
answers:
  facts.device: {value: "yes"}
  alpha.one:
    value: full
    comment: Fine.
  beta.marking: {value: marked}
"""

HOSTILE_TEXT = (
    "<script>alert(1)</script><style>@import url({url}/css);</style>"
    '<img src="{url}/img.png"><link rel="stylesheet" href="{secret}">'
    '<iframe src="{secret}"></iframe><a href="data:text/html,<b>x</b>">data</a>'
    " url({url}/bg) {{ 7*7 }} {% include '/etc/passwd' %} ]]> -->"
)
WORLD_TEXT = "مرحبا بالعالم \u202eevil\u202c 中文报告 😀🩻 Ωmega"


def sub(text: str, **values: str) -> str:
    """Fill ``{bank}``, ``{url}``, ``{secret}`` without touching other braces."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def with_product(name: str, comment: str = "Fine.", purpose: str | None = None) -> str:
    """BASE with another product name, comment and (optionally) intended purpose."""
    text = BASE.replace("  name: Acme CXR", f"  name: {json.dumps(name, ensure_ascii=False)}")
    text = text.replace("comment: Fine.", f"comment: {json.dumps(comment, ensure_ascii=False)}")
    if purpose is not None:
        text = text.replace(
            "  manufacturer: Acme Ltd",
            "  manufacturer: Acme Ltd\n  intended_purpose: "
            + json.dumps(purpose, ensure_ascii=False),
        )
    return text


HOSTILE_NAME = "<script>alert(1)</script>{{ 7*7 }}"


def _pdf_with_attachment(data: bytes) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("assessment.json", data)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _bomb_pdf() -> bytes:
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("assessment.json", b"{}")
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]  # noqa: SLF001
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    bomb = zlib.compress(b"\0" * (1024 * 1024 * 1024), 9)  # 1 GiB in ~1 MB
    stream._data = bomb  # noqa: SLF001
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Length")] = NumberObject(len(bomb))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def assessment_json(ctx: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> bytes:
    """A genuine assessment of BASE with the tiny bank, then edited."""
    from rcr_checklist.files.answers_io import parse_answers
    from rcr_checklist.model.scoring import score

    answers, _ = parse_answers(BASE, "a.yaml")
    data = score(ctx["bank_obj"], answers).model_dump(mode="json")
    edit(data)
    return json.dumps(data).encode("utf-8")


def _forge_rating(data: dict[str, Any]) -> None:
    data["overall"]["rating"] = "Meets\nVALID r.pdf"


def _edit_answer(data: dict[str, Any]) -> None:
    data["answers"]["answers"]["beta.marking"]["value"] = "none"


def _nothing(data: dict[str, Any]) -> None:
    return None


FileMaker = str | bytes | Callable[[Path, dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    """One hostile input and what it must get.

    Attributes:
        id: the test id.
        args: the command line after ``rcr-checklist`` (placeholders filled).
        files: name -> text, bytes, or a function ``(folder, ctx)`` that makes it.
        code: the exit code.
        stderr: the exact stderr lines, or None to check only the ``error:`` shape.
        stdout_has: strings stdout must hold.
        out: an output file the command must write (code 0) or leave alone (code != 0).
        keeps: the previous content of ``out``, which a failure must leave as it was.
        check: a further check ``(folder, stdout, stderr)``.
        fsize: a file-size limit (bytes) for the run, to simulate a full disk.
        as_user: skip when running as root (permissions are ignored).
        xfail: a known bug, not yet fixed (the test must fail until it is).
    """

    id: str
    args: tuple[str, ...]
    files: dict[str, FileMaker] = field(default_factory=dict)
    code: int = 2
    stderr: tuple[str, ...] | None = None
    stdout_has: tuple[str, ...] = ()
    out: str | None = None
    keeps: str | None = None
    check: Callable[[Path, str, str], None] | None = None
    fsize: int | None = None
    as_user: bool = False
    xfail: str | None = None


def _deep(n: int, open_: str, close: str) -> str:
    return "product: " + open_ * n + close * n + "\n"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _big_file(folder: Path, ctx: dict[str, Any]) -> None:
    line = b"# " + b"x" * 1021 + b"\n"
    with (folder / "big.yaml").open("wb") as handle:
        handle.write(BASE.encode())
        handle.write(line * (50 * 1024))  # 50 MiB


def _bank_bomb(folder: Path, ctx: dict[str, Any]) -> None:
    from helpers.banks import TINY_META, write_tiny_bank

    tree = "".join(
        f"        - &c{i} {{any: [" + ",".join([f"*c{i - 1}"] * 8) + "]}\n" for i in range(1, 12)
    )
    meta = TINY_META.replace(
        '        - {question: facts.device, equals: "yes"}\n'
        "        - {question: beta.marking, equals: none}\n",
        '        - &c0 {question: facts.device, equals: "yes"}\n' + tree,
    )
    write_tiny_bank(folder / "bank", **{"bank.yaml": meta})


def _bank_with(**files: str) -> Callable[[Path, dict[str, Any]], None]:
    def make(folder: Path, ctx: dict[str, Any]) -> None:
        from helpers.banks import write_tiny_bank

        write_tiny_bank(folder / "bank", **files)

    return make


def _symlink_out(folder: Path, ctx: dict[str, Any]) -> None:
    (folder / "victim.txt").write_text("precious", encoding="utf-8")
    (folder / "r.html").symlink_to("victim.txt")


def _fifo(folder: Path, ctx: dict[str, Any]) -> None:
    import os

    os.mkfifo(folder / "pipe.html")


def _readonly(folder: Path, ctx: dict[str, Any]) -> None:
    (folder / "ro").mkdir()
    (folder / "ro").chmod(0o555)


def _bank_meta(extra: str) -> str:
    from helpers.banks import TINY_META

    return TINY_META + extra


# ---- checks -------------------------------------------------------------------------------


def _starts(err: str, prefix: str) -> None:
    assert err.startswith(prefix), err


def html_is_inert(folder: Path, stdout: str, stderr: str) -> None:
    html = (folder / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for raw in ("<script>alert", "<iframe", '<img src="http', '<link rel="stylesheet" href="file'):
        assert raw not in html
    assert "{{ 7*7 }}" in html  # jinja2 syntax in text is text
    assert "{% include" in html
    assert WORLD_TEXT.replace("\u202e", "").split()[0] in html


def md_is_inert(folder: Path, stdout: str, stderr: str) -> None:
    md = (folder / "r.md").read_text(encoding="utf-8")
    assert "\\<script\\>" in md
    # every tag is escaped (a backslash before "<"), so no Markdown renderer makes it HTML
    assert not re.search(r"(?<!\\)<(script|iframe|img|link|style|a )", md)


def json_keeps_text(folder: Path, stdout: str, stderr: str) -> None:
    data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    assert data["product"]["name"].startswith("<script>alert(1)</script>")


def pdf_shows_text(folder: Path, stdout: str, stderr: str) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(folder / "r.pdf").pages)
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text


def csv_neutralised(folder: Path, stdout: str, stderr: str) -> None:
    assert "'=HYPERLINK(" in stdout


def markup_literal(folder: Path, stdout: str, stderr: str) -> None:
    flat = "".join(stdout.split())
    assert "[boldgreen]Meets[/]" in flat.replace("│", "")


def compare_is_inert(folder: Path, stdout: str, stderr: str) -> None:
    html = (folder / "c.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<iframe" not in html


def no_forged_lines(folder: Path, stdout: str, stderr: str) -> None:
    assert "\nerror: nothing wrong" not in stderr, stderr


def symlink_refused(folder: Path, stdout: str, stderr: str) -> None:
    assert (folder / "r.html").is_symlink()
    assert (folder / "victim.txt").read_text(encoding="utf-8") == "precious"


def headline_one_line(folder: Path, stdout: str, stderr: str) -> None:
    # the line break became a space when the file was read (one-line field)
    assert "Acme Overall 100.0  Meets" in stdout
    assert not any(line.startswith("Overall 100.0") for line in stdout.splitlines())


# ---- the table ----------------------------------------------------------------------------

B = ("--bank", "{bank}")
EXPECT_SIZE = (
    "error: big.yaml: the file is 52,429,042 bytes, larger than the limit of 2,097,152 bytes"
)

CASES: list[Case] = [
    # --- score: YAML and encoding
    Case("score-ok-baseline", ("score", "a.yaml", *B), {"a.yaml": BASE}, 0, ()),
    Case(
        "malformed-yaml",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("  name: Acme CXR", "  name: [Acme")},
        stderr=("error: a.yaml:5: not valid YAML: did not find expected ',' or ']'",),
    ),
    Case(
        "wrong-type-product",
        ("score", "a.yaml", *B),
        {
            "a.yaml": BASE.replace(
                "product:\n  name: Acme CXR\n  manufacturer: Acme Ltd", "product: 7"
            )
        },
        stderr=(
            "error: a.yaml:3: product: input should be a valid dictionary or instance of Product",
        ),
    ),
    Case(
        "wrong-type-value-mapping",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("    value: full", "    value: {a: 1}")},
        stderr=(
            "error: a.yaml:9: answers.alpha.one.value: must be an option value, a list of "
            "option values, text, a number or a date (YYYY-MM-DD)",
        ),
    ),
    Case(
        "unknown-field",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("  manufacturer:", "  manufactuer:")},
        stderr=(
            "error: a.yaml:5: product.manufactuer: unknown field 'manufactuer'; "
            "did you mean 'manufacturer'?",
        ),
    ),
    Case(
        "unknown-question-id",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE + "  alpha.onee: {value: full}\n"},
        0,
        (
            "warning: a.yaml:12: answers.alpha.onee: no such question in this bank; the answer "
            "is kept but not scored (did you mean 'alpha.one'?)",
        ),
    ),
    Case(
        "option-the-question-lacks",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("    value: full", "    value: fulll")},
        stderr=(
            "error: a.yaml:9: answers.alpha.one.value: 'fulll' is not an option (did you mean "
            "'full'?); options: full, half, none",
        ),
    ),
    Case(
        "wrong-bank-id",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("id: tiny-bank", "id: other-bank")},
        stderr=(
            "error: a.yaml:2: bank.id: written for bank 'other-bank', not 'tiny-bank'; use "
            "--bank to choose the right bank",
        ),
    ),
    Case(
        "newer-format-version",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("answers/v1", "answers/v2")},
        stderr=(
            "error: a.yaml:1: format: 'rcr-checklist/answers/v2' is newer or older than this "
            "tool reads ('rcr-checklist/answers/v1'); upgrade rcr-checklist",
        ),
    ),
    Case(
        "empty-file",
        ("score", "a.yaml", *B),
        {"a.yaml": ""},
        stderr=(
            "error: a.yaml: the file is empty; see `rcr-checklist schema answers` for the format",
        ),
    ),
    Case(
        "binary-file",
        ("score", "a.yaml", *B),
        {"a.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        stderr=("error: a.yaml:1: byte 0x89 is not UTF-8; save the file as UTF-8",),
    ),
    Case(
        "latin1-byte",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("Acme Ltd", "Acm\xe9 Ltd").encode("latin-1")},
        stderr=("error: a.yaml:5: byte 0xe9 is not UTF-8; save the file as UTF-8",),
    ),
    Case("utf8-bom", ("score", "a.yaml", *B), {"a.yaml": b"\xef\xbb\xbf" + BASE.encode()}, 0, ()),
    Case(
        "utf16-with-bom",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.encode("utf-16")},
        stderr=("error: a.yaml:1: the file is UTF-16; save it as UTF-8",),
    ),
    Case(
        "utf16-without-bom",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.encode("utf-16-le")},
        stderr=(
            "error: a.yaml:1: control character U+0000 is not allowed (is this a binary file?)",
        ),
    ),
    Case(
        "file-of-50-mb", ("score", "big.yaml", *B), {"big.yaml": _big_file}, stderr=(EXPECT_SIZE,)
    ),
    Case(
        "endless-device",
        ("score", "/dev/zero", *B),
        stderr=("error: /dev/zero: the file is larger than the limit of 2,097,152 bytes",),
    ),
    Case(
        "alias-bomb",
        ("score", "a.yaml", *B),
        {"a.yaml": _alias_bomb()},
        stderr=("error: a.yaml:2: YAML aliases (*name) are not allowed here",),
    ),
    Case(
        "nesting-10000-sequences",
        ("score", "a.yaml", *B),
        {"a.yaml": _deep(10_000, "[", "]")},
        stderr=(
            "error: a.yaml:1: nesting is deeper than 32 levels; an answers file never needs this",
        ),
    ),
    Case(
        "nesting-10000-mappings",
        ("score", "a.yaml", *B),
        {"a.yaml": "product: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"},
        stderr=(
            "error: a.yaml:1: nesting is deeper than 32 levels; an answers file never needs this",
        ),
    ),
    Case(
        "comment-of-1-mb",
        ("score", "a.yaml", *B),
        {"a.yaml": "# " + "x" * 1024 * 1024 + "\n" + BASE},
        0,
        (),
    ),
    Case(
        "text-over-limit",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("comment: Fine.", "comment: " + "x" * 20_001)},
        stderr=(
            (
                "error: a.yaml:10: answers.alpha.one.comment: a text of 20,001 characters is "
                "longer than the limit of 20,000"
            ),
        ),
    ),
    Case(
        "control-character-escape",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("Fine.", "Fine.\x1b[2J\x1b[31mVALID")},
        stderr=(
            "error: a.yaml:10: control character U+001B is not allowed (is this a binary file?)",
        ),
    ),
    Case(
        "nul-byte",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE.replace("Fine.", "Fine.\x00")},
        stderr=(
            "error: a.yaml:10: control character U+0000 is not allowed (is this a binary file?)",
        ),
    ),
    Case(
        "python-tag",
        ("score", "a.yaml", *B),
        {
            "a.yaml": BASE.replace(
                "  name: Acme CXR", "  name: !!python/object/apply:os.system [id]"
            )
        },
        stderr=(
            "error: a.yaml:4: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed; use plain data",
        ),
    ),
    Case(
        "duplicate-key",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE + "  alpha.one: {value: none}\n"},
        stderr=("error: a.yaml:12: answers.alpha.one: this key appears twice",),
    ),
    Case(
        "two-documents",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE + "---\n" + BASE},
        stderr=("error: a.yaml:12: holds more than one YAML document; keep one per file",),
    ),
    Case(
        "newline-and-bidi-in-question-id",
        ("score", "a.yaml", *B),
        {"a.yaml": BASE + '  "x\\nVALID r.pdf\\u202e": {value: full}\n'},
        0,
        (
            "warning: a.yaml:12: answers.x\\u000aVALID r.pdf\\u202e: no such question in this "
            "bank; the answer is kept but not scored",
        ),
    ),
    Case(
        "newline-in-product-name",
        ("score", "a.yaml", *B),
        {"a.yaml": with_product("Acme\nOverall 100.0  Meets")},
        0,
        (),
        check=headline_one_line,
    ),
    Case(
        "rtl-cjk-emoji",
        ("score", "a.yaml", *B, "--format", "json"),
        {"a.yaml": with_product(WORLD_TEXT)},
        0,
        (),
        # bidi overrides are removed when the file is read; the rest is kept exactly
        stdout_has=(
            json.dumps(WORLD_TEXT.replace("\u202e", "").replace("\u202c", ""), ensure_ascii=False)[
                1:-1
            ],
        ),
    ),
    Case(
        "csv-formula-injection",
        ("score", "a.yaml", *B, "--format", "csv"),
        {"a.yaml": with_product('=HYPERLINK("{url}/x","click")')},
        0,
        (),
        check=csv_neutralised,
    ),
    Case(
        "rich-markup-in-register",
        ("score", "a.yaml", "b.yaml", *B),
        {"a.yaml": with_product("[bold green]Meets[/] [/bold]"), "b.yaml": BASE},
        0,
        (),
        check=markup_literal,
    ),
    Case(
        "missing-file",
        ("score", "nope.yaml", *B),
        stderr=("error: nope.yaml: no such file or folder",),
    ),
    Case(
        "folder-without-answers",
        ("score", "empty", *B),
        {"empty/.keep": ""},
        stderr=("error: empty: the folder holds no .yaml, .yml, .json or .pdf file",),
    ),
    # --- report
    Case(
        "report-html-injection-and-urls",
        # full detail: the standard report leaves out the comment on an answer that meets
        ("report", "a.yaml", "-o", "r.html", "--detail", "full", *B),
        {"a.yaml": with_product(HOSTILE_NAME, WORLD_TEXT, HOSTILE_TEXT)},
        0,
        ("wrote r.html",),
        out="r.html",
        check=html_is_inert,
    ),
    Case(
        "report-md-injection",
        ("report", "a.yaml", "-o", "r.md", *B),
        {"a.yaml": with_product(HOSTILE_NAME, WORLD_TEXT, HOSTILE_TEXT)},
        0,
        ("wrote r.md",),
        out="r.md",
        check=md_is_inert,
    ),
    Case(
        "report-json-injection",
        ("report", "a.yaml", "-o", "r.json", *B),
        {"a.yaml": with_product(HOSTILE_NAME, purpose=HOSTILE_TEXT)},
        0,
        ("wrote r.json",),
        out="r.json",
        check=json_keeps_text,
    ),
    Case(
        "report-pdf-injection-and-urls",
        ("report", "a.yaml", "-o", "r.pdf", *B),
        {"a.yaml": with_product(HOSTILE_NAME, WORLD_TEXT, HOSTILE_TEXT)},
        0,
        ("wrote r.pdf",),
        out="r.pdf",
        check=pdf_shows_text,
    ),
    Case(
        "report-bad-input-keeps-previous",
        ("report", "a.yaml", "-o", "r.html", *B),
        {"a.yaml": "format: [", "r.html": "previous"},
        stderr=("error: a.yaml:1: not valid YAML: did not find expected node content",),
        out="r.html",
        keeps="previous",
    ),
    Case(
        "report-output-is-input",
        ("report", "a.yaml", "-o", "./a.yaml", "--format", "html", *B),
        {"a.yaml": BASE},
        stderr=("error: a.yaml: -o: the report would overwrite its input; choose another name",),
        out="a.yaml",
        keeps=BASE,
    ),
    Case(
        "report-symlinked-output",
        ("report", "a.yaml", "-o", "r.html", *B),
        {"a.yaml": BASE, "r.html": _symlink_out},
        stderr=(
            "error: r.html: is a symbolic link (to victim.txt); give the path of a regular file",
        ),
        check=symlink_refused,
    ),
    Case(
        "report-output-is-a-pipe",
        ("report", "a.yaml", "-o", "pipe.html", *B),
        {"a.yaml": BASE, "pipe.html": _fifo},
        stderr=(
            "error: pipe.html: is not a regular file (a FIFO); give the path of a regular file",
        ),
    ),
    Case(
        "report-output-under-a-file",
        ("report", "a.yaml", "-o", "a.yaml/r.html", *B),
        {"a.yaml": BASE},
        stderr=("error: a.yaml/r.html: Not a directory",),
    ),
    Case(
        "report-output-folder-missing",
        ("report", "a.yaml", "-o", "nowhere/r.html", *B),
        {"a.yaml": BASE},
        stderr=("error: nowhere/r.html: No such file or directory",),
    ),
    Case(
        "report-disk-full",
        ("report", "a.yaml", "-o", "r.html", *B),
        {"a.yaml": BASE, "r.html": "previous"},
        stderr=("error: r.html: File too large",),
        out="r.html",
        keeps="previous",
        fsize=20_000,
    ),
    Case(
        "report-read-only-folder",
        ("report", "a.yaml", "-o", "ro/r.html", *B),
        {"a.yaml": BASE, "ro": _readonly},
        stderr=("error: ro/r.html: Permission denied",),
        as_user=True,
    ),
    Case(
        "report-unknown-suffix",
        ("report", "a.yaml", "-o", "r.exe", *B),
        {"a.yaml": BASE},
        check=lambda folder, out, err: _starts(
            err, "error: r.exe: cannot tell the report format from the file name; end it with"
        ),
    ),
    Case(
        "report-missing-input",
        ("report", "nope.yaml", "-o", "r.html", *B),
        stderr=("error: nope.yaml: no such file or folder",),
    ),
    # --- verify
    Case(
        "verify-not-a-pdf",
        ("verify", "a.pdf", *B),
        {"a.pdf": BASE},
        stderr=("error: a.pdf: is not a PDF file",),
    ),
    Case(
        "verify-truncated-pdf",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(b"{}")[:400]
            )
        },
        stderr=None,
    ),
    Case(
        "verify-no-attachment",
        ("verify", "a.pdf", *B),
        {"a.pdf": b"%PDF-1.4\n%%EOF\n"},
        stderr=None,
    ),
    Case(
        "verify-attachment-not-json",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(b"\xff<html>")
            )
        },
        stderr=("error: a.pdf: assessment.json is not valid JSON",),
    ),
    Case(
        "verify-attachment-deep-json",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(b"[" * 200_000 + b"]" * 200_000)
            )
        },
        stderr=(
            "error: a.pdf (assessment.json):1: nesting is deeper than 32 levels; "
            "an answers file never needs this",
        ),
    ),
    Case(
        "verify-attachment-other-format",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(b'{"format": "evil/v9"}')
            )
        },
        stderr=(
            "error: a.pdf: assessment.json is not an rcr-checklist assessment (format "
            "'evil/v9', expected 'rcr-checklist/assessment/v1')",
        ),
    ),
    Case(
        "verify-decompression-bomb",
        ("verify", "a.pdf", *B),
        {"a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(_bomb_pdf())},
        stderr=("error: a.pdf: cannot be read as a PDF (LimitReachedError)",),
    ),
    Case(
        # a genuine assessment attached to pages that do not show it: not VALID
        "verify-genuine-attachment-on-foreign-pages",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(assessment_json(ctx, _nothing))
            )
        },
        1,
        ("error: a.pdf: its cover does not show its embedded assessment",),
        stdout_has=("DIFFERS page 1: the cover does not show the product name",),
    ),
    Case(
        "verify-edited-answers",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(assessment_json(ctx, _edit_answer))
            )
        },
        1,
        ("error: a.pdf: its embedded answers were edited after it was made",),
        stdout_has=("DIFFERS answers_sha256: the report records",),
    ),
    Case(
        "verify-forged-line-break",
        ("verify", "a.pdf", *B),
        {
            "a.pdf": lambda folder, ctx: (folder / "a.pdf").write_bytes(
                _pdf_with_attachment(assessment_json(ctx, _forge_rating))
            )
        },
        1,
        ("error: a.pdf: its cover does not show its embedded assessment",),
        stdout_has=(
            "DIFFERS overall.rating: the report says Meets\\u000aVALID r.pdf, its answers score",
        ),
        check=lambda folder, out, err: (
            None
            if "\nVALID" not in out
            else (_ for _ in ()).throw(AssertionError("forged VALID line"))
        ),
    ),
    Case(
        "verify-folder",
        ("verify", "d", *B),
        {"d/.keep": ""},
        stderr=("error: d: is a folder, not a report PDF",),
    ),
    Case("verify-missing", ("verify", "nope.pdf", *B), stderr=("error: nope.pdf: no such file",)),
    # --- compare (in progress by another engineer: rows are added as it settles)
    Case(
        "compare-injection-html",
        ("compare", "a.yaml", "b.yaml", "-o", "c.html", *B),
        {"a.yaml": with_product(HOSTILE_NAME, WORLD_TEXT, HOSTILE_TEXT), "b.yaml": BASE},
        0,
        None,
        out="c.html",
        check=compare_is_inert,
    ),
    Case(
        "compare-malformed-yaml",
        ("compare", "a.yaml", "b.yaml", "-o", "c.html", *B),
        {"a.yaml": "format: [", "b.yaml": BASE, "c.html": "previous"},
        stderr=("error: a.yaml:1: not valid YAML: did not find expected node content",),
        out="c.html",
        keeps="previous",
    ),
    Case(
        "compare-missing-file",
        ("compare", "b.yaml", "nope.yaml", "-o", "c.html", *B),
        {"b.yaml": BASE},
        stderr=("error: nope.yaml: no such file or folder",),
    ),
    Case(
        "compare-endless-device",
        ("compare", "/dev/zero", "b.yaml", "-o", "c.html", *B),
        {"b.yaml": BASE},
        stderr=("error: /dev/zero: the file is larger than the limit of 2,097,152 bytes",),
    ),
    Case(
        "compare-output-is-input",
        ("compare", "a.yaml", "b.yaml", "-o", "b.yaml", "--format", "html", *B),
        {"a.yaml": BASE, "b.yaml": BASE},
        stderr=("error: b.yaml: -o: the output would overwrite an input; choose another name",),
        out="b.yaml",
        keeps=BASE,
    ),
    Case(
        "compare-newline-in-product-name",
        ("compare", "a.yaml", "b.yaml", "-o", "c.html", *B),
        {"a.yaml": with_product("Acme\nerror: nothing wrong\u202e"), "b.yaml": BASE},
        0,
        None,
        check=no_forged_lines,
    ),
    # --- bank validate
    Case("bank-ok-baseline", ("bank", "validate", "bank"), {"bank": _bank_with()}, 0, None),
    Case(
        "bank-alias-bomb-in-rules",
        ("bank", "validate", "bank"),
        {"bank": _bank_bomb},
        stderr=(
            "error: bank/bank.yaml: stands for more than 100,000 values once its YAML aliases "
            "are expanded (an alias bomb?)",
        ),
    ),
    Case(
        "bank-path-traversal",
        ("bank", "validate", "bank"),
        {
            "bank": _bank_with(
                **{
                    "bank.yaml": _bank_meta("").replace(
                        "files: [0-facts.yaml, 1-alpha.yaml, 2-beta.yaml]",
                        "files: [0-facts.yaml, ../../../../etc/passwd, 2-beta.yaml]",
                    )
                }
            )
        },
        stderr=(
            "error: bank/bank.yaml:13: files[1]: no such principle file '../../../../etc/passwd'",
        ),
    ),
    Case(
        "bank-deep-nesting",
        ("bank", "validate", "bank"),
        {
            "bank": _bank_with(
                **{"bank.yaml": _bank_meta("x: " + "[" * 10_000 + "]" * 10_000 + "\n")}
            )
        },
        stderr=(
            "error: bank/bank.yaml:25: nesting is deeper than 64 levels; "
            "an answers file never needs this",
        ),
    ),
    Case(
        "bank-unknown-field",
        ("bank", "validate", "bank"),
        {"bank": _bank_with(**{"bank.yaml": _bank_meta("titel: x\n")})},
        stderr=("error: bank/bank.yaml:25: titel: unknown field 'titel'; did you mean 'title'?",),
    ),
    Case(
        "bank-missing-folder",
        ("bank", "validate", "nobank"),
        stderr=None,
    ),
    Case(
        "bank-latin1",
        ("bank", "validate", "bank"),
        {
            "bank": _bank_with(**{"bank.yaml": _bank_meta("")}),
            "bank/1-alpha.yaml": lambda folder, ctx: (folder / "bank" / "1-alpha.yaml").write_bytes(
                b"id: alpha\ntitle: Caf\xe9\n"
            ),
        },
        stderr=("error: bank/1-alpha.yaml:2: byte 0xe9 is not UTF-8; save the file as UTF-8",),
    ),
]
