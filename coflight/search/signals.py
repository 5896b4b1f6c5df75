from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from coflight.actions.models import Ownership
from coflight.meetings.models import Meeting, Project
from coflight.signals import forget, once, rows_created

from . import index


@receiver(post_save)
def _saved(sender, instance, raw: bool = False, **kwargs) -> None:
    # Fixtures and restores load rows raw, in bulk; they rebuild the index once at the end.
    if not raw and sender in index.FOLLOWED:
        once(("search", *index.key_of(instance)), lambda: index.update(instance))


@receiver(post_delete)
def _deleted(sender, instance, **kwargs) -> None:
    if sender in index.FOLLOWED:
        if not isinstance(instance, Ownership):
            forget(("search", *index.key_of(instance)))
        index.remove(instance)


@receiver(rows_created)
def _written_in_bulk(sender, rows: dict, **kwargs) -> None:
    index.add_all(rows)


@receiver(m2m_changed, sender=Meeting.projects.through)
def _projects_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index.update(instance)
    else:
        for meeting in Meeting.objects.filter(pk__in=pk_set or ()):
            index.update(meeting)


@receiver(pre_delete, sender=Project)
def _project_deleted(sender, instance: Project, **kwargs) -> None:
    # Deleting a project takes it from its meetings without an m2m_changed signal.
    meetings = list(instance.meetings.all())
    instance.meetings.clear()
    for meeting in meetings:
        index.update(meeting)
