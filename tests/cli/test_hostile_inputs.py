"""Broken and hostile inputs, one test per row of hostile_cases.CASES, each run as a real CLI.

Every case runs ``rcr-checklist`` in a subprocess with an audit hook that records every file
Python opens, next to a local HTTP server that counts requests. Whatever the input, the run
must exit 0 with correct output or 2 (1 for verify differences) with located ``error:`` lines;
never a traceback, a partly written file, a network request or a read of the sentinel file
outside the case folder; and it must stay under 10 s and 300 MB.
"""

from __future__ import annotations

import http.server
import os
import resource
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.banks import write_tiny_bank
from helpers.hostile_cases import CASES, Case, sub
from rcr_checklist.files.bank_loader import load_bank

pytestmark = pytest.mark.slow  # one subprocess per case

HANG_SECONDS = 120.0  # a run this long is a hang, killed (tests never fail on speed)
MAX_RSS_MB = 300
REPO = Path(__file__).resolve().parents[2]

# Runs the CLI with an audit hook logging every path Python opens (WeasyPrint's fetcher,
# pypdf, our readers), one per line, to $RCR_AUDIT_LOG.
RUNNER = """\
import os, sys
_log = open(os.environ["RCR_AUDIT_LOG"], "w", encoding="utf-8", errors="replace")
def _hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        try:
            _log.write(os.fsdecode(args[0]) + "\\n"); _log.flush()
        except OSError:  # the file-size limit of the disk-full case
            pass
sys.addaudithook(_hook)
sys.argv[0] = "rcr-checklist"
def _peak():
    # VmHWM: the peak resident memory of this program's own memory map. getrusage's
    # ru_maxrss would also count the test process it was forked from (Linux keeps the
    # larger of the two across exec), which is hundreds of MB late in a test session.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(os.environ["RCR_PEAK_FILE"], "w", encoding="ascii") as out:
            out.write(kb)
    except (OSError, StopIteration):
        pass
import atexit
atexit.register(_peak)
from rcr_checklist.cli import main
main()
"""


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"SERVED-FROM-NETWORK")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("hostile")
    bank_dir = write_tiny_bank(root / "tinybank")
    secret_dir = root / "secret"
    secret_dir.mkdir()
    token = f"SENTINEL-{uuid.uuid4().hex}"
    (secret_dir / "sentinel.txt").write_text(token, encoding="utf-8")
    (secret_dir / "sentinel.css").write_text(f"body::before {{content: '{token}'}}", "utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {
            "root": root,
            "bank": str(bank_dir),
            "bank_obj": load_bank(bank_dir),
            "url": f"http://127.0.0.1:{server.server_address[1]}",
            "secret": (secret_dir / "sentinel.css").as_uri(),
            "secret_dir": secret_dir,
            "token": token,
        }
    finally:
        server.shutdown()


def _make_files(case: Case, folder: Path, world: dict[str, Any]) -> None:
    values = {k: world[k] for k in ("bank", "url", "secret")}
    for name, content in case.files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(folder, world)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(sub(content, **values), encoding="utf-8")


def run_cli(
    args: list[str], cwd: Path, log: Path, fsize: int | None = None
) -> tuple[int, str, str, float, float]:
    """Run the CLI; return (exit code, stdout, stderr, seconds, peak RSS in MB)."""
    out, err = cwd.parent / f"{cwd.name}.out", cwd.parent / f"{cwd.name}.err"
    peak = cwd.parent / f"{cwd.name}.peak"
    env = {
        **os.environ,
        "RCR_AUDIT_LOG": str(log),
        "RCR_PEAK_FILE": str(peak),
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    import subprocess

    start = time.monotonic()
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-c", RUNNER, *args],
            cwd=cwd,
            stdout=o,
            stderr=e,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=limit,
        )
        deadline = start + HANG_SECONDS
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    # the program's own peak (see RUNNER); a program killed before it could say is taken at
    # the kernel's figure, which may include the test process's memory
    try:
        peak_mb = int(peak.read_text(encoding="ascii")) / 1024
    except (OSError, ValueError):
        peak_mb = usage.ru_maxrss / 1024
    return (
        proc.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        seconds,
        peak_mb,
    )


