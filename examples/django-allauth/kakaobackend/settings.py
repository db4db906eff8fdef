"""Settings of the django-allauth Kakao example backend.

Everything that changes between real Kakao and `kakaologin mock` comes from
the environment:

    KAKAO_REST_API_KEY   the app's REST API key (allauth's client_id)
    KAKAO_CLIENT_SECRET  its client secret, if the key has one on
    KAKAO_AUTH_URL       kauth base URL, default https://kauth.kakao.com
    KAKAO_API_URL        kapi base URL, default https://kapi.kakao.com
    KAKAO_REDIRECT_URI   redirect URI for the `code` flow (optional)
    DJANGO_DB_PATH       SQLite file, default db.sqlite3 next to manage.py
    DJANGO_DEBUG         1 for Django's debug pages (default off)
    DJANGO_SECRET_KEY    signing key of sessions and JWTs (a dev default)

KAKAO_AUTH_URL and KAKAO_API_URL fall back to KAKAOLOGIN_AUTH_URL and
KAKAOLOGIN_API_URL, the names `kakaologin mock` prints, so a server started
with the mock's exports talks to the mock.
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


SECRET_KEY = env(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-kakaologin-django-allauth-example"
)
DEBUG = env("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    h for h in env("DJANGO_ALLOWED_HOSTS").split(",") if h
]

# --- Kakao: the one thing every allauth user needs -------------------------
# allauth's KakaoOAuth2Adapter hard-codes kauth.kakao.com / kapi.kakao.com;
# accounts.kakao.KakaoOAuth2Adapter reads these two settings instead.
KAKAO_AUTH_URL = env(
    "KAKAO_AUTH_URL", env("KAKAOLOGIN_AUTH_URL", "https://kauth.kakao.com")
).rstrip("/")
KAKAO_API_URL = env(
    "KAKAO_API_URL", env("KAKAOLOGIN_API_URL", "https://kapi.kakao.com")
).rstrip("/")
# The redirect_uri sent with a `code` when the request has none; when empty,
# this server's own /accounts/kakao/login/callback/ (as dj-rest-auth does).
KAKAO_REDIRECT_URI = env("KAKAO_REDIRECT_URI")

SOCIALACCOUNT_PROVIDERS = {
    "kakao": {
        # An APP here instead of a SocialApp row: nothing to create in the
        # admin, and the key comes from the environment.
        "APP": {
            "client_id": env("KAKAO_REST_API_KEY"),
            "secret": env("KAKAO_CLIENT_SECRET"),
            "key": "",
        },
    },
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "kakaobackend.urls"
WSGI_APPLICATION = "kakaobackend.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
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

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("DJANGO_DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users: unique email, unique nickname (the "seed" project's model) -----
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# allauth: the username is its own field ("kakao_<uid>" for Kakao users);
# the nickname is a plain unique column that accounts.adapter fills straight
# from Kakao's nickname, so a taken one fails (IntegrityError, a 500) as in
# the seed, instead of being de-duplicated by allauth.
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_REQUIRED = False
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_QUERY_EMAIL = True
LOGIN_REDIRECT_URL = "/"

# --- REST: simplejwt, as dj-rest-auth with REST_AUTH = {"USE_JWT": True,
# "JWT_AUTH_HTTPONLY": False} answers (the refresh token in the body) -----
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "accounts": {"handlers": ["console"], "level": "INFO"},
    },
}
