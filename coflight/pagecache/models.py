from django.db import models


class RevisionQuerySet(models.QuerySet):
    def current(self) -> int:
        return self.aggregate(latest=models.Max("pk"))["latest"] or 0


class Revision(models.Model):
    """One row per change to what the pages show; the newest id names the data's revision.

    Rows are inserted, never updated, so concurrent writers never wait on each other, and a
    change's row becomes visible exactly when the change commits.
    """

    objects = RevisionQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.pk)

    @classmethod
    def bump(cls) -> int:
        revision = cls.objects.create().pk
        if revision % 1000 == 0:
            cls.objects.filter(pk__lt=revision - 100).delete()
        return revision
