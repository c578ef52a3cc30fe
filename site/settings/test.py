"""The test suite: fast hashing, in-memory mail, plain static files."""

from lune_site.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-lune-site"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Two-factor enforcement is tested on purpose (tests/lune_site/test_two_factor.py); elsewhere
# tests log users in directly. The login form still asks a code of any account with a device.
LUNE_REQUIRE_SECOND_FACTOR = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Tests build content directly (factories, no publish signal): the page cache is switched on
# by the tests that prove it safe (tests/lune_site/test_page_cache.py) and by the leak probes.
LUNE_PAGE_CACHE = False
# The layout's kept fragments (menu, footer, home sections: lune_site.fragment_cache) are
# switched on by the tests that prove them fresh; elsewhere every request computes them.
LUNE_FRAGMENT_CACHE = False
# The search log is written at each search (production: each process every minute).
LUNE_SEARCH_LOG_FLUSH_SECONDS = 0
