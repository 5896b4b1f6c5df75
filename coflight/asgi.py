"""coflight as an ASGI application: what `make serve` and `make run` give uvicorn.

The pages stay synchronous Django views; the live streams (coflight.live) are asynchronous, so
that an open stream costs a coroutine rather than a worker.
"""

import os
import time
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")

django_application = get_asgi_application()

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
