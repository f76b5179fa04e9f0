"""Settings shared by every environment. All configuration comes from environment variables
(listed in .env.example); `test` and `production` adjust these for their purpose."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kso_portal.redis_urls import celery_broker_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A development key is only acceptable outside production; production.py refuses to start without
# DJANGO_SECRET_KEY.
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY") or "dev-only-key-not-for-production-use-" + "x" * 20
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Two-factor authentication before any page; only `make run`'s demo switches it off, explicitly.
REQUIRE_MFA = env_bool("KSO_REQUIRE_MFA", True)
# `make run` sets KSO_DEMO_MODE: demo data and the demo sign-in screen. Production never does.
DEMO_MODE = env_bool("KSO_DEMO_MODE", False)

INSTALLED_APPS = [
    # /beheer/, signed in through the portal's own sign-in (kso_portal/admin_site.py).
    "kso_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # PostgreSQL's arrays: the pseudonyms of an access log row.
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "pgtrigger",
    # The history of changes; its own admin of every event is left out: it showed the rows
    # of youths to the beheerder, who sees none (/beheer/ shows each row's own history).
    "pghistory",
    "kso_portal",
    "organisations",
    "locations",
    "vervolghuisvesting",
    "taakstelling",
    "notifications",
    "reports",
]

MIDDLEWARE = [
    # /health/ is answered before anything reads a session or redirects to HTTPS: with the
    # database down a request with a session cookie got a 500 page instead of the 503 JSON.
    "kso_portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the request's body (kso_portal/limits.py): a body larger than
    # MAX_REQUEST_BODY_BYTES is refused unread (413), then a NUL character in the path or the
    # parameters (400), which PostgreSQL would refuse with a server error. After the security
    # headers, so that these pages carry them too.
    "kso_portal.limits.RequestBodyLimitMiddleware",
    "kso_portal.limits.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kso_portal.middleware.AbsoluteSessionTimeoutMiddleware",
    # Reads the data version of cached figures once per request (kso_portal/derived.py).
    "kso_portal.derived.VersionPerRequest",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records session activity when USERSESSIONS_TRACK_ACTIVITY is on; placed before
    # RequireMfaMiddleware, whose redirect would otherwise skip it.
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # The acting user and organisation (request.actor), then the history context of every write.
    "kso_portal.middleware.ActorMiddleware",
    # Every response that shows a youth is written to the access log (kso_portal/youth_reads.py).
    "kso_portal.youth_reads.YouthReadLogMiddleware",
    "kso_portal.middleware.HistoryContextMiddleware",
    "kso_portal.middleware.RequireMfaMiddleware",
]

# The performance benchmark (bench/run.py) switches this on for its own server: the floor page
# and a log of each measured request's time and queries. Never on in a real deployment.
BENCHMARK = env_bool("KSO_BENCHMARK", False)
BENCHMARK_LOG = os.environ.get("KSO_BENCHMARK_LOG", "")
if BENCHMARK:
    MIDDLEWARE = ["kso_portal.benchmark.BenchmarkMiddleware", *MIDDLEWARE]

ROOT_URLCONF = "kso_portal.urls"
# Widgets render through the project's template settings (Django's own templates come from
# django.forms), except the select, written in Python for speed (kso_portal/form_renderer.py).
FORM_RENDERER = "kso_portal.form_renderer.PortalFormRenderer"
WSGI_APPLICATION = "kso_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kso_portal.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kso"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiles a query whose estimated cost passes a threshold; the portal's
# queries are short, and compiling one took 700 ms where running it took 40 (issue 9).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A statement that runs away (a plan gone wrong, a lock waited for) must not hold a gunicorn
# thread and a connection for ever: the web server sets a limit (kso_portal/wsgi.py, 15 s; the
# slowest page's slowest query takes well under a second on national data), the worker and
# the management commands none.
STATEMENT_TIMEOUT_MS = int(os.environ.get("KSO_DB_STATEMENT_TIMEOUT_MS", 0))
if STATEMENT_TIMEOUT_MS:
    DATABASES["default"]["OPTIONS"]["options"] += f" -c statement_timeout={STATEMENT_TIMEOUT_MS}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# One shared cache for every gunicorn process: allauth keeps its rate-limit counters and the
# used TOTP codes here, so a per-process cache would multiply every limit by the number of
# workers. Django's RedisCache hands the URL to redis-py, which reads both `redis://host/db`
# and the `unix:///path.sock?db=N` of `make run`'s embedded Redis. The prefix keeps the keys
# apart from Celery's, which share the Redis database.
CACHES = {
    "default": {
        # Redis, tolerant of Redis being down (kso_portal/cache.py): the portal keeps working.
        "BACKEND": "kso_portal.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": "kso",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "kso_portal.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- django-allauth: e-mail sign-in, no public sign-up (accounts come by invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "kso_portal.allauth_adapter.NoSignupAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# The password reset page answers the same for known and unknown addresses (allauth's default,
# stated here because it is a security requirement).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "KSO-portaal: "
# Rate limits (kept in the Redis cache, so they hold across all gunicorn processes). Why these:
# - login_failed: five wrong passwords lock that e-mail address for 15 minutes, which stops
#   password guessing; the per-IP limit is generous because a gemeente's whole office may
#   reach the portal from one address, so it only slows one client spraying many accounts.
#   Only a wrong password counts: a sign-in that fails because the database is down does not
#   (kso_portal/allauth_adapter.py).
# - reset_password: at most 3 reset e-mails an hour to one address, so the form cannot be used
#   to flood a colleague's inbox; per IP as for sign-in.
# - reset_password_from_key: the link's key cannot be guessed, but unlimited tries would still
#   let a client hammer the form.
# - change_password: someone at an unattended, signed-in computer gets only a few guesses at
#   the current password.
ACCOUNT_RATE_LIMITS = {
    # - login: every sign-in, also the right ones, per IP. allauth's default of 30 a minute
    #   locked out a gemeente office whose staff all reach the portal from one address at 9:00;
    #   password guessing is stopped per account below, not here.
    "login": "300/m/ip",
    "login_failed": "60/m/ip,5/15m/key",
    "reset_password": "20/m/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/5m/user",
}
# "Sign out everywhere" (/accounts/sessions/): allauth records a session when a user signs in.
# Tracking activity as well (last-seen time and address) would cost a read and a write on every
# request; the start time, address and browser are enough to spot a session that is not yours.
# UserSessionsMiddleware stays installed so that switching this on is one line.
USERSESSIONS_TRACK_ACTIVITY = False
# Behind a reverse proxy (TLS in production) every request comes from the proxy's address: say
# how many proxies forward X-Forwarded-For, so that rate limits and the access log see the
# client's own address. 0: the portal is reached directly, as in `make run`.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("KSO_TRUSTED_PROXY_COUNT", 0))

# --- History (django-pghistory, docs/decisions/0004-history-by-database-triggers.md): each
# event gets the moment of its own statement, not of its transaction, so that the changes of one
# transaction keep their order on a page.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"

# --- Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files: whitenoise serves them from gunicorn, in Docker and in `make run` alike.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KSO_STATIC_ROOT", BASE_DIR / ".data" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static files and are served only through access-checked views.
MEDIA_ROOT = Path(os.environ.get("KSO_MEDIA_ROOT", BASE_DIR / ".data" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Location documents: outside the static files, with no public URL; a view that asks the
    # access policy serves them.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "documents"), "base_url": None},
    },
    # PDF reports the worker made, kept for their requester; served by an access-checked view.
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "reports"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- The size of a request. The largest thing the portal takes is a location's document of
# 20 MB (locations.constants.MAX_DOCUMENT_BYTES); a body a little larger, for the form around
# it, is refused before it is read (kso_portal.limits.RequestBodyLimitMiddleware). The reverse
# proxy should refuse the same (nginx: client_max_body_size 21m; README.md).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("KSO_MAX_REQUEST_BODY_MB", 21)) * 1024 * 1024
# Django's own limits, stated: the fields of a form without its files (the largest, a location
# with its notes, is some kilobytes) are read into memory up to 2.5 MB, else refused with 400;
# an uploaded file larger than 2.5 MB is streamed to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security defaults that hold in every environment; production.py adds TLS-only settings.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # allauth's TOTP QR code is a data: image.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Sessions end after 30 idle minutes (the cookie is renewed on each request) and at the latest
# 10 hours after sign-in, whatever the activity (AbsoluteSessionTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("KSO_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_TIMEOUT = timedelta(
    seconds=int(os.environ.get("KSO_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60))
)


# --- E-mail. Django 6.1 configures mail through MAILERS.
def smtp_mailer() -> dict:
    """The SMTP mailer described by the EMAIL_* variables."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", 25)),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            # A mail server that accepts the connection and never answers held a worker for
            # minutes; give up after this many seconds (the task tries again later).
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", 10)),
        },
    }


