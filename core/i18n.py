"""The site's languages: English at /, Spanish under /es/.

The language of a request is the one its URL names (``/es/...``), never the
Accept-Language header or a cookie: one URL shows one language, so the page
cache and a CDN can keep it without a ``Vary`` header, and a visitor who
follows a link gets the page the link promised. Pages are translated with
wagtail-localize (each translation is its own page, with its own URL under
the language's prefix); the templates' fixed words with gettext (locale/).
"""

import contextvars
import functools

from django.conf import settings
from django.utils import translation


class PathLanguageMiddleware:
    """Activate the language of the URL's prefix (the default language when
    it has none) for the rest of the request, and say it in
    Content-Language. Unlike Django's LocaleMiddleware it never looks at the
    browser's preferences, so it adds no ``Vary: Accept-Language``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        memo = _request_memo.set({})
        try:
            response = self.get_response(request)
        finally:
            _request_memo.reset(memo)
        response.headers.setdefault("Content-Language", language)
        return response


def request_language(request):
    """The language the request's path names ("/es/...": "es"), else the
    default; also for pages served before this middleware ran."""
    return translation.get_language_from_path(request.path_info) or default_language()


def language_name(code):
    """The language's own name ("Español"), as LANGUAGES writes it."""
    return dict(settings.LANGUAGES).get(code, code)


def default_language():
    return settings.LANGUAGE_CODE


def home_url(language):
    """The address of ``language``'s home page: "/" or "/es/"."""
    return "/" if language == default_language() else f"/{language}/"


def page_languages(page, request):
    """The page in each language, as plain data for the switcher and the
    hreflang links: [{"code", "name", "url", "full_url", "exists",
    "current"}], in the order of LANGUAGES. A language the page is not
    (yet, or no longer) live in points to that language's home page, with
    "exists" False (no hreflang for it).

    Kept in the shared cache under the translation group's tag, like the
    chrome: a render costs no query for it until a translation changes."""
    from pagecache.chrome import cached_by_tags
    from pagecache.tags import CHROME, translations_tag

    memo = getattr(request, "pagecache_memo", None)
    if memo is None:
        memo = request.pagecache_memo = {}
    memo_key = ("languages", page.pk)
    if memo_key in memo:
        return memo[memo_key]

    def build():
        from wagtail.models import Page

        current = page.locale.language_code if page.locale_id else default_language()
        found = {current: page}
        for other in (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .select_related("locale")
        ):
            found.setdefault(other.locale.language_code, other)
        result = []
        for code, name in settings.LANGUAGES:
            target = found.get(code)
            url = target.get_url(request) if target is not None else None
            result.append(
                {
                    "code": code,
                    "name": name,
                    "url": url or home_url(code),
                    "full_url": (target.get_full_url(request) if url else None),
                    "exists": bool(url),
                    "current": code == current,
                }
            )
        return result

    # Under the chrome's tag too: a site's new address changes every URL.
    tags = [translations_tag(page), CHROME]
    value = cached_by_tags(f"languages:{page.pk}", tags, build, fragment=False)
    memo[memo_key] = value
    return value


class LocalizedRoutesMixin:
    """Addresses below a routable page in the page's own language: a route
    ``name`` may have a twin ``name_<language>`` on the same view (e.g.
    ``@path("gracias/", name="thank_you_es")`` next to
    ``@path("thank-you/", name="thank_you")``), and ``reverse_subpage`` gives
    the twin on a page of that language. Both addresses serve, so a link
    already sent (an email, a bookmark) keeps working. Mixed in before
    Wagtail's RoutablePageMixin."""

    def reverse_subpage(self, name, args=None, kwargs=None):
        localized = localized_route(self, name, page_language(self))
        return super().reverse_subpage(localized, args=args, kwargs=kwargs)


def route_names(page):
    """The names of a routable page's routes (Wagtail's public resolver)."""
    return _route_names(type(page))


@functools.cache
def _route_names(page_class):
    patterns = page_class.get_resolver().url_patterns
    return frozenset(pattern.name for pattern in patterns if getattr(pattern, "name", None))


def localized_route(page, name, language):
    """``name``'s twin in ``language`` when the page has one, else ``name``
    (a twin's name given: its route's own name first)."""
    base = route_base(page, name)
    twin = f"{base}_{language}"
    return twin if twin in route_names(page) else base


def route_base(page, name):
    names = route_names(page)
    for code, _name in settings.LANGUAGES:
        suffix = f"_{code}"
        if name.endswith(suffix) and name[: -len(suffix)] in names:
            return name[: -len(suffix)]
    return name


def subpage_languages(languages, request, page=None):
    """``languages`` (page_languages) for a route below the page (a blog
    topic, tag or person at ``<page>/topic/<slug>/``): each translation's
    address with the same route after it (in that language's words, for a
    page with LocalizedRoutesMixin), so the switcher and hreflang point to
    the same topic in the other language, not to the blog's index page;
    unchanged on the page's own address."""
    current = next((item for item in languages if item["current"]), None)
    path = request.path
    if request.GET.get("page", "1") != "1":
        # A later page of a list (?page=3) has no known twin in the other
        # language: no hreflang (the switcher still leads to that list).
        return [{**item, "full_url": None} for item in languages]
    if current is None or not current["exists"] or path == current["url"]:
        return languages
    if not path.startswith(current["url"]):
        return languages
    rest = path[len(current["url"]) :]

    def rest_in(language):
        match = getattr(request, "routable_resolver_match", None)
        if not isinstance(page, LocalizedRoutesMixin) or match is None or not match.url_name:
            return rest
        name = localized_route(page, match.url_name, language)
        return page.get_resolver().reverse(name, *match.args, **match.kwargs).lstrip("/")

    return [
        {
            **item,
            "url": item["url"] + rest_in(item["code"]) if item["exists"] else item["url"],
            "full_url": item["full_url"] + rest_in(item["code"]) if item["full_url"] else None,
        }
        for item in languages
    ]


