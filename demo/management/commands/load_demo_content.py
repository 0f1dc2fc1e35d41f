"""Build (or complete) the demo site. Safe to run any number of times."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.common import DemoContext
from demo.content.home import ensure_home_page

# Each part's load(demo), in this order (the clinics before the booking page
# and the consultation form that use them, the blog last), then each part's finish(demo)
# (what needs every part's pages: the home page's sections), then each
# part's translate(demo) (the Spanish site, parents first).
PARTS = [
    "demo.content.home",
    "demo.content.costs",
    "demo.content.locations",
    "demo.content.booking",
    "demo.content.forms",
    "demo.content.blog",
]


class Command(BaseCommand):
    help = (
        "Create the Rainfall Medicine demo content (home, pages, settings, menus, clinics, "
        "the consultation form, articles, the Spanish site). Creates only what is missing; "
        "a second run changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            site, home = ensure_home_page(self.stdout)
            demo = DemoContext(site=site, home_page=home, stdout=self.stdout)
            modules = [import_module(name) for name in PARTS]
            for module in modules:
                module.load(demo)
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(demo)
            for module in modules:
                if hasattr(module, "translate"):
                    module.translate(demo)
        if demo.created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {len(demo.created)} changes."))
        else:
            self.stdout.write("Demo content already complete; nothing changed.")
