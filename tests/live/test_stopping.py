"""A server told to stop, as a deployment or `make run`'s reload tells it, ends its open streams
and stops, rather than wait for pages that never finish; the browsers come back to what replaces
it, not all in the same second."""

import http.client
import re
import signal

import pytest
from django.db import connection

from tests.factories import make_meeting
from tests.servers import UVICORN, database_url_of, environment, free_port, serving

pytestmark = pytest.mark.django_db(transaction=True)


class Stream:
    def __init__(self, port: int, path: str) -> None:
        self.client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.client.request("GET", path)
        self.response = self.client.getresponse()
        assert self.response.status == 200
        assert b": connected" in self.response.read1(4096)

    def rest(self) -> str:
        """What it sends until it ends (or the timeout fails the test)."""
        try:
            return self.response.read().decode()
        finally:
            self.client.close()


def test_a_stopping_server_ends_its_streams_and_stops_at_once():
    meeting = make_meeting(status="planned")
    port = free_port()
    env = environment(database_url_of(connection))
    # Without a graceful timeout of its own: alone, uvicorn would wait for the streams forever.
    with serving([[*UVICORN, "--port", str(port)]], [port], env) as (server,):
        streams = [Stream(port, f"/live/meetings/{meeting.pk}/?after=0") for _ in range(3)]

        server.send_signal(signal.SIGTERM)

        # As uvicorn ends on a signal: by raising it again once it has stopped.
        assert server.wait(10) == -signal.SIGTERM
        endings = [stream.rest() for stream in streams]
    delays = [int(m[1]) for ending in endings if (m := re.search(r"^retry: (\d+)$", ending, re.M))]
    assert len(delays) == 3 and all(1000 <= delay <= 5000 for delay in delays)
