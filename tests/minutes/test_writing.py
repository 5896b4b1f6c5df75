"""The secretary writes the minutes during the meeting: each item's text saved as they type, and
one line for each action or decision."""

import datetime

import pytest
from django.test import Client

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Meeting
from coflight.people.models import Person
from coflight.search.models import SearchEntry
from tests.conftest import HTMX, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(report) -> Meeting:
    meeting = Meeting.objects.get(date="2013-05-30")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.IN_PROGRESS, started_at=meeting.starts_at
    )
    for position, title in enumerate(["Action review", "Flight Plan", "AOB"], 1):
        AgendaItem.objects.create(
            meeting=meeting, label=str(position), position=position * 100, title=title
        )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def secretary_client(weekly, secretary) -> Client:
    client = Client()
    client.force_login(secretary)
    return client


def item(meeting: Meeting, title: str) -> AgendaItem:
    return meeting.agenda_items.get(title=title)


def save(client, meeting, agenda_item, text, version, **extra):
    return client.post(
        f"/meetings/{meeting.pk}/agenda/{agenda_item.pk}/minutes/",
        {"minutes": text, "version": version, **extra},
        **HTMX,
    )


def test_the_secretarys_view_has_the_agenda_and_the_current_item(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    page = text_of(secretary_client.get(f"/meetings/{weekly.pk}/minutes/?item={plan.pk}"))
    assert "1) Action review 2) Flight Plan 3) AOB" in page
    assert "2) Flight Plan Minutes of item 2" in page
    assert "Next item: 3" in page and "Previous item" in page


def test_minutes_are_saved_as_typed_and_the_version_follows(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    first = save(secretary_client, weekly, plan, "The plan was presented.", plan.version)
    assert first.status_code == 200
    assert "Saved at" in text_of(first)
    assert f'id="minutes-version" name="version" value="{plan.version + 1}"' in (
        first.content.decode()
    )
    again = save(secretary_client, weekly, plan, "The plan was presented and discussed.", 2)
    assert again.status_code == 200
    plan.refresh_from_db()
    assert (plan.minutes, plan.version) == ("The plan was presented and discussed.", 3)
    # Each accepted save is in the item's history, with who made it.
    saves = plan.history.filter(minutes__startswith="The plan").order_by("history_date")
    assert [(h.minutes, h.history_user.username) for h in saves] == [
        ("The plan was presented.", "secretary"),
        ("The plan was presented and discussed.", "secretary"),
    ]


def test_the_later_of_two_saves_is_refused_and_both_texts_are_kept(
    secretary_client, weekly, django_user_model
):
    plan = item(weekly, "Flight Plan")
    other = Client()
    other.force_login(django_user_model.objects.get(username="secretary"))
    assert save(secretary_client, weekly, plan, "Ann: the plan is ready.", 1).status_code == 200
    late = save(other, weekly, plan, "Bob: the plan needs a week.", 1)
    assert late.status_code == 409
    assert "Someone else saved these minutes while you were typing." in text_of(late)
    assert "Ann: the plan is ready." in text_of(late)
    plan.refresh_from_db()
    assert plan.minutes == "Ann: the plan is ready."
    merged = "Ann: the plan is ready.\n\nBob: the plan needs a week."
    kept = save(other, weekly, plan, merged, 1, merged_version=plan.version)
    assert kept.status_code == 200
    plan.refresh_from_db()
    assert plan.minutes == merged


def test_without_javascript_the_save_button_does_the_same(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    response = secretary_client.post(
        f"/meetings/{weekly.pk}/agenda/{plan.pk}/minutes/",
        {"minutes": "Saved by the button.", "version": 1},
        follow=True,
    )
    assert "The minutes of item 2 are saved." in text_of(response)
    assert "Saved by the button." in response.content.decode()


def test_published_minutes_are_locked(secretary_client, report):
    agenda_item = report.agenda_items.first()
    assert secretary_client.get(f"/meetings/{report.pk}/minutes/").status_code == 403
    response = save(secretary_client, report, agenda_item, "Rewritten.", agenda_item.version)
    assert response.status_code == 403
    agenda_item.refresh_from_db()
    assert agenda_item.minutes != "Rewritten."


def test_members_do_not_write_minutes(client, weekly, member):
    plan = item(weekly, "Flight Plan")
    assert client.get(f"/meetings/{weekly.pk}/minutes/").status_code == 302
    client.force_login(member)
    assert client.get(f"/meetings/{weekly.pk}/minutes/").status_code == 403
    assert save(client, weekly, plan, "Not mine to write.", 1).status_code == 403
    plan.refresh_from_db()
    assert plan.minutes == ""


# --- one line, one action or decision ------------------------------------------------------


def capture(client, meeting, agenda_item, line, **answers):
    return client.post(
        f"/meetings/{meeting.pk}/capture/",
        {"item": agenda_item.pk, "line": line, **answers},
        **HTMX,
    )


def test_one_line_adds_an_action_with_its_owners_lead_and_due_date(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    response = capture(
        secretary_client,
        weekly,
        plan,
        "Action: Jean-Pierre (lead) & Jamie: record a screen cast, by 30 May",
    )
    assert response.status_code == 200
    action = Action.objects.get(meeting=weekly)
    assert f"Action {action.reference} added." in text_of(response)
    assert action.text == "Record a screen cast, by 30 May"
    assert action.due_date == datetime.date(2013, 5, 30)
    assert action.agenda_item == plan
    owners = [
        (o.person.given_name if o.person else "", o.is_lead)
        for o in action.ownerships.order_by("position")
    ]
    assert owners == [("Jean-Pierre", True), ("Jamie", False)]
    # In place at once, editable like any other action, its owners as they are now.
    card = text_of(response)
    assert f'id="action-{action.pk}"' in response.content.decode()
    assert "Change" in card and "Jean-Pierre" in card and "Jamie" in card
    # Found by its owners' names at once.
    entry = SearchEntry.objects.get(kind="action", object_id=action.pk)
    assert "Jean-Pierre" in entry.body and "Jamie" in entry.body


def test_a_due_meeting_resolves_to_the_planned_meeting(secretary_client, weekly):
    capture(
        secretary_client,
        weekly,
        item(weekly, "Flight Plan"),
        "ACTION: Stuart to nominate a project manager before the next plenary",
    )
    action = Action.objects.get(meeting=weekly)
    assert action.text == "Nominate a project manager before the next plenary"
    assert action.due_meeting == Meeting.objects.get(date="2013-06-13")
    assert action.ownerships.get().person == Person.objects.get(given_name="Stuart")


def test_one_line_records_a_decision_and_who_agreed(secretary_client, weekly):
    response = capture(
        secretary_client,
        weekly,
        item(weekly, "AOB"),
        "Decision: all participants agreed on the relevance of this work",
    )
    decision = Decision.objects.get(meeting=weekly)
    assert f"Decision {decision.reference} recorded." in text_of(response)
    assert decision.text == "All participants agreed on the relevance of this work"
    assert decision.agreed_by == "All participants"


def test_a_name_that_fits_two_people_is_asked_about_never_guessed(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    line = "Action: Patrice to draft the SLA workshop programme"
    asked = capture(secretary_client, weekly, plan, line)
    assert "Who is “Patrice”?" in text_of(asked)
    assert not Action.objects.filter(meeting=weekly).exists()
    savoie = Person.objects.get(given_name="Patrice", organisation__name="Université de Savoie")
    capture(secretary_client, weekly, plan, line, **{"owner-0": savoie.pk})
    assert Action.objects.get(meeting=weekly).ownerships.get().person == savoie


def test_a_name_nobody_has_is_added_only_when_the_secretary_says_so(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    line = "Action: Zoé Martin to book the room"
    asked = capture(secretary_client, weekly, plan, line)
    assert "Nobody is called so yet: add “Zoé Martin” to the people" in text_of(asked)
    assert not Person.objects.filter(given_name="Zoé").exists()
    capture(secretary_client, weekly, plan, line, **{"owner-0": "new"})
    owner = Action.objects.get(meeting=weekly).ownerships.get().person
    assert owner is not None
    assert (owner.given_name, owner.family_name) == ("Zoé", "Martin")


def test_a_meeting_that_is_not_planned_is_asked_about(secretary_client, weekly):
    response = capture(
        secretary_client,
        weekly,
        item(weekly, "AOB"),
        "Action: Stuart to report at the next plenary meeting (20 December)",
    )
    assert "no such meeting is planned yet" in text_of(response)
    assert not Action.objects.filter(meeting=weekly).exists()


def test_a_french_line_adds_an_action_with_its_pilot_and_due_date(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    capture(
        secretary_client,
        weekly,
        plan,
        "Action\u00a0: Jean-Pierre (pilote) et Jamie\u00a0: enregistrer un screencast, "
        "d’ici le 30 mai",
    )
    action = Action.objects.get(meeting=weekly)
    assert action.text == "Enregistrer un screencast, d’ici le 30 mai"
    assert action.due_date == datetime.date(2013, 5, 30)
    owners = [
        (o.person.given_name if o.person else "", o.is_lead)
        for o in action.ownerships.order_by("position")
    ]
    assert owners == [("Jean-Pierre", True), ("Jamie", False)]


@pytest.mark.parametrize(
    "line",
    [
        "Action : Stuart doit nommer un chef de projet avant la prochaine réunion plénière",
        "Action : Stuart : nommer un chef de projet lors de la prochaine plénière (13 juin)",
        "Action : Stuart doit nommer un chef de projet lors de la réunion plénière du 13 juin",
    ],
)
def test_a_french_due_meeting_resolves_to_the_planned_meeting(secretary_client, weekly, line):
    capture(secretary_client, weekly, item(weekly, "Flight Plan"), line)
    action = Action.objects.get(meeting=weekly)
    assert action.text.startswith("Nommer un chef de projet ")
    assert action.due_meeting == Meeting.objects.get(date="2013-06-13")
    assert action.due_date is None
    assert action.ownerships.get().person == Person.objects.get(given_name="Stuart")


def test_a_french_line_records_a_decision_and_who_agreed(secretary_client, weekly):
    capture(
        secretary_client,
        weekly,
        item(weekly, "AOB"),
        "Décision : tous les participants ont convenu de la pertinence de ce travail",
    )
    decision = Decision.objects.get(meeting=weekly)
    assert decision.text == "Tous les participants ont convenu de la pertinence de ce travail"
    assert decision.agreed_by == "Tous les participants"


def test_a_french_meeting_that_is_not_planned_is_asked_about(secretary_client, weekly):
    response = capture(
        secretary_client,
        weekly,
        item(weekly, "AOB"),
        "Action : Stuart doit faire le point lors de la prochaine réunion plénière (20 décembre)",
    )
    assert "“prochaine réunion plénière (20 décembre)”: no such meeting" in text_of(response)
    assert not Action.objects.filter(meeting=weekly).exists()


def test_a_line_that_is_neither_is_explained(secretary_client, weekly):
    response = capture(secretary_client, weekly, item(weekly, "AOB"), "Coffee was good")
    assert response.status_code == 400
    assert "Start the line with “Action:” or “Decision:”" in text_of(response)


def test_a_double_click_adds_one_action(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    page = secretary_client.get(f"/meetings/{weekly.pk}/minutes/?item={plan.pk}")
    token = page.content.decode().split('name="capture_token" value="')[1].split('"')[0]
    for _ in range(2):
        answer = capture(
            secretary_client, weekly, plan, "Action: Stuart to send the slides", capture_token=token
        )
    assert "This line was already added." in text_of(answer)
    assert Action.objects.filter(meeting=weekly).count() == 1
    # The form that comes back takes the next line.
    assert f'value="{token}"' not in answer.content.decode()


def test_a_line_for_an_item_of_another_meeting_is_refused(secretary_client, weekly, report):
    other = report.agenda_items.first()
    response = capture(secretary_client, weekly, other, "Action: Stuart to send the slides")
    assert response.status_code == 400
    assert not Action.objects.filter(meeting=weekly).exists()


def test_a_save_without_its_minutes_changes_nothing(secretary_client, weekly):
    plan = item(weekly, "Flight Plan")
    save(secretary_client, weekly, plan, "Kept.", 1)
    response = secretary_client.post(
        f"/meetings/{weekly.pk}/agenda/{plan.pk}/minutes/", {"version": 2}, **HTMX
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.minutes == "Kept."


def test_what_is_captured_stays_with_members_until_the_minutes_are_published(
    secretary_client, weekly, member
):
    capture(secretary_client, weekly, item(weekly, "AOB"), "Action: Stuart to book the venue")
    action = Action.objects.get(meeting=weekly)
    reader = Client()
    assert "Book the venue" not in text_of(reader.get("/actions/?status=open"))
    assert reader.get(action.get_absolute_url()).status_code == 404
    assert "Book the venue" not in text_of(reader.get("/search/", {"q": "venue"}))
    assert reader.get(f"/meetings/{weekly.pk}.md").status_code == 404
    plenary = Meeting.objects.get(date="2013-06-13")
    assert "Book the venue" not in text_of(reader.get(plenary.get_absolute_url()))
    colleague = Client()
    colleague.force_login(member)
    assert "Book the venue" in text_of(colleague.get("/actions/?status=open"))
    assert "Book the venue" in text_of(colleague.get("/search/", {"q": "venue"}))
    Meeting.objects.filter(pk=weekly.pk).update(status=Meeting.Status.PUBLISHED)
    weekly.refresh_from_db()
    weekly.save()  # the pages follow the change, as publishing does
    assert "Book the venue" in text_of(reader.get("/actions/?status=open"))
    assert "Book the venue" in text_of(reader.get("/search/", {"q": "venue"}))


def test_unpublished_minutes_are_not_sent(client, weekly, staff):
    client.force_login(staff)
    response = client.post(f"/meetings/{weekly.pk}/minutes/email/send/", follow=True)
    assert "Publish the minutes first" in text_of(response)


def test_the_review_item_lists_what_is_due_with_its_controls(secretary_client, weekly):
    review = item(weekly, "Action review")
    page = text_of(secretary_client.get(f"/meetings/{weekly.pk}/minutes/?item={review.pk}"))
    due = Action.objects.get(meeting__date="2013-05-16", position=6)
    assert "Actions to review Due at this meeting 1" in page
    assert f"Change action {due.reference}" in page
