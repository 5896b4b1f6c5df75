"""Live updates in Chromium: two browser contexts, a secretary writing and someone following the
meeting's page, which changes without a reload. Served over ASGI, as make run and make serve do:
uvicorn in this process, or two uvicorn processes on PostgreSQL."""

import asyncio
import datetime
import threading
import time

import pytest
import uvicorn
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connection
from playwright.sync_api import expect

from coflight.asgi import Handler
from coflight.live import hub as live_hub
from coflight.meetings import services
from coflight.meetings.models import Meeting
from tests.factories import make_meeting
from tests.servers import UVICORN, database_url_of, environment, free_port, serving

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOWN_WITHIN_MS = 2_000


@pytest.fixture
def asgi_server(seeded):
    """uvicorn serving coflight in a thread of this process: its address."""
    port = free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(Handler()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    for hub in list(live_hub._hubs.values()):
        asyncio.run_coroutine_threadsafe(hub.close(), hub.loop).result(5)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def contexts(chromium):
    opened = []

    def open_page(base_url: str, *, javascript: bool = True):
        context = chromium.new_context(
            java_script_enabled=javascript, locale="en-GB", base_url=base_url
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()


@pytest.fixture
def held(seeded) -> Meeting:
    meeting = make_meeting(date=datetime.date(2079, 3, 4), title="Sync call", status="planned")
    services.add_item(meeting, title="Roadmap")
    services.start(meeting)
    secretary = User.objects.create_user("sec", password="pw-secretary-12345")
    secretary.groups.add(Group.objects.get(name="Secretaries"))
    member = User.objects.create_user("mem", password="pw-member-12345")
    member.groups.add(Group.objects.get(name="Members"))
    return meeting


def add_line(page, meeting: Meeting, line: str) -> None:
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_label("Add an action or a decision in one line").fill(line)
    page.locator("#capture").get_by_role("button", name="Add").click()
    expect(page.get_by_text("added.")).to_be_visible()


def following(contexts, base_url: str, meeting: Meeting, user: str | None):
    page = contexts(base_url)
    if user:
        sign_in(page, user, f"pw-{'secretary' if user == 'sec' else 'member'}-12345")
    with page.expect_response(lambda r: "/live/meetings/" in r.url):
        page.goto(meeting.get_absolute_url())
    return page


def test_an_action_added_by_one_line_appears_on_a_members_page_without_a_reload(
    asgi_server, contexts, held
):
    secretary = contexts(asgi_server)
    sign_in(secretary, "sec", "pw-secretary-12345")
    member = following(contexts, asgi_server, held, "mem")
    member.evaluate("window.notReloaded = true")

    add_line(secretary, held, "Action: Stuart to record a screen cast, by 30 May 2079")

    action = member.locator("article.action", has_text="Record a screen cast")
    expect(action).to_be_visible(timeout=SHOWN_WITHIN_MS)
    expect(action).to_contain_text("Stuart")
    assert member.evaluate("window.notReloaded") is True
    # It is the page's own card: its controls open in place as on any other (htmx took it in).
    action.get_by_role("link", name="Change").click()
    expect(action.locator("form[hx-post]").first).to_be_attached()


def test_a_reader_follows_the_agenda_but_never_sees_the_draft(asgi_server, contexts, held):
    secretary = contexts(asgi_server)
    sign_in(secretary, "sec", "pw-secretary-12345")
    reader = following(contexts, asgi_server, held, None)
    member = following(contexts, asgi_server, held, "mem")

    add_line(secretary, held, "Action: Stuart to draft the secret budget")
    services.add_item(held, title="Any other business")

    expect(member.get_by_text("Draft the secret budget")).to_be_visible(timeout=SHOWN_WITHIN_MS)
    expect(reader.get_by_role("link", name="Any other business")).to_be_visible(
        timeout=SHOWN_WITHIN_MS
    )
    assert "secret budget" not in reader.content()


def test_a_page_whose_stream_was_cut_shows_both_changes_made_meanwhile(
    asgi_server, contexts, held, settings
):
    member = following(contexts, asgi_server, held, "mem")
    item = held.agenda_items.get()
    # The server refuses streams for a while and drops the open one.
    settings.COFLIGHT_LIVE_STREAMS_PER_PROCESS = 0
    for hub in list(live_hub._hubs.values()):
        for watching in list(hub.topics.values()):
            for subscriber in list(watching):
                hub.loop.call_soon_threadsafe(subscriber.close)
    time.sleep(0.5)
    item.refresh_from_db()
    item.write_minutes("First, while away.", item.version)
    item.write_minutes("First, while away.\n\nSecond, while away.", item.version)
    settings.COFLIGHT_LIVE_STREAMS_PER_PROCESS = 1000

    minutes = member.locator(f"#item-{item.pk}")
    expect(minutes).to_contain_text("Second, while away.", timeout=15_000)
    expect(minutes).to_contain_text("First, while away.")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several processes need PostgreSQL")
def test_two_server_processes_share_the_changes(contexts, held):
    # The servers hash passwords as production does; the tests' quicker hasher is theirs alone.
    for user in User.objects.filter(username__in=["sec", "mem"]):
        password = "pw-secretary-12345" if user.username == "sec" else "pw-member-12345"
        user.password = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
        user.save(update_fields=["password"])
    ports = [free_port(), free_port()]
    env = environment(database_url_of(connection), COFLIGHT_DEBUG="true")
    with serving([[*UVICORN, "--port", str(p)] for p in ports], ports, env):
        secretary = contexts(f"http://127.0.0.1:{ports[0]}")
        sign_in(secretary, "sec", "pw-secretary-12345")
        member = following(contexts, f"http://127.0.0.1:{ports[1]}", held, "mem")

        add_line(secretary, held, "Action: Stuart to compare the two servers")

        expect(member.get_by_text("Compare the two servers")).to_be_visible(timeout=SHOWN_WITHIN_MS)


def test_the_action_just_given_to_me_lights_up_on_my_actions(asgi_server, contexts, held):
    from coflight.people.models import Person

    Person.objects.filter(given_name="Jean-Pierre").update(user=User.objects.get(username="mem"))
    secretary = contexts(asgi_server)
    sign_in(secretary, "sec", "pw-secretary-12345")
    mine = contexts(asgi_server)
    sign_in(mine, "mem", "pw-member-12345")
    with mine.expect_response(lambda r: r.url.endswith("/live/mine/")):
        mine.goto("/actions/mine/")

    add_line(secretary, held, "Action: Jean-Pierre to write the release notes")

    given = mine.locator("article.action[data-live-changed]", has_text="Write the release notes")
    expect(given).to_be_visible(timeout=SHOWN_WITHIN_MS)
