"""The main flows, each with JavaScript on and again with it off."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from coflight.accounts.roles import STAFF
from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from tests.conftest import address

from .conftest import drop_in_another_browser, make_member, make_staff, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SEED = "fixtures/compatibleone-workshop-2013-05-16.txt"


def card(page, position: int):
    action = Action.objects.get(meeting__date="2013-05-16", position=position)
    return page.locator(f"#action-{action.pk}"), action


def test_from_the_home_page_to_the_report_and_its_actions(browse, javascript):
    page = browse(javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="CompatibleOne 2013 & Beyond Workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "CompatibleOne 2013 & Beyond Workshop"
    )
    expect(page.locator(".action")).to_have_count(13)
    first, _action = card(page, 1)
    expect(first).to_contain_text("Jean-Pierre (lead)")
    expect(page.get_by_text("No owner").first).to_be_visible()


def test_filtering_the_action_list(browse, javascript):
    page = browse(javascript=javascript)
    page.goto("/actions/")
    page.select_option("#id_organisation", label="TSP")
    page.check("#id_overdue")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"organisation=\d+.*overdue=on"))
    expect(page.locator(".action")).to_have_count(1)
    expect(page.locator(".action")).to_contain_text("Organize a discussion about SaaS")


def test_signing_in(browse, javascript):
    make_member()
    page = browse(javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.fill("#id_username", "jp")
    page.fill("#id_password", "pw-member-12345")
    page.click("main button[type=submit]")
    expect(page.get_by_role("link", name="My actions")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_reassigning_owners_with_the_picker_and_choosing_the_lead(browse, javascript):
    make_member()
    page = browse(javascript=javascript)
    sign_in(page, "jp", "pw-member-12345")
    page.goto(address("the report"))
    box, action = card(page, 13)
    # The card carries one link: with JavaScript its controls open in place, without it the
    # action's page has them.
    box.locator(".open-controls a").click()
    box = page.locator(f"#action-{action.pk}")
    expect(box.locator(".controls")).to_be_visible()
    box.locator("summary", has_text="Owners").click()
    box.get_by_label("Add an owner: search by name or organisation").fill("Asma")
    if javascript:
        expect(page.locator(f"#picker-{action.pk} button")).to_have_count(1)
    else:
        box.get_by_role("button", name="Find").click()
    # Locators only from here on: an ORM query while the live server writes would find
    # SQLite's shared in-memory database locked.
    box = page.locator(f"#action-{action.pk}")
    box.locator("input[name=lead]").check()
    page.locator(f"#picker-{action.pk} button", has_text="Asma").click()
    expect(
        page.get_by_text("Asma (Université de Bourges University) was added as lead.")
    ).to_be_visible()
    expect(box).to_contain_text("Asma (lead)")
    assert action.ownerships.get(is_lead=True).person.given_name == "Asma"


def test_closing_an_action_with_a_note_shows_in_its_history(browse, javascript):
    make_member()
    page = browse(javascript=javascript)
    sign_in(page, "jp", "pw-member-12345")
    action = Action.objects.get(meeting__date="2013-05-16", position=4)
    page.goto(f"/actions/{action.pk}/")
    box = page.locator(f"#action-{action.pk}")
    box.get_by_text("Change status").click()
    box.get_by_label("Done").check()
    box.get_by_label("Note, when closing or dropping (optional)").fill("Stuart named Ana")
    box.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status changed from Open to Done.")).to_be_visible()
    page.goto(f"/actions/{action.pk}/")
    history = page.locator(".history")
    expect(history).to_contain_text("Jean-Pierre Laisné")
    expect(history).to_contain_text("Stuart named Ana")


def test_a_stale_edit_from_a_second_browser_gets_the_conflict(browse, javascript):
    make_member()
    make_staff()
    first = browse(javascript=javascript)
    sign_in(first, "jp", "pw-member-12345")
    action = Action.objects.get(meeting__date="2013-05-16", position=2)
    first.goto(f"/actions/{action.pk}/")
    drop_in_another_browser(browse(javascript=True), action)
    mine = first.locator(f"#action-{action.pk}")
    mine.get_by_text("Edit text").click()
    mine.locator("textarea[name=text]").fill("Formalise an OCCI schema")
    mine.get_by_role("button", name="Save text").click()
    expect(first.get_by_text("Your change was not saved.")).to_be_visible()
    expect(first.locator(".conflict")).to_contain_text("staff changed this action")
    expect(first.locator(".conflict")).to_contain_text(
        "Not applied: text to “Formalise an OCCI schema”"
    )
    first.get_by_role("button", name="Apply my change to this version").click()
    expect(first.get_by_text("The action's text was changed.")).to_be_visible()
    action.refresh_from_db()
    assert (action.status, action.text) == ("dropped", "Formalise an OCCI schema")


def test_importing_a_report(browse, javascript):
    staff = User.objects.create_user("staff", password="pw-staff-12345", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF))
    Meeting.objects.filter(date="2013-05-16").delete()
    page = browse(javascript=javascript)
    sign_in(page, "staff", "pw-staff-12345")
    page.goto("/import/")
    page.set_input_files("input[type=file]", SEED)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import preview")
    expect(page.get_by_text("Action 8: its owner line is blank.")).to_be_visible()
    page.get_by_role("button", name="Save this meeting").click()
    expect(
        page.get_by_text("Imported “CompatibleOne 2013 & Beyond Workshop” with 13 actions.")
    ).to_be_visible()
    assert Action.objects.filter(meeting__date="2013-05-16").count() == 13
