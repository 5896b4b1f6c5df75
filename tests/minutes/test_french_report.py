"""The 16 May 2013 report written in French (compatibleone-atelier-2013-05-16.txt, the English
seed translated line for line, names as written) imports as the same meeting as the English
one: same facts, same people, same agenda, the same 13 actions with the same owners and dues;
only the words are French."""

import datetime
from pathlib import Path

import pytest

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Presentation,
    Project,
    Series,
)
from coflight.minutes.parser import FollowUp, ParsedAction, ParsedItem, ParsedReport, parse
from coflight.minutes.services import import_plan, import_save
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from tests.conftest import SEED_TEXT
from tests.minutes.test_seed_import import mention_fact, person_fact

FRENCH_TEXT = (Path(__file__).resolve().parent / "compatibleone-atelier-2013-05-16.txt").read_text(
    encoding="utf-8"
)


def due_meeting(action: ParsedAction) -> FollowUp:
    assert action.due_meeting is not None
    return action.due_meeting


def item(report: ParsedReport, number: str) -> ParsedItem:
    found = report.item(number)
    assert found is not None
    return found


def meeting_fact(meeting):
    """What a meeting is, whatever the language of its minutes: not its title or words."""
    if meeting is None:
        return None
    return (
        meeting.kind,
        meeting.number,
        meeting.date,
        meeting.starts_at,
        meeting.ends_at,
        meeting.status,
        # "+33 172 807 597 (no code)", « … (sans code) »: the number is the same.
        meeting.dial_in.partition(" (")[0],
    )


def facts() -> dict:
    """The imported 16 May 2013 meeting, as far as the words it is written in do not matter."""
    meeting = Meeting.objects.get(date="2013-05-16")
    return {
        "meeting": (
            meeting.kind,
            str(meeting.series or ""),
            meeting.number,
            meeting.date,
            meeting.starts_at,
            meeting.ends_at,
            meeting.venue,
            meeting.address,
            meeting.room,
            meeting.dial_in,
            meeting.source_dated,
            meeting.status,
        ),
        "projects": [p.name for p in meeting.projects.all()],
        "next": meeting_fact(meeting.next_meeting),
        "organisations": sorted(Organisation.objects.values_list("name", flat=True)),
        "people": sorted(person_fact(p) for p in Person.objects.all()),
        "attendees": [
            (str(a.organisation), person_fact(a.person))
            for a in Attendance.objects.filter(meeting=meeting).order_by("position")
        ],
        "agenda": [
            (i.number, [mention_fact(p) for p in Presentation.objects.filter(agenda_item=i)])
            for i in AgendaItem.objects.filter(meeting=meeting).order_by("position")
        ],
        "actions": [
            (
                a.position,
                a.agenda_item.number,
                a.after_paragraph,
                bool(a.acting_for),
                a.status,
                a.due_date,
                meeting_fact(a.due_meeting),
                [mention_fact(o) + (o.is_lead,) for o in Ownership.objects.filter(action=a)],
            )
            for a in Action.objects.filter(meeting=meeting).order_by("position")
        ],
        "decisions": [
            (d.position, d.agenda_item.number, d.after_paragraph, bool(d.agreed_by))
            for d in Decision.objects.filter(meeting=meeting).order_by("position")
        ],
        "follow_ups": sorted(meeting_fact(m) for m in Meeting.objects.exclude(pk=meeting.pk)),
    }


def imported(text: str) -> dict:
    """The facts of `text` imported, and the database emptied again for the next import."""
    plan = import_plan(parse(text))
    import_save(plan.report)
    found = facts()
    for model in (Ownership, Action, Decision, Presentation, AgendaItem, Attendance):
        model.objects.all().delete()
    Meeting.objects.update(next_meeting=None)
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    Series.objects.all().delete()
    Project.objects.all().delete()
    return found


@pytest.mark.django_db
def test_the_french_report_imports_as_the_same_meeting_as_the_english_one():
    english = imported(SEED_TEXT)
    french = imported(FRENCH_TEXT)
    for key in english:
        assert french[key] == english[key], key
    assert len(french["actions"]) == 13
    assert french["meeting"][:4] == (
        "workshop",
        "CompatibleOne 2013 & Beyond",
        3,
        datetime.date(2013, 5, 16),
    )


