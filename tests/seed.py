"""The 16 May 2013 report, loaded once per test session by `load_seed_report` and copied into
every test that asks for it with one bulk insert per table.

Loading it for real costs about 200 queries; hundreds of tests use it.
"""

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

# What `migrate` creates, which every test database already holds.
CREATED_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "sessions.session",
    "pagecache.revision",
}
# Derived columns, recomputed on the way in rather than copied as text.
RECOMPUTED = {"search.searchentry": {"vector"}}

Rows = list[tuple[type[Model], list[dict]]]


def _tables() -> list[type[Model]]:
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in CREATED_BY_MIGRATE and not model._meta.proxy
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def take() -> Rows:
    """Every row `load_seed_report` writes, read in a transaction that is then rolled back."""
    with transaction.atomic():
        # The same ids whatever ran before in this process: tests name the report's rows by them
        # (meeting 1, action 5), and a rolled-back insert still moves PostgreSQL's sequences.
        _restart_sequences()
        call_command("load_seed_report", verbosity=0)
        rows: Rows = []
        for model in _tables():
            skipped = RECOMPUTED.get(model._meta.label_lower, set())
            fields = [f.attname for f in model._meta.concrete_fields if f.name not in skipped]
            found = list(model._base_manager.order_by("pk").values(*fields))
            if found:
                rows.append((model, found))
        transaction.set_rollback(True)
    return rows


def _restart_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite gives the next id after the highest in the table
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), _tables()):
            cursor.execute(sql)


def put(rows: Rows) -> None:
    """Writes the rows back as they were, ids included, as `load_seed_report` would have."""
    from coflight.pagecache.models import Revision
    from coflight.search.index import vectorise

    # One transaction, so that references are checked once every row is in (a meeting names
    # the next one, which comes after it), in transactional tests as in the others.
    with transaction.atomic():
        for model, found in rows:
            model._base_manager.bulk_create(model(**row) for row in found)
        if connection.vendor == "postgresql":
            # Explicit ids leave the sequences behind; the next row a test adds must not clash.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in rows]):
                    cursor.execute(sql)
        vectorise()
        Revision.bump()
