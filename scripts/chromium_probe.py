"""Checks that Playwright can drive Debian's Chromium: launch it and load a page.

Debian's Chromium moves with Debian updates while the Playwright package is pinned; when
they stop working together this fails with both versions named, before any test runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def main() -> int:
    try:
        chromium_version = subprocess.run(  # noqa: S603  (our own configured browser path)
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError as exc:
        print(f"Chromium not found at {CHROMIUM}: {exc}", file=sys.stderr)
        return 1
    playwright_version = version("playwright")
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            page = browser.new_page()
            page.set_content("<button onclick=\"this.textContent='clicked'\">probe</button>")
            page.click("button")
            assert page.inner_text("button") == "clicked"
            browser.close()
    except Exception as exc:
        print(
            f"Playwright {playwright_version} cannot drive {chromium_version or CHROMIUM}: {exc}\n"
            "Pin a Playwright release that supports this Chromium in pyproject.toml.",
            file=sys.stderr,
        )
        return 1
    print(f"Playwright {playwright_version} drives {chromium_version}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
