from django.apps import AppConfig


class FortunesConfig(AppConfig):
    """TechEmpower's "Fortunes" test: the benchmarks' floor for this stack.

    Installed only by bench.settings, so coflight's own database, migrations and backups never
    know it.
    """

    name = "bench.fortunes"
    label = "fortunes"
    verbose_name = "Benchmark reference"
