"""The fixture against the 16 May 2013 report, fact by fact."""

import datetime
import re
import zoneinfo

import pytest
from django.core.management import call_command

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Attendance, Material, Meeting, Presentation
from coflight.organisations.models import Organisation
from coflight.people.models import Person

from .conftest import SEED_TEXT, action_no, person

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NBSP = "\u00a0"

pytestmark = pytest.mark.django_db


def seed_attendee_lines() -> list[tuple[str, list[str]]]:
    """Reads the "Organisation : names" bullets of the report itself."""
    block = SEED_TEXT.split("were present")[1].split("other projects were represented")[0]
    rows = []
    for line in block.splitlines():
        if "•" not in line:
            continue
        organisation, names = line.split("•", 1)[1].split(":", 1)
        rows.append(
            (
                organisation.strip(f" {NBSP}"),
                [n.strip(f" {NBSP}") for n in names.split(",")],
            )
        )
    return rows


def seed_actions() -> list[tuple[str, str]]:
    """Each `Action:` line of the report with the owner line that follows it."""
    return re.findall(r"^Action ?: (.*)\n(?:Owners?: ?(.*))$", SEED_TEXT, flags=re.M)


def test_the_fixture_keeps_the_published_report_byte_for_byte(report):
    assert report.source_text == SEED_TEXT
    assert report.source_text.count(NBSP) == SEED_TEXT.count(NBSP) > 0


def test_every_organisation_is_named_as_the_report_writes_it(report):
    assert [o for o, _ in seed_attendee_lines()] == [
        "Bull",
        "City Passenger",
        "CNAM",
        "Non Stop Systems",
        "OnApp",
        "Prologue",
        "Silkan",
        "Thales",
        "TSP",
        "Université de Bourges University",
        "Université de Savoie",
    ]
    assert sorted(Organisation.objects.values_list("name", flat=True)) == sorted(
        o for o, _ in seed_attendee_lines()
    )


def test_every_attendee_is_listed_under_their_organisation_in_report_order(report):
    attendances = Attendance.objects.filter(meeting=report).select_related("person", "organisation")
    by_organisation: dict[str, list[str]] = {}
    for attendance in attendances:
        assert attendance.organisation is not None
        assert attendance.person is not None
        assert attendance.written_as == attendance.person.given_name
        by_organisation.setdefault(attendance.organisation.name, []).append(
            attendance.person.given_name
        )
        assert attendance.person.organisation == attendance.organisation
    assert list(by_organisation.items()) == seed_attendee_lines()
    assert attendances.count() == 29


def test_no_name_carries_the_reports_stray_spaces(report):
    names: list[tuple[str, ...]] = [*Person.objects.values_list("given_name", "family_name")]
    names += [(n,) for n in Organisation.objects.values_list("name", flat=True)]
    names += [(n,) for n in Ownership.objects.values_list("written_as", flat=True)]
    for parts in names:
        for part in parts:
            assert part == part.strip(f" {NBSP}\t"), repr(part)


def test_people_who_share_a_name_are_different_people(report):
    mohameds = Person.objects.filter(given_name="Mohamed")
    assert sorted(m.organisation.name for m in mohameds) == ["Prologue", "TSP", "TSP"]
    patrices = Person.objects.filter(given_name="Patrice")
    assert sorted(p.organisation.name for p in patrices) == [
        "Université de Bourges University",
        "Université de Savoie",
    ]


def test_presenters_full_names_come_from_the_agenda(report):
    assert person("Jean-Pierre").name == "Jean-Pierre Laisné"
    assert person("Jonathan").name == "Jonathan Custance"
    assert person("James").name == "James Green"
    assert person("John").name == "John Thomson"
    assert person("Jean").name == "Jean Parpaillon"
    jean_organisation = person("Jean").organisation
    assert jean_organisation is not None
    assert jean_organisation.name == "Silkan"


def test_the_workshop_header(report):
    assert report.title == "CompatibleOne 2013 & Beyond Workshop"
    assert report.kind == Meeting.Kind.WORKSHOP
    assert report.series.name == "CompatibleOne 2013 & Beyond"
    assert report.number == 3
    assert report.starts_at.astimezone(PARIS) == datetime.datetime(2013, 5, 16, 9, 0, tzinfo=PARIS)
    assert report.ends_at.astimezone(PARIS) == datetime.datetime(2013, 5, 16, 17, 30, tzinfo=PARIS)
    assert report.venue == "Institut Telecom"
    assert report.address == "46, rue Barrault - 75013 Paris"
    assert report.room == "F900"
    assert report.source_dated == datetime.date(2013, 4, 26)
    assert report.summary.startswith("Since February 2013, CompatibleOne is operating")
    assert report.summary in SEED_TEXT


