"""coflight served by processes of their own, as make run and make serve serve it: for the tests
that need several processes, or a real server's own way of stopping."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UVICORN = [sys.executable, "-m", "uvicorn", "coflight.asgi:application"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, **settings: str) -> dict[str, str]:
    """This process's environment without its coflight settings (the tests' own), on
    `database_url`, with `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFLIGHT_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env | {"DATABASE_URL": database_url} | settings


def database_url_of(connection) -> str:
    """The address of the database the tests are running on, for another process to reach."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    return f"sqlite:///{name}"


def wait_until_listening(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server on port {port} stopped as it started"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


@contextlib.contextmanager
def serving(commands: list[list[str]], ports: list[int], env: dict[str, str]) -> Iterator[list]:
    """Each command's server, listening on its port; stopped however the test ends."""
    servers = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for command in commands
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_until_listening(port, server)
        yield servers
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
