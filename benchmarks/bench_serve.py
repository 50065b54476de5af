"""Browser form benchmark: prints figures, never fails.

    python benchmarks/bench_serve.py [--rounds 60]

On the answers of the largest bundled example (a full vendor assessment):

1. Saving one answer, server side: the autosave request of the largest principle page
   (form parsed, lock taken, file re-read if changed, answer checked, file written
   atomically, score panel and navigation rendered), measured by calling the ASGI
   application directly (no HTTP client in the figure). Target (DESIGN.md section 9): under
   100 ms. Twice: on a file as the form or the terminal writes it (written whole), and on the
   example as kept by hand, with its comments (merged by the round-trip writer, which keeps
   them and costs far more).
2. Loading that page, server side (in-process) and over HTTP from the running server on
   127.0.0.1 (uvicorn, as `rcr-checklist serve` runs it). Target: under 300 ms.
Each figure is the median and the 95th percentile of ``--rounds`` requests; for saves also
the process's CPU time (all threads), which a busy machine inflates less than wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.serve import PORT, TOKEN, Served, form_fields  # noqa: E402
from rcr_checklist.files.answers_io import answers_text, load_answers  # noqa: E402
from rcr_checklist.files.bank_loader import load_bank  # noqa: E402
from rcr_checklist.files.resources import examples_dir  # noqa: E402
from rcr_checklist.model.bank import Bank  # noqa: E402
from rcr_checklist.serve.app import ServeConfig, create_app  # noqa: E402
from rcr_checklist.serve.run import bind  # noqa: E402
from rcr_checklist.serve.security import cookie_name  # noqa: E402
from rcr_checklist.serve.store import AnswersStore  # noqa: E402


def _figures(label: str, times: list[float], target_ms: float) -> None:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    median = statistics.median(ms)
    verdict = "ok" if median < target_ms else "OVER TARGET"
    print(f"{label}:")
    print(
        f"    median {median:6.1f} ms   p95 {p95:6.1f} ms   (target {target_ms:.0f} ms: {verdict})"
    )


def _time(rounds: int, call: Callable[[int], object]) -> list[float]:
    call(-1)  # warm up: templates compiled, file cached
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bank = load_bank()
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "kept.yaml"
        shutil.copy(examples_dir() / "chestflow.yaml", kept)
        plain = Path(tmp) / "plain.yaml"
        plain.write_text(answers_text(load_answers(kept, bank).answers), encoding="utf-8")
        page = _saves(bank, plain, args.rounds, "save one answer, file written whole")
        _saves(bank, kept, max(5, args.rounds // 6), "save one answer, hand-kept file")
        served = Served(bank, plain)
        served.login()
        loads = _time(args.rounds, lambda i: served.client.get(page))
        _figures("load the page (in-process)", loads, 300)
        _http(bank, plain, page, args.rounds)


def _asgi(app: Any, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    """One request straight into the ASGI application, no HTTP client: the server's own time."""
    sent: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            sent.append(message.get("body", b""))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", PORT),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    asyncio.run(app(scope, receive, send))
    return b"".join(sent)


def _saves(bank: Bank, path: Path, rounds: int, label: str) -> str:
    """Time autosave requests that flip one answer; returns the page's address."""
    served = Served(bank, path)
    served.login()
    sizes = {p.id: len(p.questions) for p in bank.principles if p.number > 0}
    page = f"/section/{max(sizes, key=lambda k: sizes[k])}"
    fields = form_fields(served.client.get(page).text)
    question = next(k.split(":")[0] for k, _ in fields if k.endswith(":value"))
    options = [o.value for o in bank.by_id[question].options]  # type: ignore[union-attr]
    state = dict(fields)
    timings: list[float] = []
    cpu: list[float] = []
    headers = {
        "host": f"127.0.0.1:{PORT}",
        "cookie": f"{cookie_name(PORT)}={TOKEN}",
        "content-type": "application/x-www-form-urlencoded",
        "x-autosave": "1",
    }

    def save(i: int) -> None:
        state[f"{question}:value"] = options[i % 2]
        body = urlencode(state).encode()
        start, start_cpu = time.perf_counter(), time.process_time()
        reply = _asgi(served.app, "POST", page, body, {**headers, "content-length": str(len(body))})
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        data = json.loads(reply)
        assert data["saved"] or i < 0, data
        state.update(data["was"])

    _time(rounds, save)
    _figures(f"{label} ({page}, {question})", timings[1:], 100)
    print(f"    CPU time of the process: median {statistics.median(cpu[1:]) * 1000:.1f} ms")
    return page


def _http(bank: object, path: Path, page: str, rounds: int) -> None:
    """The same page over HTTP from uvicorn on 127.0.0.1."""
    import uvicorn

    sock = bind(0)
    port = sock.getsockname()[1]
    store = AnswersStore(bank, path)  # type: ignore[arg-type]
    app = create_app(ServeConfig(store=store, token=TOKEN, port=port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    headers = {"Cookie": f"{cookie_name(port)}={TOKEN}"}

    def get(_: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", page, headers=headers)
        response = conn.getresponse()
        assert response.status == 200, response.status
        response.read()
        conn.close()

    _figures("load the page (HTTP, new connection)", _time(rounds, get), 300)
    server.should_exit = True
    thread.join(timeout=10)


if __name__ == "__main__":
    main()
