import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, models


class Pages(NamedTuple):
    """The meeting pages a change shows on: one meeting's, and those of every meeting dated
    after `after` (whose review lists the open actions of earlier meetings)."""

    meeting: int | None = None
    after: datetime.date | None = None


# Which rows a key counts: every change but to permissions; a meeting's own page (what concerns
# it, or meetings before it, or everything); and what users may do.
EVERYTHING = "scope <> 'permissions'"
MEETING_PAGE = "scope = 'all' OR meeting = {meeting} OR after < {date}"
PERMISSIONS = "scope IN ('all', 'permissions')"


class RevisionQuerySet(models.QuerySet):
    """Revisions as keys: the newest row and the number of rows, so that a row committing after
    a newer one (sequences do not follow commit order) still changes the key.

    In SQL of its own: these run on every request, where building an ORM query would cost more
    than running it, and they join the query of the row they key (a meeting, a user).
    """

    def columns(self, rows: str) -> str:
        """Two columns, `revision_latest` and `revision_count`, for a SELECT."""
        table = self.model._meta.db_table
        return (
            f"(SELECT MAX(id) FROM {table} WHERE {rows}) AS revision_latest, "
            f"(SELECT COUNT(*) FROM {table} WHERE {rows}) AS revision_count"
        )

    def _key(self, rows: str, params: tuple = ()) -> str:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {self.columns(rows)}", params)
            latest, count = cursor.fetchone()
        return key(latest, count)

    def current(self) -> str:
        """What every page depends on: any change to what pages show."""
        return self._key(EVERYTHING)

    def of_permissions(self) -> str:
        """What users' permissions depend on."""
        return self._key(PERMISSIONS)


def key(latest: int | None, count: int) -> str:
    return f"{latest or 0}.{count}"


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
