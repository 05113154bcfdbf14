"""Settings for the Onderwijsambassadeurs platform.

One module, driven by environment variables. With no variables set it runs the embedded
default: SQLite, e-mail to a file outbox, Celery on a filesystem broker (no server needed).
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and EMAIL_HOST.
"""

import os
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Under pytest the test settings apply without anyone having to remember an environment variable.
TESTING = env_bool("TESTING", default="pytest" in sys.modules)
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

# Without DEBUG a SECRET_KEY is required: the WSGI entry point refuses to start without one, and Django
# itself refuses any use of an empty key. Management commands that need no key (check, makemigrations,
# migrate) still run, so a fresh checkout can be checked without inventing a secret.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"  # noqa: S105
# Earlier keys, while rotating: sessions, links and the encrypted second-factor secrets made with them stay valid.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "accounts",
    "schools",
    "ambassadors",
    "matching",
    "research",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.AuditContextMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.navigation.navigation",
                "accounts.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Shared by web, worker and beat (rate limits, the worker's heartbeat): never culled at random.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

BROKER_DIR = Path(os.environ.get("BROKER_DIR", VAR_DIR / "broker"))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300"))
if CELERY_BROKER_URL.startswith("filesystem"):
    # kombu's filesystem transport expects its folders to exist: whoever sends or takes the first task
    # (a web request, seed_demo, the worker, beat) finds them, on a fresh checkout too.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    for folder in ("queue", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
else:
    # A task a worker took but never acknowledged (the worker was killed) goes back to the queue after this many
    # seconds. It is longer than any task runs and than any countdown the platform uses (none: retries of e-mails
    # wait in the outbox, not in the broker), so no task is handed out twice while it is still running or waiting.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT, "socket_connect_timeout": 2}
