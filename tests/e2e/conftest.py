"""Real-browser tests: Debian's Chromium driven by Playwright, against Django's live server.

Without Chromium these tests are skipped with the reason; with CI=true a missing Chromium
fails the run instead, so CI can never pass by skipping them.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from coflight.accounts.roles import MEMBERS, STAFF
from coflight.people.models import Person
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


def make_member(username: str = "jp") -> User:
    """A member signed in as Jean-Pierre, with the password pw-member-12345."""
    user = User.objects.create_user(username, password="pw-member-12345")
    user.groups.add(Group.objects.get(name=MEMBERS))
    Person.objects.filter(given_name="Jean-Pierre").update(user=user)
    return user


def make_staff() -> User:
    """ "staff", a member and staff, with the password pw-staff-12345."""
    user = User.objects.create_user("staff", password="pw-staff-12345", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=[MEMBERS, STAFF]))
    return user


def drop_in_another_browser(page, action) -> None:
    """Staff, in their own browser (in English), drop `action` from under someone's feet."""
    sign_in(page, "staff", "pw-staff-12345")
    page.goto(f"/actions/{action.pk}/")
    theirs = page.locator(f"#action-{action.pk}")
    theirs.get_by_text("Change status").click()
    theirs.get_by_label("Dropped").check()
    theirs.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status changed from Open to Dropped.")).to_be_visible()
