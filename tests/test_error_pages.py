import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "There is nothing at this address" in content
    assert 'href="/actions/"' in content


def test_the_500_page_renders_without_a_database_or_request():
    content = render_to_string("500.html")
    assert "Something went wrong on our side" in content
