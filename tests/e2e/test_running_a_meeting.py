"""A whole meeting run in coflight, in Chromium, from the keyboard: the 30 May 2013 weekly call,
planned from the 16 May workshop, held, written up, published and read by an anonymous reader.
The same flow passes with JavaScript off, on the plain forms."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import Meeting

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def keyboard_submit(page, locator) -> None:
    """Focus a control and press Enter, as someone at the keyboard would."""
    locator.focus()
    page.keyboard.press("Enter")


def type_into(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_whole_meeting_from_plan_to_published_minutes(browse, javascript):
    secretary = User.objects.create_user("sec", password="pw-secretary-12345")
    secretary.groups.add(Group.objects.get(name="Secretaries"))
    weekly = Meeting.objects.get(date="2013-05-30")
    due_here = Action.objects.get(meeting__date="2013-05-16", position=6)
    page = browse(javascript=javascript)
    sign_in(page, "sec", "pw-secretary-12345")

    # Plan: from the workshop to the call it announced, then its agenda.
    page.goto(Meeting.objects.get(date="2013-05-16").get_absolute_url())
    keyboard_submit(
        page,
        page.locator(f"#action-{due_here.pk}").get_by_role(
            "link", name="CompatibleOne Core Team Weekly Conference Call, 30 May 2013"
        ),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(weekly.title)
    keyboard_submit(page, page.get_by_role("link", name="Edit the agenda"))
    for title in ("Action review", "Flight Plan"):
        field = page.locator(".add-item").get_by_label("Title")
        type_into(page, field, title)
        with page.expect_response(lambda r: r.url.endswith("/agenda/add/")):
            page.keyboard.press("Enter")
        expect(page.locator(".agenda-number")).to_have_count(1 if title == "Action review" else 2)

    # Hold: start it, take the roll call.
    page.goto(weekly.get_absolute_url())
    keyboard_submit(page, page.get_by_role("button", name="Start the meeting"))
    expect(page.get_by_text("The meeting has started.")).to_be_visible()
    page.goto(f"/meetings/{weekly.pk}/roll-call/?q=Jean-Pierre")
    keyboard_submit(page, page.get_by_role("button", name="Add as a guest, present Jean-Pierre"))
    expect(page.locator("#roster")).to_contain_text("Guests 1")

    # Review action 6, which is due here: done, without leaving the page.
    page.goto(f"/meetings/{weekly.pk}/minutes/")
    card = page.locator(f"#action-{due_here.pk}")
    keyboard_submit(page, card.get_by_role("link", name=f"Change action A{due_here.pk}"))
    if not javascript:
        card = page.locator(f"#action-{due_here.pk}")
    card.get_by_text("Change status").click()
    card.get_by_label("Done").check()
    keyboard_submit(page, card.get_by_role("button", name="Save status"))
    expect(page.get_by_text("Status changed from Open to Done.")).to_be_visible()

    # Minutes of the second item, and two actions and a decision, one line each.
    page.goto(f"/meetings/{weekly.pk}/minutes/")
    keyboard_submit(page, page.get_by_role("link", name="Next item: 2"))
    type_into(page, page.get_by_label("Minutes of item 2"), "The Flight Plan was reviewed.")
    if javascript:
        expect(page.get_by_text("Saved at")).to_be_visible()
    else:
        keyboard_submit(page, page.get_by_role("button", name="Save the minutes"))
        expect(page.get_by_text("The minutes of item 2 are saved.")).to_be_visible()
    for line, said in [
        ("Action: Jean-Pierre (lead) & Jamie: publish the Flight Plan, by 6 June", "added"),
        ("ACTION: Stuart to nominate a project manager before the next plenary", "added"),
        ("Decision: all participants agreed on the Flight Plan", "recorded"),
    ]:
        page.get_by_label("Add an action or a decision in one line").fill(line)
        add = page.locator("#capture").get_by_role("button", name="Add")
        # htmx keeps the button disabled until the last answer has settled: Enter would be lost.
        expect(add).to_be_enabled()
        keyboard_submit(page, add)
        expect(page.locator(".flash.success").last).to_contain_text(said)
        # The line is ready for the next one.
        expect(page.get_by_label("Add an action or a decision in one line")).to_be_focused()
    assert Action.objects.filter(meeting=weekly).count() == 2
    assert Decision.objects.filter(meeting=weekly).count() == 1
    # Each in place under the item at once.
    outcomes = page.locator("#outcome-list")
    expect(outcomes.locator("> *")).to_have_count(3)
    for text in ["Publish the Flight Plan", "Nominate a project manager", "agreed on the Flight"]:
        expect(outcomes).to_contain_text(text)

    # Write up: end, publish.
    page.goto(weekly.get_absolute_url())
    keyboard_submit(page, page.get_by_role("button", name="End the meeting"))
    expect(page.get_by_text("The meeting has ended.")).to_be_visible()
    keyboard_submit(page, page.get_by_role("button", name="Publish the minutes"))
    expect(page.get_by_text("The minutes are published")).to_be_visible()

    # Read: an anonymous reader sees the published minutes.
    reader = browse(javascript=javascript)
    reader.goto(weekly.get_absolute_url())
    report = reader.locator("article.report")
    expect(report).to_contain_text("The Flight Plan was reviewed.")
    expect(report).to_contain_text("Publish the Flight Plan, by 6 June")
    expect(report).to_contain_text("Nominate a project manager before the next plenary")
    expect(report).to_contain_text("All participants agreed on the Flight Plan")
    expect(report).to_contain_text("Jean-Pierre")
    expect(reader.get_by_text("Its minutes are not published yet")).to_have_count(0)
    weekly.refresh_from_db()
    assert weekly.status == Meeting.Status.PUBLISHED
    due_here.refresh_from_db()
    assert due_here.status == Action.Status.DONE
