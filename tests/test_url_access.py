"""Who may open which URL: every pattern of the project, the admin's included.

Each URL is on one of the lists below or is one of the admin's; a URL on none of them fails
`test_every_url_is_on_an_access_list`, so a new page cannot go out without saying who may see it.
"""

import pytest
from django.test import Client, override_settings

from tests.url_sweep import LOGIN_PATHS, Samples, routes

pytestmark = pytest.mark.django_db

# Anyone reads these while COFLIGHT_PUBLIC_READ is on (the default); with it off, they ask for
# sign-in like everything else.
PUBLIC_READ = {
    "home",
    "favicon",
    "meetings:detail",
    "live:meeting",
    "live:person",
    "meetings:source",
    "meetings:markdown",
    "calendars:all",
    "meetings:ics",
    "actions:list",
    "actions:csv",
    "actions:detail",
    "people:list",
    "people:detail",
    "organisations:detail",
    "organisations:list",
    "search:search",
}
# Open even with COFLIGHT_PUBLIC_READ off: what one needs in order to sign in, the links an
# email carries, whose signed token is the key, and the personal calendar feed, whose secret
# address is (calendar programs cannot sign in).
ALWAYS_OPEN = {
    "calendars:personal",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "notifications:unsubscribe",
    "notifications:confirm",
    "notifications:one_click",
    # The language switcher, on every page the sign-in page included.
    "set_language",
}
# Signed-in users only; whatever they may do there is checked again by the view.
SIGNED_IN = {
    "actions:mine",
    "live:mine",
    "actions:controls",
    "actions:status",
    "actions:due",
    "actions:text",
    "actions:add_owner",
    "actions:remove_owner",
    "actions:lead",
    "calendars:renew",
    "calendars:revoke",
    "minutes:import",
    "logout",
    "password_change",
    "password_change_done",
    "people:email",
    "meetings:minutes_confirm",
    "meetings:minutes_send",
    "meetings:new",
    "meetings:edit",
    "meetings:plan_next",
    "meetings:agenda",
    "meetings:agenda_add",
    "meetings:agenda_change",
    "meetings:agenda_move",
    "meetings:agenda_remove",
    "meetings:start",
    "meetings:end",
    "meetings:publish",
    "meetings:write",
    "meetings:roll_call",
    "meetings:roll_call_mark",
    "meetings:invite",
    "meetings:uninvite",
    "meetings:item_minutes",
    "meetings:capture",
    "meetings:amend",
    "meetings:agenda_presenters",
    "meetings:agenda_materials",
}
# Every other URL under /admin/ is the admin's own, for staff only.

ROUTES = routes()


def is_public(route) -> bool:
    return route.key in PUBLIC_READ | ALWAYS_OPEN


def private_routes():
    return [r for r in ROUTES if not is_public(r)]


@pytest.fixture
def samples(report, member) -> Samples:
    return Samples(report, member)


def refused(response) -> bool:
    """Sent to a sign-in page, or told no."""
    return response.status_code in (403, 405) or (
        response.status_code == 200 and response.request["PATH_INFO"] in LOGIN_PATHS
    )


def test_every_url_is_on_an_access_list():
    unlisted = [
        r.key
        for r in ROUTES
        if r.key not in PUBLIC_READ | ALWAYS_OPEN | SIGNED_IN and not r.is_admin
    ]
    assert unlisted == [], f"Say who may open these URLs (tests/test_url_access.py): {unlisted}"


def test_the_access_lists_name_only_urls_that_exist():
    keys = {r.key for r in ROUTES}
    assert (PUBLIC_READ | ALWAYS_OPEN | SIGNED_IN) - keys == set()
    assert not PUBLIC_READ & SIGNED_IN


def test_the_sweep_covers_the_admin():
    keys = {r.key for r in ROUTES}
    assert {"admin:index", "admin:actions_action_change", "admin:auth_user_add"} <= keys
    assert sum(r.is_admin for r in ROUTES) > 50


def test_public_pages_open_to_anonymous_visitors(client, samples):
    problems = []
    for route in ROUTES:
        if not is_public(route) or route.key.startswith("live:"):
            continue  # the live streams answer over ASGI alone: tests/live opens them so
        response = client.get(samples.path(route), follow=True)
        at_sign_in = response.request["PATH_INFO"] in LOGIN_PATHS and route.key not in {
            "login",
            "admin:login",
        }
        # 405: a link's POST-only action, open all the same.
        if response.status_code not in (200, 405) or at_sign_in:
            problems.append((route.key, response.status_code, response.request["PATH_INFO"]))
    assert problems == []


def test_every_other_url_refuses_anonymous_visitors(client, samples):
    problems = []
    for route in private_routes():
        path = samples.path(route)
        response = client.get(path, follow=True)
        if not refused(response):
            problems.append(("GET", route.key, path, response.status_code))
        if route.key == "logout":
            continue  # signing out nobody changes nothing
        response = client.post(path, follow=True)
        if not refused(response):
            problems.append(("POST", route.key, path, response.status_code))
    assert problems == []


def test_every_admin_url_refuses_members_who_are_not_staff(client, samples, member):
    client.force_login(member)
    problems = []
    for route in ROUTES:
        if not route.is_admin or route.key == "admin:login":
            continue
        path = samples.path(route)
        for method in (client.get, client.post):
            fresh = Client()
            fresh.force_login(member)
            response = getattr(fresh, method.__name__)(path, follow=True)
            if response.request["PATH_INFO"] != "/admin/login/":
                problems.append((method.__name__, route.key, response.status_code))
    assert problems == []


@override_settings(COFLIGHT_PUBLIC_READ=False)
def test_with_public_read_off_only_sign_in_and_email_links_stay_open(client, samples):
    problems = []
    for route in ROUTES:
        if route.key in PUBLIC_READ:
            response = client.get(samples.path(route))
            if response.status_code != 302 or not response["Location"].startswith(
                "/accounts/login/?next="
            ):
                problems.append((route.key, response.status_code))
        elif route.key in ALWAYS_OPEN:
            response = client.get(samples.path(route), follow=True)
            if response.status_code not in (200, 405):
                problems.append((route.key, response.status_code))
    assert problems == []
