"""manage.py seed_user --email X --nickname Y: a local (non-social) user.

For testing the conflict case: a Kakao login with the same email is refused
with 400 {"non_field_errors": ["User is already registered with this e-mail
address."]}.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local user with an email and a nickname (no social account)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--nickname", required=True)
        parser.add_argument("--password", default=None)

    def handle(self, *args, **opts):
        user = get_user_model().objects.create_user(
            nickname=opts["nickname"], email=opts["email"], password=opts["password"]
        )
        self.stdout.write(f"created user pk={user.pk} nickname={user.nickname} email={user.email}")