def test_the_projects_represented(report):
    assert [p.name for p in report.projects.all()] == ["EasiClouds", "OpenCloudware", "Nu@ge"]


def test_the_agenda_with_its_numbering_and_presenters(report):
    agenda = [
        (item.number, item.title, [p.written_as for p in item.presentations.all()])
        for item in AgendaItem.objects.filter(meeting=report).select_related("parent")
    ]
    assert agenda == [
        ("1", "Welcome & Last News", ["Jean-Pierre Laisné"]),
        ("2", "Contributing to CompatibleOne", []),
        ("2a", "STRUKT, Build Changes and Back End Support", ["Jonathan Custance", "James Green"]),
        ("2b", "How to Extend OCCI", ["Jean Parpaillon"]),
        (
            "2c",
            "How to move CompatibleOne to the next stage",
            ["Jean-Pierre Laisné", "John Thomson"],
        ),
        ("2d", "What are the Next Steps: Open Discussion", []),
        ("3", "SLA: CompatibleOne, EasiClouds and OpenCloudware", []),
        ("4", "CompatibleOne PaaS: Status of the Work in progress", ["Sami", "Mohamed", "Mohamed"]),
        ("5", "Next Steps & Wrap Up", []),
    ]


def test_the_two_mohameds_who_presented_are_left_unidentified(report):
    mohameds = Presentation.objects.filter(written_as="Mohamed")
    assert mohameds.count() == 2
    for mention in mohameds:
        assert mention.person is None
        assert mention.candidates.count() == 3


def test_every_minutes_line_is_the_reports_own(report):
    for item in AgendaItem.objects.filter(meeting=report):
        assert item.minutes, item
        for line in item.minutes.splitlines():
            if line.strip():
                assert line in SEED_TEXT, line


def test_the_slides_are_recorded_without_inventing_their_links(report):
    materials = Material.objects.filter(meeting=report)
    assert materials.count() == 4
    assert set(materials.values_list("url", flat=True)) == {""}


def test_all_thirteen_actions_in_report_order_with_their_owner_lines(report):
    owner_lines = seed_actions()
    assert len(owner_lines) == 13
    actions = Action.objects.filter(meeting=report).order_by("position")
    # Each action is one line of words: the report's no-break spaces are plain spaces there
    # (the published text keeps them, byte for byte).
    assert [a.text for a in actions] == [" ".join(text.split()) for text, _ in owner_lines]
    for action, (_, owner_line) in zip(actions, owner_lines, strict=True):
        for ownership in action.ownerships.all():
            assert ownership.written_as in owner_line
            if ownership.acting_for:
                assert f"{ownership.written_as} ({ownership.acting_for})" in owner_line
        if action.acting_for:
            assert f"({action.acting_for})" in owner_line


@pytest.mark.parametrize(
    ("number", "owners", "lead"),
    [
        (1, ["Jean-Pierre", "Jamie"], "Jean-Pierre"),
        (2, ["Jean", "Jonathan", "James", "Jamie", "Jean-Pierre"], "Jean"),
        (3, ["Jean-Pierre", "John"], None),
        (4, ["Stuart"], None),
        (5, ["Jean-Pierre"], None),
        (6, ["Jean-Pierre"], None),
        (7, ["Jean-Pierre"], None),
        (8, [], None),
        (9, ["Patrice", "Tatiana"], None),
        (10, ["Sami", "Jean-Pierre"], None),
        (11, ["Stuart", "Jean-Pierre", "Marc", "Najah"], None),
        (12, ["Patrice", "Asma"], None),
        (13, ["Samir"], None),
    ],
)
def test_each_actions_owners_and_lead(report, number, owners, lead):
    action = action_no(number)
    assert [o.written_as for o in action.ownerships.all()] == owners
    leads = [o.written_as for o in action.ownerships.all() if o.is_lead]
    assert leads == ([lead] if lead else [])
    assert action.status == Action.Status.OPEN


def test_the_eighth_action_has_a_blank_owner_line_but_acts_for_the_project_manager(report):
    action = action_no(8)
    assert action.ownerships.count() == 0
    assert action.acting_for == "in replacement of a nominated project manager"


