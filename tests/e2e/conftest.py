"""Real-browser tests: Debian's Chromium driven by Playwright, against Django's live server.

Without Chromium these tests are skipped with the reason; with CI=true a missing Chromium
fails the run instead, so CI can never pass by skipping them.
"""

import os
import shutil

import pytest

from tests import seed

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed; CI must run the browser tests.")
        pytest.skip("Chromium is not installed (apt-get install chromium) — browser tests skipped.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def seeded(transactional_db, seed_rows):
    seed.put(seed_rows)


@pytest.fixture
def browse(chromium, live_server, seeded):
    """A function opening a fresh browser context (its own cookies), JavaScript on or off."""
    contexts = []

    def open_context(*, javascript: bool = True, width: int = 1100, locale: str = "en-GB"):
        context = chromium.new_context(
            java_script_enabled=javascript,
            locale=locale,
            viewport={"width": width, "height": 900},
            base_url=live_server.url,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
