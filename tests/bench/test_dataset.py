"""The benchmark's data generator, at a tiny size: it must keep working as the models change."""

import pytest
from django.db.models import Count

from bench.dataset import generate
from coflight.actions.models import Action, Ownership
from coflight.meetings.models import Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_tiny_data_set_has_every_kind_of_row_the_benchmark_reads():
    generate(organisations=5, people=200, meetings=10, actions=840, seed=1)
    assert Person.objects.count() == 200
    assert Action.objects.count() == 840 + 40
    owners = Action.objects.annotate(n=Count("ownerships")).values_list("n", flat=True)
    assert min(owners) == 1 and max(owners) <= 6
    large = Meeting.objects.get(title="Plenary with sixty attendees")
    assert large.attendances.count() == 60
    assert large.actions.count() == 40
    busy = Person.objects.all()[7]
    assert Action.objects.owned_by(busy).count() >= 2
    history = Action.history.all()
    assert history.filter(history_type="+").count() == 42
    assert history.filter(history_type="~").count() == 21


def test_the_same_seed_gives_the_same_rows():
    generate(organisations=3, people=30, meetings=4, actions=40, seed=7, showcase=False)
    first = list(Action.objects.order_by("pk").values_list("text", "status"))
    Ownership.objects.all().delete()
    Action.history.all().delete()
    Action.objects.all().delete()
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    generate(organisations=3, people=30, meetings=4, actions=40, seed=7, showcase=False)
    assert list(Action.objects.order_by("pk").values_list("text", "status")) == first
