"""gunicorn's settings for `make serve`; each can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("COFLIGHT_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb: two workers per core, plus one to cover a worker blocked on I/O.
workers = int(os.environ.get("COFLIGHT_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# Recycling workers now and then bounds the memory any slow leak could take.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("COFLIGHT_ACCESS_LOG") or None
if os.environ.get("COFLIGHT_ACCESS_LOG_FORMAT"):
    access_log_format = os.environ["COFLIGHT_ACCESS_LOG_FORMAT"]
errorlog = "-"
forwarded_allow_ips = os.environ.get("COFLIGHT_FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["COFLIGHT_ENV=production"]