def _texts_of(folder: Path) -> str:
    """Everything the run left in its folder, PDFs as extracted text and attachments."""
    from pypdf import PdfReader

    parts: list[str] = []
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        if path.suffix == ".pdf" and path.stat().st_size < 5_000_000:
            try:
                reader = PdfReader(path)
                parts.extend(page.extract_text() for page in reader.pages)
                for files in reader.attachments.values():
                    parts.extend(f.decode("utf-8", "replace") for f in files)
            except Exception:  # noqa: BLE001 - hostile PDFs are allowed to be unreadable
                pass
        elif path.stat().st_size < 5_000_000:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def _allowed_roots(folder: Path, world: dict[str, Any]) -> list[str]:
    roots = {
        str(folder),
        world["bank"],
        str(REPO / "src"),
        str(REPO / "templates"),
        str(REPO / "principles"),
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        "/usr/",
        "/etc/",
        "/proc/",
        "/sys/",
        "/dev/",
        os.path.realpath(sys.prefix),
    }
    roots.update(p for p in sys.path if p and Path(p).is_dir() and p != str(REPO))
    return sorted(roots)


def _opened(log: Path, folder: Path) -> list[tuple[str, str]]:
    """The paths the run opened: (as opened, made absolute) and (resolved)."""
    out = []
    text = log.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines and not text.endswith("\n"):
        # under RLIMIT_FSIZE the log itself is cut off: its last line is not a whole path
        lines.pop()
    for line in lines:
        path = str(folder / line) if not line.startswith("/") else line
        out.append((path, str(Path(path).resolve())))
    return out


def _opened_outside(log: Path, folder: Path, world: dict[str, Any]) -> list[str]:
    allowed = _allowed_roots(folder, world)
    tmp = tempfile.gettempdir()
    bad = []
    for path, real in _opened(log, folder):
        if path == tmp or (str(Path(path).parent) == tmp and not Path(path).exists()):
            continue  # tempfile.gettempdir() probing where it may write, probe deleted
        if not any(p.startswith(root) for root in allowed for p in (path, real)):
            bad.append(path)
    return bad


def _case_params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case.as_user:
            marks.append(pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions"))
        if "pdf" in case.id and case.args[0] == "report":
            marks.append(pytest.mark.slow)
        if case.xfail:
            marks.append(pytest.mark.xfail(reason=case.xfail, strict=True))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_hostile_input(case: Case, world: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    _make_files(case, folder, world)
    values = {k: world[k] for k in ("bank", "url", "secret")}
    args = [sub(a, **values) for a in case.args]
    log = tmp_path / "opened.log"
    _Counter.hits = 0

    code, out, err, seconds, rss = run_cli(args, folder, log, case.fsize)

    context = f"exit {code}\nstdout:\n{out[-2000:]}\nstderr:\n{err[-3000:]}"
    assert "Traceback" not in err, context
    assert code == case.code, context
    lines = [line for line in err.splitlines() if line.strip()]
    if case.stderr is not None:
        assert lines == [sub(line, **values) for line in case.stderr], context
    if code == 2:
        assert lines, context
        # one located line per problem: "error: FILE[:LINE]: [FIELD: ]message"
        assert all(line.startswith("error: ") and ": " in line[7:] for line in lines), context
    for text in case.stdout_has:
        assert sub(text, **values) in out, context
    assert rss < MAX_RSS_MB, f"peak memory {rss:.0f} MB"
    assert _Counter.hits == 0, "a network request was made"
    assert world["token"] not in out + err + _texts_of(folder), "the sentinel file was read"
    secret = str(world["secret_dir"])
    assert not any(secret in real for _, real in _opened(log, folder)), "opened the sentinel"
    outside = _opened_outside(log, folder, world)
    assert not outside, f"read outside the package and the case folder: {outside[:5]}"
    assert not list(folder.rglob(".*.tmp")), "a temporary file was left behind"
    if case.out is not None:
        target = folder / case.out
        if case.keeps is not None:
            assert target.read_text(encoding="utf-8") == sub(case.keeps, **values)
        elif code == 0:
            assert target.is_file() and target.stat().st_size > 0
    if case.check is not None:
        case.check(folder, out, err)


def test_enough_cases_across_commands() -> None:
    commands = {c.args[0] for c in CASES}
    assert len(CASES) >= 40
    assert {"score", "report", "verify", "compare", "bank"} <= commands


def test_debug_shows_the_traceback(world: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("format: [", encoding="utf-8")
    code, _, err, _, _ = run_cli(
        ["--debug", "score", "a.yaml", "--bank", world["bank"]], tmp_path, tmp_path / "log"
    )
    assert code == 1
    assert "Traceback" in err and "InputError" in err
