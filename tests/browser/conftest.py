"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against real servers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "results" / "screenshots"
# Without the background-networking flags Chromium tries to reach Google's hosts at every start.
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 320, "height": 640}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _page(browser, viewport) -> Page:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser, servers):
    page = _page(browser, DESKTOP)
    page.goto(servers.web_url)
    yield page
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    page.context.close()


@pytest.fixture
def mobile_page(browser, servers):
    page = _page(browser, MOBILE)
    page.goto(servers.web_url)
    yield page
    assert page.errors == []
    page.context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
