import pytest
from django.test import override_settings

from tests.conftest import HTMX, address

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("report")]

PAGES = [
    "/",
    "the report",
    "the report's text",
    "/actions/",
    "action 1",
    "/people/",
    "person Jean-Michel",
    "organisation Bull",
]


@pytest.mark.parametrize("url", PAGES)
def test_reading_is_public_by_default(client, url):
    assert client.get(address(url)).status_code == 200


@override_settings(COFLIGHT_PUBLIC_READ=False)
@pytest.mark.parametrize("url", PAGES)
def test_with_public_read_off_every_page_asks_for_sign_in(client, url):
    url = address(url)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert client.get(url, **HTMX).status_code == 403


@override_settings(COFLIGHT_PUBLIC_READ=False)
@pytest.mark.parametrize("url", PAGES)
def test_with_public_read_off_signed_in_users_read(client, outsider, url):
    client.force_login(outsider)
    assert client.get(address(url)).status_code == 200


@override_settings(COFLIGHT_PUBLIC_READ=False)
def test_with_public_read_off_the_sign_in_pages_stay_open(client):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/accounts/password_reset/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_the_setting_is_read_strictly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from coflight.settings import env_bool

    monkeypatch.setenv("COFLIGHT_PUBLIC_READ", "nope")
    with pytest.raises(ImproperlyConfigured, match="COFLIGHT_PUBLIC_READ must be true or false"):
        env_bool("COFLIGHT_PUBLIC_READ", True)
    monkeypatch.setenv("COFLIGHT_PUBLIC_READ", "false")
    assert env_bool("COFLIGHT_PUBLIC_READ", True) is False
