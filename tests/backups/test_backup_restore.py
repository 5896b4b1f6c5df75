"""`manage.py backup` and `manage.py restore`: a round trip gives back every row of every model.

These tests use real transactions (transactional_db): restore runs as it does in production,
in a transaction of its own.
"""

import datetime
import gzip
import json
import stat

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client

from coflight.accounts.roles import MEMBERS
from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.pagecache.models import Revision
from coflight.people.models import Person
from coflight.search.index import rebuild
from coflight.search.models import SearchEntry
from tests.conftest import action_no

pytestmark = pytest.mark.django_db(transaction=True)

# Not in a backup by design: sign-in sessions, throttling state, the page cache's revisions.
NOT_BACKED_UP = {"sessions", "axes", "pagecache", "accounts", "live"}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def every_row() -> dict:
    """Every row of every model, field by field, in terms that survive a restore.

    Rows of models with natural keys (users, groups, permissions, content types) and links to
    them are compared by natural key, as `migrate` numbers the last two afresh; many-to-many
    rows by what they link; search entries by what they index. Everything else by primary key.
    """
    natural = {
        model: {obj.pk: obj.natural_key() for obj in model._base_manager.all()}
        for model in apps.get_models()
        if hasattr(model, "natural_key")
    }

    def value(obj, field):
        raw = getattr(obj, field.attname)
        if field.is_relation and field.related_model in natural and raw is not None:
            return natural[field.related_model][raw]
        return raw

    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in NOT_BACKED_UP:
            continue
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        table = {}
        for obj in model._base_manager.all():
            values = tuple(value(obj, f) for f in fields)
            if model._meta.auto_created:
                key = values
            elif model in natural:
                key = natural[model][obj.pk]
            elif model._meta.label == "search.SearchEntry":
                assert isinstance(obj, SearchEntry)
                key = (obj.kind, obj.object_id)
            else:
                key = obj.pk
            table[key] = dict(zip((f.name for f in fields), values, strict=True))
        rows[model._meta.label] = table
    return rows


def assert_same_rows(before: dict, after: dict) -> None:
    assert before.keys() == after.keys()
    for label in before:
        missing = before[label].keys() - after[label].keys()
        extra = after[label].keys() - before[label].keys()
        assert not missing and not extra, (label, sorted(missing)[:5], sorted(extra)[:5])
        for key, row in before[label].items():
            assert after[label][key] == row, (label, key)


@pytest.fixture
def everything(large, used):
    """The report, the bulk data, and what only use creates."""
    return used


@pytest.fixture
def used(report, member, staff, superuser, outsider):
    """The report and what only use creates: users in groups, a custom group, linked people and
    feed tokens, history made on the pages, and the admin's log."""
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(Permission.objects.get(codename="view_meeting"))
    outsider.groups.add(auditors)
    outsider.user_permissions.add(Permission.objects.get(codename="view_person"))
    Person.objects.get(user=member).renew_calendar_token()
    client = Client()
    client.force_login(member)
    action = action_no(4)
    client.post(f"/actions/{action.pk}/text/", {"version": action.version, "text": "Reworded"})
    action = action_no(5)
    client.post(
        f"/actions/{action.pk}/status/",
        {"version": action.version, "status": "done", "note": "Sent — «merci»"},
    )
    admin = Client()
    admin.force_login(superuser)
    admin.post("/admin/meetings/series/add/", {"name": "Plenaries"})
    assert LogEntry.objects.exists()
    rebuild()


@pytest.mark.parametrize("name", ["coflight.json", "coflight.json.gz"])
def test_a_round_trip_gives_back_every_row(everything, tmp_path, name):
    before = every_row()
    assert sum(len(t) for t in before.values()) > 5000
    path = tmp_path / name
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Action.objects.exists()
    call_command("restore", str(path), verbosity=0)
    assert_same_rows(before, every_row())


def test_a_restored_database_works(used, tmp_path, member):
    path = tmp_path / "coflight.json"
    call_command("backup", str(path))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path))
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": "jeanpierre", "password": "pw-jeanpierre-123"}
        ).status_code
        == 302
    )
    assert client.get("/actions/mine/").status_code == 200
    assert "Reworded" in client.get(action_no(4).get_absolute_url()).content.decode()
    assert "Reworded" in client.get("/search/?q=Reworded").content.decode()
    assert Group.objects.get(name=MEMBERS).user_set.filter(username="jeanpierre").exists()
    # New rows get new ids, not ones the backup already used.
    made = Meeting.objects.create(title="After", kind="other", date=datetime.date(2030, 1, 1))
    assert made.pk > Meeting.objects.exclude(pk=made.pk).aggregate(models.Max("pk"))["pk__max"]