# Without EMAIL_HOST (as in `make run`) mail is printed to the console instead of sent.
MAILERS = {
    "default": smtp_mailer()
    if os.environ.get("EMAIL_HOST")
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KSO-portaal <noreply@kso-portaal.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the portal as its users reach it, for the links in e-mails (also those sent by
# Celery, which has no request to take it from).
PORTAL_URL = os.environ.get("KSO_PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery.
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None  # tasks write their outcome to the database; no result store needed
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it to be redelivered;
# our tasks are idempotent, so a second run changes nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per worker process: tasks are few and some are long (PDFs, reminders).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is briefly down at start must not stop the worker for good.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that runs when Redis goes away finishes (its message is delivered again after the
# visibility timeout: kso_portal/broker.py); cancelling it would throw its work away.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A Redis that hangs must not hang a request that queues a task: connecting gives up after a
# second, and a publish is tried once more after 0.2 s, then the caller goes on without it
# (kso_portal/redis_breaker.py; the periodic jobs pick the work up again).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died (or lost Redis) mid-task is delivered again after this long;
    # Redis' default of an hour kept a report "Wordt gemaakt" for that hour. It must stay
    # longer than the longest task (the reminder job: 1 s on national data, 16 s at ten times;
    # the national PDF: about 3 s), or a running task would be started a second time.
    "visibility_timeout": int(os.environ.get("KSO_BROKER_VISIBILITY_TIMEOUT", 15 * 60)),
    # Look for such tasks every 30 s instead of every 100 s.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 3,
    # Reads and connects that a hanging Redis never answers give up after a second (the
    # worker waits for new tasks by polling, not by a blocking read, and reconnects).
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
}
# Beat's schedule stays in settings (django-celery-beat does not support Django 6.1).
CELERY_BEAT_SCHEDULE: dict = {
    # The reminders of DESIGN.md §7, every day at 07:00 Amsterdam time, before people start;
    # the job is idempotent (one row per subject, rule and threshold), so a second run sends
    # nothing and a missed day is made up by the next run.
    "reminders-daily": {
        "task": "vervolghuisvesting.tasks.reminders_daily",
        "schedule": crontab(hour=7, minute=0),
    },
    # A 07:00 run that did not happen or did not complete (Redis or the database down, beat
    # stopped) is made up: from 07:00 on, every 15 minutes, the job runs when today's has not
    # completed (vervolghuisvesting/tasks.py).
    "reminders-catch-up": {
        "task": "vervolghuisvesting.tasks.reminders_catch_up",
        "schedule": crontab(minute="*/15"),
    },
    # A PvE checklist version applies from its first day: on that day (just after midnight,
    # before anyone works) each open location's check under the version it succeeds is kept.
    # Idempotent, and a missed day is made up by the next run.
    "pve-versions-keep": {
        "task": "locations.tasks.pve_versions_keep_daily",
        "schedule": crontab(hour=0, minute=15),
    },
    # Users who chose the daily digest read it at the start of the working day (CELERY_TIMEZONE
    # is Amsterdam time); the task is idempotent, so a missed or doubled run loses or repeats
    # nothing.
    "notification-digest": {
        "task": "notifications.tasks.notification_digest_send",
        "schedule": crontab(hour=7, minute=30),
    },
    # E-mails that did not go out (broker down, worker died, mail server refusing) are queued
    # again every 15 minutes instead of waiting for the next day (notifications/services.py).
    "notifications-send-pending": {
        "task": "notifications.tasks.notification_send_pending",
        "schedule": crontab(minute="*/15"),
    },
    # A report whose task was lost (a killed worker, a Redis that lost its data) is queued
    # again, one that waited two hours fails with a message (reports/services.py).
    "reports-requeue-stuck": {
        "task": "reports.tasks.report_requeue_stuck",
        "schedule": crontab(minute="*/5"),
    },
    # Sessions that ended are never read again; Django leaves removing them to this command.
    "sessions-clear": {
        "task": "kso_portal.tasks.sessions_clear",
        "schedule": crontab(hour=3, minute=15),
    },
    # /health/ says beat is late when this stops arriving (kso_portal/health.py).
    "heartbeat": {
        "task": "kso_portal.tasks.heartbeat",
        "schedule": crontab(minute="*/5"),
    },
    # Every writing statement on the tracked tables adds a row to the data version of the
    # cached figures (kso_portal/derived.py); folding them keeps reading it one small query.
    "data-changes-compact": {
        "task": "kso_portal.tasks.data_changes_compact",
        "schedule": crontab(minute="*/10"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request is logged with its path; the secret of a link (iCal feed, invitation,
    # password reset) is replaced by its digest first (kso_portal/redaction.py).
    "filters": {"redact_secrets": {"()": "kso_portal.redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KSO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every page at INFO; its warnings (a missing font) stay.
        "weasyprint": {"level": "WARNING"},
        # fontTools, which WeasyPrint subsets fonts with, logs every table of every font too.
        "fontTools": {"level": "WARNING"},
    },
}
