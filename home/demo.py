"""Helpers for the idempotent demo content (manage.py load_demo_content).

Each app has a ``demo_content`` module with ``load(demo)``; the command runs
them in INSTALLED_APPS order, then each module's optional ``finish(demo)``
(in the same order) for content that needs every app's pages. The rule
everywhere: create what is missing, never overwrite what exists, so a second
run changes nothing (and an editor's later changes survive a re-run).
"""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site


@dataclass
class DemoContext:
    site: Site
    home_page: Page
    stdout: object = None
    created: list = field(default_factory=list)
    # What one app's loading tells another's ``finish`` (e.g. "home sections added").
    notes: dict = field(default_factory=dict)

    def log(self, message):
        self.created.append(message)
        if self.stdout is not None:
            self.stdout.write(f"  created {message}")


def get_or_create_page(demo, parent, model, slug, **fields):
    """Return the child page of ``parent`` with ``slug``, creating and publishing it.

    ``fields`` are only used on creation. Returns the specific page.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    demo.log(f"{model._meta.verbose_name} {page.url_path}")
    return page


def get_or_create_setting(demo, model, **fields):
    """Fill a site setting's empty fields with ``fields`` the first time only."""
    setting = model.for_site(demo.site)
    if getattr(setting, "_demo_loaded", False):
        return setting
    changed = []
    for name, value in fields.items():
        current = getattr(setting, name)
        empty = current in (None, "") or (hasattr(current, "raw_data") and not len(current))
        if empty:
            setattr(setting, name, value)
            changed.append(name)
    if changed:
        setting.save()
        demo.log(f"{model._meta.verbose_name}: {', '.join(changed)}")
    return setting


def demo_image(demo, title, colors=((29, 78, 95), (160, 200, 210)), size=(1200, 800)):
    """An image made on the fly (a soft 'rain' gradient), created once per title."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = size
    canvas = PILImage.new("RGB", size, colors[0])
    draw = ImageDraw.Draw(canvas)
    (r1, g1, b1), (r2, g2, b2) = colors
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t), int(b1 + (b2 - b1) * t)),
        )
    for i in range(60):
        x = (i * 97) % width
        y = (i * 53) % height
        draw.line([(x, y), (x - 12, y + 40)], fill=(235, 245, 248), width=2)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    filename = f"{title.lower().replace(' ', '-')[:60]}.jpg"
    image = Image(title=title, file=ImageFile(buffer, name=filename))
    image.save()
    demo.log(f"image {title!r}")
    return image


def add_menu_link(demo, menu, page, label=""):
    """Append a link to ``page`` to a menu of NavigationSettings, once."""
    from home.models import NavigationSettings

    nav = NavigationSettings.for_site(demo.site)
    stream = getattr(nav, menu)
    for block in stream:
        if block.value.get("page") and block.value["page"].pk == page.pk:
            return
    stream.append(("link", {"page": page, "url": "", "label": label}))
    nav.save()
    demo.log(f"{menu} link to {page.url_path}")
