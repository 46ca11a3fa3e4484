"""The one settings module. Everything that varies between machines is an environment variable,
read here and nowhere else (see docs/deployment.md)."""

import datetime as dt
import ipaddress
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()

# Embedded default: the SQLite database, the huey queue and the generated secret key live here.
VAR_DIR = Path(env.str("VAR_DIR", default=str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY when set; else a key generated once into VAR_DIR and kept there (one machine).
    With REDIS_URL set the desk runs on several machines, which must share one key: required."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    if env.str("REDIS_URL", default=""):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when REDIS_URL is set: every machine of the desk needs the "
            "same key (one machine alone keeps a generated key in VAR_DIR)."
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs' static files (no CDN)
    "tiquetera.core",
    "tiquetera.audit",
    "tiquetera.calendars",
    "tiquetera.policy",
    "tiquetera.directory",
    "tiquetera.contracts",
    "tiquetera.tickets",
    "tiquetera.sla",
    "tiquetera.reports",
    "tiquetera.billing",
    "tiquetera.notifications",
    "tiquetera.desk",
    "tiquetera.channels.email",
    "tiquetera.channels.whatsapp",
    "tiquetera.channels.phone",
    "tiquetera.inquiries",
    "tiquetera.portal",
    "tiquetera.kb",
    "tiquetera.api",
    "tiquetera.core.apps.LockoutConfig",  # django-axes, sign-in lockout (see Auth below)
]

MIDDLEWARE = [
    "tiquetera.core.metrics.RequestMetricsMiddleware",  # first: counts every answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tiquetera.core.middleware.LanguageMiddleware",
    "tiquetera.core.middleware.RefuseNulBytesMiddleware",
    "tiquetera.api.middleware.ApiErrorsMiddleware",  # before Common: its slash redirects stay
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the sign-in page's message
]

ROOT_URLCONF = "tiquetera.urls"
WSGI_APPLICATION = "tiquetera.wsgi.application"

FORM_RENDERER = "tiquetera.core.form_renderer.FormRenderer"  # a cheaper <select>
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # our override of the admin's base_site.html (core/admin_templates/admin/): found first
        "DIRS": [PACKAGE_DIR / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tiquetera.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN,
        # so conditional UPDATEs (entitlements) never fail half-way with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Parameters sent apart from the SQL, so psycopg prepares a statement a connection runs
    # often and PostgreSQL plans it once (planning was most of an intake's database time).
    # PG_PREPARED=false for a pooler in transaction mode without prepared-statement support.
    if env.bool("PG_PREPARED", default=True):
        given = DATABASES["default"].get("OPTIONS", {})  # options in DATABASE_URL win
        DATABASES["default"]["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 2,
            **given,
        }
# A web process keeps its connection between requests, health-checked before reuse: a new one
# costs PostgreSQL a backend, and SQLite about 3 ms of CPU (Django's SQL functions, the PRAGMAs)
# plus a WAL checkpoint when the last connection closes — more than many requests themselves.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and queue --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    HUEY = {
        "name": "tiquetera",
        "huey_class": "huey.RedisHuey",
        "immediate": HUEY_IMMEDIATE,  # always set: huey would copy DEBUG otherwise
        "url": REDIS_URL,
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "name": "tiquetera",
        "huey_class": "huey.SqliteHuey",
        "immediate": HUEY_IMMEDIATE,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }

# --- Email ------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="soporte@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain of the Message-IDs we generate (Django's own would end in @localhost): replies
# thread under them.
EMAIL_DOMAIN = env.str("EMAIL_DOMAIN", default="localhost")
# Inbound email (channels/email): the IMAP mailboxes the worker reads every minute, comma-
# separated: imap://user:password@host:143/INBOX, imap+starttls://… or imaps://…:993/INBOX
# (percent-encode "@", ":", "," in the user and password). Empty: no email is fetched.
IMAP_URLS = env.list("IMAP_URLS", default=[])
# The receiving mail servers whose Authentication-Results headers are believed (docs/email.md).
EMAIL_TRUSTED_AUTHSERV_IDS = env.list("EMAIL_TRUSTED_AUTHSERV_IDS", default=[])
# The desk's public address, for links in emails (case pages, the writing guide).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- WhatsApp (channels/whatsapp, docs/whatsapp.md) --------------------------------------------
# From the Meta app's WhatsApp setup. The app secret checks the webhook's X-Hub-Signature-256
# (unset: every POST is refused); the verify token answers Meta's subscription handshake; the
# token and the phone number id send messages and fetch media through the Graph API, whose base
# URL is configurable so tests and staging can point it at a local server.
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")
WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="https://graph.facebook.com").rstrip("/")
WHATSAPP_API_VERSION = env.str("WHATSAPP_API_VERSION", default="v21.0")
# A client's WhatsApp message is a reply on their latest case that still takes messages when
# that case moved within these days; otherwise it opens a new case.
WHATSAPP_REPLY_WINDOW_DAYS = env.int("WHATSAPP_REPLY_WINDOW_DAYS", default=7)