def test_acting_for_notes_belong_to_the_owner_they_follow(report):
    owners = Ownership.objects.filter(action__meeting=report).exclude(acting_for="")
    assert sorted((o.action.position, o.written_as) for o in owners) == [
        (5, "Jean-Pierre"),
        (6, "Jean-Pierre"),
        (7, "Jean-Pierre"),
    ]
    # The eighth action's note follows no name: it stays the action's.
    acting = {a.position for a in Action.objects.filter(meeting=report) if a.acting_for}
    assert acting == {8}


def test_najah_owns_an_action_without_having_attended(report):
    najah = person("Najah")
    assert najah.organisation is None
    assert not najah.attendances.exists()
    assert action_no(11).ownerships.filter(person=najah).exists()


def test_the_ambiguous_patrice_is_recorded_not_guessed(report):
    for number in (9, 12):
        patrice = action_no(number).ownerships.get(written_as="Patrice")
        assert patrice.person is None
        assert sorted(c.organisation.name for c in patrice.candidates.all()) == [
            "Université de Bourges University",
            "Université de Savoie",
        ]


def test_owners_named_once_are_identified(report):
    identified = Ownership.objects.exclude(written_as="Patrice")
    assert identified.filter(person=None).count() == 0
    for ownership in identified.select_related("person"):
        assert ownership.person is not None
        assert ownership.person.given_name == ownership.written_as


def test_the_follow_up_meetings_and_what_is_due_at_them(report):
    call = Meeting.objects.get(date="2013-05-30")
    assert call.title == "CompatibleOne Core Team Weekly Conference Call"
    assert call.kind == Meeting.Kind.WEEKLY_CALL
    assert call.starts_at == datetime.datetime(2013, 5, 30, 14, 0, tzinfo=datetime.UTC)
    assert call.starts_at.astimezone(PARIS).strftime("%H:%M %Z") == "16:00 CEST"
    assert call.dial_in == "+33 172 807 597 (no code)"
    weekly = Meeting.objects.get(date="2013-06-06")
    assert weekly.kind == Meeting.Kind.WEEKLY_CALL
    assert weekly.starts_at is None, "the report gives no time for the 6 June meeting"
    plenary = Meeting.objects.get(date="2013-06-13")
    assert plenary.kind == Meeting.Kind.PLENARY
    assert report.next_meeting == plenary
    assert [a.position for a in call.actions_due.all()] == [6]
    assert [a.position for a in weekly.actions_due.all()] == [7]
    assert sorted(a.position for a in plenary.actions_due.all()) == [8, 10]
    assert Action.objects.filter(due_meeting=None).count() == 9
    assert Action.objects.exclude(due_date=None).count() == 0


def test_the_two_decisions_are_recorded_in_the_reports_words(report):
    decisions = [
        (d.agenda_item.number, d.text, d.agreed_by, d.after_paragraph)
        for d in report.decisions.select_related("agenda_item__parent")
    ]
    assert decisions == [
        ("2a", "All participants agreed on the relevance of this work.", "All participants", 1),
        ("5", "All participants agreed on their importance.", "All participants", 2),
    ]
    for decision in report.decisions.select_related("agenda_item"):
        assert decision.text in SEED_TEXT
        paragraphs = decision.agenda_item.minutes.split("\n\n")
        assert decision.text in paragraphs[decision.after_paragraph - 1]
        assert not decision.people.exists(), "the report names nobody: all participants"


def test_the_report_is_published_and_the_meetings_it_announces_are_planned(report):
    statuses = dict(Meeting.objects.values_list("date", "status"))
    assert statuses == {
        datetime.date(2013, 5, 16): "published",
        datetime.date(2013, 5, 30): "planned",
        datetime.date(2013, 6, 6): "planned",
        datetime.date(2013, 6, 13): "planned",
    }
    # When the workshop actually started, the report does not say beyond its programme.
    assert report.started_at is None and report.published_at is None


def test_loading_the_fixture_twice_duplicates_nothing(report):
    models = [Organisation, Person, Meeting, Attendance, AgendaItem, Action, Ownership, Decision]
    before = [m._default_manager.count() for m in models]
    call_command("loaddata", "compatibleone-2013-05-16", verbosity=0)
    assert [m._default_manager.count() for m in models] == before
    assert before == [11, 30, 4, 29, 9, 13, 24, 2]


def test_make_runs_loader_keeps_what_people_changed_since(db, capsys):
    call_command("load_seed_report")
    assert "Loaded the 16 May 2013 report." in capsys.readouterr().out
    Action.objects.filter(position=13).update(status=Action.Status.DONE)
    call_command("load_seed_report")
    assert "already loaded" in capsys.readouterr().out
    assert Action.objects.get(position=13).status == Action.Status.DONE
    assert Action.objects.count() == 13
