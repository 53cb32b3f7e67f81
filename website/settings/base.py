"""Settings shared by every environment; everything that varies comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    """Read a comma-separated environment variable."""
    value = os.environ.get(name) or default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The default key only serves local development; production.py refuses it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch in first.
    "modeltranslation",
    "website.admin_site.KnowledgeBaseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # The layers, from the base up (docs/architecture.md): core knows no app, each domain app
    # knows only those before it, and website, the public site and the admin's pages, sits on top.
    "core",
    "sources",
    "orgs",
    "strategies",
    "website",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, as django-cors-headers asks, so every API answer (an error too) carries its CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # Before anything that reads the database (sessions, throttling), so those reads are routed too.
    "website.replicas.PrimaryPinMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "website.middleware.QueryStringNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out user name and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

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
            ],
        },
    },
]

# Unset DATABASE_URL means the embedded SQLite file, so `make run` needs no server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas (docs/architecture.md, Scale out): comma-separated URLs of PostgreSQL streaming
# replicas of DATABASE_URL. Reads go to them, writes and read-after-write to the primary.
DATABASE_REPLICA_URLS = [url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
DATABASE_REPLICAS = [f"replica_{number}" for number in range(1, len(DATABASE_REPLICA_URLS) + 1)]
for alias, url in zip(DATABASE_REPLICAS, DATABASE_REPLICA_URLS, strict=True):
    DATABASES[alias] = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
DATABASE_ROUTERS = ["website.replicas.PrimaryReplicaRouter"]
# How long a browser that has just written reads from the primary: longer than the replicas' lag.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions last a working day and end when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The number of reverse proxies in front of the app that append to X-Forwarded-For (nginx in
# docker-compose.yml: 1). 0 trusts no header, so a direct deployment cannot be fooled.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is refused until LOGIN_COOLOFF_MINUTES pass without another try.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "website.clients.client_address"
AXES_LOCKOUT_CALLABLE = "website.throttling.login_locked_out"
AXES_RESET_ON_SUCCESS = True
# The lockout log names the user name and address, so whoever reads it can lift the lockout
# (manage.py axes_reset_username); passwords are never logged.
AXES_SENSITIVE_PARAMETERS = []

# Concurrent public CSV downloads one client address may hold open (core/csv/slots.py).
CSV_DOWNLOADS_PER_CLIENT = int(os.environ.get("CSV_DOWNLOADS_PER_CLIENT", "2"))

# The read-only JSON API (website/api/): anonymous, JSON only, each client address limited to
# API_THROTTLE_RATE requests (counted in the default cache: per process here, shared in production).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE") or "120/minute"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["website.api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "website.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Advocacy networks knowledge base API",
    "DESCRIPTION": (
        "Read-only access to the public records of the knowledge base: organizations, strategies, regions, "
        "sources, passages, claims with their quotes, and relationships. Every text is given in Arabic and "
        "English; lists are in id order, a cursor's page at a time (follow `next`)."
    ),
    "VERSION": "1",
    # 3.1: a nullable related record is `oneOf: [record, null]`, which JSON Schema validators read as meant.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "orgs.models.Organization.Kind",
        "RegionKindEnum": "orgs.models.Region.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "PassageKindEnum": "sources.models.Passage.Kind",
        "RelationshipKindEnum": "orgs.models.Relationship.Kind",
        "OtherNameKindEnum": "orgs.models.OrganizationName.Kind",
        "LanguageEnum": "core.models.Language",
        "ClaimStatusEnum": "strategies.models.Evidence.Status",
    },
}
# Anyone may read the API from a page of their own: GET (and its preflight) only, no cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The only request headers the API reads; no authorization or CSRF header has a use here.
CORS_ALLOW_HEADERS = ["accept", "accept-language"]
CORS_ALLOW_CREDENTIALS = False

# Arabic first: it is the default when the browser's language is unknown.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Each language falls back to the other, so admin labels never come out empty.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": MODELTRANSLATION_LANGUAGES}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Strict policy: no inline script anywhere on the public site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Admin history: who changed what is kept for every record.
SIMPLE_HISTORY_REVERT_DISABLED = False
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Pending CSV imports between the dry run and the confirmation; with several app servers, a
# folder they share (unset: one in the system's temporary folder).
CSV_IMPORT_UPLOAD_DIR = os.environ.get("CSV_IMPORT_UPLOAD_DIR") or None
# Dataset releases (manage.py release_dataset) are written here and listed at /<lang>/data/releases/;
# the address of the public site is the base of the URLs in their rows, and the author is cited.
DATASET_RELEASE_DIR = os.environ.get("DATASET_RELEASE_DIR") or str(BASE_DIR / "var" / "releases")
DATASET_SITE_URL = os.environ.get("DATASET_SITE_URL") or "http://127.0.0.1:8000"
DATASET_AUTHOR = os.environ.get("DATASET_AUTHOR") or "Advocacy networks knowledge base contributors"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Lockouts and failed logins are logged at WARNING whatever LOG_LEVEL says.
    "loggers": {"axes": {"level": "WARNING"}},
}