# --- Auth -------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force on the sign-in forms (agents, portal, admin) is stopped by django-axes: after
# AXES_FAILURE_LIMIT wrong passwords for one username, or from one client address (read through
# TRUSTED_PROXIES), further tries are refused for AXES_COOLOFF_MINUTES. Unlock early with
# `tiquetera axes_reset_username USER` / `axes_reset_ip ADDRESS` / `axes_reset` (all).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out try before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one, past the limit, locks
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command, no line for every sign-in
AXES_CLIENT_IP_CALLABLE = "tiquetera.core.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "tiquetera.core.lockout.locked_out"
# A policy simulation still running this long after a worker took it is taken for one whose
# worker died (killed, the machine restarted): it is shown as failed (policy.simulation.stored).
SIMULATION_TIME_LIMIT = dt.timedelta(minutes=env.int("SIMULATION_TIME_LIMIT_MINUTES", default=60))
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "tiquetera.core.sessions"  # Django's database sessions, their read compiled once
X_FRAME_OPTIONS = "DENY"
# The reverse proxies in front of the desk (addresses or networks, comma-separated, e.g.
# "127.0.0.1,10.0.0.0/8"): only a request from one of them has its X-Forwarded-For read, for the
# client's address that login lockouts and the API token limiter count by
# (tiquetera/core/client_address.py). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address") from exc

# --- HTTPS behind a reverse proxy (docs/deployment.md) ----------------------------------------
# The proxy terminates TLS and says so in X-Forwarded-Proto. Set BEHIND_TLS_PROXY only when the
# proxy overwrites that header (a client's own would otherwise make plain HTTP look secure).
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Health checks and Prometheus reach the web processes directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Every page's scripts, styles and images come from the desk itself: no inline script, style
# element or attribute, event handler or eval (htmx's indicator styles are off in base.html;
# charts read JSON from <script type="application/json">). data: images are Pico's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "es"
FORMAT_MODULE_PATH = ["tiquetera.formats"]  # Spanish numbers and dates as in Colombia (es-CO)
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="America/Bogota")
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest (hashed names, cached forever) needs `collectstatic`: off for DEBUG, tests.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)

# --- Metrics (docs/deployment.md, "Metrics") -----------------------------------------------------
# GET /metrics answers Prometheus with `Authorization: Bearer METRICS_TOKEN`; unset: no endpoint.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Several gunicorn workers: a folder where prometheus-client (which reads this variable itself)
# keeps each worker's request counts, emptied before the web processes start.
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_per_job": {"()": "tiquetera.core.joblog.OneLinePerJob"}},
    "formatters": {"job": {"format": "%(asctime)s %(levelname)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "worker": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_per_job"],
            "formatter": "job",
        },
    },
    # huey's logger has its own handler and does not propagate: one line per job, not each twice
    "loggers": {"huey": {"handlers": ["worker"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
