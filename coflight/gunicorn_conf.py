"""gunicorn's settings for `make serve`; each can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("COFLIGHT_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb: two workers per core, plus one to cover a worker blocked on I/O.
workers = int(os.environ.get("COFLIGHT_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# uvicorn's workers run coflight as ASGI: pages stay synchronous views, each live stream is a
# coroutine instead of a worker held for as long as the page stays open (coflight.asgi).
worker_class = "uvicorn_worker.UvicornWorker"
timeout = 30
graceful_timeout = 30
# Recycling workers now and then bounds the memory any slow leak could take.
max_requests = 5000
max_requests_jitter = 500
# COFLIGHT_ACCESS_LOG names a file for one line per request, with its time (coflight.asgi).
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("COFLIGHT_FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["COFLIGHT_ENV=production"]
