"""Keyboard-only use, the progress indicator, the security policy, phones and print."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from coflight.accounts.roles import MEMBERS
from coflight.actions.models import Action
from coflight.people.models import Person
from tests.conftest import address

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "the report",
    "/actions/",
    "action 13",
    "/people/",
    "person Jean-Pierre",
    "organisation TSP",
    "/search/?q=Laisne",
    "/accounts/login/",
]


def member_page(browse, **options):
    user = User.objects.create_user("jp", password="pw-member-12345")
    user.groups.add(Group.objects.get(name=MEMBERS))
    Person.objects.filter(given_name="Jean-Pierre").update(user=user)
    page = browse(**options)
    sign_in(page, "jp", "pw-member-12345")
    return page


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the focus reaches selector; the number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"Tab never reached {selector} in {limit} presses")


def test_adding_an_owner_with_the_keyboard_alone(browse):
    page = member_page(browse)
    action = Action.objects.get(meeting__date="2013-05-16", position=13)
    page.goto(f"/actions/{action.pk}/")
    tab_to(page, f"#owners-{action.pk} > summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#picker-q-{action.pk}")
    page.keyboard.type("Asma")
    results = page.locator(f"#picker-{action.pk} button")
    expect(results).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page, f"#owners-{action.pk} input[name=lead]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page, f"#picker-{action.pk} button")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Asma (Université de Bourges University) was added as lead.")
    ).to_be_visible()
    lead = action.ownerships.get(is_lead=True).person
    assert lead is not None
    assert lead.given_name == "Asma"


def test_a_cards_controls_open_from_the_keyboard_where_the_focus_is(browse):
    page = member_page(browse)
    action = Action.objects.get(meeting__date="2013-05-16", position=4)
    page.goto(address("the report"))
    tab_to(page, f"#action-{action.pk} .open-controls a", limit=120)
    page.keyboard.press("Enter")
    expect(page.locator(f"#controls-{action.pk}")).to_be_visible()
    # The focus moves into the controls that replaced the link, not back to the page's top.
    page.wait_for_function("document.activeElement.tagName === 'SUMMARY'")
    assert focused(page, f"#controls-{action.pk} details:first-child > summary")
    assert page.url.endswith(address("the report"))


def test_closing_an_action_with_the_keyboard_alone(browse):
    page = member_page(browse)
    action = Action.objects.get(meeting__date="2013-05-16", position=4)
    page.goto(f"/actions/{action.pk}/")
    tab_to(page, f"#action-{action.pk} .controls details:first-child > summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page, "input[name=status][value=in_progress]")
    page.keyboard.press("ArrowDown")
    assert focused(page, "input[name=status][value=done]")
    page.keyboard.press("Tab")
    assert focused(page, f"#note-{action.pk}")
    page.keyboard.type("Done at the plenary")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Status changed from Open to Done.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "done"


def test_the_keyboard_focus_is_always_visible(browse):
    page = member_page(browse)
    page.goto(address("the report"))
    for _ in range(40):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.outerHTML.slice(0, 80), s.outlineStyle,"
            " s.outlineWidth]; }"
        )
        assert outline[1] != "none" and outline[2] != "0px", outline


def test_an_htmx_edit_shows_the_progress_indicator_while_it_runs(browse):
    page = member_page(browse)
    action = Action.objects.get(meeting__date="2013-05-16", position=4)
    page.goto(f"/actions/{action.pk}/")
    expect(page.locator("#progress")).to_have_css("opacity", "0")
    page.evaluate(
        """() => document.body.addEventListener('htmx:beforeSend', () => {
            window.progressShown = document.querySelector('#progress')
                .classList.contains('htmx-request');
            window.buttonDisabled = document.activeElement.disabled
                || !!document.querySelector('button[type=submit][disabled]');
        })"""
    )
    box = page.locator(f"#action-{action.pk}")
    box.get_by_text("Change status").click()
    box.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status changed from Open to In progress.")).to_be_visible()
    assert page.evaluate("window.progressShown") is True
    assert page.evaluate("window.buttonDisabled") is True
    expect(page.locator("#progress")).not_to_have_class("htmx-request")


# Every violation the page sees, as the browser reports it to the page itself: console messages
# differ from one browser to the next, the securitypolicyviolation event does not.
WATCH_CSP = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push("
    "e.violatedDirective + ' ' + (e.blockedURI || e.sample) + ' at ' + e.sourceFile))"
)


def test_no_page_and_no_in_place_edit_breaks_the_content_security_policy(browse):
    page = member_page(browse)
    page.add_init_script(WATCH_CSP)
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations() -> list[str]:
        return [*reports, *page.evaluate("window.cspViolations")]

    admin_action = f"/admin/actions/action/{Action.objects.earliest('pk').pk}/change/"
    for url in [*PAGES, "/actions/mine/", "/admin/", admin_action]:
        page.goto(address(url))
        assert violations() == [], url
    page.goto(address("the report"))
    card = page.locator("article.action").first
    card.locator(".open-controls a").click()
    card.locator("summary", has_text="Change status").click()
    card.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status changed from")).to_be_visible()
    card = page.locator("article.action").first
    card.locator("summary", has_text="Owners").click()
    card.get_by_label("Add an owner: search by name or organisation").fill("Asma")
    card.locator("#" + card.get_attribute("id").replace("action", "picker") + " button").click()
    expect(page.get_by_text("was added as an owner")).to_be_visible()
    card = page.locator("article.action").first
    card.get_by_role("button", name="Make lead").first.click()
    expect(page.get_by_text("now leads the action")).to_be_visible()
    card = page.locator("article.action").first
    card.locator("summary", has_text="Change due").click()
    card.get_by_label("Due date").fill("2013-07-01")
    card.get_by_role("button", name="Save due").click()
    expect(page.get_by_text("Now due by 1 July 2013")).to_be_visible()
    card = page.locator("article.action").first
    card.locator("summary", has_text="Edit text").click()
    card.get_by_role("button", name="Save text").click()
    expect(page.get_by_text("The action's text was changed.")).to_be_visible()
    header = page.request.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in header
    assert violations() == []


@pytest.mark.parametrize("url", PAGES)
def test_pages_fit_a_360px_phone_without_sideways_scrolling(browse, url):
    page = browse(width=360)
    page.goto(address(url))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_printing_a_report_leaves_out_navigation_and_edit_controls(browse):
    page = member_page(browse)
    page.goto(address("the report"))
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".controls").first).to_be_hidden()
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".action")).to_have_count(13)
    expect(page.locator(".action").first).to_be_visible()
    assert len(page.pdf(format="A4")) > 10_000


ADMIN_PAGES = [
    ("actions", "action", "Organise a full day workshop dedicated to SLA"),
    ("meetings", "meeting", "CompatibleOne 2013 & Beyond Workshop"),
    ("people", "person", "Jean-Pierre"),
]


@pytest.mark.parametrize(("app", "model", "title_start"), ADMIN_PAGES)
def test_admin_change_pages_fit_1280px_with_the_title_clear_of_the_buttons(
    browse, app, model, title_start
):
    User.objects.create_superuser("root", password="pw-root-12345")
    row = {
        "action": lambda: Action.objects.get(meeting__date="2013-05-16", position=9),
        "meeting": lambda: Action.objects.get(meeting__date="2013-05-16", position=9).meeting,
        "person": lambda: Person.objects.get(given_name="Jean-Pierre"),
    }[model]()
    page = browse(width=1280)
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-root-12345")
    page.click("input[type=submit]")
    page.goto(f"/admin/{app}/{model}/{row.pk}/change/")
    title = page.locator("#content > h2")
    expect(title).to_contain_text(title_start)
    tools = page.locator(".object-tools")
    title_box, tools_box = title.bounding_box(), tools.bounding_box()
    assert title_box and tools_box
    assert tools_box["y"] >= title_box["y"] + title_box["height"], "the buttons overlap the title"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('#content-main select')]"
        ".filter(s => s.offsetParent).map(s => s.getBoundingClientRect().right))"
    )
    content = page.locator("#content").bounding_box()
    assert content and right <= content["x"] + content["width"] + 1, "a select runs off the page"
    scrolled = page.evaluate(
        "() => [...document.querySelectorAll('.inline-group .tabular')]"
        ".filter(t => t.scrollWidth > t.clientWidth).length"
    )
    assert scrolled == 0, "an inline's rows are wider than the page"