def test_the_french_report_parses_into_the_same_structure_line_for_line():
    english, french = parse(SEED_TEXT), parse(FRENCH_TEXT)
    assert french.roles == english.roles
    assert french.unread() == []
    for fact in ("kind", "series", "number", "date", "starts_at", "ends_at", "venue", "address"):
        assert getattr(french, fact) == getattr(english, fact), fact
    assert (french.room, french.source_dated, french.projects) == (
        english.room,
        english.source_dated,
        english.projects,
    )
    assert french.attendees == english.attendees
    assert [i.number for i in french.items] == [i.number for i in english.items]
    assert [i.presenters for i in french.items] == [i.presenters for i in english.items]
    assert [len(i.paragraphs) for i in french.items] == [len(i.paragraphs) for i in english.items]
    assert [(d.item, d.after_paragraph) for d in french.decisions] == [
        (d.item, d.after_paragraph) for d in english.decisions
    ]
    assert french.next_meeting is not None and english.next_meeting is not None
    assert french.next_meeting.key == english.next_meeting.key


def test_the_13_french_actions_have_the_english_owners_leads_and_dues():
    english, french = parse(SEED_TEXT).actions, parse(FRENCH_TEXT).actions
    assert len(french) == len(english) == 13

    def owned(action):
        return (
            action.item,
            action.after_paragraph,
            [(o.name, o.lead, bool(o.acting_for)) for o in action.owners],
            bool(action.acting_for),
            action.blank_owner_line,
            action.due_date,
            action.due_meeting.key if action.due_meeting else None,
        )

    assert [owned(a) for a in french] == [owned(a) for a in english]
    dues = [(n, due_meeting(a).key) for n, a in enumerate(french, 1) if a.due_meeting]
    assert dues == [
        (6, ("weekly_call", datetime.date(2013, 5, 30))),
        (7, ("weekly_call", datetime.date(2013, 6, 6))),
        (8, ("plenary", datetime.date(2013, 6, 13))),
        (10, ("plenary", datetime.date(2013, 6, 13))),
    ]


@pytest.mark.django_db
def test_the_import_asks_about_the_same_people_in_french_as_in_english():
    english, french = import_plan(parse(SEED_TEXT)), import_plan(parse(FRENCH_TEXT))
    assert french.warnings == english.warnings
    # Two Mohameds present item 4, and two Patrices are owners: each stays to be chosen.
    assert [(c.written, c.context) for c in french.choices] == [
        (c.written, c.context) for c in english.choices
    ]
    assert [c.written for c in french.choices] == ["Mohamed", "Mohamed", "Patrice", "Patrice"]


def test_the_french_report_keeps_its_french_words():
    report = parse(FRENCH_TEXT)
    assert report.title == "Atelier CompatibleOne 2013 & Beyond"
    assert report.actions[0].text == (
        "Pour le CompatibleOne Day @ La Poste, un screencast sera enregistré pour remplacer "
        "la démo."
    )
    assert report.actions[4].owners[0].acting_for == "en remplacement d’un chef de projet à nommer"
    assert report.actions[7].acting_for == "en remplacement d’un chef de projet à nommer"
    assert report.actions[11].text == "CO et sécurité : quelle suite, quel cas d’usage ?"
    assert item(report, "2c").title == "Comment faire passer CompatibleOne à l’étape suivante"
    assert item(report, "2a").presenters == ["Jonathan Custance", "James Green"]
    assert report.decisions[0].agreed_by == "Tous les participants"
    assert report.materials == [
        ("Vous trouverez ici les transparents présentés lors de cet atelier.", "")
    ]


def test_the_weekly_call_the_french_minutes_announce_is_the_due_meeting_of_action_6():
    report = parse(FRENCH_TEXT)
    call = due_meeting(report.actions[5])
    assert (call.kind, call.date, call.starts_at) == (
        "weekly_call",
        datetime.date(2013, 5, 30),
        datetime.time(16, 0),
    )
    assert call.title == "Conférence téléphonique hebdomadaire de la Core Team CompatibleOne"
    assert call.dial_in == "+33 172 807 597 (sans code)"
    assert due_meeting(report.actions[6]).series == call.title
    assert report.actions[7].due_phrase == "prochaine réunion plénière (13 juin)"
    assert due_meeting(report.actions[7]).title == "Réunion plénière"


def test_a_due_date_written_pour_le_30_mai_in_the_french_report_is_30_may_2013():
    line = "modifications, etc. lors de la prochaine réunion hebdomadaire (30 mai)"
    assert line in FRENCH_TEXT
    report = parse(FRENCH_TEXT.replace(line, "modifications, etc. pour le 30 mai"))
    collect = report.actions[5]
    assert (collect.due_phrase, collect.due_date, collect.due_meeting) == (
        "pour le 30 mai",
        datetime.date(2013, 5, 30),
        None,
    )
