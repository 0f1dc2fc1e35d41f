"""Make sure an administrator account exists (for the local `make run`)."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists. Username and password come from "
        "ADMIN_USERNAME / ADMIN_PASSWORD, else 'admin' and a generated password, "
        "printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write("An administrator account already exists.")
            return
        username = os.environ.get("ADMIN_USERNAME") or "admin"
        refused = {name.lower() for name in settings.REFUSED_ADMIN_USERNAMES}
        if username.lower() in refused:
            raise CommandError(
                f"Refusing to create an administrator named {username!r} with these "
                "settings: set ADMIN_USERNAME to a personal username."
            )
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("ADMIN_EMAIL", "")
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS("Created an administrator account:"))
        self.stdout.write(f"  username: {username}")
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write("  password: (from ADMIN_PASSWORD)")
        else:
            self.stdout.write(f"  password: {password}")
            self.stdout.write("  (shown only now; change it at /admin/account/)")
