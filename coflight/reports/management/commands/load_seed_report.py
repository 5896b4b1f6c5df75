from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand
from django.db import transaction
from django.db.models import ForeignKey, Model
from django.utils.translation import gettext as _

from coflight.actions.history import FROM_FIXTURE
from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import Meeting
from coflight.people.models import Person
from coflight.search.index import rebuild

FIXTURE = settings.BASE_DIR / "fixtures" / "compatibleone-2013-05-16.json"


class Command(BaseCommand):
    help = _("Loads the 16 May 2013 CompatibleOne report, unless it is already there.")

    def handle(self, *args, **options) -> None:
        # loaddata alone would not duplicate the report, but it would put back every action
        # as the report left it, undoing what people have done since.
        if Meeting.objects.filter(date="2013-05-16", title__startswith="CompatibleOne").exists():
            self.stdout.write(_("The 16 May 2013 report is already loaded; left as it is."))
            return
        with transaction.atomic():
            load_with_new_ids(FIXTURE.read_text(encoding="utf-8"))
            report = Meeting.objects.get(date="2013-05-16", title__startswith="CompatibleOne")
            Person.objects.filter(attendances__meeting=report).number_namesakes()
            # Fixtures load without history; start each action's history where the report does.
            for rows in (
                Action.objects.filter(meeting=report),
                Ownership.objects.filter(action__meeting=report),
                Decision.objects.filter(meeting=report),
            ):
                rows.model.history.bulk_history_create(
                    list(rows), default_change_reason=FROM_FIXTURE
                )
            # Loaded raw, the rows reached no signal: index them (which also bumps the revision).
            rebuild()
        self.stdout.write(self.style.SUCCESS(_("Loaded the 16 May 2013 report.")))


def load_with_new_ids(fixture: str) -> None:
    """Loads a fixture as new rows, its references followed, whatever ids the database has used.

    `loaddata` writes each row under the id the fixture gives it, and so overwrites any row of
    the database that already has that id.
    """
    new_ids: dict[tuple[Any, Any], Any] = {}  # (model, id in the fixture): id in the database
    later: list[tuple[Model, str, Any, Any]] = []
    loaded = list(serializers.deserialize("json", fixture))
    for item in loaded:
        row = item.object
        old_id = row.pk
        for field in row._meta.concrete_fields:
            if not isinstance(field, ForeignKey) or getattr(row, field.attname) is None:
                continue
            target = (field.related_model, getattr(row, field.attname))
            if target in new_ids:
                setattr(row, field.attname, new_ids[target])
            else:  # a row further down the fixture, such as the next meeting
                later.append((row, field.attname, *target))
                setattr(row, field.attname, None)
        row.pk = None
        row.save_base(raw=True)
        new_ids[(type(row), old_id)] = row.pk
    for row, attname, model, old_id in later:
        type(row)._base_manager.filter(pk=row.pk).update(**{attname: new_ids[(model, old_id)]})
    for item in loaded:
        for name, old_ids in (item.m2m_data or {}).items():
            related = item.object._meta.get_field(name).related_model
            getattr(item.object, name).set([new_ids[(related, old)] for old in old_ids])
