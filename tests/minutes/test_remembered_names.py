"""A name the importer settles ("Ann" is Ann Kim) is settled so again in the next import of
the same series, as the preview says; the importer may still choose otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coflight.actions.models import Ownership
from coflight.meetings.models import Series
from coflight.minutes.models import RememberedName
from coflight.minutes.parser import parse
from coflight.minutes.services import UNSETTLED, import_plan, import_save
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def minutes(day: int, series: str = "Board") -> str:
    return (
        f"Board call, {day} March 2024\n\nSeries: {series}\n\n"
        "Present: Ann Lee (Acme), Ann Kim (Globex)\n\n1. Budget\nAnn to send the figures.\n"
    )


def owner(day: int) -> str | None:
    found = Ownership.objects.get(action__meeting__date=f"2024-03-{day:02d}")
    return found.person.name if found.person else None


def kim(plan) -> str:
    choice = next(c for c in plan.choices if c.key == "owner-1-0")
    return next(value for value, label in choice.options if "Kim" in label)


def test_the_next_import_of_the_series_settles_the_name_as_the_last_did(importer):
    import_save(parse(minutes(4)), {"owner-1-0": kim(import_plan(parse(minutes(4))))})
    assert owner(4) == "Ann Kim"
    plan = import_plan(parse(minutes(11)))
    (choice,) = [c for c in plan.choices if c.key == "owner-1-0"]
    assert choice.remembered and choice.selected == kim(plan)
    page = importer.post("/import/", {"text": minutes(11)}).content.decode()
    assert "as settled in the last import of this series" in page
    import_save(parse(minutes(11)))
    assert owner(11) == "Ann Kim"


def test_the_importer_may_still_leave_it_open_and_another_series_is_not_told():
    import_save(parse(minutes(4)), {"owner-1-0": kim(import_plan(parse(minutes(4))))})
    import_save(parse(minutes(11)), {"owner-1-0": UNSETTLED})
    assert owner(11) is None
    import_save(parse(minutes(18, series="Finance")))
    assert owner(18) is None


def test_a_name_settled_as_two_people_in_one_import_is_not_remembered():
    text = minutes(4).replace("Ann to send the figures.", "Ann to send the figures.\nAnn to pay.")
    plan = import_plan(parse(text))
    lee = next(v for v, label in plan.choices[1].options if "Lee" in label)
    import_save(parse(text), {"owner-1-0": kim(plan), "owner-2-0": lee})
    assert not RememberedName.objects.exists()


@pytest.fixture
def importer(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_and_correct_them_in_the_admin_in_the_same_queries_however_many(
    client, superuser
):
    client.force_login(superuser)
    client.get("/admin/")
    series = Series.objects.create(name="Board")
    sizes = []
    for count in (1, 20):
        RememberedName.objects.bulk_create(
            RememberedName(series=series, written=f"ann {n}-{count}", person=make_person(f"Ann{n}"))
            for n in range(count)
        )
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/admin/minutes/rememberedname/").content.decode()
        assert f"ann 0-{count}" in page
        sizes.append(len(captured))
    assert sizes[0] == sizes[1], sizes


def test_a_short_name_of_an_attendee_is_asked_about_never_guessed():
    text = (
        "Board call, 4 March 2024\n\nPresent: David Grove (IBM), Heather Miller (EPFL)\n\n"
        "1. Spark\nDave will try to find out.\n"
    )
    plan = import_plan(parse(text))
    (choice,) = plan.choices
    assert (choice.written, choice.selected) == ("Dave", UNSETTLED)
    assert [label for _v, label in choice.options][1:] == ["David Grove (IBM)", "a new person"]
    assert not any("Dave" in warning and "not among" in warning for warning in plan.warnings)
    meeting = import_save(parse(text))
    dave = Ownership.objects.get(action__meeting=meeting)
    assert dave.person is None and [p.name for p in dave.candidates.all()] == ["David Grove"]
    david = next(value for value, label in choice.options if "David" in label)
    import_save(parse(text.replace("4 March", "11 March")), {"owner-1-0": david})
    assert owner(11) == "David Grove"
