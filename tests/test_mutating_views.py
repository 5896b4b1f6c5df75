"""Every view that changes data, driven from one list: GET changes nothing, a POST needs its CSRF
token, and a user without the permission is refused (and the refusal logged).

`test_every_view_taking_a_post_is_on_the_list` finds the views that accept a POST, so a new one
cannot be left off. The admin's views are checked together at the end.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Invitation, Material, Meeting, Presentation
from coflight.notifications.models import OutgoingEmail
from coflight.people.models import Person
from tests.conftest import action_no, person
from tests.url_sweep import LOGIN_PATHS, Samples, routes

pytestmark = pytest.mark.django_db

MINUTES = (Path(__file__).parent / "minutes" / "steering-committee.md").read_text()
NEW_PASSWORD = "a-much-Longer-pass-2026"


@dataclass
class Context:
    samples: Samples
    users: dict

    @property
    def member(self):
        return self.users["member"]


@dataclass
class Mutation:
    data: Callable[[Context], dict]
    # What the view changes, as a value to compare before and after.
    state: Callable[[Context, Client], object]
    # Who may: a user fixture's name, or None where anyone may (signing in, say).
    may: str | None
    # Signed-in users who may not.
    may_not: tuple[str, ...] = ()
    # GET shows the view's form (and changes nothing) rather than being refused with 405.
    form_on_get: bool = False
    # The URL to POST to, where it is not the pattern's own (a reset link's second step).
    url: Callable[[Context, Client, str], str] | None = None
    # Posted by mail programs, which have no token: the signed address authorises it instead.
    csrf_exempt: bool = False


def _action_state(ctx, client):
    return Action.objects.get(pk=action_no(1).pk).version


def _there(ownership: Ownership | None) -> Ownership:
    """An owner the edit needs, which action 1 has."""
    assert ownership is not None
    return ownership


def _action_edit(fields: Callable[[Action], dict]) -> Mutation:
    return Mutation(
        data=lambda ctx: fields(action_no(1)) | {"version": action_no(1).version},
        state=_action_state,
        may="member",
        may_not=("outsider",),
    )


def _token(ctx, client):
    return Person.objects.get(user=ctx.member).calendar_token


def _password(ctx, client):
    return get_user_model().objects.get(pk=ctx.member.pk).password


def _signed_in(ctx, client):
    return "_auth_user_id" in client.session


def _email_settings(ctx, client):
    person = Person.objects.get(user=ctx.member)
    return person.email, person.email_opt_out


def _reset_form_url(ctx, client, path):
    """A reset link moves its token into the session and sends on to the form's own URL."""
    return client.get(path, follow=True).redirect_chain[-1][0]


def _weekly_call() -> Meeting:
    """The planned call of 30 May, which the planning views may change (the report is published,
    its agenda locked)."""
    return Meeting.objects.get(date="2013-05-30")


def _on_weekly_call(status: str = Meeting.Status.PLANNED) -> Callable:
    def url(ctx, client, path):
        weekly = _weekly_call()
        Meeting.objects.filter(pk=weekly.pk).update(status=status, started_at=weekly.starts_at)
        return path.replace(f"/meetings/{ctx.samples.meeting.pk}/", f"/meetings/{weekly.pk}/")

    return url


def _on_weekly_item(ctx, client, path):
    weekly = _weekly_call()
    item, _ = AgendaItem.objects.get_or_create(
        meeting=weekly, label="1", defaults={"title": "Action review", "position": 100}
    )
    AgendaItem.objects.get_or_create(
        meeting=weekly, label="2", defaults={"title": "AOB", "position": 200}
    )
    return re.sub(r"/meetings/\d+/agenda/\d+/", f"/meetings/{weekly.pk}/agenda/{item.pk}/", path)


def _first_item(ctx) -> AgendaItem:
    return ctx.samples.meeting.agenda_items.order_by("position", "pk").first()


def _invited_to_weekly_call(ctx, client, path):
    Invitation.objects.get_or_create(meeting=_weekly_call(), person=person("Stuart"))
    return _on_weekly_call()(ctx, client, path)


def _agenda_state(ctx, client):
    items = AgendaItem.objects.filter(meeting=_weekly_call()).order_by("position", "pk")
    return [(i.label, i.title, i.duration, i.parent_id) for i in items]


