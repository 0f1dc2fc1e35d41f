"""Recovery for a lost two-factor device: remove a user's authenticator apps
and recovery codes (every django-otp device).

After this the user signs in with their password and is asked to set up a
new authenticator app (two-factor authentication stays required). Run it
only after confirming the person's identity out of band (README, "Lost
two-factor device").
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove every two-factor device of a user (lost phone); a new one is set up at sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {username}; they will set up a new "
            "one at their next sign-in."
        )
