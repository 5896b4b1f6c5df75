"""A large, deterministic consortium: the data set the benchmarks run against.

500 organisations, 20,000 people, 2,000 meetings and 100,000 actions with one to five owners
each, written with bulk inserts. The same seed always gives the same rows.
"""

import datetime
import random

from django.db import connection
from django.utils import timezone

from coflight.actions.history import FROM_REPORT
from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Attendance, Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

GIVEN = [
    "Ada",
    "Bruno",
    "Chloé",
    "Dmitri",
    "Élodie",
    "Farid",
    "Greta",
    "Hugo",
    "Inès",
    "Jules",
    "Karim",
    "Léa",
    "Mohamed",
    "Nadia",
    "Olivier",
    "Patrice",
    "Quentin",
    "Rosa",
    "Sami",
    "Tatiana",
    "Ulrich",
    "Véronique",
    "Wen",
    "Xavier",
    "Yann",
    "Zoé",
]
FAMILY = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "García",
    "Müller",
    "Rossi",
    "Novák",
    "Kowalski",
    "Smith",
]
WORDS = [
    "cloud",
    "broker",
    "SLA",
    "OCCI",
    "platform",
    "release",
    "security",
    "storage",
    "billing",
    "monitoring",
    "roadmap",
    "workshop",
    "deployment",
    "network",
    "contract",
    "review",
    "schema",
    "budget",
    "community",
    "documentation",
    "testing",
    "packaging",
    "federation",
    "identity",
    "migration",
    "benchmark",
    "marketplace",
    "governance",
]
VERBS = [
    "Prepare",
    "Review",
    "Write",
    "Organise",
    "Publish",
    "Collect",
    "Decide",
    "Test",
    "Present",
    "Draft",
    "Compare",
    "Update",
]
KINDS_TITLES = ["Weekly call", "Plenary", "Workshop"]
STATUSES = ["open", "open", "open", "in_progress", "done", "dropped"]


SYLLABLES = [
    "ba",
    "co",
    "di",
    "fu",
    "ga",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "ri",
    "so",
    "ta",
    "ve",
    "zo",
    "lan",
    "mer",
    "tor",
    "vin",
    "dal",
]
# Real minutes use thousands of words, most of them rarely: a few common ones, then a long tail.
VOCABULARY = WORDS + [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:8]]