CELERY_TASK_IGNORE_RESULT = True
# Web, worker and beat agree on one queue; a test with a real worker gives its own broker a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Tests run tasks in-process; one test starts a real worker (config/tests/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it is done, not when it is taken; if the worker process running it dies, the task
# goes back to the queue. Every task is idempotent (it checks the state of its rows under a lock), so running
# one twice does no harm.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# /healthz/ answers 503 once no worker has run the heartbeat task for WORKER_HEARTBEAT_MAX_AGE seconds.
WORKER_HEARTBEAT_INTERVAL = int(os.environ.get("WORKER_HEARTBEAT_INTERVAL", "30"))
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", str(4 * WORKER_HEARTBEAT_INTERVAL)))
# The outbox: beat sends what no task took every OUTBOX_SWEEP_SECONDS; a failed e-mail is tried again after 1, 2,
# 4 … minutes (at most OUTBOX_RETRY_MAX_SECONDS apart), OUTBOX_MAX_ATTEMPTS times in all.
OUTBOX_SWEEP_SECONDS = int(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
OUTBOX_SWEEP_LIMIT = int(os.environ.get("OUTBOX_SWEEP_LIMIT", "500"))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", "3600"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
# Messages are personal data: kept two school years, then deleted.
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", str(2 * 365)))
# /healthz/ answers 503 once a message has waited this long past its due time (nothing is sending).
OUTBOX_STALE_SECONDS = int(os.environ.get("OUTBOX_STALE_SECONDS", str(15 * 60)))
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {"task": "accounts.tasks.clear_expired_sessions", "schedule": 24 * 60 * 60},
    "sweep-exports": {"task": "accounts.tasks.sweep_exports", "schedule": 5 * 60},
    "lapse-unanswered-proposals": {"task": "matching.tasks.lapse_proposals", "schedule": 60 * 60},
    "send-reminders": {"task": "reports.tasks.send_reminders", "schedule": crontab(hour=7, minute=30)},
    "sweep-messages": {"task": "accounts.tasks.sweep_messages", "schedule": OUTBOX_SWEEP_SECONDS,
                       "options": {"expires": OUTBOX_SWEEP_SECONDS}},
    "prune-messages": {"task": "accounts.tasks.prune_messages", "schedule": crontab(hour=2, minute=15)},
    "recover-matching-runs": {"task": "matching.tasks.recover_runs", "schedule": 5 * 60, "options": {"expires": 5 * 60}},
    "close-ended-placements": {"task": "matching.tasks.close_ended_placements", "schedule": crontab(hour=1, minute=0)},
    "clean-stale-imports": {"task": "reports.tasks.clean_stale_imports", "schedule": 60 * 60},
    "apply-retention": {"task": "reports.tasks.apply_retention", "schedule": crontab(hour=2, minute=30)},
    "worker-heartbeat": {"task": "config.heartbeat", "schedule": WORKER_HEARTBEAT_INTERVAL,
                         "options": {"expires": WORKER_HEARTBEAT_INTERVAL}},
    "research-governance": {"task": "research.tasks.nightly_governance", "schedule": crontab(hour=2, minute=0)},
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [  # Django's rules, in the site's own words ("je")
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# A link in an e-mail never logs anyone in: after confirming an address, choosing a password or accepting an
# invitation, people log in themselves (with their second factor where they have one).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# One address per account, changed by a code sent to the new address; changing it, the password or the second
# factor first asks for the password (or a code) again.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("ACCOUNT_REAUTHENTICATION_TIMEOUT", str(5 * 60)))
# The owner hears of every change to their password, address or second factor, with where it came from.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Wrong passwords slow down whoever types them (accounts.throttle) instead of locking the owner out; allauth's own
# limit stays on the second-factor step only.
ACCOUNT_RATE_LIMITS = {} if TESTING else {"login_failed": "10/m/ip,5/5m/key"}
LOGIN_THROTTLE_ENABLED = env_bool("LOGIN_THROTTLE_ENABLED", True)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Onderwijsambassadeurs] "
# Self sign-up is closed: people join through the public application and intake flows,
# or through an invitation by foundation staff.
ACCOUNT_ALLOW_SIGNUP = env_bool("ACCOUNT_ALLOW_SIGNUP")
# A password-reset link is valid for 24 hours; an invitation (or the application's "choose your password") link for
# INVITATION_VALID_DAYS days. Both stop working once used.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))

# --- Two-factor authentication (allauth.mfa) ------------------------------------------------
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Onderwijsambassadeurs"
MFA_TOTP_TOLERANCE = 1  # the code of the previous and next 30 seconds counts too (clocks drift)
MFA_PASSKEY_LOGIN_ENABLED = False
# Security keys need https; plain http on this machine is allowed only in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# These roles see personal data: they set up a second factor before any other page opens.
MFA_REQUIRED_ROLES = ["staff", "researcher"]

# --- Sessions -------------------------------------------------------------------------------
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE seconds after logging
# in, whatever happens (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))

# --- Keeping personal data ------------------------------------------------------------------
# Terms in months after which the nightly task (reports.retention, at 02:30) erases or removes data; the privacy
# statement is written from the same rules and numbers.
RETENTION_APPLICANT_MONTHS = int(os.environ.get("RETENTION_APPLICANT_MONTHS", "12"))
RETENTION_ENDED_AMBASSADOR_MONTHS = int(os.environ.get("RETENTION_ENDED_AMBASSADOR_MONTHS", "24"))
RETENTION_INTAKE_MONTHS = int(os.environ.get("RETENTION_INTAKE_MONTHS", "24"))
RETENTION_UNUSED_ACCOUNT_MONTHS = int(os.environ.get("RETENTION_UNUSED_ACCOUNT_MONTHS", "12"))
RETENTION_FRIEND_INVITATION_MONTHS = int(os.environ.get("RETENTION_FRIEND_INVITATION_MONTHS", "6"))

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stichting Onderwijsambassadeurs <noreply@onderwijsambassadeurs.nl>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A mail server that stops answering must not hold a worker (and the outbox row it locked) for ever.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "outbox"))
# The address links in e-mails start with: `make run` passes its HOST and PORT; production must set it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else "").rstrip("/")

