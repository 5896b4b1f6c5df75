"""What the HTTP benchmarks share: a fresh database, `make serve` started and stopped, and their
section of BENCHMARKS.md."""

import http.client
import os
import re
import secrets
import signal
import subprocess
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
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
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
    errors = server.stderr.read().decode() if server.stderr else ""
    raise SystemExit("coflight did not start: " + errors[-2000:])


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


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
