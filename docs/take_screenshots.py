"""Screenshots of coflight's main pages, at desktop and phone width, into docs/screenshots/.

`make screenshots` runs this. It serves the May 16 2013 report from a throw-away SQLite
database and photographs it in Debian's Chromium, so the pictures show what a new user sees:
in English, and the main pages again in French (`*-fr.png`), as a browser set to French gets them.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
WEEKLY_CALL = ROOT / "tests" / "minutes" / "weekly-call-2013-06-06.txt"
FRENCH_REPORT = ROOT / "tests" / "minutes" / "compatibleone-atelier-2013-05-16.txt"
LOCALES = {"en": "en-GB", "fr": "fr-FR"}


def click(selector: str) -> Callable[[Page], None]:
    def open_it(page: Page) -> None:
        page.click(selector)
        page.locator(selector).scroll_into_view_if_needed()

    return open_it


def preview_weekly_call(page: Page) -> None:
    page.fill("#id_text", WEEKLY_CALL.read_text())
    page.click("main button[name=preview]")
    page.wait_for_load_state()


def preview_french_report(page: Page) -> None:
    page.fill("#id_text", FRENCH_REPORT.read_text())
    page.click("main button[name=preview]")
    page.wait_for_load_state()


# (file name, address, who is signed in, what to do before the picture)
PAGES: list[tuple[str, str, str | None, Callable[[Page], None] | None]] = [
    ("home", "/", None, None),
    ("meeting", "/meetings/1/", None, None),
    ("meeting-actions", "/meetings/1/#minutes-heading", None, None),
    ("action-list", "/actions/?status=not_closed", None, None),
    ("action-list-empty", "/actions/?status=done&owner=3", None, None),
    ("action-list-namesake", "/actions/?owner=29", None, None),
    ("action-editing", "/actions/13/", "member", click("#owners-13 > summary")),
    ("my-actions", "/actions/mine/", "member", None),
    ("person", "/people/3/", None, None),
    ("organisations", "/organisations/", None, None),
    ("search", "/search/?q=OCCI", None, None),
    ("search-spellings", "/search/?q=EasiClouds", None, None),
    ("import-weekly-call", "/import/", "secretary", preview_weekly_call),
    ("admin-action", "/admin/actions/action/9/change/", "secretary", None),
    ("admin-person", "/admin/people/person/16/change/", "secretary", None),
    ("admin-member-account", "/admin/people/person/16/account/", "secretary", None),
]
FRENCH_PAGES: list[tuple[str, str, str | None, Callable[[Page], None] | None]] = [
    entry
    for entry in PAGES
    if entry[0]
    in {"home", "meeting", "meeting-actions", "action-list", "action-editing"}
    | {"my-actions", "person", "search", "admin-action"}
] + [("import-french-report", "/import/", "secretary", preview_french_report)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: apt-get install chromium")
    workdir = Path(tempfile.mkdtemp(prefix="coflight-screenshots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "COFLIGHT_DEBUG": "false",
        "COFLIGHT_SECRET_KEY": "screenshots-only",
        "COFLIGHT_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_seed_report")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User;"
        "from coflight.people.models import Person;"
        "u = User.objects.create_user('jean-pierre', password='screenshots-only-pw');"
        "u.groups.add(Group.objects.get(name='Members'));"
        "Person.objects.filter(given_name='Jean-Pierre').update(user=u);"
        "User.objects.create_superuser('secretary', password='screenshots-only-pw')",
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            for (size_name, viewport), language in (
                (size, language) for size in SIZES.items() for language in LOCALES
            ):
                contexts = {
                    who: browser.new_context(
                        viewport=viewport, base_url=base, locale=LOCALES[language]
                    )
                    for who in (None, "member", "secretary")
                }
                for account, username in (("member", "jean-pierre"), ("secretary", "secretary")):
                    sign_in = contexts[account].new_page()
                    sign_in.goto("/accounts/login/")
                    sign_in.fill("#id_username", username)
                    sign_in.fill("#id_password", "screenshots-only-pw")
                    sign_in.click("main button[type=submit]")
                    sign_in.wait_for_load_state()
                    sign_in.close()
                for name, url, who, prepare in PAGES if language == "en" else FRENCH_PAGES:
                    page = contexts[who].new_page()
                    page.goto(url)
                    if prepare:
                        prepare(page)
                    suffix = "" if language == "en" else f"-{language}"
                    path = OUT / f"{name}-{size_name}{suffix}.png"
                    page.screenshot(path=path)
                    print(f"{path.relative_to(ROOT)}")
                    page.close()
                for context in contexts.values():
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