def test_the_backup_is_portable_json_with_natural_keys(everything, tmp_path):
    path = tmp_path / "coflight.json.gz"
    call_command("backup", str(path), verbosity=0)
    with gzip.open(path, "rt", encoding="utf-8") as file:
        rows = json.load(file)
    labels = {row["model"] for row in rows}
    assert {"actions.action", "actions.historicalaction", "auth.user", "admin.logentry"} <= labels
    assert not labels & {"contenttypes.contenttype", "auth.permission", "search.searchentry"}
    assert not any(
        label.startswith(("sessions.", "axes.", "pagecache.", "live.")) for label in labels
    )
    person = next(r for r in rows if r["model"] == "people.person" and r["fields"]["user"])
    assert person["fields"]["user"] == ["jeanpierre"]
    group = next(
        r for r in rows if r["model"] == "auth.group" and r["fields"]["name"] == "Auditors"
    )
    assert group["fields"]["permissions"] == [["view_meeting", "meetings", "meeting"]]


def test_restore_refuses_a_database_that_holds_data(report, tmp_path):
    path = tmp_path / "coflight.json"
    call_command("backup", str(path), verbosity=0)
    Meeting.objects.create(title="Since the backup", kind="other", date=datetime.date(2030, 1, 1))
    with pytest.raises(CommandError, match="The database already holds data"):
        call_command("restore", str(path), verbosity=0)
    assert Meeting.objects.filter(title="Since the backup").exists()


def test_restore_replace_empties_the_database_first(report, tmp_path):
    path = tmp_path / "coflight.json"
    call_command("backup", str(path), verbosity=0)
    before = every_row()
    Meeting.objects.create(title="Since the backup", kind="other", date=datetime.date(2030, 1, 1))
    action_no(1).set_text("Changed since")
    call_command("restore", str(path), "--replace", verbosity=0)
    assert_same_rows(before, every_row())


def test_a_broken_backup_changes_nothing(report, tmp_path):
    path = tmp_path / "coflight.json"
    call_command("backup", str(path), verbosity=0)
    before = every_row()
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(CommandError, match="could not be restored, and nothing was changed"):
        call_command("restore", str(path), "--replace", verbosity=0)
    assert_same_rows(before, every_row())


def test_a_backup_naming_a_missing_row_changes_nothing(db, tmp_path):
    path = tmp_path / "coflight.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "meetings.meeting",
                    "pk": 1,
                    "fields": {"title": "A", "kind": "other", "date": "2013-05-16"},
                },
                {
                    "model": "actions.action",
                    "pk": 1,
                    "fields": {
                        "meeting": 1,
                        "position": 1,
                        "text": "x",
                        "due_meeting": 99,
                        "status": "open",
                        "version": 1,
                    },
                },
            ]
        )
    )
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(path), verbosity=0)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("name", ["coflight.txt", "coflight.gz", ".json", "coflight"])
def test_the_file_must_be_named_json_or_json_gz(db, tmp_path, name):
    for command in ("backup", "restore"):
        with pytest.raises(CommandError, match="Name the backup file NAME.json"):
            call_command(command, str(tmp_path / name), verbosity=0)


def test_restoring_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore", str(tmp_path / "nothing.json"), verbosity=0)


def test_a_failed_backup_leaves_an_earlier_one_in_place(report, tmp_path, monkeypatch):
    path = tmp_path / "coflight.json"
    call_command("backup", str(path), verbosity=0)
    earlier = path.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("coflight.backups.services._dump", broken)
    with pytest.raises(RuntimeError):
        call_command("backup", str(path), verbosity=0)
    assert path.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["coflight.json"]


def test_a_replacing_restore_moves_the_page_cache_on(report, tmp_path):
    """Running processes cache pages under the latest revision number; after a restore that
    number must be new, or a page of the data replaced could be served again."""
    path = tmp_path / "coflight.json"
    call_command("backup", str(path), verbosity=0)
    for _ in range(3):
        Revision.bump()
    before = Revision.objects.latest("pk").pk
    call_command("restore", str(path), "--replace", verbosity=0)
    assert Revision.objects.latest("pk").pk > before
    assert not Revision.objects.current().startswith(f"{before}.")


@pytest.mark.parametrize("name", ["coflight.json", "coflight.json.gz"])
def test_only_the_owner_can_read_a_backup(report, tmp_path, name):
    # It holds password hashes, addresses, calendar tokens and the outbox.
    path = tmp_path / name
    path.write_text("an earlier file that anyone could read")
    path.chmod(0o644)
    call_command("backup", str(path), verbosity=0)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        assert any(row["model"] == "meetings.meeting" for row in json.load(stream))
