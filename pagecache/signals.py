"""Which cached pages each change makes stale (see pagecache.tags).

- publishing, unpublishing or deleting a page: the page, the listing of its
  parent, the pages that link to it (Wagtail's reference index), and every
  page when the site chrome shows it (a menu link, the header's consultation
  link, a page type with ``shown_in_site_chrome``, e.g. the footer's clinics);
- moving a page: the same, for the old and the new parent, and the whole
  moved subtree (its URLs changed);
- saving or deleting an image, document or snippet: the pages that reference
  it (and the listings that show those pages' cards), the chrome when the
  site settings reference it or its model says ``shown_in_site_chrome``
  (every page shows it, e.g. the words of the footer), the pages that
  declared a dependency on its model (tag "model:<app.model>", e.g. the
  blog's topic filter);
- saving a site setting: the chrome (every page of the site);
- saving or deleting a Site or a view restriction (privacy): the chrome, so
  every page (a page made private is never served from the cache again);
  a Site also empties the table of Sites the middleware matches hosts with.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import BaseViewRestriction, Locale, Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tags as cache_tags
from .sites import forget as forget_sites


def purge_later(tags):
    """Purge now and when the change is committed (a page read before the
    commit must not stay stored as fresh after it)."""
    tags = set(tags)
    # Now (this process, e.g. the editor's next view) and again after the
    # commit, in case another request cached the old state in between. The
    # CDN only after the commit: it would fetch the old page again before.
    cache_tags.purge(*tags, frontend=False)
    transaction.on_commit(lambda: cache_tags.purge(*tags))


def chrome_page_ids():
    """Pages the header/footer link to, from every site's settings: their
    page choosers and the ``page`` of each link in their streams
    (core.blocks.LinkBlock). Read from the settings themselves, not from
    Wagtail's reference index, which does not index settings models (and is
    updated by the worker, after the commit)."""
    from wagtail.contrib.settings.registry import registry
    from wagtail.fields import StreamField

    ids = set()
    for model in registry:
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, StreamField)
            or (field.is_relation and field.related_model and issubclass(field.related_model, Page))
        ]
        for setting in model.objects.all():
            for field in fields:
                if isinstance(field, StreamField):
                    ids |= _linked_page_ids(list(getattr(setting, field.name).raw_data))
                elif getattr(setting, field.attname):
                    ids.add(int(getattr(setting, field.attname)))
    return ids


def _linked_page_ids(raw):
    """The ``page`` ids anywhere in a stream's raw data (lists and dicts)."""
    ids = set()
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key == "page" and isinstance(value, int):
                ids.add(value)
            else:
                ids |= _linked_page_ids(value)
    elif isinstance(raw, list):
        for item in raw:
            ids |= _linked_page_ids(item)
    return ids


def referencing_tags(obj):
    """Tags of the pages that reference ``obj`` (and of listings showing them)."""
    result = set()
    refs = ReferenceIndex.get_references_to(obj).select_related("base_content_type")
    page_ids = set()
    for ref in refs:
        model = ref.base_content_type.model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            page_ids.add(int(ref.object_id))
        elif issubclass(model, BaseSiteSetting | BaseGenericSetting):
            result.add(cache_tags.CHROME)
    for page in Page.objects.filter(pk__in=page_ids).only("id", "path", "depth"):
        result.add(cache_tags.page_tag(page))
        result.add(cache_tags.children_tag(cache_tags.parent_path(page)))
    return result


def page_tags(page):
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    result = {
        cache_tags.page_tag(page),
        cache_tags.children_tag(cache_tags.parent_path(page)),
        cache_tags.translations_tag(page),
        # Going live, a new slug, a move or a deletion changes where URL
        # paths lead: every kept route is dropped (rebuilt as requested).
        cache_tags.ROUTES,
    }
    result |= referencing_tags(page)
    # A translation of a page the header or footer links to changes the
    # chrome of its language (the menus link each page's translation).
    group = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    )
    if getattr(page, "shown_in_site_chrome", False) or (group | {page.pk}) & chrome_page_ids():
        result.add(cache_tags.CHROME)
    elif Site.objects.filter(root_page__translation_key=page.translation_key).exists():
        # A site's home page or one of its translations (each language's
        # home): the cached Site carries it (breadcrumbs, routing).
        result.add(cache_tags.CHROME)
    extra = getattr(page, "get_purge_tags", None)
    if extra is not None:
        result |= set(extra())
    return result


def on_page_published(sender, instance, **kwargs):
    purge_later(page_tags(instance))


def on_page_unpublished(sender, instance, **kwargs):
    purge_later(page_tags(instance))


def on_page_deleted(sender, instance, **kwargs):
    tags = {cache_tags.page_tag(instance)}
    try:
        tags |= page_tags(instance)
    except Exception:  # noqa: BLE001 - the parent may be gone in a tree delete
        tags.add(cache_tags.CHROME)
    purge_later(tags)


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    tags = page_tags(instance)  # already at its new place
    tags.add(cache_tags.children_tag(parent_page_before.path))
    tags.add(cache_tags.children_tag(parent_page_after.path))
    tags |= {
        cache_tags.page_tag(pk) for pk in instance.get_descendants().values_list("pk", flat=True)
    }
    purge_later(tags)


def is_content_model(model):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    return model in (get_image_model(), get_document_model()) or model in get_snippet_models()


def on_any_save(sender, instance, **kwargs):
    """Images, documents, snippets and settings: whatever shows them."""
    if kwargs.get("raw"):
        return
    if issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        # A settings row created with its defaults (on the first page read)
        # changes nothing any page showed.
        if not kwargs.get("created"):
            purge_later({cache_tags.CHROME})
    elif issubclass(sender, Page):
        # A clinic saved live in code (not through publish, e.g. an import):
        # the footer of every page lists it. Draft saves name their fields.
        if getattr(sender, "shown_in_site_chrome", False) and kwargs.get("update_fields") is None:
            purge_later({cache_tags.CHROME})
    elif is_content_model(sender):
        tags = referencing_tags(instance) | {cache_tags.model_tag(sender)}
        if getattr(sender, "shown_in_site_chrome", False):
            # A snippet every page shows (e.g. the words of the footer).
            tags.add(cache_tags.CHROME)
        purge_later(tags)
    elif issubclass(sender, Site | BaseViewRestriction | Locale):
        if issubclass(sender, Site):
            forget_sites()
            transaction.on_commit(forget_sites)
        # Host names and root pages decide every URL; a privacy setting added
        # or removed changes who may see a page and its section's listings.
        # A locale added or renamed changes every page's languages. All are
        # rare: every page is rebuilt.
        purge_later(
            {cache_tags.CHROME, cache_tags.ROUTES}
            | ({cache_tags.LOCALES} if sender is Locale else set())
        )


def on_any_delete(sender, instance, **kwargs):
    if issubclass(sender, Page):
        on_page_deleted(sender, instance)
    else:
        on_any_save(sender, instance)


def connect():
    # Connected for every model and filtered in the handler: snippets are
    # registered lazily (wagtail_hooks), after this app is ready.
    page_published.connect(on_page_published, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache-moved")
    post_save.connect(on_any_save, dispatch_uid="pagecache-save")
    post_delete.connect(on_any_delete, dispatch_uid="pagecache-delete")
