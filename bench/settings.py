"""coflight's settings plus TechEmpower's Fortunes test at /bench/fortunes/, for `make bench`."""

from coflight.settings import *  # noqa: F403
from coflight.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.fortunes"]
ROOT_URLCONF = "bench.urls"
