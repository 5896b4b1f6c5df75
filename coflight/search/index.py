"""Keeps the search entries in step with what they describe."""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch, QuerySet, TextField, Value, prefetch_related_objects
from django.db.models.expressions import CombinedExpression

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Meeting
from coflight.organisations.models import Organisation
from coflight.pagecache.models import Revision
from coflight.people.models import Person

from .models import SearchEntry, folded_words

CONFIG = "coflight"
INDEXED = (Meeting, AgendaItem, Action, Person, Organisation)
# An action's entry names its owners, so a change of owners updates it.
FOLLOWED = (*INDEXED, Ownership)


def _fields(instance) -> dict | None:
    if isinstance(instance, Meeting):
        place = ", ".join(p for p in (instance.venue, instance.address, instance.room) if p)
        return {
            "kind": SearchEntry.Kind.MEETING,
            "title": instance.title,
            "body": "\n".join(p for p in (instance.summary, place) if p),
            "context": instance.date.isoformat(),
        }
    if isinstance(instance, AgendaItem):
        return {
            "kind": SearchEntry.Kind.AGENDA_ITEM,
            "title": instance.title,
            "body": instance.minutes,
            "context": str(instance.meeting_id),
        }
    if isinstance(instance, Action):
        if "ownerships" not in getattr(instance, "_prefetched_objects_cache", {}):
            rows = Ownership.objects.select_related("person")
            prefetch_related_objects([instance], Prefetch("ownerships", queryset=rows))
        owners = instance.owners_text()
        return {
            "kind": SearchEntry.Kind.ACTION,
            "title": instance.text[:400],
            "body": "\n".join(p for p in (owners, instance.acting_for, instance.closing_note) if p),
            "context": str(instance.meeting_id),
        }
    if isinstance(instance, Person):
        return {
            "kind": SearchEntry.Kind.PERSON,
            "title": instance.name,
            "body": "",
            "context": str(instance.organisation_id or ""),
        }
    if isinstance(instance, Organisation):
        return {
            "kind": SearchEntry.Kind.ORGANISATION,
            "title": instance.name,
            "body": "",
            "context": "",
        }
    return None


def _url(instance) -> str:
    if isinstance(instance, AgendaItem):
        return f"/meetings/{instance.meeting_id}/#item-{instance.pk}"
    return instance.get_absolute_url()


def _entry(instance) -> SearchEntry | None:
    fields = _fields(instance)
    if fields is None:
        return None
    return SearchEntry(
        object_id=instance.pk,
        url=_url(instance),
        title_folded=folded_words(fields["title"]),
        folded=folded_words(f"{fields['title']}\n{fields['body']}"),
        **fields,
    )


def update(instance) -> None:
    if isinstance(instance, Ownership):
        instance = Action.objects.filter(pk=instance.action_id).first()
        if instance is None:
            return
    entry = _entry(instance)
    if entry is None:
        return
    values = {
        f: getattr(entry, f) for f in ("title", "body", "url", "context", "title_folded", "folded")
    }
    if connection.vendor == "postgresql":
        values["vector"] = _vector(entry.title, entry.body)
    updated = SearchEntry.objects.filter(kind=entry.kind, object_id=entry.object_id).update(
        **values
    )
    if not updated:
        SearchEntry.objects.create(kind=entry.kind, object_id=entry.object_id, **values)


def remove(instance) -> None:
    if isinstance(instance, Ownership):
        update(instance)
        return
    entry = _entry(instance)
    if entry is not None:
        SearchEntry.objects.filter(kind=entry.kind, object_id=instance.pk).delete()


def rebuild() -> int:
    """Indexes everything again, in bulk: after loading data in ways that skip signals."""
    SearchEntry.objects.all().delete()
    count = 0
    for model in INDEXED:
        batch: list[SearchEntry] = []
        instances: QuerySet[Any] = model._default_manager.all()
        if model is Action:
            owners = Ownership.objects.select_related("person")
            instances = Action.objects.all().prefetch_related(
                Prefetch("ownerships", queryset=owners)
            )
        for instance in instances.iterator(chunk_size=500):
            if entry := _entry(instance):
                batch.append(entry)
            if len(batch) == 2000:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
    vectorise()
    Revision.bump()
    return count


def _vector(title: str, body: str) -> CombinedExpression:
    return SearchVector(Value(title, output_field=TextField()), weight="A", config=CONFIG) + (
        SearchVector(Value(body, output_field=TextField()), weight="B", config=CONFIG)
    )


def vectorise() -> None:
    """Builds every entry's tsvector from its title and body, in one UPDATE (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        SearchEntry.objects.update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("body", weight="B", config=CONFIG)
        )
