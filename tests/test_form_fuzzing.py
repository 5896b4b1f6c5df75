"""Hypothesis posts fuzzed data to every form and every view reading input: never a 500, and a
rejection always says why.

`test_every_form_is_fuzzed` finds the forms in coflight's apps, so a new one is not forgotten.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coflight.actions import forms as action_forms
from coflight.actions.models import Action, Ownership
from coflight.meetings import forms as meeting_forms
from coflight.meetings.models import AgendaItem, Meeting
from coflight.minutes.forms import AmendForm, ImportForm
from coflight.notifications.forms import QueuedPasswordResetForm
from coflight.notifications.tokens import unsubscribe_token
from coflight.organisations.models import Organisation
from coflight.people.forms import EmailPreferencesForm, MemberAccountForm
from coflight.people.models import Person
from tests.conftest import HTMX, SEED_TEXT, action_no

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "1.5",
    "1e400",
    "9" * 40,
    "NaN",
    "null",
    "2013-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE actions_action; --",
    "%s %(x)s {0}",
    "{{ 7*7 }}",
    "\u202e\u0301\ufeff",
    "ß" * 300,
    "👍" * 100,
    "a" * 6000,
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
]
JUNK = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def value(*valid) -> st.SearchStrategy:
    """Sometimes a value the form accepts, sometimes junk, sometimes several values at once."""
    one = st.one_of(st.sampled_from([str(v) for v in valid]), JUNK) if valid else JUNK
    return st.one_of(one, one, st.lists(one, min_size=2, max_size=3))


def form_data(fields: dict) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional=fields)


def says_why(response) -> bool:
    content = response.content.decode()
    return 'role="alert"' in content or 'class="errorlist' in content


def assert_answered(response, *, ok=(200, 302)) -> None:
    """Not a 500 (the test client would raise), and a refusal that says why."""
    assert response.status_code < 500
    if response.status_code not in ok:
        assert says_why(response), (response.status_code, response.content.decode()[:3000])
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), location


# Every form in coflight, and the page that takes it.
FUZZED_FORMS: dict[type[BaseForm], str] = {
    action_forms.ActionFilterForm: "test_the_action_list_filters",
    action_forms.StatusForm: "test_the_action_edits",
    action_forms.DueForm: "test_the_action_edits",
    action_forms.TextForm: "test_the_action_edits",
    action_forms.AddOwnerForm: "test_the_action_edits",
    action_forms.RemoveOwnerForm: "test_the_action_edits",
    action_forms.LeadForm: "test_the_action_edits",
    ImportForm: "test_the_import_form",
    EmailPreferencesForm: "test_the_email_settings",
    MemberAccountForm: "test_the_member_account_form",
    QueuedPasswordResetForm: "test_the_sign_in_and_password_forms",
    meeting_forms.MeetingForm: "test_the_meeting_form",
    meeting_forms.NewAgendaItemForm: "test_the_agenda_forms",
    meeting_forms.AgendaItemForm: "test_the_agenda_forms",
    meeting_forms.MoveForm: "test_the_agenda_forms",
    meeting_forms.PresenterForm: "test_the_agenda_forms",
    meeting_forms.MaterialForm: "test_the_agenda_forms",
    meeting_forms.RollCallForm: "test_the_roll_call_forms",
    meeting_forms.InviteForm: "test_the_roll_call_forms",
    AmendForm: "test_the_amendment_form",
}
# Bases that no page uses on their own.
BASE_FORMS: set[type[BaseForm]] = {action_forms.ActionEditForm, action_forms.OwnershipForm}


def test_every_form_is_fuzzed():
    found: set[type[BaseForm]] = set()
    for app in apps.get_app_configs():
        if not app.name.startswith("coflight."):
            continue
        try:
            module = import_module(f"{app.name}.forms")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.forms":
                raise
            continue
        found |= {
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, BaseForm)
            and obj.__module__ == module.__name__
        }
    missing = sorted(f.__qualname__ for f in found - BASE_FORMS - set(FUZZED_FORMS))
    assert missing == [], f"Fuzz these forms in tests/test_form_fuzzing.py: {missing}"


def _edit_fields(action: Action) -> dict:
    ownerships = list(Ownership.objects.values_list("pk", flat=True)[:5])
    return {
        "version": value(action.version, action.version - 1),
        "status": value(*Action.Status.values),
        "note": value("Done at the meeting."),
        "due_date": value("2013-07-01", "2099-01-01"),
        "due_meeting": value(*Meeting.objects.values_list("pk", flat=True)),
        "text": value("Write the plan"),
        "person": value(*Person.objects.values_list("pk", flat=True)[:5]),
        "lead": value("on", "1"),
        "ownership": value(*ownerships),
        "next": value("/actions/", "/meetings/1/"),
        "show_origin": value("1"),
    }


EDITS = ["status", "due", "text", "add_owner", "remove_owner", "lead"]


@FUZZ
@given(data=st.data())
def test_the_roll_call_forms(secretary, report, data):
    client = Client()
    client.force_login(secretary)
    weekly = Meeting.objects.get(date="2013-05-30")
    fields = {
        "person": value(*Person.objects.values_list("pk", flat=True)[:3]),
        "presence": value("present", "excused", "absent"),
        "arrived": value("16:00", "25:99"),
        "left": value("17:00", "15:00"),
    }
    payload = data.draw(form_data(fields))
    step = data.draw(st.sampled_from(["roll-call/mark", "invitations/add", "invitations/remove"]))
    htmx = data.draw(st.booleans())
    url = f"/meetings/{weekly.pk}/{step}/"
    assert_answered(client.post(url, payload, **(HTMX if htmx else {})))


@FUZZ
@given(data=st.data())
def test_the_secretarys_minutes_and_lines(secretary, report, data):
    client = Client()
    client.force_login(secretary)
    weekly = Meeting.objects.get(date="2013-05-30")
    first, _ = AgendaItem.objects.get_or_create(
        meeting=weekly, label="1", defaults={"title": "Review", "position": 100}
    )
    fields = {
        "minutes": value("Said.", ""),
        "version": value(first.version, 0, "x"),
        "merged_version": value(first.version),
        "item": value(first.pk, 99999),
        "line": value(
            "Action: Stuart to send the slides",
            "Decision: agreed",
            "Action: Patrice: write, by 31 February",
            "ACTION: Zed to go before the next plenary meeting (30 February)",
        ),
        "owner-0": value("new", 1),
        "capture_token": value("t1"),
    }
    payload = data.draw(form_data(fields))
    url = data.draw(
        st.sampled_from(
            [f"/meetings/{weekly.pk}/agenda/{first.pk}/minutes/", f"/meetings/{weekly.pk}/capture/"]
        )
    )
    htmx = data.draw(st.booleans())
    response = client.post(url, payload, **(HTMX if htmx else {}))
    assert response.status_code < 500


@FUZZ
@given(data=st.data())
def test_the_amendment_form(secretary, report, data):
    client = Client()
    client.force_login(secretary)
    first = report.agenda_items.order_by("position", "pk").first()
    first.refresh_from_db()
    fields = {
        "minutes": value("Said.", "", first.minutes, "\x00", "x" * 20000),
        "version": value(first.version, 0, -1, "x", 10**20),
        "reason": value("A typo", "", "   ", "y" * 501, "\x00"),
    }
    payload = data.draw(form_data(fields))
    assert_answered(client.post(f"/meetings/{report.pk}/agenda/{first.pk}/amend/", payload))


@FUZZ
@given(data=st.data())
def test_the_meeting_form(secretary, report, data):
    client = Client()
    client.force_login(secretary)
    fields = {
        "title": value("Steering committee"),
        "kind": value(*Meeting.Kind.values),
        "series_name": value("Workshops", "New series"),
        "number": value(3, 4, 1),
        "date": value("2026-12-15", "2013-05-16"),
        "starts": value("14:00", "09:30"),
        "ends": value("15:30", "08:00"),
        "venue": value("Institut Telecom"),
        "dial_in": value("+33 1 23 45 67 89"),
        "summary": value("A summary."),
    }
    payload = data.draw(form_data(fields))
    url = data.draw(st.sampled_from(["/meetings/new/", f"/meetings/{report.pk}/edit/"]))
    assert_answered(client.post(url, payload))


@FUZZ
@given(data=st.data())
def test_the_agenda_forms(secretary, report, data):
    client = Client()
    client.force_login(secretary)
    weekly = Meeting.objects.get(date="2013-05-30")
    first, _ = AgendaItem.objects.get_or_create(
        meeting=weekly, label="1", defaults={"title": "Review", "position": 100}
    )
    fields = {
        "title": value("Action review"),
        "parent": value(first.pk, *AgendaItem.objects.values_list("pk", flat=True)[:3]),
        "duration": value(10, 0, 2000),
        "recurring": value("on"),
        "direction": value("up", "down", "in", "out"),
        "person": value(*Person.objects.values_list("pk", flat=True)[:3], 999999, "x"),
        "remove": value(1, 0, "x", 10**20),
        "url": value("https://example.org/s.pdf", "javascript:alert(1)", "x" * 300),
    }
    payload = data.draw(form_data(fields))
    action = data.draw(
        st.sampled_from(["add", "change", "move", "remove", "presenters", "materials"])
    )
    items = list(AgendaItem.objects.filter(meeting=weekly).values_list("pk", flat=True))
    item = items[data.draw(st.integers(min_value=0, max_value=5)) % len(items)]
    url = (
        f"/meetings/{weekly.pk}/agenda/add/"
        if action == "add"
        else f"/meetings/{weekly.pk}/agenda/{item}/"
        + {
            "change": "",
            "move": "move/",
            "remove": "remove/",
            "presenters": "presenters/",
            "materials": "materials/",
        }[action]
    )
    htmx = data.draw(st.booleans())
    assert_answered(client.post(url, payload, **(HTMX if htmx else {})))


@FUZZ
@given(data=st.data())
def test_the_action_edits(member, data):
    client = Client()
    client.force_login(member)
    action = action_no(data.draw(st.integers(min_value=1, max_value=13)))
    name = data.draw(st.sampled_from(EDITS))
    payload = data.draw(form_data(_edit_fields(action)))
    htmx = data.draw(st.booleans())
    response = client.post(
        reverse(f"actions:{name}", args=[action.pk]), payload, **(HTMX if htmx else {})
    )
    assert_answered(response)


@FUZZ
@given(data=st.data())
def test_the_action_list_filters(client, report, data):
    fields = {
        "status": value("open", *Action.Status.values),
        "owner": value(*Person.objects.values_list("pk", flat=True)[:5]),
        "organisation": value(*Organisation.objects.values_list("pk", flat=True)[:5]),
        "meeting": value(report.pk),
        "overdue": value("on"),
        "page": value(1, 2, "last"),
    }
    query = data.draw(form_data(fields))
    response = client.get(reverse("actions:list"), query)
    assert_answered(response, ok=(200,))
    export = client.get(reverse("actions:csv"), query)
    assert export.status_code < 500
    if export.status_code == 200:
        b"".join(export.streaming_content)
    else:
        assert says_why(export)


@FUZZ
@given(data=st.data())
def test_the_import_form(staff, data):
    client = Client()
    client.force_login(staff)
    fields = {
        "text": st.one_of(st.just(SEED_TEXT), JUNK, st.text(max_size=2000)),
        "replace": value("on"),
        "preview": value("1"),
        "save": value("1"),
        "attendee-1": value("new", "", "1"),
        "owner-9-1": value("new", "", "1"),
        "presenter-2": value("new", "", "1"),
    }
    payload = data.draw(form_data(fields))
    upload = data.draw(st.one_of(st.none(), st.binary(max_size=2000)))
    if upload is not None:
        payload["file"] = SimpleUploadedFile("minutes.txt", upload, "text/plain")
    response = client.post(reverse("minutes:import"), payload)
    assert_answered(response)


@FUZZ
@given(data=st.data())
def test_the_email_settings(member, data):
    client = Client()
    client.force_login(member)
    person = Person.objects.get(user=member)
    if data.draw(st.booleans()):
        fields = {"email": value("jp@example.org", "a@b.c"), "email_opt_out": value("on")}
        response = client.post(f"/people/{person.pk}/email/", data.draw(form_data(fields)))
    else:
        token = data.draw(st.one_of(st.just(unsubscribe_token(person)), JUNK))
        path = f"/email/unsubscribe/{token}/confirm/".replace("?", "%3F").replace("#", "%23")
        response = client.post(path, data.draw(form_data({})))
    assert_answered(response, ok=(200, 302, 404))


@FUZZ
@given(data=st.data())
def test_the_member_account_form(superuser, report, data):
    client = Client()
    client.force_login(superuser)
    person = data.draw(st.sampled_from(list(Person.objects.filter(user=None)[:5])))
    fields = {
        "username": value("jamie", "jeanpierre", "a.b+c@d"),
        "email": value("jamie@example.org"),
        "password1": value("a long pass phrase"),
        "password2": value("a long pass phrase"),
    }
    response = client.post(
        f"/admin/people/person/{person.pk}/account/", data.draw(form_data(fields))
    )
    assert_answered(response)
    if response.status_code == 200:
        assert says_why(response)


@FUZZ
@given(data=st.data())
def test_the_sign_in_and_password_forms(member, data):
    member.email = "jp@example.org"
    member.save()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    form = data.draw(st.sampled_from(["login", "password_reset", "password_change"]))
    client = signed_in if form == "password_change" else anonymous
    fields = {
        "login": {"username": value("jeanpierre"), "password": JUNK},
        "password_reset": {"email": value("jp@example.org")},
        "password_change": {
            "old_password": value("pw-jeanpierre-123"),
            "new_password1": JUNK,
            "new_password2": JUNK,
        },
    }[form]
    response = client.post(reverse(form), data.draw(form_data(fields)))
    # Sign-ins and password resets are throttled: past their limits they answer 429.
    throttled = form in ("login", "password_reset")
    assert_answered(response, ok=(200, 302, 429) if throttled else (200, 302))
    if response.status_code == 200 and form != "password_reset":
        assert says_why(response)


@FUZZ
@given(data=st.data())
def test_the_reset_links(member, data):
    uid, token = data.draw(JUNK), data.draw(JUNK)
    path = f"/accounts/reset/{uid}/{token}/".replace("?", "%3F").replace("#", "%23")
    response = Client().post(path, {"new_password1": data.draw(JUNK)}, follow=True)
    assert response.status_code < 500


@FUZZ
@given(data=st.data())
def test_the_pages_reading_a_query(client, report, data):
    action = action_no(1)
    url = data.draw(st.sampled_from(["/search/", "/people/", action.get_absolute_url()]))
    fields = {
        "/search/": {"q": value("budget", "Laisné"), "kind": value("action"), "page": JUNK},
        "/people/": {"q": value("Jean"), "page": JUNK, "picker": value("1")},
    }.get(url, {"q": value("Stu"), "next": value("/actions/")})
    htmx = data.draw(st.booleans())
    response = client.get(url, data.draw(form_data(fields)), **(HTMX if htmx else {}))
    assert_answered(response, ok=(200,))


@FUZZ
@given(token=JUNK)
def test_the_calendar_feed_address(client, report, token):
    response = client.get(f"/calendar/{token}.ics".replace("?", "%3F").replace("#", "%23"))
    assert response.status_code in (200, 404)


# What the fuzzing above found, kept as plain examples: NUL, which PostgreSQL cannot store, and
# a `next` that is no path.
@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00b",
        "/search/?q=%00&kind=action",
        "/search/?kind=%00&q=plan",
        "/people/?q=%00",
        "/actions/1/?q=%00",
        "/actions/?owner=%00",
        "/actions/export.csv?meeting=%00",
        "/calendar/%00.ics",
    ],
)
def test_a_nul_character_in_a_query_is_never_a_500(client, member, report, url):
    client.force_login(member)
    assert client.get(url).status_code in (200, 404)
    assert client.get(url, **HTMX).status_code in (200, 404)


@pytest.mark.parametrize("next_url", ["-1", "home", "//evil.example/", "javascript:x"])
def test_an_edit_with_a_next_that_is_no_path_returns_to_the_action(client, member, next_url):
    client.force_login(member)
    action = action_no(3)
    response = client.post(
        reverse("actions:text", args=[action.pk]),
        {"version": action.version, "text": "Reworded", "next": next_url},
    )
    assert response["Location"] == f"{action.get_absolute_url()}#action-{action.pk}"
