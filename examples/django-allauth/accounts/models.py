"""The "seed" project's user: unique email, unique nickname.

The email column is NOT NULL and unique, and allauth stores "" for a Kakao
user without email (allauth's populate_user: `valid_email_or_none(email) or
""`). So the first email-less user signs up with email "", and the second
one hits the UNIQUE constraint on "" (IntegrityError, a 500). This is the
seed's behaviour, kept on purpose; make the column `null=True` and store
None (e.g. in a save() override) to allow many users without email.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, nickname, email, password, **extra):
        if not nickname:
            raise ValueError("The nickname must be set")
        user = self.model(
            nickname=nickname, email=self.normalize_email(email or ""), **extra
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, nickname, email="", password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(nickname, email, password, **extra)

    def create_superuser(self, nickname, email="", password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(nickname, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    nickname = models.CharField(
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": "A user with that nickname already exists."},
    )
    email = models.EmailField(unique=True, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "nickname"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    def __str__(self):
        return self.nickname