def other_languages(request):
    """For a response without a page (search, errors): each language's home."""
    from django.utils import translation

    current = translation.get_language() or default_language()
    return [
        {
            "code": code,
            "name": name,
            "url": home_url(code),
            "full_url": None,
            "exists": False,
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


_request_memo = contextvars.ContextVar("i18n_request_memo", default=None)


def locale_codes(request=None):
    """{locale id: language code} of Wagtail's locales: from the shared cache
    under their own tag (adding, renaming or deleting a locale purges it:
    pagecache.signals), so a rebuilt chrome does not ask for them again,
    and memoised for the rest of the request (menus ask once per link)."""
    from wagtail.models import Locale

    from pagecache.chrome import cached_by_tags
    from pagecache.tags import LOCALES

    memo = _request_memo.get()
    if memo is not None and "locales" in memo:
        return memo["locales"]

    def build():
        return {str(pk): code for pk, code in Locale.objects.values_list("pk", "language_code")}

    value = cached_by_tags("locales", [LOCALES], build, fragment=False)
    if memo is not None:
        memo["locales"] = value
    return value


def locale_id(language, request=None):
    """The id of ``language``'s Wagtail locale (from the cached locale_codes:
    no query), or None where it has none."""
    for pk, code in locale_codes(request).items():
        if code == language:
            return int(pk)
    return None


def active_locale_id(request=None):
    """The id of the active language's Wagtail locale, or None."""
    return locale_id(translation.get_language() or default_language(), request)


def localized(page, request=None):
    """``page`` in the active language: its live translation, else the page
    itself. Wagtail's ``Page.localized`` without its query for the active
    Locale (one per link in a menu): the locale ids come from the cache, and
    a page already in the active language costs nothing."""
    if page is None:
        return None
    active = active_locale_id(request)
    if active is None or page.locale_id == active:
        return page
    other = page.get_translation_or_none(active)
    return other if other is not None and other.live else page


def in_active_locale(pages, request=None, locale_id=None):
    """``pages`` (a page queryset) narrowed to one language: ``locale_id``'s,
    by default the active language's. Every listing that shows pages of
    one kind (articles, search results) goes through here, so a Spanish page
    never lists an English page and the English home never lists a Spanish
    one. Unchanged where the language has no Wagtail locale."""
    if locale_id is None:
        locale_id = active_locale_id(request)
    if locale_id is None:
        return pages
    return pages.filter(locale_id=locale_id)


def one_per_translation(pages, locale_id=None, request=None):
    """``pages`` (in their order) with one page per translation group: the
    one in ``locale_id`` (default: the active language's), else the first
    one. For lists drawn from every language's tree, e.g. the footer's
    clinics."""
    if locale_id is None:
        locale_id = active_locale_id(request)
    chosen = {}
    for page in pages:
        key = page.translation_key
        if key not in chosen or page.locale_id == locale_id:
            chosen[key] = page  # a dict keeps the first-seen order
    return list(chosen.values())


def localize_links(values, request=None):
    """Give each link value (core.blocks.LinkStructValue) of a menu its page
    in the active language, with one query for all the pages that are in
    another language (none when the menu's pages are all in the active one)."""
    from wagtail.models import Page

    active = active_locale_id(request)
    foreign = [
        value
        for value in values
        if value.get("page") is not None
        and active is not None
        and value["page"].locale_id != active
    ]
    if not foreign:
        return
    found = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            locale_id=active,
            translation_key__in={value["page"].translation_key for value in foreign},
        )
    }
    for value in foreign:
        # Overrides the value's cached_property (plain Python attribute).
        value.localized_page = found.get(value["page"].translation_key, value["page"])


def page_language(page, request=None):
    return locale_codes(request).get(str(page.locale_id), default_language())


def wrong_language_redirect(page, request):
    """A page asked for under another language's prefix (``/es/...`` reaching
    an English page, as Wagtail's routing does where the Spanish site has no
    translation): a redirect to the page's own address, so one page never
    answers at two URLs in two languages."""
    from django.http import HttpResponseRedirect
    from django.utils import translation

    if page_language(page, request) == (translation.get_language() or default_language()):
        return None
    url = page.get_url(request)
    if not url or url == request.path:
        return None
    return HttpResponseRedirect(url)


def hreflang_alternates(languages):
    """[(hreflang, full URL)] of the languages a page is live in (from
    page_languages), with the default language's as "x-default"; empty
    unless there are two or more."""
    live = [(item["code"], item["full_url"]) for item in languages if item.get("full_url")]
    if len(live) < 2:
        return []
    default = next((url for code, url in live if code == default_language()), None)
    return live + ([("x-default", default)] if default else [])


def link_list(links):
    """Plain data of a stream of core.blocks.LinkBlock, in the active
    language: a page link leads to the page's translation, and is left out
    where the page has none (an untranslated page is not in the Spanish menus)."""
    localize_links([block.value for block in links])
    return [
        {"href": block.value.href, "text": block.value.text, "is_external": block.value.is_external}
        for block in links
        if block.value.in_active_language
    ]
