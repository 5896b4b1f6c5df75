"""Django's database sessions, read in the same query as the revision of what users may do.

With it, the user the session names comes from the process's memory while that revision holds
(accounts.backends), so a signed-in request costs one query before the page's own.
"""

from contextvars import ContextVar

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from coflight.pagecache.models import PERMISSIONS, Revision, key

# Set by the session read for this request; None until it is read, or if there is none.
permissions_revision: ContextVar[str | None] = ContextVar("permissions_revision", default=None)


class SessionStore(db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        permissions_revision.set(None)

    def _get_session_from_db(self):
        table = self.model._meta.db_table
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data, {Revision.objects.columns(PERMISSIONS)} FROM {table} "
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        permissions_revision.set(key(row[1], row[2]))
        return self.model(session_key=str(self.session_key), session_data=row[0])
