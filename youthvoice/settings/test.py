"""pytest: fast hashing, immediate tasks, in-memory mail; databases and Redis as the environment says."""

from youthvoice.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Browser tests are served without collectstatic: WhiteNoise finds files in the source tree.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Per-person write limits are exercised by their own tests; the suite writes fast from few people.
YOUTHVOICE_RATE_LIMITS = {**YOUTHVOICE_RATE_LIMITS, "comment": "1000/60", "vote": "1000/60"}  # noqa: F405
YOUTHVOICE_TALLY_INTERVAL = 0.1
# Tests read their own writes at once; the public page cache has its own tests (tests/test_page_cache.py).
YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS = 0
# One frame per event, so tests read events one by one; batching has its own tests.
YOUTHVOICE_FANOUT_BATCH_SECONDS = 0
