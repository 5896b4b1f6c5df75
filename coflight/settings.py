"""coflight's one settings file: every knob is an environment variable, read strictly.

The defaults make `make run` work on a laptop (SQLite next to manage.py, DEBUG on).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str | None = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number above zero, not {raw!r}.")
    return value


COFLIGHT_ENV = env_str("COFLIGHT_ENV", "development")
if COFLIGHT_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"COFLIGHT_ENV must be development or production, not {COFLIGHT_ENV!r}."
    )
PRODUCTION = COFLIGHT_ENV == "production"

DEBUG = env_bool("COFLIGHT_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("COFLIGHT_DEBUG cannot be on when COFLIGHT_ENV is production.")
# Development defaults only while debugging: anything else refuses to start without its own.
SECRET_KEY = env_str(
    "COFLIGHT_SECRET_KEY", "dev-only-insecure-key-do-not-deploy" if DEBUG else None
)
ALLOWED_HOSTS = env_list("COFLIGHT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else None)
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "COFLIGHT_SECRET_KEY must be at least 50 random characters; "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` makes one."
    )
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "COFLIGHT_ALLOWED_HOSTS must name the host names coflight answers to."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    # coflight's apps, each importing only from those above it (pyproject.toml's import-linter).
    "coflight.pagecache",
    "coflight.accounts",
    "coflight.organisations",
    "coflight.people",
    "coflight.meetings",
    "coflight.actions",
    "coflight.decisions",
    "coflight.minutes",
    "coflight.calendars",
    "coflight.search",
    "coflight.notifications",
    "coflight.backups",
    "coflight.reports",
    "coflight.live",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coflight.people.middleware.PersonLanguageMiddleware",
    "coflight.accounts.middleware.PrivateReadMiddleware",
    "coflight.accounts.middleware.RefusalLogMiddleware",
    "coflight.accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files come from STATIC_ROOT, filled by collectstatic; development uses static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    # Pages are compressed too; Django's GZip adds random padding against BREACH (since 4.2).
    MIDDLEWARE.insert(2, "django.middleware.gzip.GZipMiddleware")

ROOT_URLCONF = "coflight.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coflight.pagecache.shared.marks",
            ],
            "builtins": ["django.templatetags.i18n", "template_partials.templatetags.partials"],
        },
    },
]

ASGI_APPLICATION = "coflight.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers share one file: readers never wait for the writer (WAL), a writer waits its
    # turn rather than failing (timeout, in seconds), and a transaction takes the write lock when
    # it begins, not halfway through, when SQLite could only answer "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # The tests' database is a file too, so that tests of concurrent requests meet real locks.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
# Each gunicorn worker keeps a few connections open instead of paying for a new one per request.
if PRODUCTION and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(env_str("COFLIGHT_DB_POOL_SIZE", "4")),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# A language is offered only once locale/<code>/LC_MESSAGES/django.po is complete: a test fails
# on any message left untranslated. Another language is one line here and one catalogue.
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them ("9 h 00" in French), beyond Django's own formats.
FORMAT_MODULE_PATH = ["coflight.formats"]
USE_I18N = True
# The consortium meets in Paris: every wall-clock time in a report is Paris time.
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves collected files under hashed names, gzip- and brotli-compressed, cached for
# a year; development and tests read them straight from static/.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CSRF_FAILURE_VIEW = "coflight.accounts.views.csrf_failure"

# A meeting day is long, but a forgotten session on a shared laptop should not outlive it.
# Database sessions, read together with what the signed-in user may do (coflight/accounts).
SESSION_ENGINE = "coflight.accounts.sessions"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("COFLIGHT_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("COFLIGHT_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("COFLIGHT_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("COFLIGHT_SSL_REDIRECT", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # Behind a load balancer that terminates TLS and says so in X-Forwarded-Proto.
    if env_bool("COFLIGHT_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("COFLIGHT_CSRF_TRUSTED_ORIGINS", "")

# No inline script anywhere: htmx and its settings come from files and attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Errors and refusals go to stderr, where gunicorn and systemd collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("COFLIGHT_LOG_LEVEL", "WARNING")},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "actions:mine"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (django-axes), for the sign-in page and the admin's alike: repeated failures
# for one account from one address lock that pair out for a while; an account failing from many
# addresses at once is locked everywhere after more.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "coflight.accounts.backends.CachedPermissionsBackend",
]
AXES_HANDLER = "coflight.accounts.throttling.SignInThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "coflight.accounts.throttling.attempted_username"
AXES_FAILURE_LIMIT = env_int("COFLIGHT_SIGN_IN_FAILURES", 10)
COFLIGHT_SIGN_IN_ACCOUNT_FAILURES = env_int("COFLIGHT_SIGN_IN_ACCOUNT_FAILURES", 100)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("COFLIGHT_SIGN_IN_LOCKOUT_MINUTES", 60))
AXES_RESET_ON_SUCCESS = True
# Trying again while locked out does not make the lock-out last longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "coflight.accounts.views.locked_out"
# Password resets: at most this many emails for one address, and requests from one client,
# in this many minutes.
COFLIGHT_PASSWORD_RESETS_PER_ADDRESS = env_int("COFLIGHT_PASSWORD_RESETS_PER_ADDRESS", 3)
COFLIGHT_PASSWORD_RESETS_PER_CLIENT = env_int("COFLIGHT_PASSWORD_RESETS_PER_CLIENT", 10)
COFLIGHT_PASSWORD_RESET_MINUTES = env_int("COFLIGHT_PASSWORD_RESET_MINUTES", 60)
if env_bool("COFLIGHT_BEHIND_PROXY", False):
    AXES_CLIENT_IP_CALLABLE = "coflight.accounts.throttling.forwarded_address"


# Reading is public unless this says otherwise; changing anything always needs a sign-in.
COFLIGHT_PUBLIC_READ = env_bool("COFLIGHT_PUBLIC_READ", True)
# Live updates (coflight.live): an idle stream says it is alive this often, and a viewer who
# signed out or lost a permission stops receiving within as long.
COFLIGHT_LIVE_HEARTBEAT_SECONDS = float(env_str("COFLIGHT_LIVE_HEARTBEAT_SECONDS", "15"))
# Past these, a new stream is answered 503 with Retry-After: streams never starve the pages.
COFLIGHT_LIVE_STREAMS_PER_PROCESS = env_int("COFLIGHT_LIVE_STREAMS_PER_PROCESS", 1000)
COFLIGHT_LIVE_STREAMS_PER_USER = env_int("COFLIGHT_LIVE_STREAMS_PER_USER", 10)
# For visitors not signed in, by address: a meeting room behind one router shares one.
COFLIGHT_LIVE_STREAMS_PER_ADDRESS = env_int("COFLIGHT_LIVE_STREAMS_PER_ADDRESS", 100)
# How long the event log keeps what a reconnecting page may have missed (prune_live_events).
COFLIGHT_LIVE_KEEP_HOURS = env_int("COFLIGHT_LIVE_KEEP_HOURS", 24)
# A page of actions stays under 100 KB, its filters included.
COFLIGHT_ACTIONS_PER_PAGE = 25
# The longest list a page shows within another (a person's open actions, an organisation's)
# before it says how many more there are, with a link to them all.
COFLIGHT_LIST_LIMIT = 20
# Rendered pages and fragments (coflight/pagecache), keyed by the revision of their data: shared
# by every process through a table in the database ("default"), with a copy in each process's
# memory ("local"). The lifetime only bounds their size and any change made behind Django's back.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "coflight_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
COFLIGHT_PAGE_CACHE_SECONDS = 600

# Pasted minutes may be large; the importer itself refuses more than 5 MB with a clear message,
# so the request limit sits above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Mail (password resets, notifications) goes to the console until an SMTP server is configured.
EMAIL_HOST = env_str("COFLIGHT_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env_str("COFLIGHT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("COFLIGHT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("COFLIGHT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("COFLIGHT_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("COFLIGHT_FROM_EMAIL", "coflight <coflight@localhost>")

# Emails are read outside any request, so their links need the site's own address.
# In production it must be given, and https: every email's unsubscribe header carries it.
COFLIGHT_BASE_URL = env_str(
    "COFLIGHT_BASE_URL", None if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if not COFLIGHT_BASE_URL.startswith("https://" if PRODUCTION else ("http://", "https://")):
    raise ImproperlyConfigured(
        f"COFLIGHT_BASE_URL must start with {'https://' if PRODUCTION else 'http:// or https://'}"
        f", not {COFLIGHT_BASE_URL!r}."
    )
# New owners hear of their actions once these have not changed for this many minutes.
COFLIGHT_ASSIGNMENT_EMAIL_DELAY = 5
# Reminders list the open actions that are overdue or due within this many days.
COFLIGHT_REMINDER_DAYS = 7
