"""A real headless browser for the review page's tests, and for the README's screenshot of it.

The browser is the system's Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it where it is
missing), driven by Playwright, which downloads nothing when given the browser's path. Chromium's own
network calls (updates, sync) are turned off: the page must load, and does, with no network at all.

``python tests/browser.py PNG`` writes the page of the bundled sample corpus as a screenshot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CLEANTEXT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The reason a browser test cannot run here; ``.ci/run`` fails a run that skipped for it.
MISSING = "BROWSER_MISSING"
ROOT = Path(__file__).resolve().parents[1]
#: The bundled sample corpus: the sample article and the whole-page fixtures (not their expected outputs).
SAMPLE_CORPUS = [Path("fixtures") / "sample.txt", Path("fixtures") / "page"]
SAMPLE_FLAGS = ["--exclude", "*.expected.txt", "--text", "auto"]


def missing() -> str | None:
    """Why no browser test can run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"{MISSING}: Playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{MISSING}: no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@contextmanager
def browser_page(width: int = 1200, height: int = 900) -> Iterator[Any]:
    """A fresh page of a fresh headless Chromium (its profile a new empty folder)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def make_report(paths: list[Path], out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """``cleantext report PATHS -o OUT`` in a new process, as a user runs it (relative paths: from the checkout)."""
    command = [sys.executable, "-m", "cleantext", "report", *map(str, paths), "-o", str(out), *flags]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def screenshot(png: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        made = make_report(SAMPLE_CORPUS, page_file, "-q", *SAMPLE_FLAGS)
        if made.returncode != 0:
            raise SystemExit(made.stderr)
        with browser_page(1200, 1250) as page:
            page.goto(page_file.as_uri())
            page.screenshot(path=str(png))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tests/browser.py PNG")
    reason = missing()
    if reason:
        raise SystemExit(reason)
    screenshot(Path(sys.argv[1]))
