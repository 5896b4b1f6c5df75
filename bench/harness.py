"""What the HTTP benchmarks share: a fresh database, `make serve` started and stopped, and their
section of BENCHMARKS.md."""

import datetime
import http.client
import os
import re
import secrets
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")


def fresh_database(name: str) -> str:
    """Drops and creates `name`; its URL."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return f"{SERVER}/{name}"


def serve(port: int, database_url: str, **settings: str) -> subprocess.Popen:
    """`make serve` on 127.0.0.1:port with production settings, once it answers."""
    env = {k: v for k, v in os.environ.items() if k not in {"COFLIGHT_DEBUG", "DATABASE_URL"}}
    env.update(
        DATABASE_URL=database_url,
        COFLIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        COFLIGHT_ALLOWED_HOSTS="127.0.0.1",
        COFLIGHT_BASE_URL=f"https://127.0.0.1:{port}",
        COFLIGHT_BIND=f"127.0.0.1:{port}",
        **settings,
    )
    # A file, not a pipe: a pipe nobody reads fills up, and every worker then blocks on a log line.
    with tempfile.NamedTemporaryFile(
        prefix=f"coflight-serve-{port}-", suffix=".log", delete=False
    ) as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    server.log_path = log.name  # type: ignore[attr-defined]
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            # As a TLS proxy would say it; ignored unless COFLIGHT_BEHIND_PROXY is on.
            connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop(server)
    errors = Path(log.name).read_text(errors="replace")
    raise SystemExit("coflight did not start: " + errors[-2000:])


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
    errors = Path(server.log_path).read_text(errors="replace").count("Traceback")  # type: ignore[attr-defined]
    if errors:
        print(f"The server logged {errors} tracebacks: {server.log_path}")  # type: ignore[attr-defined]


def write_section(name: str, section: str) -> None:
    """Replaces BENCHMARKS.md's section between <!-- name:start --> and <!-- name:end -->."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text()
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{section}{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def load_report(database_url: str, settings_module: str = "coflight.settings") -> None:
    """Django set up against `database_url`, migrated, with the May 16 2013 report loaded."""
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=settings_module,
        COFLIGHT_DEBUG="false",
        COFLIGHT_SECRET_KEY="bench-setup-only",
        COFLIGHT_ALLOWED_HOSTS="127.0.0.1",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed_report", verbosity=0)


def secretary(username: str, password: str):
    """A user in the Secretaries group."""
    from django.contrib.auth.models import Group, User

    from coflight.accounts.roles import SECRETARIES

    user = User.objects.create_user(username, password=password)
    user.groups.add(Group.objects.get(name=SECRETARIES))
    return user


def meeting_in_progress(title: str, day: datetime.date, items: tuple[str, ...]) -> list[int]:
    """A meeting started, with Stuart (of the report) present; its agenda items' ids."""
    from coflight.meetings import services
    from coflight.meetings.models import Meeting
    from coflight.people.models import Person

    meeting = Meeting.objects.create(title=title, kind=Meeting.Kind.OTHER, date=day)
    added = [services.add_item(meeting, title=t).pk for t in items]
    services.start(meeting)
    services.call(meeting, Person.objects.get(given_name="Stuart"), "present")
    return [meeting.pk, *added]
