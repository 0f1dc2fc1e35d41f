"""Profile pages: a page type that mixes in ``PersonProfilesMixin`` serves a
profile for each person at ``<its URL>people/<slug>/`` (the blog does:
/blog/people/<slug>/), and ``profile_host`` finds that page for the Team
block, bylines and structured data without knowing its type."""

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import get_page_models

from core.i18n import LocalizedRoutesMixin
from core.structured_data import breadcrumb_list

from .models import Person
from .text import with_text

SCHEMA = "https://schema.org"


def profile_host_models():
    return [model for model in get_page_models() if issubclass(model, PersonProfilesMixin)]


def profile_host(locale_id=None):
    """The live page hosting profiles, in ``locale_id`` where there is one
    there, else the first in the tree; None without any (one query per host
    type, two when the locale has none)."""
    for model in profile_host_models():
        hosts = model.objects.live().order_by("path")
        host = hosts.filter(locale_id=locale_id).first() if locale_id else None
        host = host or hosts.first()
        if host is not None:
            return host
    return None


class PersonProfilesMixin(LocalizedRoutesMixin, RoutablePageMixin):
    """Serves ``people/<slug>/``: the person's photo, name, role and bio, with
    what the host page adds (``person_profile_context``: the blog lists the
    articles they wrote and reviewed) in ``profile_template``, which extends
    people/person_page.html."""

    profile_template = "people/person_page.html"

    @path("people/<slug:slug>/", name="person")
    @path("personas/<slug:slug>/", name="person_es")
    def person_route(self, request, slug):
        person = with_text(Person.objects.select_related("photo")).filter(slug=slug).first()
        if person is None:
            raise Http404("No such person.")
        url = self.get_full_url(request) + self.reverse_subpage(
            "person", args=[person.slug]
        ).lstrip("/")
        text = person.text  # in the page's language
        context = {
            "person": person,
            "meta_title": " | ".join(
                part
                for part in (text.display_name, self.title, getattr(self, "seo_sitename", ""))
                if part
            ),
            "meta_description": text.bio or f"{text.display_name}: {text.role or _('articles')}.",
            "listing_canonical_url": url,
            "breadcrumbs": [],
        }
        context.update(self.person_profile_context(request, person, url))
        context["structured_data"] = [profile_page_data(person, url, request, self)]
        if context["breadcrumbs"]:
            context["structured_data"].append(breadcrumb_list(context["breadcrumbs"]))
        return self.render(request, template=self.profile_template, context_overrides=context)

    def person_profile_context(self, request, person, url):
        """What the host page adds to a profile's context (its lists, its
        breadcrumbs and their structured data)."""
        return {}


def profile_page_data(person, url, request=None, host=None):
    """The profile's ProfilePage about the Person (whose url is their own
    page when one is set, see Person.url_for)."""
    about = person.schema_org(request, host)
    bio = person.text.bio
    if bio:
        about["description"] = bio
    return {"@context": SCHEMA, "@type": "ProfilePage", "url": url, "mainEntity": about}
