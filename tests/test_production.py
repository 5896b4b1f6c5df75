"""Production mode: settings that refuse to start half-configured, and static files served
hashed, compressed and cached by whitenoise."""

import gzip
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "COFLIGHT_ENV": "production",
    "COFLIGHT_SECRET_KEY": "k7Qw-production-test-key-Zx9v2Lm4Np8Rt6Yb3Hc5Jd1Fg0Ks7Wq",
    "COFLIGHT_ALLOWED_HOSTS": "coflight.example.org",
    "COFLIGHT_BASE_URL": "https://coflight.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment's check.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COFLIGHT_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_configuration_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_fail_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("COFLIGHT_SECRET_KEY", "The environment variable COFLIGHT_SECRET_KEY is required."),
        ("COFLIGHT_ALLOWED_HOSTS", "The environment variable COFLIGHT_ALLOWED_HOSTS is required."),
        ("COFLIGHT_BASE_URL", "The environment variable COFLIGHT_BASE_URL is required."),
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_base_url_that_is_not_https():
    # Every email's List-Unsubscribe header and links carry it.
    result = manage("check", **{**PRODUCTION_ENV, "COFLIGHT_BASE_URL": "http://127.0.0.1:8000"})
    assert result.returncode != 0
    assert "COFLIGHT_BASE_URL must start with https://" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **{**PRODUCTION_ENV, "COFLIGHT_SECRET_KEY": "secret"})
    assert result.returncode != 0
    assert "at least 50 random characters" in result.stderr


def test_production_refuses_debug():
    result = manage("check", **{**PRODUCTION_ENV, "COFLIGHT_DEBUG": "true"})
    assert result.returncode != 0
    assert "COFLIGHT_DEBUG cannot be on" in result.stderr


def test_a_misspelt_environment_is_refused():
    result = manage("check", COFLIGHT_ENV="prod")
    assert result.returncode != 0
    assert "COFLIGHT_ENV must be development or production, not 'prod'." in result.stderr


def test_sessions_last_twelve_hours_in_httponly_samesite_cookies():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    # In the database, so signing out ends them everywhere at once.
    engine = import_module(settings.SESSION_ENGINE).SessionStore
    assert issubclass(engine, db.SessionStore)


PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="session")
def collected_once(tmp_path_factory):
    """collectstatic as `make serve` runs it, once: compressing every file takes seconds."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def collected(collected_once):
    with override_settings(
        STATIC_ROOT=collected_once,
        STORAGES=PRODUCTION_STORAGES,
        MIDDLEWARE=["whitenoise.middleware.WhiteNoiseMiddleware", *settings.MIDDLEWARE],
    ):
        yield collected_once


def test_collected_static_files_are_hashed_and_compressed(collected):
    hashed = [p.name for p in (collected / "css").iterdir()]
    assert any(
        n.startswith("coflight.") and n.endswith(".css") and n.count(".") == 2 for n in hashed
    )
    assert any(n.endswith(".css.gz") for n in hashed)
    assert any(n.endswith(".css.br") for n in hashed)
    assert list(collected.glob("django_htmx/**/*.js.br")) or list(collected.glob("**/htmx*.js.br"))


@pytest.mark.django_db
def test_pages_link_hashed_assets_served_compressed_with_year_long_caching(collected, report):
    client = Client()
    page = client.get("/meetings/1/").content.decode()
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/css/coflight.") and css != "/static/css/coflight.css"
    scripts = [chunk.split('"')[0] for chunk in page.split('<script src="')[1:]]
    assert scripts and all(s.startswith("/static/") and "http" not in s for s in scripts)

    response = client.get(css, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    # The stubs give the test client's response no streaming_content, though whitenoise's has.
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b".action" in gzip.decompress(body)


def test_make_run_serves_the_stylesheet_in_development():
    from django.core.management import get_commands

    assert get_commands()["runserver"] == "django.contrib.staticfiles"
