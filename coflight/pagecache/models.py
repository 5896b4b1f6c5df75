import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import models
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Concat


class Pages(NamedTuple):
    """The meeting pages a change shows on: one meeting's, and those of every meeting dated
    after `after` (whose review lists the open actions of earlier meetings)."""

    meeting: int | None = None
    after: datetime.date | None = None


class _Count(models.Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = models.IntegerField()


def _key(rows: "RevisionQuerySet") -> Concat:
    """The newest row and the number of rows: a row that commits after a newer one (sequences
    do not follow commit order) still changes the key."""
    return Concat(
        Cast(Subquery(rows.order_by("-pk").values("pk")[:1]), models.CharField()),
        models.Value("."),
        Cast(_Count(rows.order_by().values("pk")), models.CharField()),
        output_field=models.CharField(),
    )


class RevisionQuerySet(models.QuerySet):
    def current(self) -> str:
        """What every page depends on: any change to what pages show."""
        found = self.exclude(scope=Revision.Scope.PERMISSIONS).aggregate(
            latest=Max("pk"), n=Count("pk")
        )
        return f"{found['latest'] or 0}.{found['n']}"

    def of_meeting_page(self) -> Concat:
        """To annotate meetings with: what their own page depends on."""
        return _key(
            self.filter(
                Q(scope=Revision.Scope.ALL)
                | Q(meeting=OuterRef("pk"))
                | Q(after__lt=OuterRef("date"))
            )
        )

    def of_permissions(self) -> Concat:
        """To annotate users with: what their permissions depend on."""
        return _key(self.filter(scope__in=[Revision.Scope.ALL, Revision.Scope.PERMISSIONS]))


class Revision(models.Model):
    """One row per change to what the pages show; the rows name the data's revision.

    Rows are inserted, never updated, so concurrent writers never wait on each other, and a
    change's row becomes visible exactly when the change commits. A change to one meeting's
    actions names the pages it shows on, so that the other meetings' pages stay cached.
    """

    class Scope(models.TextChoices):
        ALL = "all"
        MEETING = "meeting"
        PERMISSIONS = "permissions"

    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.ALL)
    meeting = models.IntegerField(null=True)
    after = models.DateField(null=True)

    objects = RevisionQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.pk)

    @classmethod
    def bump(cls, scope: str = Scope.ALL, pages: Iterable[Pages] = ()) -> None:
        rows = [cls(scope=cls.Scope.MEETING, meeting=p.meeting, after=p.after) for p in pages]
        rows = rows or [cls(scope=scope)]
        for row in rows:
            row.save()
        if any(row.pk % 1000 == 0 for row in rows):
            # A row for everything first: every key moves past all it ever was, so none can
            # come back to an old value once the older rows are gone.
            latest = cls.objects.create().pk
            cls.objects.filter(pk__lt=latest - 100).delete()
