import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from coflight.accounts.roles import MEMBERS, SECRETARIES, STAFF
from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

from . import seed
from .factories import make_bulk

# A password is hashed for each of several hundred test users; PBKDF2 would take 0.3 s each.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SEED_TEXT = (
    Path(__file__).resolve().parent.parent / "fixtures" / "compatibleone-workshop-2013-05-16.txt"
).read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def seed_rows(django_db_setup, django_db_blocker) -> seed.Rows:
    # Taken before any test's own rows are in: the first test to need the report may have made
    # a user already (the importer), whose row would then be copied with it and clash.
    with django_db_blocker.unblock():
        return seed.take()


@pytest.fixture
def report(db, seed_rows) -> Meeting:
    """The 16 May 2013 workshop, as `make run` loads it (copied from one load per session)."""
    seed.put(seed_rows)
    return Meeting.objects.get(date="2013-05-16")


@pytest.fixture
def large(report) -> Meeting:
    """The report plus fifty times as many meetings, people and actions."""
    make_bulk(50)
    return report


@pytest.fixture(params=["report", "large"])
def any_size(request) -> Meeting:
    return request.getfixturevalue(request.param)


def action_no(n: int) -> Action:
    return Action.objects.get(meeting__date="2013-05-16", position=n)


def person(given_name: str, organisation: str | None = None) -> Person:
    people = Person.objects.filter(given_name=given_name)
    if organisation:
        people = people.filter(organisation__name=organisation)
    return people.get()


def address(page: str) -> str:
    """A page of the 16 May 2013 report named by what it shows, never by an id: "the report",
    "the report's text", "the plenary", "action 13", "person Jean-Pierre", "organisation TSP".
    Anything else is already an address."""
    if page == "the report":
        return Meeting.objects.get(date="2013-05-16").get_absolute_url()
    if page == "the report's text":
        return address("the report") + "report.txt"
    if page == "the plenary":
        return Meeting.objects.get(date="2013-06-13").get_absolute_url()
    kind, _space, name = page.partition(" ")
    if kind == "action" and name.isdigit():
        return action_no(int(name)).get_absolute_url()
    if kind == "person":
        return person(name).get_absolute_url()
    if kind == "organisation":
        return Organisation.objects.get(name=name).get_absolute_url()
    return page


def _user(django_user_model, username: str, *groups: str, **fields):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-123", **fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def member(report, django_user_model):
    """A member of the consortium, signed in as Jean-Pierre."""
    user = _user(django_user_model, "jeanpierre", MEMBERS)
    Person.objects.filter(given_name="Jean-Pierre").update(user=user)
    return user


@pytest.fixture
def secretary(db, django_user_model):
    """Plans the meetings and writes their minutes (the Secretaries group)."""
    return _user(django_user_model, "secretary", SECRETARIES)


@pytest.fixture
def outsider(db, django_user_model):
    """Signed in, but granted nothing."""
    return _user(django_user_model, "outsider")


@pytest.fixture
def staff(db, django_user_model):
    return _user(django_user_model, "staff", MEMBERS, STAFF, is_staff=True)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-root-123")


# Spread into a Client call as **HTMX: typed Any, as a dict[str, str] clashes with follow= & co.
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}

# Tests run with the page cache on, as production does: before rendering a page for an anonymous
# reader, it asks for the data's revision, which is then all a repeated request costs.
REVISION = 1
# What is rendered afresh (a page, a fragment) is first looked for in the cache all processes
# share; then this process claims its rendering there, so that others wait for it instead of
# rendering it too, stores it and frees the claim. Claiming and storing are each a count (to cull),
# a savepoint, a look-up, the insert and its release.
STORED = 1 + 5 + 5 + 1
# A page that follows every change, rendered afresh.
FRESH_PAGE = REVISION + STORED

T = TypeVar("T")


INLINE_TAGS = r"a|span|strong|em|time|b|abbr"


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(rf"</?(?:{INLINE_TAGS})\b[^>]*>", "", html)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text)


def admin_action_form(action, lead_of: str | None = "") -> dict:
    """What the admin's action form posts for `action` as it is, owners inline; `lead_of` names
    the owner ticked as lead (by default the current one, None for nobody)."""
    if lead_of == "":
        lead = action.ownerships.filter(is_lead=True).first()
        lead_of = lead.written_as if lead else None
    ownerships = list(action.ownerships.order_by("position"))
    data: dict[str, object] = {
        "meeting": action.meeting_id,
        "agenda_item": action.agenda_item_id or "",
        "position": action.position,
        "after_paragraph": action.after_paragraph or "",
        "text": action.text,
        "acting_for": action.acting_for,
        "due_date": "",
        "due_meeting": action.due_meeting_id or "",
        "status": action.status,
        "closing_note": "",
        "ownerships-TOTAL_FORMS": str(len(ownerships)),
        "ownerships-INITIAL_FORMS": str(len(ownerships)),
        "ownerships-MIN_NUM_FORMS": "0",
        "ownerships-MAX_NUM_FORMS": "1000",
    }
    for i, ownership in enumerate(ownerships):
        data |= {
            f"ownerships-{i}-id": ownership.pk,
            f"ownerships-{i}-action": action.pk,
            f"ownerships-{i}-position": ownership.position,
            f"ownerships-{i}-written_as": ownership.written_as,
            f"ownerships-{i}-person": ownership.person_id or "",
            f"ownerships-{i}-candidates": [c.pk for c in ownership.candidates.all()],
        }
        if ownership.written_as == lead_of:
            data[f"ownerships-{i}-is_lead"] = "on"
    return data


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Runs each call in its own thread (own database connection), all released together; their
    results in order. Needs transaction=True, so that the threads see the test's rows."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # re-raised below, in the test's own thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


@pytest.fixture
def assert_queries():
    """Like django_assert_num_queries, but always lists the SQL when the count is off."""

    @contextmanager
    def check(expected: int):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        if len(captured) != expected:
            sql = "\n\n".join(q["sql"] for q in captured.captured_queries)
            pytest.fail(f"Expected {expected} queries, {len(captured)} were done:\n\n{sql}")

    return check


@pytest.fixture(autouse=True)
def _empty_page_cache(request, django_db_blocker):
    # Rolled-back tests can reuse revision numbers, so a page cached by one must not reach another.
    caches["local"].clear()
    yield
    if "transactional_db" in request.fixturenames:
        # Its rows outlive the test: the shared cache is a table, which flushing leaves alone.
        with django_db_blocker.unblock():
            caches["default"].clear()
    caches["local"].clear()
