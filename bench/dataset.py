"""A large, deterministic consortium: the data set the benchmarks run against.

500 organisations, 20,000 people, 2,000 meetings and 100,000 actions with one to five owners
each, written with bulk inserts. The same seed always gives the same rows.
"""

import datetime
import random

from django.db import connection
from django.utils import timezone

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
    *, organisations=500, people=20_000, meetings=2_000, actions=100_000, seed=2013
) -> None:
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
