"""coflight as an ASGI application: what `make serve` and `make run` give uvicorn.

The pages stay synchronous Django views; the live streams (coflight.live) are asynchronous, so
that an open stream costs a coroutine rather than a worker.
"""

import os
import time
from typing import Any

import django
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")


class Handler(ASGIHandler):
    """Django's, except that a live stream gets no thread of its own.

    Django gives each request a thread for its synchronous steps (the middleware, the session)
    and keeps it until the response ends: for a stream, as long as the page stays open, an idle
    thread per open page. A stream's few synchronous steps, all before it starts, share the
    process's one thread for them instead.
    """

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/live/"):
            await self.handle(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


django.setup(set_prefix=False)
django_application = Handler()

from django.conf import settings  # noqa: E402  (settings are ready once Django is set up)

application: Any = django_application
if settings.DEBUG:
    # As runserver does: static files from the apps and static/, without collectstatic.
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    application = ASGIStaticFilesHandler(django_application)


class AccessLog:
    """One line per request, written when its response ends, with the time it took at the
    server: gunicorn's atoms `%(m)s` (method), `%(U)s` (path), `%(s)s` (status) and `%(D)s`
    (microseconds). uvicorn's own access log says no time, which the benchmarks need."""

    def __init__(self, app, path: str, line_format: str) -> None:
        self.app = app
        self.file = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        self.format = line_format

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = [0]

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                micros = int((time.perf_counter() - started) * 1_000_000)
                atoms = {"m": scope["method"], "U": scope["path"], "s": status[0], "D": micros}
                self.file.write(self.format % atoms + "\n")

        return await self.app(scope, receive, sending)


if os.environ.get("COFLIGHT_ACCESS_LOG"):
    application = AccessLog(
        application,
        os.environ["COFLIGHT_ACCESS_LOG"],
        os.environ.get("COFLIGHT_ACCESS_LOG_FORMAT") or "%(m)s %(U)s %(s)s %(D)s",
    )
