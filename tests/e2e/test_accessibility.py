"""axe-core on every page people use: zero violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.template.loader import render_to_string
from playwright.sync_api import expect

from coflight.accounts.roles import MEMBERS, STAFF
from coflight.people.models import Person
from tests.conftest import address

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def violations(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


PUBLIC = [
    "/",
    "the report",
    "the plenary",
    "/actions/",
    "/actions/?status=bogus",
    "action 13",
    "/people/",
    "person Jean-Pierre",
    "organisation TSP",
    "/accounts/login/",
    "/search/?q=Laisne",
    "/search/?q=",
    "/no/such/page/",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages(browse, url):
    page = browse()
    page.goto(address(url))
    assert violations(page) == []


@pytest.mark.parametrize("url", ["the report", "/actions/", "action 13", "/actions/mine/"])
def test_pages_with_the_edit_controls_open(browse, url):
    user = User.objects.create_user("jp", password="pw-member-12345")
    user.groups.add(Group.objects.get(name=MEMBERS))
    Person.objects.filter(given_name="Jean-Pierre").update(user=user)
    page = browse()
    sign_in(page, "jp", "pw-member-12345")
    page.goto(address(url))
    for link in page.locator(".open-controls a").all()[:2]:
        link.click()
    expect(page.locator(".controls summary").first).to_be_visible()
    for summary in page.locator(".controls summary").all()[:8]:
        summary.click()
    assert violations(page) == []


def test_the_import_page_and_its_preview(browse):
    staff = User.objects.create_user("staff", password="pw-staff-12345", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF))
    page = browse()
    sign_in(page, "staff", "pw-staff-12345")
    page.goto("/import/")
    assert violations(page) == []
    page.set_input_files("input[type=file]", "fixtures/compatibleone-workshop-2013-05-16.txt")
    page.get_by_role("button", name="Preview").click()
    assert violations(page) == []


def test_the_server_error_page(browse):
    page = browse()
    page.set_content(render_to_string("500.html"))
    assert violations(page) == []


def test_a_refusal_page(browse):
    User.objects.create_user("nobody", password="pw-nobody-12345")
    page = browse()
    sign_in(page, "nobody", "pw-nobody-12345")
    page.goto("/import/")
    assert "Not allowed" in page.content()
    assert violations(page) == []
