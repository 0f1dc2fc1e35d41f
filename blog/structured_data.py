"""JSON-LD of the blog: built here as dicts, rendered with {% json_ld %}.

Articles are schema.org MedicalWebPage (a WebPage with the CreativeWork
properties of an article: headline, author, dates) with the medical review
(reviewedBy, lastReviewed); every page has a BreadcrumbList; an article with
an FAQ block also has an FAQPage.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import to_locale

from core.i18n import page_language
from core.structured_data import breadcrumb_list, organization_id, site_root_url

SCHEMA = "https://schema.org"


def language_tag(page=None):
    """The BCP 47 tag of ``page``'s language ("es" for a Spanish article),
    else the site's default language."""
    code = page_language(page) if page is not None and page.locale_id else settings.LANGUAGE_CODE
    return to_locale(code).replace("_", "-")


def organization(page):
    """The clinic as publisher: the organization the home page describes (same @id)."""
    org = {
        "@type": page.seo_org_fields.struct_org_type or "Organization",
        "@id": organization_id(page),
        "name": page.seo_struct_org_name or page.seo_sitename,
        "url": site_root_url(page),
    }
    if page.seo_logo_url:
        org["logo"] = {"@type": "ImageObject", "url": page.seo_logo_url}
    return org


def article_data(page, request):
    url = page.seo_canonical_url
    # The last change readers can see (not a republish for the review date).
    modified = page.content_updated_at or page.first_published_at or page.last_published_at
    data = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": url,
        "headline": page.title,
        "name": page.title,
        "description": page.seo_description,
        "inLanguage": language_tag(page),
        "datePublished": page.date.isoformat(),
        "publisher": organization(page),
    }
    if modified:
        data["dateModified"] = timezone.localtime(modified).replace(microsecond=0).isoformat()
    if page.seo_image_url:
        data["image"] = [page.seo_image_url]
    page.load_people()
    if page.author_id and page.author:
        data["author"] = page.author.schema_org(request, page.blog_index)
    else:
        data["author"] = {"@id": data["publisher"]["@id"]}
    if page.medical_reviewer_id and page.medical_reviewer:
        data["reviewedBy"] = page.medical_reviewer.schema_org(request, page.blog_index)
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.topic_list:
        data["about"] = [{"@type": "Thing", "name": topic.name} for topic in page.topic_list]
    if page.tag_list:
        data["keywords"] = ", ".join(tag.name for tag in page.tag_list)
    return data


def faq_data(page):
    entries = page.body_facts["faq"]
    if not entries:
        return None
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in entries
        ],
    }


def article_structured_data(page, request, breadcrumbs):
    """The JSON-LD documents of an article page, in order."""
    documents = [article_data(page, request)]
    if breadcrumbs:
        documents.append(breadcrumb_list(breadcrumbs))
    faq = faq_data(page)
    if faq:
        documents.append(faq)
    return documents


def index_structured_data(breadcrumbs):
    return [breadcrumb_list(breadcrumbs)]