def _weekly_status(ctx, client):
    return _weekly_call().status


MEETING_FORM = {
    "title": "Steering committee",
    "kind": "other",
    "date": "2026-12-15",
    "starts": "14:00",
    "ends": "15:30",
}

MUTATIONS = {
    "actions:status": _action_edit(lambda a: {"status": "done"}),
    "actions:due": _action_edit(lambda a: {"due_date": "2013-07-01"}),
    "actions:text": _action_edit(lambda a: {"text": "Changed"}),
    "actions:add_owner": _action_edit(lambda a: {"person": person("Stuart").pk}),
    "actions:remove_owner": _action_edit(lambda a: {"ownership": _there(a.ownerships.first()).pk}),
    "actions:lead": _action_edit(lambda a: {"ownership": _there(a.ownerships.last()).pk}),
    # Refused with 404 to an account linked to no person: there is no feed of theirs to change.
    "calendars:renew": Mutation(lambda ctx: {}, _token, may="member", may_not=("outsider",)),
    "calendars:revoke": Mutation(lambda ctx: {}, _token, may="member", may_not=("outsider",)),
    "minutes:import": Mutation(
        data=lambda ctx: {"text": MINUTES, "save": "1"},
        state=lambda ctx, client: Meeting.objects.count(),
        may="staff",
        may_not=("member", "outsider"),
        form_on_get=True,
    ),
    "password_change": Mutation(
        data=lambda ctx: {
            "old_password": "pw-jeanpierre-123",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        state=_password,
        may="member",
        form_on_get=True,
    ),
    # Refused to everyone but the person themselves, staff included.
    "people:email": Mutation(
        data=lambda ctx: {"email": "jean-pierre@example.org"},
        state=_email_settings,
        may="member",
        may_not=("outsider", "staff"),
    ),
    "meetings:new": Mutation(
        data=lambda ctx: MEETING_FORM,
        state=lambda ctx, client: Meeting.objects.count(),
        may="secretary",
        may_not=("member", "outsider"),
        form_on_get=True,
    ),
    "meetings:edit": Mutation(
        data=lambda ctx: MEETING_FORM | {"date": "2013-05-30"},
        state=lambda ctx, client: _weekly_call().title,
        may="secretary",
        may_not=("member", "outsider"),
        form_on_get=True,
        url=_on_weekly_call(),
    ),
    "meetings:plan_next": Mutation(
        data=lambda ctx: {},
        state=lambda ctx, client: Meeting.objects.count(),
        may="secretary",
        may_not=("member", "outsider"),
    ),
    "meetings:agenda_add": Mutation(
        data=lambda ctx: {"title": "Action review"},
        state=_agenda_state,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(),
    ),
    "meetings:agenda_change": Mutation(
        data=lambda ctx: {"title": "Review of the actions", "duration": "10"},
        state=_agenda_state,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:agenda_move": Mutation(
        data=lambda ctx: {"direction": "down"},
        state=_agenda_state,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:agenda_remove": Mutation(
        data=lambda ctx: {},
        state=_agenda_state,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:agenda_presenters": Mutation(
        data=lambda ctx: {"person": person("Stuart").pk},
        state=lambda ctx, client: list(Presentation.objects.values_list("pk", "person_id")),
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:agenda_materials": Mutation(
        data=lambda ctx: {"title": "Slides", "url": "https://example.org/slides.pdf"},
        state=lambda ctx, client: list(Material.objects.values_list("pk", "url")),
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:start": Mutation(
        data=lambda ctx: {},
        state=_weekly_status,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(),
    ),
    "meetings:end": Mutation(
        data=lambda ctx: {},
        state=_weekly_status,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(Meeting.Status.IN_PROGRESS),
    ),
    "meetings:publish": Mutation(
        data=lambda ctx: {},
        state=_weekly_status,
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(Meeting.Status.DRAFT),
    ),
    "meetings:roll_call_mark": Mutation(
        data=lambda ctx: {"person": person("Stuart").pk, "presence": "present"},
        state=lambda ctx, client: list(_weekly_call().attendances.values_list("person_id")),
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(Meeting.Status.IN_PROGRESS),
    ),
    "meetings:invite": Mutation(
        data=lambda ctx: {"person": person("Stuart").pk},
        state=lambda ctx, client: list(_weekly_call().invitations.values_list("person_id")),
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(),
    ),
    "meetings:uninvite": Mutation(
        data=lambda ctx: {"person": person("Stuart").pk},
        state=lambda ctx, client: list(_weekly_call().invitations.values_list("person_id")),
        may="secretary",
        may_not=("member", "outsider"),
        url=_invited_to_weekly_call,
    ),
    "meetings:item_minutes": Mutation(
        data=lambda ctx: {"minutes": "Reviewed.", "version": 1},
        state=lambda ctx, client: [i.minutes for i in AgendaItem.objects.order_by("pk")],
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_item,
    ),
    "meetings:amend": Mutation(
        data=lambda ctx: {
            "minutes": "Amended.",
            "version": _first_item(ctx).version,
            "reason": "A typo",
        },
        state=lambda ctx, client: [i.minutes for i in AgendaItem.objects.order_by("pk")],
        may="secretary",
        may_not=("member", "outsider"),
        form_on_get=True,
        url=lambda ctx, client, path: re.sub(
            r"/agenda/\d+/", f"/agenda/{_first_item(ctx).pk}/", path
        ),
    ),
    "meetings:capture": Mutation(
        data=lambda ctx: {"line": "Action: Stuart to send the slides"},
        state=lambda ctx, client: Action.objects.count(),
        may="secretary",
        may_not=("member", "outsider"),
        url=_on_weekly_call(Meeting.Status.IN_PROGRESS),
    ),
    "meetings:minutes_send": Mutation(
        data=lambda ctx: {},
        state=lambda ctx, client: OutgoingEmail.objects.count(),
        may="staff",
        may_not=("member", "outsider"),
    ),
    "notifications:confirm": Mutation(data=lambda ctx: {}, state=_email_settings, may=None),
    "notifications:one_click": Mutation(
        data=lambda ctx: {}, state=_email_settings, may=None, csrf_exempt=True
    ),
    "logout": Mutation(lambda ctx: {}, _signed_in, may="member"),
    "set_language": Mutation(
        data=lambda ctx: {"language": "fr", "next": "/"},
        state=lambda ctx, client: (
            client.cookies.get("django_language") and client.cookies["django_language"].value,
            sorted(Person.objects.exclude(language="").values_list("pk", "language")),
        ),
        may=None,
    ),
    "login": Mutation(
        data=lambda ctx: {"username": "jeanpierre", "password": "pw-jeanpierre-123"},
        state=_signed_in,
        may=None,
        form_on_get=True,
    ),
    "password_reset": Mutation(
        data=lambda ctx: {"email": "jp@example.org"},
        state=lambda ctx, client: len(mail.outbox),
        may=None,
        form_on_get=True,
    ),
    "password_reset_confirm": Mutation(
        data=lambda ctx: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        state=_password,
        may=None,
        form_on_get=True,
        url=_reset_form_url,
    ),
}

ROUTES = {r.key: r for r in routes()}
WITH_REFUSALS = [name for name, m in MUTATIONS.items() if m.may_not]
# Signing out nobody changes nothing, so an anonymous visitor may.
SIGNED_IN_ONLY = [name for name, m in MUTATIONS.items() if m.may and name != "logout"]


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ctx(report, member, outsider, staff, superuser, secretary) -> Context:
    member.email = "jp@example.org"
    member.save()
    jean_pierre = Person.objects.get(user=member)
    jean_pierre.renew_calendar_token()
    jean_pierre.set_email_preferences("jp@example.org", opt_out=False)
    users = {
        "member": member,
        "outsider": outsider,
        "staff": staff,
        "superuser": superuser,
        "secretary": secretary,
    }
    return Context(Samples(report, member), users)


def client_for(ctx: Context, who: str | None, **kwargs) -> Client:
    client = Client(**kwargs)
    if who:
        client.force_login(ctx.users[who])
    return client


def post(ctx: Context, name: str, client: Client) -> tuple:
    """POSTs the mutation's data; returns the response and the state before and after."""
    mutation = MUTATIONS[name]
    path = ctx.samples.path(ROUTES[name])
    url = mutation.url(ctx, client, path) if mutation.url else path
    before = mutation.state(ctx, client)
    response = client.post(url, mutation.data(ctx))
    return response, before, mutation.state(ctx, client)


def test_every_view_taking_a_post_is_on_the_list(ctx):
    """A view that answers a POST with anything but 405 may change data: it must be listed."""
    unlisted = []
    for route in ROUTES.values():
        if route.is_admin:
            continue
        response = client_for(ctx, "superuser").post(ctx.samples.path(route))
        if response.status_code != 405 and route.key not in MUTATIONS:
            unlisted.append(route.key)
    assert unlisted == [], f"Add these to MUTATIONS in tests/test_mutating_views.py: {unlisted}"
    assert set(MUTATIONS) <= set(ROUTES)


@pytest.mark.parametrize("name", MUTATIONS)
def test_the_user_who_may_does(ctx, name):
    response, before, after = post(ctx, name, client_for(ctx, MUTATIONS[name].may))
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    assert before != after


@pytest.mark.parametrize("name", MUTATIONS)
def test_get_changes_nothing(ctx, name):
    mutation = MUTATIONS[name]
    client = client_for(ctx, mutation.may)
    before = mutation.state(ctx, client)
    response = client.get(ctx.samples.path(ROUTES[name]), follow=mutation.form_on_get)
    assert response.status_code == (200 if mutation.form_on_get else 405)
    assert mutation.state(ctx, client) == before


@pytest.mark.parametrize("name", [n for n, m in MUTATIONS.items() if not m.csrf_exempt])
def test_a_post_without_its_csrf_token_is_refused(ctx, name):
    client = client_for(ctx, MUTATIONS[name].may, enforce_csrf_checks=True)
    response, before, after = post(ctx, name, client)
    assert response.status_code == 403
    assert after == before


@pytest.mark.parametrize("name", SIGNED_IN_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(ctx, name):
    response, before, after = post(ctx, name, Client())
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_PATHS[0])
    assert after == before


@pytest.mark.parametrize("name", WITH_REFUSALS)
def test_a_user_without_the_permission_is_refused_and_it_is_logged(ctx, name, caplog):
    for who in MUTATIONS[name].may_not:
        caplog.clear()
        response, before, after = post(ctx, name, client_for(ctx, who))
        assert response.status_code in (403, 404), who
        assert after == before
        if response.status_code == 403:
            username = ctx.users[who].username
            assert re.search(rf"Refused: {username} may not", caplog.text), caplog.text


# The admin: every URL under /admin/ takes POSTs for staff only, with a CSRF token.

ADMIN_ROUTES = [r for r in ROUTES.values() if r.is_admin and r.key != "admin:login"]


# Staff change their own password in the admin without any model permission.
OWN_PASSWORD = {"admin:password_change"}


def row_counts() -> dict:
    return {model._meta.label: model._default_manager.count() for model in admin.site._registry}


def test_admin_posts_without_a_csrf_token_are_refused(ctx):
    client = client_for(ctx, "superuser", enforce_csrf_checks=True)
    before = row_counts()
    refused = [r.key for r in ADMIN_ROUTES if client.post(ctx.samples.path(r)).status_code != 403]
    assert refused == []
    assert row_counts() == before


@pytest.mark.parametrize("suffix", ["add", "change", "delete", "changelist"])
def test_staff_without_the_models_permission_are_refused_and_it_is_logged(
    ctx, django_user_model, suffix, caplog
):
    bare = django_user_model.objects.create_user("bare", password="pw-bare-123", is_staff=True)
    client = Client()
    client.force_login(bare)
    before = row_counts()
    for route in ADMIN_ROUTES:
        if not route.key.endswith(f"_{suffix}") or route.key in OWN_PASSWORD:
            continue
        caplog.clear()
        path = ctx.samples.path(route)
        data = {"action": "delete_selected", "_selected_action": "1", "post": "yes"}
        response = client.post(path, data if suffix == "changelist" else {"post": "yes"})
        assert response.status_code == 403, route.key
        assert f"Refused: bare may not POST {path}" in caplog.text
    assert row_counts() == before
