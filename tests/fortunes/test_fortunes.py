import re

import pytest

from coflight.fortunes.models import Fortune

pytestmark = pytest.mark.django_db

MESSAGES = {
    1: "fortune: No such file or directory",
    2: "A computer scientist is someone who fixes things that aren't broken.",
    11: '<script>alert("This should not be displayed in a browser alert box.");</script>',
    12: "フレームワークのベンチマーク",
}


@pytest.fixture
def fortunes(db):
    Fortune.objects.bulk_create(Fortune(id=i, message=m) for i, m in MESSAGES.items())


def test_the_reference_page_is_not_served_unless_the_benchmark_asks_for_it(client, fortunes):
    assert client.get("/bench/fortunes/").status_code == 404


@pytest.mark.urls("tests.fortunes.urls")
def test_it_lists_every_fortune_and_one_more_sorted_and_escaped(client, fortunes):
    response = client.get("/bench/fortunes/")
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", page)
    assert [int(i) for i, _ in rows] == [11, 2, 0, 1, 12]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;This should not" in page
    assert "フレームワークのベンチマーク" in page


@pytest.mark.urls("tests.fortunes.urls")
def test_it_takes_one_query(client, fortunes, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/bench/fortunes/")
