"""Regenerate the README's pictures of `rcr-checklist serve` (needs Debian's chromium).

Usage: python docs/make-serve-images.py
Serves a copy of examples/clinician-quickcheck.yaml and takes a desktop and a 320 px wide
screenshot with Playwright driving /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers.serve import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402


def main() -> None:
    """Take the two screenshots into docs/images."""
    out = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clinician-quickcheck.yaml"
        shutil.copy(ROOT / "examples" / "clinician-quickcheck.yaml", path)
        proc, url = start_server(path)
        base = url.split("?")[0]
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1200, "height": 1000})
                page.goto(url)
                page.goto(base + "section/clinical")
                page.locator("#q-clinical-clinical_evidence details.help summary").click()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(out / "serve-desktop.png"))
                narrow = browser.new_page(viewport={"width": 320, "height": 640})
                narrow.goto(url)
                narrow.goto(base + "section/clinical")
                first = narrow.locator("#q-clinical-clinical_evidence > legend")
                first.scroll_into_view_if_needed()
                narrow.screenshot(path=str(out / "serve-320px.png"))
                browser.close()
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=30)
    subprocess.run(["ls", "-l", str(out)], check=False)


if __name__ == "__main__":
    main()
