"""Helpers of the browser form's tests: a served answers file, a client holding the token."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.testclient import TestClient

from rcr_checklist.model.bank import Bank
from rcr_checklist.serve.app import ServeConfig, create_app
from rcr_checklist.serve.security import csrf_token
from rcr_checklist.serve.store import AnswersStore

TOKEN = "test-token-0123456789"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
CSRF = csrf_token(TOKEN)


class _FormReader(HTMLParser):
    """Collects what a browser would submit from a page's form (disabled fieldsets left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.disabled: list[bool] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        off = any(self.disabled)
        if tag == "fieldset":
            self.disabled.append("disabled" in a)
        elif tag == "input" and not off and "name" in a:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and not off:
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.disabled.pop()
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_fields(html: str) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would send from the page's form, before any change."""
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


class Served:
    """A served answers file and a logged-in client."""

    def __init__(self, bank: Bank, path: Path) -> None:
        self.bank = bank
        self.path = path
        self.store = AnswersStore(bank, path)
        self.app = create_app(ServeConfig(store=self.store, token=TOKEN, port=PORT))
        self.client = TestClient(self.app, base_url=BASE, follow_redirects=False)

    def login(self) -> None:
        response = self.client.get(f"/?token={TOKEN}")
        assert response.status_code == 303

    def post(self, url: str, data: dict[str, Any], **headers: str) -> Any:
        return self.client.post(url, data={"csrf": CSRF, **data}, headers=headers)

    def submit(
        self,
        url: str,
        changes: dict[str, str | list[str] | None],
        action: str = "save",
        **headers: str,
    ) -> Any:
        """Load ``url``, change some controls as a person would, and submit the form.

        ``changes`` maps a control name to its new value (a list for checkboxes; None unticks
        or empties it).
        """
        fields = form_fields(self.client.get(url).text)
        kept = [(k, v) for k, v in fields if k not in changes]
        for name, value in changes.items():
            if value is None:
                continue
            kept += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
        kept.append(("action", action))
        return self.client.post(
            url,
            content=urlencode(kept),
            headers={
                "content-type": "application/x-www-form-urlencoded",
                **{k.replace("_", "-"): v for k, v in headers.items()},
            },
        )


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium, installed by .ci/run; Playwright drives it (no browser download)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


_CHILD = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'rcr-checklist'; from rcr_checklist.cli import main; main()"
)


def start_server(path: Path, bank_dir: Path | None = None, profile: str = "") -> tuple[Any, str]:
    """Start ``serve`` on a free port in a child process; returns (process, URL with token)."""
    import subprocess
    import sys

    args = [str(path), "--no-browser"]
    args += ["--bank", str(bank_dir)] if bank_dir else []
    args += ["--profile", profile] if profile else []
    # Ctrl-C as at a terminal: a test run started in the background (CI, `cmd &`) ignores
    # SIGINT, and a child inherits "ignored"; the server then would not stop on it.
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "?token=" in line:
            return proc, line.strip()
    raise AssertionError(f"serve did not print its address (exit {proc.wait()})")
