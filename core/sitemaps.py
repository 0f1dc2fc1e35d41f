"""The sitemap: every live public page of the site in every language, each
with the addresses of its translations (hreflang alternates, core.i18n)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class SiteSitemap(Sitemap):
    def items(self):
        """Wagtail's sitemap lists the site's root page and what is under it,
        which is the default language's tree only; here the tree of each of
        its translations too (the Spanish home and its pages)."""
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        )
        under_a_root = Q()
        for path in roots:
            under_a_root |= Q(path__startswith=path)
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
