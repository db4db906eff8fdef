"""The "seed" project's user: unique email, unique nickname.

The email column is NOT NULL and unique, and allauth stores "" for a Kakao
user without email (allauth's populate_user: `valid_email_or_none(email) or
""`). So the first email-less user signs up with email "", and the second
one hits the UNIQUE constraint on "" (IntegrityError, a 500).

The nickname is a unique column of its own, set straight from Kakao's
nickname by accounts.adapter.SocialAccountAdapter. allauth neither checks
nor de-duplicates it (it only does that for the username field), so a Kakao
nickname another user has, and Kakao nicknames are not unique, is an
IntegrityError too (a 500).

Both are the seed's behaviour, kept on purpose: `kakaologin --rules seed`
predicts them, and compare-rules.sh checks that it does. To allow many
users without email, make the email column `null=True` and store None; to
survive a taken nickname, de-duplicate it in the adapter.

The username is separate: `kakao_<uid>` for Kakao users (set by the
adapter, so allauth's username generation never differs from it), the
nickname for local users made with `manage.py seed_user`.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, username, email, password, **extra):
        if not username:
            raise ValueError("The username must be set")
        extra.setdefault("nickname", username)
        user = self.model(
            username=username, email=self.normalize_email(email or ""), **extra
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, email="", password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra)

    def create_superuser(self, username, email="", password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(username, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": "A user with that username already exists."},
    )
    nickname = models.CharField(max_length=150, unique=True)
    email = models.EmailField(unique=True, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    def __str__(self):
        return self.nickname
