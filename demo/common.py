"""Helpers for the idempotent demo content (manage.py load_demo_content).

Each app has a ``demo_content`` module with ``load(demo)``; the command runs
them in INSTALLED_APPS order, then each module's optional ``finish(demo)``
(in the same order) for content that needs every app's pages. The rule
everywhere: create what is missing, never overwrite what exists, so a second
run changes nothing (and an editor's later changes survive a re-run).
"""

import io
import pathlib
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .illustrations import ILLUSTRATIONS

# The demo's texts and translations (demo/data/<part>/...).
DATA = pathlib.Path(__file__).resolve().parent / "data"


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


def demo_image(demo, key):
    """The illustration ``key`` (demo.illustrations), stored once.

    Its description (Wagtail's default alt text) says what it shows."""
    scene = ILLUSTRATIONS[key]
    Image = get_image_model()
    collection = demo_collection(demo)
    existing = Image.objects.filter(collection=collection, title=scene.title).first()
    if existing:
        return existing
    image = Image(
        title=scene.title,
        description=scene.description,
        collection=collection,
        file=ImageFile(io.BytesIO(scene.jpeg()), name=f"demo-{key}.jpg"),
    )
    image.save()
    demo.log(f"image {scene.title!r}")
    return image


def demo_alt(key):
    """What the illustration ``key`` shows, for a page's alt-text field."""
    return ILLUSTRATIONS[key].description


def is_outdated_demo_image(image):
    """An image the demo stored itself that no current scene is: an old gradient,
    or a scene since renamed. Never an image someone uploaded."""
    if image is None or image.uploaded_by_user_id is not None:
        return False
    if image.collection.name == DEMO_COLLECTION and not image.collection.is_root():
        return image.title not in {scene.title for scene in ILLUSTRATIONS.values()}
    return image.collection.is_root() and image.title in LEGACY_DEMO_TITLES


def use_demo_image(demo, page, image_field, alt_field, key):
    """Bring a demo page's picture up to date: the scene ``key`` and its description.

    Only when the page still shows what the demo gave it (this scene, or an
    outdated demo image) with the demo's alt text or none; an image or alt text
    an editor chose stays, and so does a page with a draft or unpublished."""
    current = getattr(page, image_field)
    alt = getattr(page, alt_field)
    if current is None:
        return
    # The demo's own words: this scene's, or an outdated scene's description.
    demo_words = alt in ("", demo_alt(key)) or (
        is_outdated_demo_image(current) and alt == current.description
    )
    if not demo_words:
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
    from core.models import NavigationSettings

    nav = NavigationSettings.for_site(demo.site)
    stream = getattr(nav, menu)
    for block in stream:
        if block.value.get("page") and block.value["page"].pk == page.pk:
            return
    stream.append(("link", {"page": page, "url": "", "label": label}))
    nav.save()
    demo.log(f"{menu} link to {page.url_path}")


def translate_page(demo, page, po_path, language="es"):
    """Translate ``page`` into ``language`` the way an editor or a translation
    agency does it with wagtail-localize: a translation of the page is
    opened, the strings of ``po_path`` (a PO file: msgid the English
    segment, msgstr its translation) are imported into it, and the
    translated page is published (a string the file does not have stays in
    English, as wagtail-localize does). Editors then see the Spanish page in
    its translation editor, segment by segment.

    Only while the page has no translation in ``language``: an editor's own
    translation is never replaced. Returns the translated page or None."""
    import polib
    from django.conf import settings
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None and language in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        # A database emptied after the migrations ran (a test flush) has lost
        # the locale the migration home 0007 creates.
        locale = Locale.objects.create(language_code=language)
        demo.log(f"locale {language}")
    if locale is None:
        return None
    # The page as stored, not the caller's copy: an instance loaded before
    # another step added the page's sections (the home page) would translate
    # into a page without them.
    page = Page.objects.get(pk=page.pk).specific
    existing = page.get_translation_or_none(locale)
    if existing is not None and not lost_its_body(page, existing.specific):
        return None
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()  # the segments of the page as it is now
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    wanted = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path)) if entry.msgstr}
    po = translation.export_po()
    for entry in po:
        if entry.msgid in wanted:
            entry.msgstr = wanted[entry.msgid]
    translation.import_po(po, tool_name="demo content")
    # Saved as a draft and published here, not with publish=True: that
    # publishes on transaction commit, which a caller's transaction (a test,
    # a migration) may never reach.
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    translated.get_latest_revision().publish()
    translated.refresh_from_db()
    demo.log(f"{language} translation {translated.url_path}")
    return translated.specific


def translate_snippet(demo, instance, po_path, language="es"):
    """Translate a translatable snippet (a topic) with wagtail-localize from
    the strings of ``po_path``, as translate_page does a page; only while it
    has no translation in ``language``."""
    import polib
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or instance.get_translation_or_none(locale) is not None:
        return None
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    wanted = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path)) if entry.msgstr}
    po = translation.export_po()
    for entry in po:
        if entry.msgid in wanted:
            entry.msgstr = wanted[entry.msgid]
    translation.import_po(po, tool_name="demo content")
    translation.save_target()
    translated = instance.get_translation(locale)
    demo.log(f"{language} translation of {instance._meta.verbose_name} {translated}")
    return translated


def lost_its_body(page, translated):
    """Whether ``translated`` is a demo translation made from ``page`` before
    its sections existed (an earlier demo translated the home page from a
    copy without them): an empty body where the original has one. An
    editor's translation with a body is never touched."""
    body = getattr(page, "body", None)
    return body is not None and bool(len(body)) and not len(getattr(translated, "body", []) or [])


def translate_demo_pages(demo, part, pages, language="es"):
    """Translate each of ``pages`` from ``demo/data/<part>/<language>/<slug>.po``
    (see translate_page), parents before children; a page without a file is
    left untranslated."""
    folder = DATA / part / language
    for page in pages:
        if page is None:
            continue
        po_path = folder / f"{page.slug}.po"
        if po_path.exists():
            translate_page(demo, page, po_path, language)
