"""A backup is every row coflight keeps, in Django's JSON fixture format with natural keys.

Content types and permissions are left out because `migrate` creates them; rows that point at
them (group and user permissions, the admin's log) name them by natural key, so a backup loads
into any migrated database. Users and groups are named by natural key too (username, name):
the groups `migrate` creates are merged with the backup's instead of clashing with them.
"""

import contextlib
import datetime
import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal, sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from coflight.search.index import rebuild

# Rebuilt or recreated rather than restored: what `migrate` creates, sign-in and reset throttling
# state, the search index, the page cache's revisions, and the live updates' log (what open pages
# were told: a restored database has no open pages).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "accounts.passwordresetrequest",
    "search",
    "pagecache",
    "live",
]
# What `migrate` creates, so a fresh database holds it and still counts as empty.
CREATED_BY_MIGRATE = {Group}
SUFFIXES = (".json", ".json.gz")


class BackupError(Exception):
    pass


def backed_up_models() -> list[type[Model]]:
    excluded = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
    ]


def _check_name(path: Path) -> None:
    if not path.name.endswith(SUFFIXES) or path.name in SUFFIXES:
        raise BackupError(
            _("Name the backup file NAME.json, or NAME.json.gz to compress it, not “%(name)s”.")
            % {"name": path.name}
        )


def backup(path: Path) -> int:
    """Writes every row to `path` (gzipped when it ends in .gz); returns how many rows.

    The file appears whole or not at all: a failed backup leaves an earlier one in place.
    """
    _check_name(path)
    if not path.parent.is_dir():
        raise BackupError(_("There is no folder %(folder)s.") % {"folder": path.parent})
    partial = path.with_name(f".{path.name}.partial")
    try:
        with transaction.atomic(), _private_text_file(partial) as stream:
            _one_snapshot()
            count = _dump(stream)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


@contextlib.contextmanager
def _private_text_file(path: Path) -> Iterator[IO[str]]:
    """A new file only its owner can read (0600), gzipped if its name says so.

    A backup holds password hashes, email addresses, calendar tokens and the outbox.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # in case the file was there already, with other rights
    with os.fdopen(descriptor, "wb") as raw:
        if path.name.removesuffix(".partial").endswith(".gz"):
            with (
                gzip.GzipFile(fileobj=raw, mode="wb") as packed,
                io.TextIOWrapper(packed, encoding="utf-8") as text,
            ):
                yield text
        else:
            with io.TextIOWrapper(raw, encoding="utf-8") as text:
                yield text


def _dump(stream) -> int:
    """dumpdata's output, natural keys included, with times to the microsecond."""
    models = serializers.sort_dependencies([(None, backed_up_models())], allow_cycles=True)
    count = 0

    def rows():
        nonlocal count
        for model in models:
            for row in model._base_manager.order_by(model._meta.pk.name).iterator():
                count += 1
                yield row

    serializers.serialize(
        "json",
        rows(),
        stream=stream,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        cls=PreciseJSONEncoder,
    )
    return count


class PreciseJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _one_snapshot() -> None:
    """Every table read as of one moment while others go on writing (SQLite does this anyway)."""
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def holds_data() -> bool:
    return any(
        model._base_manager.exists()
        for model in backed_up_models()
        if model not in CREATED_BY_MIGRATE
    )


def _empty() -> None:
    """`flush`, except that numbering goes on from where it was, so that no page a running
    process cached under a revision number before the restore is taken for one after it."""
    connection.ops.execute_sql_flush(
        sql_flush(no_style(), connection, reset_sequences=False, allow_cascade=False)
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


def restore(path: Path, *, replace: bool = False) -> int:
    """Loads a backup in one transaction, then rebuilds the search index; returns how many rows.

    Refuses a database that already holds data unless `replace`, which empties it first: in the
    same transaction, so that a backup that fails to load leaves the database as it was.
    """
    _check_name(path)
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    with transaction.atomic():
        if holds_data():
            if not replace:
                raise BackupError(
                    _(
                        "The database already holds data, so nothing was restored. Restore into "
                        "an empty database (after `migrate`), or add --replace to replace "
                        "everything in it with the backup."
                    )
                )
            _empty()
        try:
            call_command("loaddata", str(path.resolve()), verbosity=0)
        except Exception as error:
            raise BackupError(
                _("The backup could not be restored, and nothing was changed: %(error)s")
                % {"error": error}
            ) from error
        rebuild()  # which also starts a new page-cache revision
        return sum(model._base_manager.count() for model in backed_up_models())