# --- Exports --------------------------------------------------------------------------------
# A list export of at most this many rows is streamed at once; a longer one is made by a worker.
EXPORT_INLINE_ROWS = int(os.environ.get("EXPORT_INLINE_ROWS", "1000"))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))

# --- Ambassadors --------------------------------------------------------------------------
# A VOG has no legal expiry; the foundation counts one issued at most this many months before a placement starts.
VOG_MAX_AGE_MONTHS = int(os.environ.get("VOG_MAX_AGE_MONTHS", "6"))
APPLICATION_RATE = os.environ.get("APPLICATION_RATE", "5/h")
# Days a school and an ambassador have to answer an approved proposal before it lapses back to the pool.
PROPOSAL_RESPONSE_DAYS = int(os.environ.get("PROPOSAL_RESPONSE_DAYS", "7"))
# A matching run still "running" after this many seconds lost its worker (a national run takes well under a
# minute); a run whose worker keeps dying is given up after MATCHING_RUN_MAX_ATTEMPTS tries.
MATCHING_RUN_TIMEOUT = int(os.environ.get("MATCHING_RUN_TIMEOUT", "900"))
MATCHING_RUN_MAX_ATTEMPTS = int(os.environ.get("MATCHING_RUN_MAX_ATTEMPTS", "3"))

# --- Schools --------------------------------------------------------------------------------
# "offline" (bundled postcode table) or "pdok" (PDOK Locatieserver, falling back to offline).
GEOCODER = os.environ.get("GEOCODER", "offline")
# Public forms: at most this many submissions per client address and per e-mail address.
INTAKE_RATE = os.environ.get("INTAKE_RATE", "5/h")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None

# --- Imports --------------------------------------------------------------------------------
# Staff import schools, ambassadors and placements from CSV or XLSX: files up to IMPORT_MAX_MB megabytes and
# IMPORT_MAX_ROWS rows; a preview nobody confirms is deleted (with the file's rows) after IMPORT_PREVIEW_HOURS.
IMPORT_MAX_MB = float(os.environ.get("IMPORT_MAX_MB", "5"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "10000"))
IMPORT_PREVIEW_HOURS = int(os.environ.get("IMPORT_PREVIEW_HOURS", "24"))

# --- Figures --------------------------------------------------------------------------------
# FTE of one ambassador giving a whole day a week (a half day counts half): 150 one-day ambassadors are 22.5 FTE.
FTE_PER_DAY = Decimal(os.environ.get("FTE_PER_DAY", "0.15"))
# Seconds a school's account of a need without a match is kept (per version of the need); 0 computes it each time.
NEED_ACCOUNT_CACHE_SECONDS = int(os.environ.get("NEED_ACCOUNT_CACHE_SECONDS", "0" if TESTING else "300"))
# Seconds the figures pages keep their whole-table aggregates (reports/figures/cache.py); 0 computes them each time.
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "0" if TESTING else "300"))
# The foundation's ambition: 20 % of Dutch primary schools within five years of 2024-25.
AMBITION_SCHOOLS = int(os.environ.get("AMBITION_SCHOOLS", "1350"))
AMBITION_AMBASSADORS = int(os.environ.get("AMBITION_AMBASSADORS", "2000"))
AMBITION_SCHOOL_YEAR = int(os.environ.get("AMBITION_SCHOOL_YEAR", "2029"))  # 2029-2030
# The public map draws a bundled outline of the Netherlands; production may lay a tile layer under it, e.g. PDOK's
# BRT achtergrondkaart: https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "Kaartgegevens © Kadaster")
# The browser may load images from the tile server only ({s} subdomains become a wildcard).
_tiles = urlsplit(MAP_TILE_URL)
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}" if MAP_TILE_URL else ""

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Only for measuring a local server over plain http (bench_pages) is SECURE_COOKIES=0 set.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    if SESSION_COOKIE_SECURE:
        # Browsers keep a __Host- cookie only from https, for this exact host and the whole site: no subdomain or
        # plain-http page can set or overwrite it.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Logs go to stderr: stdout belongs to what a command prints (send_reminders --json is read by other tools).
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
