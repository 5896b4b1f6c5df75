"""Published minutes change only by amendment: the new text, the reason, the text it replaced
and who made it, all on the published page."""

import pytest
from django.test import Client
from django.utils import timezone

from coflight.meetings.models import AgendaItem, Amendment, Meeting
from tests.conftest import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_client(secretary) -> Client:
    client = Client()
    client.force_login(secretary)
    return client


def first_item(meeting: Meeting) -> AgendaItem:
    return meeting.agenda_items.order_by("position", "pk")[0]


def amend(client, item: AgendaItem, text: str, reason: str, version: int | None = None):
    return client.post(
        f"/meetings/{item.meeting_id}/agenda/{item.pk}/amend/",
        {
            "minutes": text,
            "reason": reason,
            "version": item.version if version is None else version,
        },
    )


def test_an_amendment_changes_the_minutes_and_keeps_why_and_what_was_there(
    secretary_client, report, client
):
    item = first_item(report)
    before = item.minutes
    response = amend(secretary_client, item, before + "\nCorrected: 12 partners, not 11.", "Count")
    assert response.status_code == 302
    assert response["Location"] == f"{report.get_absolute_url()}#item-{item.pk}"
    amendment = Amendment.objects.get()
    assert (amendment.minutes_before, amendment.reason) == (before, "Count")
    assert amendment.made_by is not None and amendment.made_by.username == "secretary"
    # Anyone reading the published minutes sees the new text, that it was amended, and why.
    page = text_of(client.get(report.get_absolute_url()))
    assert "Corrected: 12 partners, not 11." in page
    # The day in Paris, as the page says it: at 23:30 UTC it is already tomorrow there.
    assert f"Amended on {timezone.localtime(amendment.made_at):%-d %B %Y}: Count" in page
    assert f"Amendments 1 {item.number}) {item.title}, amended on" in page
    assert "by secretary. Reason: Count What it replaced" in page


def test_the_secretary_finds_an_amend_link_beside_each_published_item(secretary_client, report):
    item = first_item(report)
    content = secretary_client.get(report.get_absolute_url()).content.decode()
    assert f'href="/meetings/{report.pk}/agenda/{item.pk}/amend/"' in content
    form = text_of(secretary_client.get(f"/meetings/{report.pk}/agenda/{item.pk}/amend/"))
    assert "The minutes are published. A change to them is an amendment" in form
    assert "Reason for the amendment" in form


def test_members_see_no_amend_link(client, member, report):
    client.force_login(member)
    assert "/amend/" not in client.get(report.get_absolute_url()).content.decode()


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_amendment_without_a_reason_changes_nothing(secretary_client, report, reason):
    item = first_item(report)
    response = amend(secretary_client, item, "Rewritten.", reason)
    assert response.status_code == 400
    assert "Reason for the amendment: This field is required." in text_of(response)
    item.refresh_from_db()
    assert item.minutes != "Rewritten." and not Amendment.objects.exists()


def test_an_amendment_that_changes_nothing_is_refused(secretary_client, report):
    item = first_item(report)
    response = amend(secretary_client, item, item.minutes, "No change")
    assert response.status_code == 400
    assert "The minutes are unchanged: there is nothing to amend." in text_of(response)
    assert not Amendment.objects.exists()


def test_of_two_amendments_over_the_same_text_the_later_is_shown_the_other_and_kept(
    secretary_client, report, secretary
):
    item = first_item(report)
    version = item.version
    assert amend(secretary_client, item, "Ann's correction.", "Ann", version).status_code == 302
    other = Client()
    other.force_login(secretary)
    late = amend(other, item, "Bob's correction.", "Bob", version)
    assert late.status_code == 409
    page = text_of(late)
    assert "Someone else amended this item while you were writing." in page
    assert "Ann's correction." in page and "Bob's correction." in page
    item.refresh_from_db()
    assert item.minutes == "Ann's correction."
    # Sent again, having seen Ann's: it is the next amendment.
    assert amend(other, item, "Bob's, with Ann's.", "Bob").status_code == 302
    assert list(Amendment.objects.values_list("reason", "minutes_after")) == [
        ("Ann", "Ann's correction."),
        ("Bob", "Bob's, with Ann's."),
    ]


def test_minutes_not_yet_published_are_edited_not_amended(secretary_client, report):
    weekly = Meeting.objects.get(date="2013-05-30")
    Meeting.objects.filter(pk=weekly.pk).update(
        status=Meeting.Status.DRAFT, started_at=weekly.starts_at, ended_at=weekly.ends_at
    )
    item = AgendaItem.objects.create(meeting=weekly, label="1", position=100, title="AOB")
    response = secretary_client.get(f"/meetings/{weekly.pk}/agenda/{item.pk}/amend/")
    assert response["Location"] == f"/meetings/{weekly.pk}/minutes/?item={item.pk}"
    assert amend(secretary_client, item, "x", "y").status_code == 302
    assert not Amendment.objects.exists()


def test_an_item_of_another_meeting_is_a_404(secretary_client, report):
    weekly = Meeting.objects.get(date="2013-05-30")
    item = first_item(report)
    assert secretary_client.get(f"/meetings/{weekly.pk}/agenda/{item.pk}/amend/").status_code == 404
    assert secretary_client.get(f"/meetings/{report.pk}/agenda/999999/amend/").status_code == 404


def test_the_amendment_is_escaped(secretary_client, report, client):
    item = first_item(report)
    amend(secretary_client, item, "<script>alert(1)</script>", "<b>why</b>")
    content = client.get(report.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content and "<b>why</b>" not in content
    assert "&lt;b&gt;why&lt;/b&gt;" in content
