"""Casework settings: one file, every value from the environment (README, "Configuration").

Defaults give the embedded set-up (SQLite file, tasks run in-process, local media folder);
production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and friends.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (DEBUG is off, so no development default is used)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The local authority this installation serves (DfE three-digit LA number, for returns).
LA_CODE = os.environ.get("LA_CODE", "999")
LA_NAME = os.environ.get("LA_NAME", "Demo Borough Council")

# The front door: where a contact goes when its recorder is not in a front-door team (a team
# name; default the first front-door team), and whether a manager must endorse its decisions.
FRONT_DOOR_TEAM = os.environ.get("FRONT_DOOR_TEAM", "")
FRONT_DOOR_ENDORSEMENT_REQUIRED = env_bool("FRONT_DOOR_ENDORSEMENT_REQUIRED", False)


def env_thresholds(name: str) -> dict[str, float]:
    """``measure=percent`` pairs, comma-separated (``children_seen=80,supervision_held=90``)."""
    found = {}
    for item in env_list(name):
        measure, _, value = item.partition("=")
        try:
            found[measure.strip()] = float(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: '{item}' is not measure=percent") from None
    return found


# The dashboard is neutral unless the authority sets its own reference values (per cent), drawn
# as a labelled line, never as colour: children_seen, statutory_visits, plan_reviews,
# supervision_held, rereferrals.
DASHBOARD_THRESHOLDS = env_thresholds("DASHBOARD_THRESHOLDS")
SERVICE_NAME = "Casework"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "casework.core",
    "families",
    "chronology",
    "casework",
    "assessments",
    "performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "casework.core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "casework.core.middleware.IdleTimeoutMiddleware",
    "casework.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

TEMPLATES = [
    {
        # Pages: Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "casework.jinja2.environment",
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The Django admin and the DRF browsable API keep Django's own engine.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: a SQLite file by default; PostgreSQL in CI and production (DATABASE_URL).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'casework.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # A file (not memory) so that a Celery worker in a subprocess can share the test database.
    _db_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_db_file.with_name(f"test-{_db_file.name}"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "casework:my_work"
LOGOUT_REDIRECT_URL = "core:sign_in"

# Sessions: signed out after SESSION_IDLE_MINUTES without a request (a warning shows first),
# and in any case after SESSION_MAX_HOURS.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_WARNING_MINUTES = env_int("SESSION_WARNING_MINUTES", 2)
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): locked after AXES_FAILURE_LIMIT failures for a username.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casework.core.views.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files live outside the web root and are served only through permission-checked
# views. Local folder by default; S3-compatible object storage when a bucket is configured.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/files/"  # never served directly; files go through permission-checked views
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain names while
        # developing and in the test suite's live server, which serves from the source folders.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATICFILES_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads (the child's story, documents) are checked by content and limited to UPLOAD_MAX_MB.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 50)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # form fields; files are limited by UPLOAD_MAX_MB

# Background jobs: Celery on Redis when CELERY_BROKER_URL is set; run in-process otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# Export jobs (casework/core/exports.py): a finished file can be downloaded for
# EXPORT_EXPIRY_HOURS; a running job silent for EXPORT_STALE_MINUTES has lost its worker and may
# be run again; EXPORT_QUEUE names the Celery queue exports go to (empty: the default queue).
EXPORT_EXPIRY_HOURS = env_int("EXPORT_EXPIRY_HOURS", 24)
EXPORT_STALE_MINUTES = env_int("EXPORT_STALE_MINUTES", 15)
EXPORT_QUEUE = os.environ.get("EXPORT_QUEUE", "")

# Drafts (casework/core/drafts.py): autosaved text nobody has touched for DRAFT_MAX_AGE_DAYS is
# deleted by the daily purge.
DRAFT_MAX_AGE_DAYS = env_int("DRAFT_MAX_AGE_DAYS", 30)

# Security headers. HTTPS (the default whenever DEBUG is off) turns on the redirect to
# HTTPS, HSTS and secure cookies; only the test suite's local live server turns it off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # Lockout is per account, not per address: a council office signs in from one address,
    # and locking the address would lock out everyone in it after one person's mistakes.
    "axes.W006",
    *([] if env_bool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]),
]

# Content Security Policy with nonces (django-csp 4). No inline script without the nonce,
# no inline styles, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated API request gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "casework.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casework.core.drf.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "DESCRIPTION": "Children's social care case management: the REST API (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One name per choice set shared by several fields (spectacular warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "casework.models.cases.CaseStatus",
        "EpisodeStatusEnum": "casework.models.cases.EpisodeStatus",
        "DecisionKindEnum": "casework.models.cases.DecisionKind",
        "ContactDecisionEnum": "casework.models.frontdoor.Decision",
        "ReferralSourceEnum": "casework.core.codes.REFERRAL_SOURCE",
        "ExportStatusEnum": "casework.core.models.exports.ExportStatus",
        "VisitKindEnum": "casework.models.visits.VisitKind",
        "VisitOutcomeEnum": "casework.models.visits.VisitOutcome",
        "RecordStatusEnum": "casework.models.visits.RecordStatus",
        "NoteKindEnum": "casework.models.visits.NoteKind",
        "ActionStatusEnum": "casework.models.plans.ActionStatus",
        "CategoryOfAbuseEnum": "casework.core.codes.CATEGORY_OF_ABUSE",
        "PlanStatusEnum": "casework.models.plans.PlanStatus",
        "ConferenceKindEnum": "casework.models.protection.ConferenceKind",
        "ConferenceDecisionEnum": "casework.models.protection.ConferenceDecision",
        "PlanReviewKindEnum": "casework.api.serializers_plans.REVIEW_KINDS",
        "PlanKindEnum": "casework.models.plans.PlanKind",
        "StrategyDecisionEnum": "casework.models.protection.StrategyDecision",
        "S47OutcomeEnum": "casework.models.protection.S47Outcome",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
