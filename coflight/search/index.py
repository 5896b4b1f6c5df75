"""Keeps the search entries in step with what they describe."""

import itertools
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import (
    Max,
    Model,
    Prefetch,
    QuerySet,
    TextField,
    Value,
    prefetch_related_objects,
)
from django.db.models.expressions import CombinedExpression

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Meeting, Project
from coflight.organisations.models import Organisation
from coflight.pagecache.models import Revision
from coflight.people.models import Person

from .models import SearchEntry, folded_words, joined_words

CONFIG = "coflight"
INDEXED = (Meeting, AgendaItem, Action, Decision, Person, Organisation)
# An action's entry names its owners, and a meeting's the projects represented at it: a change
# of owners or a renamed project updates them.
FOLLOWED = (*INDEXED, Ownership, Project)


def _fields(instance, owners: list[Ownership] | None = None) -> dict | None:
    if isinstance(instance, Meeting):
        place = ", ".join(p for p in (instance.venue, instance.address, instance.room) if p)
        projects = ", ".join(p.name for p in instance.projects.all())
        return {
            "kind": SearchEntry.Kind.MEETING,
            "title": instance.title,
            "body": "\n".join(p for p in (instance.summary, place, projects) if p),
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
        prefetched = getattr(instance, "_prefetched_objects_cache", {})
        if owners is None and "ownerships" not in prefetched:
            prefetch_related_objects([instance], _OWNERS)
        names = instance.owners_text(ownerships=owners)
        notes = [o.acting_for for o in (instance.ownerships.all() if owners is None else owners)]
        return {
            "kind": SearchEntry.Kind.ACTION,
            "title": instance.text,
            "body": "\n".join(
                p for p in (names, instance.acting_for, *notes, instance.closing_note) if p
            ),
            "context": str(instance.meeting_id),
        }
    if isinstance(instance, Decision):
        return {
            "kind": SearchEntry.Kind.DECISION,
            "title": instance.text,
            "body": instance.agreed_by,
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
    if isinstance(instance, Decision):
        return f"/meetings/{instance.meeting_id}/#decision-{instance.pk}"
    return instance.get_absolute_url()


def _entry(instance, owners: list[Ownership] | None = None) -> SearchEntry | None:
    fields = _fields(instance, owners)
    if fields is None:
        return None
    title_aliases = joined_words(fields["title"])
    aliases = " ".join(a for a in (title_aliases, joined_words(fields["body"])) if a)
    return SearchEntry(
        object_id=instance.pk,
        url=_url(instance),
        aliases=aliases,
        title_folded=folded_words(f"{fields['title']}\n{title_aliases}"),
        folded=folded_words(f"{fields['title']}\n{fields['body']}\n{aliases}"),
        **fields,
    )


def key_of(instance) -> tuple:
    """What `update(instance)` indexes: an owner's action, or the instance itself."""
    if isinstance(instance, Ownership):
        return (Action, instance.action_id)
    return (type(instance), instance.pk)


def update(instance) -> None:
    if isinstance(instance, Project):
        for meeting in instance.meetings.all():
            update(meeting)
        return
    if isinstance(instance, Ownership):
        # The action the write holds, unless it holds a list of owners without this one.
        held = instance.action if Ownership.action.is_cached(instance) else None
        listed = getattr(held, "_prefetched_objects_cache", {}).get("ownerships")
        if held is None or (listed is not None and not any(o is instance for o in listed)):
            instance = Action.objects.filter(pk=instance.action_id).first()
        else:
            instance = held
        if instance is None:
            return
    entry = _entry(instance)
    if entry is None:
        return
    fields = ("title", "body", "aliases", "url", "context", "title_folded", "folded")
    values = {f: getattr(entry, f) for f in fields}
    if connection.vendor == "postgresql":
        values["vector"] = _vector(entry.title, entry.body, entry.aliases)
    # One statement, whether the entry is new or not: INSERT … ON CONFLICT DO UPDATE.
    SearchEntry.objects.bulk_create(
        [SearchEntry(kind=entry.kind, object_id=entry.object_id, **values)],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=list(values),
    )


def remove(instance) -> None:
    if isinstance(instance, Project):
        return  # its meetings were updated as the project was taken from them
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
        instances: QuerySet[Any] = model._default_manager.all()
        if model is Action:
            instances = Action.objects.all().prefetch_related(_OWNERS)
        if model is Meeting:
            instances = Meeting.objects.all().prefetch_related("projects")
        count += _write(instances.iterator(chunk_size=500))
    vectorise()
    Revision.bump()
    return count


def add_all(rows: dict[type[Model], list[Model]]) -> int:
    """Indexes rows written in bulk (see coflight.signals), and the actions of new owners."""
    written = {a.pk: a for a in rows.get(Action, [])}
    # The owners of the actions written with them are at hand; other actions fetch theirs.
    owners: dict[int, list[Ownership]] = {pk: [] for pk in written}
    for ownership in sorted(cast(list[Ownership], rows.get(Ownership, [])), key=_in_order):
        owners.setdefault(ownership.action_id, []).append(ownership)
    others = list(Action.objects.in_bulk(owners.keys() - written.keys()).values())
    prefetch_related_objects(others, _OWNERS)
    instances = [i for model in INDEXED if model is not Action for i in rows.get(model, [])]
    entries = [entry for entry in map(_entry, [*instances, *others]) if entry is not None]
    entries += [entry for a in written.values() if (entry := _entry(a, owners[a.pk]))]
    for kind in {entry.kind for entry in entries}:
        ids = [entry.object_id for entry in entries if entry.kind == kind]
        SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
    first = SearchEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    vectorise(SearchEntry.objects.filter(pk__gt=first))  # the entries just written
    return len(entries)


_OWNERS = Prefetch("ownerships", queryset=Ownership.objects.select_related("person__organisation"))


def _in_order(ownership: Ownership) -> tuple[int, int]:
    return (ownership.position, ownership.pk)


def _write(instances: Iterable[Model]) -> int:
    entries = filter(None, map(_entry, instances))
    count = 0
    while batch := list(itertools.islice(entries, 2000)):
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
    return count


def _vector(title: str, body: str, aliases: str) -> CombinedExpression:
    def text(value: str) -> Value:
        return Value(value, output_field=TextField())

    return (
        SearchVector(text(title), weight="A", config=CONFIG)
        + SearchVector(text(body), weight="B", config=CONFIG)
        + SearchVector(text(aliases), weight="B", config=CONFIG)
    )


def vectorise(entries: QuerySet[SearchEntry] | None = None) -> None:
    """Builds the entries' tsvectors from their titles and bodies, in one UPDATE (PostgreSQL)."""
    if connection.vendor == "postgresql":
        (SearchEntry.objects.all() if entries is None else entries).update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("body", weight="B", config=CONFIG)
            + SearchVector("aliases", weight="B", config=CONFIG)
        )
