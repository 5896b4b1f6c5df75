"""Hostile text in every field a report fills, then every page of the project fetched: HTML never
carries it as markup, and the calendars, spreadsheet and Markdown carry it as plain text.
"""

import csv
import datetime
import html
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Attendance, Meeting, Project, Series
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from tests.url_sweep import Samples, routes

pytestmark = pytest.mark.django_db

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
TEXT_TYPES = ("text/calendar", "text/csv", "text/markdown", "text/plain")


def assert_escaped(response, payload: str, where: str) -> bool:
    """Checks the page; says whether it showed the payload, as text."""
    content = response.content.decode()
    assert payload not in content, where
    assert "<script>alert" not in content, where
    assert "<img src=x" not in content, where
    return escape(payload) in content


class Hostile:
    """One of everything, each text field holding the payload."""

    def __init__(self, payload: str, user: User) -> None:
        p = payload
        self.organisation = Organisation.objects.create(name=f"Org {p}")
        self.person = Person.objects.create(
            given_name=f"Ann {p}", family_name=p, organisation=self.organisation, user=user
        )
        self.other = Person.objects.create(given_name=f"Bob {p}", organisation=self.organisation)
        self.meeting = Meeting.objects.create(
            title=f"Meeting {p}",
            kind=Meeting.Kind.PLENARY,
            date=datetime.date(2031, 3, 4),
            series=Series.objects.create(name=f"Series {p}"),
            venue=f"Venue {p}",
            address=f"Address {p}",
            room=f"Room {p}",
            dial_in=f"Dial {p}",
            summary=f"Summary {p}",
            source_text=f"Source {p}",
        )
        self.meeting.projects.add(Project.objects.create(name=f"Project {p}"))
        Attendance.objects.create(
            meeting=self.meeting, person=self.person, organisation=self.organisation
        )
        self.item = AgendaItem.objects.create(
            meeting=self.meeting, label="1", position=1, title=f"Item {p}", minutes=f"Said {p}"
        )
        self.action = Action.objects.create(
            meeting=self.meeting,
            agenda_item=self.item,
            position=1,
            text=f"Do {p}",
            acting_for=f"for {p}",
            due_date=datetime.date(2031, 4, 1),
        )
        Ownership.objects.create(
            action=self.action, person=self.person, written_as=p, position=1, is_lead=True
        )
        doubt = Ownership.objects.create(action=self.action, written_as=f"Who {p}", position=2)
        doubt.candidates.add(self.person, self.other)
        self.closed = Action.objects.create(
            meeting=self.meeting, position=2, text=f"Closed {p}", due_meeting=None
        )
        Ownership.objects.create(action=self.closed, person=self.other, written_as="Bob")
        self.closed.set_status(Action.Status.DONE, f"Note {p}")

    def samples(self, user) -> Samples:
        samples = Samples(self.meeting, user)
        samples.action, samples.person, samples.organisation = (
            self.action,
            self.person,
            self.organisation,
        )
        return samples

    def admin_pages(self) -> list[str]:
        assert self.meeting.series is not None
        objects = [
            self.organisation,
            self.person,
            self.meeting,
            self.meeting.series,
            self.meeting.projects.get(),
            self.item,
            self.action,
        ]
        pages = []
        for obj in objects:
            opts = obj._meta
            base = f"admin:{opts.app_label}_{opts.model_name}"
            pages += [
                reverse(f"{base}_changelist"),
                reverse(f"{base}_changelist") + "?q=alert",
                reverse(f"{base}_change", args=[obj.pk]),
                reverse(f"{base}_history", args=[obj.pk]),
                reverse(f"{base}_delete", args=[obj.pk]),
            ]
        history = self.action.history.first()
        pages.append(
            reverse("admin:actions_action_simple_history", args=[self.action.pk, history.pk])
        )
        return pages


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_html_page_and_fragment_escapes_it(report, superuser, superuser_client, payload):
    hostile = Hostile(payload, superuser)
    samples = hostile.samples(superuser)
    urls = [samples.path(r) for r in routes() if r.name and r.key != "logout"]
    urls += hostile.admin_pages()
    urls += [
        f"/search/?q=alert+{payload}",
        "/search/?q=alert&kind=action",
        "/search/?q=onerror&kind=person",
        f"/people/?q={hostile.person.given_name[:6]}",
        f"/actions/?owner={hostile.person.pk}",
        f"/actions/?organisation={hostile.organisation.pk}&meeting={hostile.meeting.pk}",
        f"{hostile.action.get_absolute_url()}?q=Ann&next=/",
        f"/no/such/page/{payload}",
    ]
    fragments = [
        "/people/?picker=1&q=Ann",
        f"{hostile.action.get_absolute_url()}?q=Ann",
        "/search/?q=alert",
    ]
    html_pages = showing = 0
    for url in urls:
        response = superuser_client.get(url, follow=True)
        if response["Content-Type"].startswith("text/html"):
            html_pages += 1
            showing += assert_escaped(response, payload, url)
    for url in fragments:
        response = superuser_client.get(url, HTTP_HX_REQUEST="true")
        showing += assert_escaped(response, payload, url)
    assert html_pages > 100
    assert showing > 40


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_import_preview_escapes_it(report, staff, payload):
    client = Client()
    client.force_login(staff)
    minutes = (
        f"# Meeting {payload} – 3 June 2031\n\nLocation: {payload}\n\n## Present\n"
        f"- Ann {payload} (Org {payload})\n\n## 1. Item {payload}\nSaid {payload}\n"
        f"ACTION: Ann to do {payload}\n"
    )
    response = client.post("/import/", {"text": minutes, "preview": "1"})
    assert response.status_code == 200
    assert_escaped(response, payload, "/import/")


def unfold(ics: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", ics)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_feeds_and_exports_carry_it_as_plain_text(report, superuser, superuser_client, payload):
    hostile = Hostile(payload, superuser)
    token = hostile.person.renew_calendar_token()
    exports = {
        "/meetings.ics": "text/calendar",
        f"/meetings/{hostile.meeting.pk}.ics": "text/calendar",
        f"/calendar/{token}.ics": "text/calendar",
        f"/actions/export.csv?meeting={hostile.meeting.pk}": "text/csv",
        f"/meetings/{hostile.meeting.pk}.md": "text/markdown",
        f"/meetings/{hostile.meeting.pk}/report.txt": "text/plain",
    }
    for url, content_type in exports.items():
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(content_type), url
        # Never sniffed as HTML by a browser that opens it.
        assert response["X-Content-Type-Options"] == "nosniff", url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        if content_type == "text/calendar":
            text = unfold(text).replace("\\,", ",").replace("\\;", ";")
        if content_type == "text/csv":
            text = "\n".join(cell for row in csv.reader(io.StringIO(text)) for cell in row)
        if content_type == "text/markdown":
            rendered = MarkdownIt("commonmark").render(text)
            assert "<script" not in rendered and "<img" not in rendered, url
            text = html.unescape(re.sub(r"<[^>]*>", "", rendered))
        assert payload in text, url
