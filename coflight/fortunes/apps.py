from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FortunesConfig(AppConfig):
    """TechEmpower's "Fortunes" test: the benchmark's floor for this stack, served only when
    COFLIGHT_BENCH_REFERENCE is on."""

    name = "coflight.fortunes"
    verbose_name = _("Benchmark reference")
