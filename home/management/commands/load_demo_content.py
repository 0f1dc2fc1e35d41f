"""Build (or complete) the demo site. Safe to run any number of times."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import DemoContext
from home.demo_content import ensure_home_page


class Command(BaseCommand):
    help = (
        "Create the Rainfall Medicine demo content (home, pages, settings, menus, and each "
        "app's pages). Creates only what is missing; a second run changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            site, home = ensure_home_page(self.stdout)
            demo = DemoContext(site=site, home_page=home, stdout=self.stdout)
            modules = []
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo_content"
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.load(demo)
                modules.append(module)
            # Then what needs every app's pages (the home page's sections).
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(demo)
            # Then the translations (the Spanish site), parents first: each
            # module's pages in the same order.
            for module in modules:
                if hasattr(module, "translate"):
                    module.translate(demo)
        if demo.created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {len(demo.created)} changes."))
        else:
            self.stdout.write("Demo content already complete; nothing changed.")
