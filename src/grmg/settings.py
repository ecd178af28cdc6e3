"""Django settings for grmg, all driven by the environment through `grmg.config`."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from grmg.config import read_settings

ENV = read_settings()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(ENV["GRMG_DATA_DIR"]).expanduser()


def _secret_key() -> str:
    if ENV["GRMG_SECRET_KEY"]:
        return str(ENV["GRMG_SECRET_KEY"])
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = ENV["GRMG_DEBUG"]
ALLOWED_HOSTS = ENV["GRMG_ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = ENV["GRMG_CSRF_TRUSTED_ORIGINS"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENV["GRMG_SECURE_COOKIES"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "grmg.countries",
    "grmg.organisations",
    "grmg.frameworks",
    "grmg.assessments",
    "grmg.standards",
    "grmg.laws",
    "grmg.profiles",
    "grmg.indicators",
    "grmg.agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "grmg.urls"
WSGI_APPLICATION = "grmg.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        ENV["DATABASE_URL"] or f"sqlite:///{DATA_DIR / 'grmg.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; the timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:countries"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = ENV["GRMG_LANGUAGE"]
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = ENV["GRMG_TIME_ZONE"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Evidence is never served from a public URL: downloads go through a view that checks the reader's role.
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads-are-not-public/"
# Static files are served straight from the package: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True

MAX_UPLOAD_BYTES = ENV["GRMG_MAX_UPLOAD_MB"] * 1024 * 1024
UPLOAD_TYPES = ENV["GRMG_UPLOAD_TYPES"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
