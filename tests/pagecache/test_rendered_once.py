"""After an edit, the page is rendered by one process while the others that want it wait for it,
instead of every worker rendering it at the same moment."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coflight.pagecache import shared
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

ELSEWHERE = b"<!doctype html><title>Rendered by the other process</title>"


@pytest.fixture
def claims(monkeypatch) -> list[str]:
    """The keys this process claims, claimed as usual."""
    keys: list[str] = []
    claim = shared.lock

    def recorded(key: str) -> bool:
        keys.append(key)
        return claim(key)

    monkeypatch.setattr(shared, "lock", recorded)
    return keys


@pytest.fixture
def claimed_elsewhere(monkeypatch) -> dict[str, str]:
    """Every page's rendering already claimed by another process when asked for."""
    seen: dict[str, str] = {}
    claim = shared.lock

    def taken(key: str) -> bool:
        assert claim(key)
        seen["key"] = key
        return False

    monkeypatch.setattr(shared, "lock", taken)
    return seen


def test_a_page_another_process_is_rendering_is_waited_for_and_served(
    client, report, claimed_elsewhere, monkeypatch
):
    def the_other_process_finishes(seconds: float) -> None:
        key = claimed_elsewhere["key"]
        shared.put(key, (200, {"Content-Type": "text/html; charset=utf-8"}, ELSEWHERE))
        shared.unlock(key)

    monkeypatch.setattr(shared, "sleep", the_other_process_finishes)
    response = client.get("/meetings/1/")
    assert response.status_code == 200
    assert response.content == ELSEWHERE


def test_when_the_other_process_stops_without_storing_the_page_it_is_rendered_here(
    client, report, claimed_elsewhere, monkeypatch
):
    monkeypatch.setattr(shared, "sleep", lambda seconds: shared.unlock(claimed_elsewhere["key"]))
    response = client.get("/meetings/1/")
    assert "Rendered by the other process" not in text_of(response)
    assert "2013 & Beyond" in text_of(response)


def test_a_process_that_never_finishes_is_waited_for_a_bounded_time(
    client, report, claimed_elsewhere, monkeypatch
):
    naps: list[float] = []
    monkeypatch.setattr(shared, "sleep", naps.append)
    clock = iter(range(0, 1000))
    monkeypatch.setattr(shared, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(shared, "WAIT_SECONDS", 5.0)
    response = client.get("/meetings/1/")
    assert "2013 & Beyond" in text_of(response)
    assert len(naps) == 4


def test_the_claim_is_freed_once_the_page_is_stored(client, report, claims):
    client.get("/meetings/1/")
    [key] = claims
    assert shared.get(key) is not None
    assert caches["default"].get(f"rendering:{key}") is None


def test_the_claim_is_freed_when_rendering_fails(client, report, claims, monkeypatch):
    monkeypatch.setattr("coflight.reports.views._report", lambda request, pk: 1 / 0, raising=True)
    client.raise_request_exception = False
    assert client.get("/meetings/1/").status_code == 500
    [key] = claims
    assert caches["default"].get(f"rendering:{key}") is None
    assert shared.get(key) is None


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_storing_a_page_does_not_wait_for_the_disk(report):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    with CaptureQueriesContext(connection) as queries:
        shared.put("page:test", (200, {}, b"stored"))
    assert "SET LOCAL synchronous_commit TO OFF" in [q["sql"] for q in queries]
    caches["local"].clear()
    assert shared.get("page:test") == (200, {}, b"stored")
