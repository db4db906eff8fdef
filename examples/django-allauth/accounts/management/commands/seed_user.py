"""manage.py seed_user --email X --nickname Y [--provider P --uid U]: a local user.

For testing the conflict case: a Kakao login with the same email is refused
with 400 {"non_field_errors": ["User is already registered with this e-mail
address."]}. With --provider and --uid the user also gets a social account
of that provider (a row only: the provider need not be installed), as a
user who signed up with, say, Google.
"""

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local user with an email and a nickname (no social account)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--nickname", required=True)
        parser.add_argument("--password", default=None)
        parser.add_argument("--provider", default=None)
        parser.add_argument("--uid", default=None)

    def handle(self, *args, **opts):
        user = get_user_model().objects.create_user(
            username=opts["nickname"], email=opts["email"], password=opts["password"]
        )
        if opts["provider"]:
            SocialAccount.objects.create(user=user, provider=opts["provider"], uid=opts["uid"])
        self.stdout.write(f"created user pk={user.pk} nickname={user.nickname} email={user.email}")
