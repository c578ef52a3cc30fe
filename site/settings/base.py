"""Settings shared by every environment. The environment is read here, once."""

import datetime
import os
from pathlib import Path

from lune_site.settings.environment import database_from_url, email_from_url, search_backends

BASE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
WAGTAILSEARCH_BACKENDS = search_backends(ELASTICSEARCH_URL)
globals().update(email_from_url(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "site@projetlune.org")
STAFF_NOTIFICATION_EMAIL = os.environ.get("STAFF_NOTIFICATION_EMAIL", "equipe@projetlune.org")

INSTALLED_APPS = [
    "lune_site",
    "resources",
    "journal",
    "events",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "lune_site.page_cache.StorePublicPage",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lune_site.sessions.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lune_site.two_factor.RequireSecondFactorMiddleware",
    "lune_site.middleware.ClosedAreaAdminGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lune_site.middleware.PrivacyHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "lune_site.page_cache.FetchPublicPage",
]

# The anonymous page cache, shared by all workers: files by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / "cache")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "lune"
# A minute at most: tonight's shelter status and "open now" badges follow the clock.
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60))
# A CDN in front (Varnish, Fastly...): Wagtail purges changed pages through its HTTP purger.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    # Django's ModelBackend, the user read with their groups (lune_site.sessions).
    "lune_site.sessions.GroupsReadOnceBackend",
]
# Lockout by username only, short, storing no address: nobody can lock the night staff out long.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "lune_site.two_factor.no_client_ip"
AXES_DISABLE_ACCESS_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lune_site/locked_out.html"
# Deliberate: no address is stored, so lockouts cannot key on it (axes.W006).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Two factors for whoever may enter the admin or the staff area.
LUNE_REQUIRE_SECOND_FACTOR = True
WAGTAILADMIN_USER_LOGIN_FORM = "lune_site.two_factor.AdminLoginForm"
OTP_TOTP_ISSUER = "Projet L.U.N.E."

ROOT_URLCONF = "lune_site.urls"
WSGI_APPLICATION = "lune_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
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

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/connexion/"

# Visitors get no cookie but the CSRF one on pages holding a form.
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
# One night shift (10 h) of inactivity ends a session. Each request restarts the period; the
# session row is written again only once its expiry is 5 minutes old (lune_site.sessions).
SESSION_ENGINE = "lune_site.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 10 * 60 * 60))
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

WAGTAIL_SITE_NAME = "Projet L.U.N.E."
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USAGE_COUNT_ENABLED = True
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt", "csv", "xlsx", "ods"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: they would leak visitors to other hosts
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# The closed areas: page trees that only their group may see.
STAFF_GROUP_NAME = "Équipe d'intervention"
MEMBERS_GROUP_NAME = "Membres"
COMMUNICATIONS_GROUP_NAME = "Communications"

# Quick-exit destination: a neutral site, opened in place of the current page.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://meteo.gc.ca/")

# Error reports carry no address, cookie, form content or local variable.
DEFAULT_EXCEPTION_REPORTER_FILTER = "lune_site.errors.PrivateExceptionReporterFilter"
ADMINS = [("Admin", a.strip()) for a in os.environ.get("ADMINS", "").split(",") if a.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's request logger names the path only; never the client address.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Journal (issue 5): contributed files live outside MEDIA_ROOT, never served by the web server.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")

# Security (issue 8): documents other than PDF are downloaded, never shown inside the site;
# documents uploaded in the admin are limited in size (site/documents.py).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lune_site.documents.LimitedDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))
# A NUL in a query string is dropped before any view filters on it (site/query_strings.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("lune_site.middleware.PrivacyHeadersMiddleware") + 1,
    "lune_site.query_strings.StripNulFromQueryString",
)