def _word(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(WORDS)
    return VOCABULARY[min(int(rng.paretovariate(0.6)) + len(WORDS) - 1, len(VOCABULARY) - 1)]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(_word(rng) for _ in range(words))


def generate(
    *,
    organisations=500,
    people=20_000,
    meetings=2_000,
    actions=100_000,
    seed=2013,
    history_fraction=0.05,
    showcase=True,
) -> None:
    """Bulk-insert the data set. `showcase` adds the pages the HTTP benchmark reads besides the
    May 16 report: a meeting of 60 attendees and 40 actions, and a person owning 240 actions."""
    rng = random.Random(seed)
    batch = 5_000
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"{rng.choice(WORDS).title()} {i} Consortium")
            for i in range(organisations)
        ],
        batch_size=batch,
    )
    persons = Person.objects.bulk_create(
        [
            Person(
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                organisation=orgs[i % organisations],
            )
            for i in range(people)
        ],
        batch_size=batch,
    )
    start = datetime.date(2012, 1, 5)
    rows = []
    for i in range(meetings):
        day = start + datetime.timedelta(days=3 * i)
        rows.append(
            Meeting(
                title=f"{rng.choice(KINDS_TITLES)} on {rng.choice(WORDS)}",
                kind=rng.choice(["weekly_call", "plenary", "workshop"]),
                status="published",
                date=day,
                starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16))),
                summary=_sentence(rng, 40),
            )
        )
    meeting_rows = Meeting.objects.bulk_create(rows, batch_size=batch)
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=m,
                person=persons[(i * 37 + j) % people],
                organisation_id=persons[(i * 37 + j) % people].organisation_id,
                position=j,
            )
            for i, m in enumerate(meeting_rows)
            for j in range(rng.randint(5, 30))
        ],
        batch_size=batch,
    )
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=m,
                label=str(j),
                position=j,
                title=_sentence(rng, 4).capitalize(),
                minutes=_sentence(rng, 60),
            )
            for m in meeting_rows
            for j in range(1, 6)
        ],
        batch_size=batch,
    )
    action_rows = []
    for i in range(actions):
        meeting_index = i % meetings
        action_rows.append(
            Action(
                meeting=meeting_rows[meeting_index],
                agenda_item=items[meeting_index * 5 + rng.randint(0, 4)],
                position=i // meetings + 1,
                text=f"{rng.choice(VERBS)} the {_sentence(rng, rng.randint(3, 9))}",
                status=rng.choice(STATUSES),
                due_meeting=meeting_rows[min(meeting_index + rng.randint(1, 4), meetings - 1)]
                if rng.random() < 0.6
                else None,
            )
        )
    action_rows = Action.objects.bulk_create(action_rows, batch_size=batch)
    ownerships = []
    for action in action_rows:
        owners = rng.sample(range(people), rng.randint(1, 5))
        for position, owner in enumerate(owners, 1):
            ownerships.append(
                Ownership(
                    action=action,
                    person=persons[owner],
                    written_as=persons[owner].given_name,
                    position=position,
                    is_lead=position == 1,
                )
            )
    Ownership.objects.bulk_create(ownerships, batch_size=batch)
    _history(rng, action_rows[:: max(1, round(1 / history_fraction))] if history_fraction else [])
    if showcase:
        _large_meeting(rng, persons, start + datetime.timedelta(days=3 * meetings))
        _busy_person(persons[7], action_rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _history(rng: random.Random, actions: list[Action]) -> None:
    """A creation record for each action, and a later status change for half of them."""
    fields = [f.attname for f in Action._meta.concrete_fields]
    history = Action.history.model
    when = timezone.make_aware(datetime.datetime(2014, 1, 1, 10))
    rows = []
    for i, action in enumerate(actions):
        values = {name: getattr(action, name) for name in fields}
        rows.append(
            history(
                **{**values, "status": "open", "version": 0},
                history_date=when,
                history_type="+",
                history_change_reason=FROM_REPORT,
            )
        )
        if i % 2:
            rows.append(
                history(
                    **values,
                    history_date=when + datetime.timedelta(days=rng.randint(1, 300)),
                    history_type="~",
                )
            )
    history.objects.bulk_create(rows, batch_size=5_000)


def _large_meeting(rng: random.Random, persons: list[Person], day: datetime.date) -> Meeting:
    meeting = Meeting.objects.create(
        title="Plenary with sixty attendees",
        kind="plenary",
        status="published",
        date=day,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        summary=_sentence(rng, 60),
    )
    attendees = persons[100:160]
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=p, organisation_id=p.organisation_id, position=i)
        for i, p in enumerate(attendees, 1)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            label=str(j),
            position=j,
            title=_sentence(rng, 4).capitalize(),
            minutes=_sentence(rng, 120),
        )
        for j in range(1, 9)
    )
    actions = Action.objects.bulk_create(
        Action(
            meeting=meeting,
            agenda_item=items[i % 8],
            position=i + 1,
            text=f"{rng.choice(VERBS)} the {_sentence(rng, rng.randint(3, 9))}",
            status=rng.choice(STATUSES),
        )
        for i in range(40)
    )
    Ownership.objects.bulk_create(
        Ownership(
            action=action,
            person=person,
            written_as=person.given_name,
            position=position,
            is_lead=position == 1,
        )
        for action in actions
        for position, person in enumerate(rng.sample(attendees, rng.randint(1, 5)), 1)
    )
    return meeting


def _busy_person(person: Person, actions: list[Action]) -> None:
    """Co-owner of one action in 420: about 240 actions across the consortium's history."""
    taken = set(Ownership.objects.filter(person=person).values_list("action_id", flat=True))
    Ownership.objects.bulk_create(
        Ownership(action=action, person=person, written_as=person.given_name, position=9)
        for action in actions[::420]
        if action.pk not in taken
    )
