"""The apps form a tree: `lint-imports` (in `make test`) checks the arrows; this checks that every
app has its place in the contract, and that settings list them in the same order."""

import tomllib
from pathlib import Path

from django.conf import settings

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def layers() -> list[list[str]]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    [contract] = [c for c in config["contracts"] if c["type"] == "layers"]
    return [[module.strip() for module in layer.split("|")] for layer in contract["layers"]]


def test_every_app_has_its_layer():
    placed = {module for layer in layers() for module in layer}
    apps = {app for app in settings.INSTALLED_APPS if app.startswith("coflight.")}
    assert apps - placed == set()


def test_settings_list_the_apps_from_the_bottom_of_the_tree_up():
    depth = {module: i for i, layer in enumerate(reversed(layers())) for module in layer}
    apps = [app for app in settings.INSTALLED_APPS if app.startswith("coflight.")]
    assert [depth[app] for app in apps] == sorted(depth[app] for app in apps)
