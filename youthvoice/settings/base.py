"""Settings shared by every mode, driven by environment variables.

With nothing set the site runs embedded: SQLite, the in-memory channel layer, a local-memory cache
and the console email backend. ``DATABASE_URL`` switches to PostgreSQL and ``REDIS_URL`` to Redis
for the channel layer and the cache. ``production.py`` tightens everything for a public deployment.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from psycopg_pool import ConnectionPool

from youthvoice.settings.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The embedded default key is for development only; production.py refuses to start without
# SECRET_KEY in the environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-" + "x" * 20)
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# Project apps first so their templates and translations take precedence.
INSTALLED_APPS = [
    "youthvoice.accounts",
    "youthvoice.organisations",
    "consultations",
    "consultations.moderation",
    "consultations.digests",
    "consultations.polis",
    "consultations.responses",
    "channels",
    "django_tasks_db",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "django_countries",
    # Accounts
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Wagtail's PostgreSQL search backend and migrations need it on PostgreSQL.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "youthvoice.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside LocaleMiddleware and CsrfViewMiddleware, before anything reads the session or the user.
    "youthvoice.page_cache.PublicPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside LocaleMiddleware: a signed-in person's saved language for URLs without a prefix.
    "youthvoice.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "youthvoice.urls"
ASGI_APPLICATION = "youthvoice.asgi.application"
WSGI_APPLICATION = None

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
                "consultations.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", default=True):
    # psycopg's pool keeps a few connections per process open: a request no longer pays for a new
    # PostgreSQL backend. (CONN_MAX_AGE would keep one per thread, which ASGI threads exhaust.)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", default=2),
        "max_size": env_int("DATABASE_POOL_MAX", default=8),
        "timeout": 10,
        # A pooled connection is checked (one empty round trip) before each use, so after a
        # PostgreSQL restart the process recovers at once instead of failing on stale connections.
        "check": ConnectionPool.check_connection,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache -----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# channels-redis opens a pool per event loop; its default cap of 100 connections breaks under a
# connect storm of many sockets, so the cap is explicit and configurable.
REDIS_MAX_CONNECTIONS = env_int("REDIS_MAX_CONNECTIONS", default=1000)

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times out socket reads after 5 s, exactly channels-redis' BRPOP wait:
                # idle consumers would crash with "Timeout reading". Reads must outlast the wait.
                "hosts": [{"address": REDIS_URL, "max_connections": REDIS_MAX_CONNECTIONS, "socket_timeout": 15}],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "youthvoice"),
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "youthvoice.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "youthvoice"),
            # Short timeouts: a hung Redis must cost a request little (see youthvoice/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Tasks ----------------------------------------------------------------------------------
# Immediate in development and tests; production.py switches to the database-backed worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# allauth's backend (email login; also serves Wagtail's admin login), loading with each request's
# user whether they may take part: see youthvoice/accounts/auth_backends.py.
AUTHENTICATION_BACKENDS = ["youthvoice.accounts.auth_backends.ParticipationAwareBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105 - a rate, not a password
    "confirm_email": "1/3m/key",
}
ACCOUNT_SIGNUP_FORM_CLASS = "youthvoice.accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "youthvoice.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "youthvoice.accounts.forms.LoginForm",
    "signup": "youthvoice.accounts.signup_form.SignupForm",
    # Our own labels: allauth has no catalogue for sq, bs, mk or kk (docs/i18n.md). Form class paths,
    # not secrets (bandit reads "password" in the keys).
    "reset_password": "youthvoice.accounts.allauth_forms.ResetPasswordForm",  # nosec B105
    "reset_password_from_key": "youthvoice.accounts.allauth_forms.ResetPasswordKeyForm",  # nosec B105
    "change_password": "youthvoice.accounts.allauth_forms.ChangePasswordForm",  # nosec B105
    "set_password": "youthvoice.accounts.allauth_forms.SetPasswordForm",  # nosec B105
    "reauthenticate": "youthvoice.accounts.allauth_forms.ReauthenticateForm",
    "add_email": "youthvoice.accounts.allauth_forms.AddEmailForm",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# --- Platform rules -------------------------------------------------------------------------
YOUTHVOICE_MIN_AGE = env_int("YOUTHVOICE_MIN_AGE", default=12)
YOUTHVOICE_GUARDIAN_CONSENT_BELOW = 18
YOUTHVOICE_GUARDIAN_LINK_DAYS = 7
# "count/seconds" per key; checked by youthvoice.ratelimit in services, whatever the transport.
YOUTHVOICE_RATE_LIMITS = {
    "guardian_email": "3/3600",
    "guardian_email_per_address": "5/86400",
    # Writes by one person, whatever the transport (HTTP form or WebSocket).
    "comment": "10/60",
    "vote": "60/60",
    "flag": "10/60",
}
# Vote tallies are coalesced into at most one broadcast per consultation per interval (seconds).
YOUTHVOICE_TALLY_INTERVAL = 0.5
# Public pages (shown alike to everyone without a session) are rendered at most once per this many
# seconds per process; 0 turns it off. See youthvoice/page_cache.py for what is shared and why.
YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS = env_int("YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS", default=2)
# Live events that reach a process within this many seconds of the last frame it sent a consultation's
# viewers share the next frame (a JSON array); a lone event goes out at once. 0: one frame per event.
YOUTHVOICE_FANOUT_BATCH_SECONDS = 0.25
# Threads per process that run the sockets' database work (youthvoice/socket_database.py); they
# take connections from the same pool as HTTP requests (DATABASE_POOL_MAX), so keep this below it.
YOUTHVOICE_SOCKET_DATABASE_THREADS = env_int("YOUTHVOICE_SOCKET_DATABASE_THREADS", default=4)
# Comments edited after this many minutes are refused.
YOUTHVOICE_EDIT_MINUTES = 15
# Distinct reports that hide a comment until a moderator has looked at it.
YOUTHVOICE_FLAG_HIDE_THRESHOLD = env_int("YOUTHVOICE_FLAG_HIDE_THRESHOLD", default=3)
# Extra words that hold a comment for review, per language ("*": all); see moderation/screening.py.
YOUTHVOICE_SCREENING_WORDS: dict[str, list[str]] = {}
# Security labels that stigmatise the communities a consultation speaks to (DESIGN.md §1), per
# content language ("*": every language), each with locally rooted alternatives in that language.
# Editors saving a consultation that uses one are warned, never stopped. A trailing "*" takes any
# ending ("радикализ*" catches "радикализации"); case is ignored, accents are optional. See docs/terminology.md.
# Stems stop before ordinary words: "ekstremi*" would catch "ekstremitet" (limb), "ekstremisht" (extremely).
YOUTHVOICE_SENSITIVE_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    # Shown in the page's language when a translation of the suggestion exists.
    "*": {
        "CVE": (_("community safety"), _("violence prevention")),
        "P/CVE": (_("community safety"), _("violence prevention")),
        "PCVE": (_("community safety"), _("violence prevention")),
        "PVE": (_("community safety"), _("violence prevention")),
    },
    "en": {
        "violent extremis*": ("violence", "community safety", "violence prevention"),
        "extremis*": ("violence", "community safety"),
        "radicalis*": ("being drawn into violence", "recruitment into violent groups"),
        "radicaliz*": ("being drawn into violence", "recruitment into violent groups"),
        "deradicalis*": ("rehabilitation and reintegration", "support to leave violence behind"),
        "deradicaliz*": ("rehabilitation and reintegration", "support to leave violence behind"),
        "terrori*": ("violence", "attacks", "public safety"),
    },
    "fr": {
        "extrémism* violent*": ("violence", "sécurité des quartiers", "prévention de la violence"),
        "extrémis*": ("violence", "sécurité des quartiers"),
        "radicalis*": ("entrée dans la violence", "recrutement par des groupes violents"),
        "déradicalis*": ("réinsertion", "accompagnement pour sortir de la violence"),
        "terrori*": ("violence", "attentats", "sécurité publique"),
    },
    "ru": {
        "насильственн* экстремизм*": ("насилие", "безопасность местных сообществ", "профилактика насилия"),
        "экстремизм*": ("насилие", "безопасность местных сообществ"),
        "экстремист*": ("насилие", "безопасность местных сообществ"),
        "радикализ*": ("вовлечение в насилие", "вербовка в насильственные группы"),
        "дерадикализ*": ("реинтеграция", "поддержка в отказе от насилия"),
        "террори*": ("насилие", "нападения", "общественная безопасность"),
    },
    "sr-latn": {
        "nasiln* ekstremiz*": ("nasilje", "bezbednost zajednice", "prevencija nasilja"),
        "ekstremiz*": ("nasilje", "bezbednost zajednice"),
        "ekstremist*": ("nasilje", "bezbednost zajednice"),
        "radikaliz*": ("uvlačenje u nasilje", "regrutovanje u nasilne grupe"),
        "deradikaliz*": ("reintegracija", "podrška za izlazak iz nasilja"),
        "terori*": ("nasilje", "napadi", "javna bezbednost"),
    },
    "bs": {
        "nasiln* ekstremiz*": ("nasilje", "sigurnost zajednice", "prevencija nasilja"),
        "ekstremiz*": ("nasilje", "sigurnost zajednice"),
        "ekstremist*": ("nasilje", "sigurnost zajednice"),
        "radikaliz*": ("uvlačenje u nasilje", "regrutiranje u nasilne grupe"),
        "deradikaliz*": ("reintegracija", "podrška za izlazak iz nasilja"),
        "terori*": ("nasilje", "napadi", "javna sigurnost"),
    },
    "sq": {
        "ekstremiz* i dhunsh*": ("dhuna", "siguria në komunitet", "parandalimi i dhunës"),
        "ekstremiz*": ("dhuna", "siguria në komunitet"),
        "ekstremist*": ("dhuna", "siguria në komunitet"),
        "radikaliz*": ("përfshirja në dhunë", "rekrutimi në grupe të dhunshme"),
        "deradikaliz*": ("riintegrimi", "mbështetje për t'u larguar nga dhuna"),
        "terrori*": ("dhuna", "sulmet", "siguria publike"),
    },
    "mk": {
        "насил* екстремиз*": ("насилство", "безбедност во заедницата", "превенција на насилство"),
        "екстремиз*": ("насилство", "безбедност во заедницата"),
        "екстремист*": ("насилство", "безбедност во заедницата"),
        "радикализ*": ("вовлекување во насилство", "регрутирање во насилни групи"),
        "дерадикализ*": ("реинтеграција", "поддршка за излез од насилството"),
        "терори*": ("насилство", "напади", "јавна безбедност"),
    },
    "kk": {
        "зорлық-зомбылық экстремизм*": ("зорлық-зомбылық", "қауымдастық қауіпсіздігі", "зорлық-зомбылықтың алдын алу"),
        "экстремизм*": ("зорлық-зомбылық", "қауымдастық қауіпсіздігі"),
        "экстремист*": ("зорлық-зомбылық", "қауымдастық қауіпсіздігі"),
        "радикалдан*": ("зорлық-зомбылыққа тартылу", "зорлықшыл топтарға тарту"),
        "радикализ*": ("зорлық-зомбылыққа тартылу", "зорлықшыл топтарға тарту"),
        "дерадикализ*": ("қайта әлеуметтендіру", "зорлық-зомбылықтан бас тартуға қолдау"),
        "террори*": ("зорлық-зомбылық", "шабуылдар", "қоғамдық қауіпсіздік"),
    },
    "ky": {
        "зордук-зомбулук экстремизм*": ("зордук-зомбулук", "жамааттын коопсуздугу", "зордук-зомбулуктун алдын алуу"),
        "экстремизм*": ("зордук-зомбулук", "жамааттын коопсуздугу"),
        "экстремист*": ("зордук-зомбулук", "жамааттын коопсуздугу"),
        "радикалдаш*": ("зордук-зомбулукка тартылуу", "зордукчул топторго тартуу"),
        "радикализ*": ("зордук-зомбулукка тартылуу", "зордукчул топторго тартуу"),
        "дерадикализ*": ("кайра интеграциялоо", "зордук-зомбулуктан баш тартууга колдоо"),
        "террори*": ("зордук-зомбулук", "кол салуулар", "коомдук коопсуздук"),
    },
}
# Days after closing by which the organisers owe participants a published response.
YOUTHVOICE_RESPONSE_DUE_DAYS = env_int("YOUTHVOICE_RESPONSE_DUE_DAYS", default=60)
# Digests: any group smaller than this is shown as "fewer than k" and never derivable from totals.
YOUTHVOICE_DIGEST_MIN_GROUP = env_int("YOUTHVOICE_DIGEST_MIN_GROUP", default=10)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The interface languages (docs/i18n.md). Each has its catalogue in locale/<dir>/LC_MESSAGES/, which
# tests/i18n checks is complete. The names are Django's own msgids, so Django's catalogues name them
# too; the language switcher shows each language in its own name instead.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("sr-latn", _("Serbian Latin")),
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("mk", _("Macedonian")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice outlives the browser session (Django's default would forget it on restart);
# scripts never read it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------------------------
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailer(backend: str) -> dict[str, object]:
    """Django 6.1's MAILERS entry; SMTP takes its connection from EMAIL_* variables."""
    if backend != SMTP_BACKEND:
        return {"BACKEND": backend}
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", default=25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            "timeout": env_int("EMAIL_TIMEOUT", default=20),
        },
    }


MAILERS = {"default": mailer(os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "YouthVoice <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers (also on in development, so problems show early) -----------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin (trained staff, behind login) still needs inline script and style.
WAGTAIL_ADMIN_PATH_PREFIX = "/admin/"
WAGTAIL_ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Read from the cache, kept in the database; a cache outage costs a query, not a page.
SESSION_ENGINE = "youthvoice.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "YouthVoice"
# Absolute base of links in emails (guardian consent, verification) and of the Wagtail admin.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Privacy: no email hashes sent to Gravatar, no calls home from editors' browsers.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Content translation (wagtail-localize; docs/content-translation.md) ---------------------
# A new translation starts as a draft, even of a live page: a consultation must not appear under
# /ky/ in English, labelled Kyrgyz, before a translator has published the Kyrgyz text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "youthvoice.log_filters.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Through our handler (with the redaction filter), not Django's default unfiltered one.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Request logs name the path, which may hold a link token: redact before any handler sees it.
        "django.request": {"filters": ["redact_secrets"]},
        # Immediate tasks (dev) and Wagtail's page log would otherwise narrate every save.
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # No access log: each line holds a client IP address (of minors, too) and the request path,
        # which can carry link tokens. Measure traffic at the proxy, with addresses anonymised.
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}
