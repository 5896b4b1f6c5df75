"""TechEmpower's Fortunes test, the benchmarks' reference: only bench.settings installs it."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

MESSAGES = {
    1: "fortune: No such file or directory",
    2: "A computer scientist is someone who fixes things that aren't broken.",
    11: '<script>alert("This should not be displayed in a browser alert box.");</script>',
    12: "フレームワークのベンチマーク",
}


def test_coflight_itself_knows_nothing_of_it(client, db):
    assert "bench.fortunes" not in settings.INSTALLED_APPS
    assert not apps.is_installed("bench.fortunes")
    assert "fortunes_fortune" not in connection.introspection.table_names()
    assert client.get("/bench/fortunes/").status_code == 404


@pytest.fixture
def fortunes(transactional_db, settings):
    """As bench.settings has it: the app installed, its table created, its page mounted."""
    from bench import settings as bench_settings

    settings.INSTALLED_APPS = bench_settings.INSTALLED_APPS
    settings.ROOT_URLCONF = "bench.urls"
    from bench.fortunes.models import Fortune

    with connection.schema_editor() as editor:
        editor.create_model(Fortune)
    Fortune.objects.bulk_create(Fortune(id=i, message=m) for i, m in MESSAGES.items())
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Fortune)


def test_it_lists_every_fortune_and_one_more_sorted_and_escaped(client, fortunes):
    response = client.get("/bench/fortunes/")
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", page)
    assert [int(i) for i, _ in rows] == [11, 2, 0, 1, 12]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;This should not" in page
    assert "フレームワークのベンチマーク" in page


def test_it_takes_one_query(client, fortunes, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/bench/fortunes/")
