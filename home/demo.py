"""Helpers for the idempotent demo content (manage.py load_demo_content).

Each app has a ``demo_content`` module with ``load(demo)``; the command runs
them in INSTALLED_APPS order, then each module's optional ``finish(demo)``
(in the same order) for content that needs every app's pages. The rule
everywhere: create what is missing, never overwrite what exists, so a second
run changes nothing (and an editor's later changes survive a re-run).
"""

import functools
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


# The demo's own images live in this collection (editors see it in Images >
# Collections), created without an uploader: that is how a re-run tells the
# demo's pictures from an editor's upload and may swap them for newer ones.
DEMO_COLLECTION = "Demo images"
# Titles of the plain gradients the demo stored before it drew scenes; they
# were put in the root collection, also without an uploader.
LEGACY_DEMO_TITLES = {
    "Rain over the Columbia Gorge",
    "Rain on a window",
    "Forest after rain",
    "Portland clinic",
    "Hood River clinic",
}


def demo_collection(demo):
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DEMO_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=DEMO_COLLECTION)
        demo.log(f"collection {DEMO_COLLECTION!r}")
    return collection


@functools.cache
def scene_jpeg(key):
    """The JPEG bytes of the illustration ``key``: drawn once per process (the
    drawing is seeded, so always the same), however often the demo is loaded
    (the browser tests load it afresh for each test)."""
    from .demo_images import SCENES

    buffer = io.BytesIO()
    SCENES[key].render().save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()


def demo_image(demo, key):
    """The illustration ``key`` of home.demo_images.SCENES, drawn and stored once.

    Its description (Wagtail's default alt text) says what it shows."""
    from .demo_images import SCENES

    scene = SCENES[key]
    Image = get_image_model()
    collection = demo_collection(demo)
    existing = Image.objects.filter(collection=collection, title=scene.title).first()
    if existing:
        return existing
    image = Image(
        title=scene.title,
        description=scene.description,
        collection=collection,
        file=ImageFile(io.BytesIO(scene_jpeg(key)), name=f"demo-{key}.jpg"),
    )
    image.save()
    demo.log(f"image {scene.title!r}")
    return image


def demo_alt(key):
    """What the illustration ``key`` shows, for a page's alt-text field."""
    from .demo_images import SCENES

    return SCENES[key].description


def is_outdated_demo_image(image):
    """An image the demo stored itself that no current scene is: an old gradient,
    or a scene since renamed. Never an image someone uploaded."""
    from .demo_images import SCENES

    if image is None or image.uploaded_by_user_id is not None:
        return False
    if image.collection.name == DEMO_COLLECTION and not image.collection.is_root():
        return image.title not in {scene.title for scene in SCENES.values()}
    return image.collection.is_root() and image.title in LEGACY_DEMO_TITLES


def use_demo_image(demo, page, image_field, alt_field, key):
    """Bring a demo page's picture up to date: the scene ``key`` and its description.

    Only when the page still shows what the demo gave it (this scene, or an
    outdated demo image) with the demo's alt text or none; an image or alt text
    an editor chose stays, and so does a page with a draft or unpublished."""
    current = getattr(page, image_field)
    alt = getattr(page, alt_field)
    if current is None or alt not in ("", demo_alt(key)):
        return
    image = demo_image(demo, key)
    if current.pk == image.pk and alt == demo_alt(key):
        return
    if current.pk != image.pk and not is_outdated_demo_image(current):
        return
    if not page.live or page.has_unpublished_changes:
        return
    setattr(page, image_field, image)
    setattr(page, alt_field, demo_alt(key))
    page.save_revision().publish()
    demo.log(f"illustration {image.title!r} on {page.url_path}")


def use_demo_image_in_setting(demo, setting, field, key):
    """The same for an image chosen in a site setting (no alt text there)."""
    current = getattr(setting, field)
    if current is None or not is_outdated_demo_image(current):
        return
    setattr(setting, field, demo_image(demo, key))
    setting.save()
    demo.log(f"{setting._meta.verbose_name}: {field}")


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
