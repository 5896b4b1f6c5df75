"""A secretary plans a meeting in Chromium: with the keyboard, with and without JavaScript, on a
phone, and axe finds nothing wrong with the pages."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from coflight.accounts.roles import SECRETARIES
from coflight.meetings.models import Meeting

from .conftest import sign_in
from .test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


def secretary_page(browse, **options):
    user = User.objects.create_user("sec", password="pw-secretary-12345")
    user.groups.add(Group.objects.get(name=SECRETARIES))
    page = browse(**options)
    sign_in(page, "sec", "pw-secretary-12345")
    return page


def agenda_numbers(page) -> list[str]:
    return [
        f"{n} {t}"
        for n, t in zip(
            page.locator(".agenda-number").all_inner_texts(),
            [i.input_value() for i in page.locator(".agenda-item-form input[name=title]").all()],
            strict=True,
        )
    ]


def test_a_secretary_plans_a_meeting_and_orders_its_agenda_from_the_keyboard(browse, javascript):
    page = secretary_page(browse, javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Title").fill("Steering committee")
    page.get_by_label("Kind").select_option("other")
    page.get_by_label("Date").fill("2026-12-15")
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("15:00")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_text("The meeting is planned. Now its agenda.")).to_be_visible()
    for title, minutes in [("Welcome", "10"), ("Budget", "30"), ("Any other business", "")]:
        page.locator(".add-item").get_by_label("Title").fill(title)
        page.locator(".add-item").get_by_label("Planned duration").fill(minutes)
        with page.expect_response(lambda r: r.url.endswith("/agenda/add/")):
            page.locator(".add-item").get_by_label("Title").press("Enter")
        expect(page.locator(".agenda-number")).to_have_count(
            ["Welcome", "Budget", "Any other business"].index(title) + 1
        )
        # Ready for the next item.
        expect(page.locator(".add-item").get_by_label("Title")).to_be_focused()
    assert agenda_numbers(page) == ["1) Welcome", "2) Budget", "3) Any other business"]
    expect(page.get_by_text("40 minutes planned of the meeting’s 60.")).to_be_visible()
    # Reordered with the keyboard alone: focus the button, press Enter.
    page.get_by_role("button", name="Up 3").focus()
    with page.expect_response(lambda r: r.url.endswith("/move/")):
        page.keyboard.press("Enter")
    # The response comes before htmx swaps it in: wait for the new order itself.
    expect(page.locator(".agenda-item-form input[name=title]").nth(1)).to_have_value(
        "Any other business"
    )
    assert agenda_numbers(page) == ["1) Welcome", "2) Any other business", "3) Budget"]
    page.get_by_role("button", name="In 3").focus()
    with page.expect_response(lambda r: r.url.endswith("/move/")):
        page.keyboard.press("Enter")
    expect(page.get_by_text("2a)", exact=True)).to_be_visible()
    assert agenda_numbers(page) == ["1) Welcome", "2) Any other business", "2a) Budget"]
    if javascript:  # axe is a script
        assert violations(page) == []


@pytest.mark.parametrize("width", [360, 1100])
def test_the_planning_pages_fit_a_phone_and_pass_axe(browse, width):
    weekly = Meeting.objects.get(date="2013-05-30")
    page = secretary_page(browse, width=width)
    for url in ["/meetings/new/", f"/meetings/{weekly.pk}/edit/", f"/meetings/{weekly.pk}/"]:
        page.goto(url)
        assert fits(page), url
        assert violations(page) == [], url
    page.goto(f"/meetings/{weekly.pk}/agenda/")
    page.locator(".add-item").get_by_label("Title").fill("Action review")
    page.locator(".add-item").get_by_role("button", name="Add the item").click()
    expect(page.locator(".agenda-number")).to_have_count(1)
    page.locator(".agenda-extras summary").click()
    expect(page.get_by_label("Add a presenter: search by name or organisation")).to_be_visible()
    assert fits(page)
    assert violations(page) == []
    # Held, and then published: the roll call, the secretary's view, an amendment.
    Meeting.objects.filter(pk=weekly.pk).update(
        status=Meeting.Status.IN_PROGRESS, started_at=weekly.starts_at
    )
    may16 = Meeting.objects.get(date="2013-05-16")
    first = may16.agenda_items.order_by("position", "pk")[0]
    for url in [
        f"/meetings/{weekly.pk}/roll-call/?q=Stuart",
        f"/meetings/{weekly.pk}/minutes/",
        f"/meetings/{may16.pk}/agenda/{first.pk}/amend/",
        f"/meetings/{may16.pk}/",
    ]:
        page.goto(url)
        assert fits(page), url
        assert violations(page) == [], url


def fits(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
