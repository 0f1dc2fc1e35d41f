"""The consultation page: /request-a-consultation/, how a visitor asks the
clinic for help (Wagtail form builder).

The page builds the form (its editors' questions, the live clinics, the
consent line), serves and renders it and its thank-you page, and keeps the
page cache right about both (a fresh timing token per visitor, ?location
accepted only for a live clinic, the empty form's fields in the fragment
cache). A valid request goes to the submissions service
(forms_app.submissions), which stores it and hands it to the notifications.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import conversions
from core.blocks import INLINE_RICH_TEXT_FEATURES, RICH_TEXT_FEATURES
from core.i18n import LocalizedRoutesMixin
from core.pages import BasePage
from pagecache import tags as cache_tags
from pagecache.chrome import cached_by_tags
from pagecache.pages import accept_query_value, mark_fresh, register_fresh_value

from .. import spam
from ..alert_routing import alert_routing
from ..forms import (
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    ConsultationFormBuilder,
    ConsultationPageAdminForm,
)
from .form_fields import FORM_FIELD_ATTRS, ConsultationFormField
from .submission import ConsultationSubmission

LOCATION_COLUMNS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "translation_key",
    "locale",
    "city",
    "region",
    "phone",
    "notification_email",
)

# The page cache puts a fresh timing token for each visitor into a cached
# consultation form (see render_form and pagecache.middleware). Signing
# needs only the secret key, so a hit may be answered before Django.
register_fresh_value(
    "consultation-form-token",
    lambda request, page_id: spam.issue_token(int(page_id)),
    before_django=True,
)


def booking_page_model():
    from django.apps import apps

    try:
        return apps.get_model("booking", "BookingPage")
    except LookupError:
        return None


class ConsultationPageQuerySet(PageQuerySet):
    """Loads the privacy page with the page: one query less on every view.

    Wagtail fetches the page through the default manager when it serves it
    (``Page.specific``), so the join happens there. Code that narrows the
    columns (treebeard when deleting or moving, Wagtail's deferred listings)
    cannot also follow the join, so ``only()`` and ``defer()`` drop it.
    """

    def only(self, *fields):
        return super(ConsultationPageQuerySet, self.select_related(None)).only(*fields)

    def defer(self, *fields):
        return super(ConsultationPageQuerySet, self.select_related(None)).defer(*fields)


class ConsultationPageManager(PageManager.from_queryset(ConsultationPageQuerySet)):
    def get_queryset(self):
        return super().get_queryset().select_related("privacy_page")


class ConsultationPage(LocalizedRoutesMixin, RoutablePageMixin, BasePage, AbstractEmailForm):
    """/request-a-consultation/: how a visitor asks the clinic for help."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above the form: what happens after the visitor sends it.",
    )
    consent_text = models.CharField(
        "consent wording",
        max_length=500,
        default="I agree to be contacted by phone, email or text message about my request.",
        help_text="The label of the required consent checkbox. Each request stores the "
        "wording the visitor agreed to.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked next to the consent checkbox (your privacy policy).",
    )
    submit_label = models.CharField("button text", max_length=50, default="Send my request")
    # Beside the form at desktop widths, below it on phones.
    next_steps = RichTextField(
        "what happens next",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Beside the form: who will call and when, and what the call is about.",
    )
    privacy_note = RichTextField(
        "a line on privacy",
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Beside the form: who sees the request and what is never sent by email.",
    )
    first_consultation_cost = models.CharField(
        "cost of the first consultation",
        max_length=250,
        blank=True,
        help_text="Beside the form, e.g. 'The first phone consultation is free.' The costs "
        "page and the Good Faith Estimate notice (clinic settings) are linked under it.",
    )
    thank_you_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown after a request is sent. Nothing the visitor typed is shown.",
    )
    confirmation_subject = models.CharField(
        max_length=150,
        default="We received your consultation request",
        help_text="Subject of the email sent to the visitor.",
    )
    confirmation_text = models.TextField(
        default=(
            "Thank you for reaching out. We received your request and a member of our "
            "intake team will contact you within one business day.\n\n"
            "This email does not repeat what you sent us, to protect your privacy.\n\n"
            "If you are in crisis, call or text 988, or call 911."
        ),
        help_text="Plain text of the email sent to the visitor. The clinic's phone number "
        "is added below it. Do not ask for health details by email.",
    )

    objects = ConsultationPageManager()
    use_cached_form_fields = False
    # ?location=<a live clinic's slug> preselects the clinic (the form) or
    # shows its phone number (the thank-you page): cached per clinic.
    cache_query_parameters = ("location",)

    landing_page_template = "forms_app/consultation_page_landing.html"
    template = "forms_app/consultation_page.html"
    form_builder = ConsultationFormBuilder
    base_form_class = ConsultationPageAdminForm

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # Only intake coordinators and administrators change these (.alert_routing):
    # where alerts go, and where a visitor's reply to the confirmation goes.
    restricted_fields = alert_routing("to_address", "from_address")
    # Where alerts go and their subject are the same for every language (the
    # intake team reads English); wagtail-localize keeps the English page's.
    override_translatable_fields = [
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
        SynchronizedField("subject"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form field", heading="Form fields"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("privacy_page")], heading="Consent"
        ),
        FieldPanel("submit_label"),
        MultiFieldPanel(
            [
                FieldPanel("next_steps"),
                FieldPanel("privacy_note"),
                FieldPanel("first_consultation_cost"),
            ],
            heading="Beside the form",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                restricted_fields.panel(
                    "to_address",
                    help_text="Where new requests are announced when the chosen clinic "
                    "has no notification address of its own. Separate addresses with "
                    "commas. The email holds no answers, only a link to the admin.",
                ),
                restricted_fields.panel(
                    "from_address",
                    help_text="The sender of the alert and of the visitor's confirmation: "
                    "a visitor who replies to the confirmation writes to this address.",
                ),
                FieldPanel("subject"),
            ],
            heading="Alert to the intake team",
        ),
        MultiFieldPanel(
            [FieldPanel("confirmation_subject"), FieldPanel("confirmation_text")],
            heading="Confirmation to the visitor",
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = "consultation page"

    # --- form building ---------------------------------------------------------

    @cached_property
    def live_locations(self):
        """The clinics a visitor can choose: live location pages, in tree
        order, each in this form's language where it is translated (the
        Spanish form lists and links the Spanish clinic pages)."""
        from core.i18n import one_per_translation
        from locations.models import LocationPage

        # The columns the form, the emails and the footer's clinic list use.
        queryset = LocationPage.objects.live().order_by("path").only(*LOCATION_COLUMNS)
        locations, seen = [], set()
        for location in one_per_translation(queryset, self.locale_id):
            if location.slug not in seen:
                seen.add(location.slug)
                locations.append(location)
        return locations

    def get_form_fields(self):
        """The live questions, kept as plain data with the page's other
        derived values (pagecache.chrome.cached_by_tags) under its cache tag,
        which publishing the page or saving a question purges (form_fields.py):
        a render whose form fragment was purged by something else (a clinic,
        the settings) and a posted request need no query for them. Previews
        read the editor's unsaved questions."""
        if not self.use_cached_form_fields or self.pk is None:
            return self.form_fields.all()

        def build():
            return [
                {name: getattr(field, name) for name in FORM_FIELD_ATTRS}
                for field in self.form_fields.all()
            ]

        rows = cached_by_tags(
            f"form-fields:{self.pk}", [cache_tags.page_tag(self)], build, fragment=False
        )
        return [ConsultationFormField(**attrs) for attrs in rows]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if "live_locations" in self.__dict__:
            # The footer lists the clinics too: hand it the list this page has.
            context["footer_location_pages"] = self.live_locations
        return context

    def get_form_class(self):
        return self.form_builder(self.get_form_fields(), self.live_locations).get_form_class()

    def get_form_parameters(self):
        return {"locations": self.live_locations, "consent_text": self.consent_text}

    def get_form(self, *args, initial_location=None, **kwargs):
        form = super().get_form(*args, **kwargs)
        slugs = {location.slug for location in self.live_locations}
        if initial_location and not form.is_bound and initial_location in slugs:
            for name in form.location_field_names():
                form.initial[name] = initial_location
        return form

    def get_submission_class(self):
        return ConsultationSubmission

    def serve_submissions_list_view(self, request, *args, **kwargs):
        """Wagtail's generic listing: send intake staff to their workspace."""
        if request.user.has_perm("forms_app.view_consultationsubmission"):
            return redirect("consultation_requests:index")
        raise PermissionDenied

    # --- serving ---------------------------------------------------------------

    @path("")
    def index_route(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        # Previews build the form from the unsaved fields, never from the cache.
        self.use_cached_form_fields = not getattr(request, "is_preview", False)
        status = 200
        rate_limited = False
        if request.method == "POST":
            form = self.get_form(request.POST, page=self, user=request.user)
            if form.is_valid():
                # Counted before storing, atomically: simultaneous posts
                # cannot all pass (core.rate_limit).
                if spam.take_rate_limit(request) is None:
                    rate_limited, status = True, 429
                else:
                    # Where the visit started, stored with the request.
                    form.visit_attribution = conversions.visit_attribution(request)
                    self.process_form_submission(form)
                    # Post/redirect/get: reloading the thank-you page sends nothing.
                    url = self.thank_you_url
                    location = form.selected_location
                    if location is not None:
                        url += "?" + urlencode({"location": location.slug})
                    return HttpResponseSeeOther(url)
        else:
            # Form data in a GET is ignored: only ?location preselects a clinic.
            location = self.requested_location(request)
            if not getattr(request, "is_preview", False):
                return self.render_empty_form(request, location.slug if location else "")
            form = self.get_form(
                page=self, user=request.user, initial_location=location and location.slug
            )
        return self.render_form(request, form, status=status, rate_limited=rate_limited)

    def requested_location(self, request):
        """The live clinic named by ?location=<slug>, or None (any other value
        is ignored, and the page is then not stored in the page cache)."""
        slug = request.GET.get("location", "")
        location = next((loc for loc in self.live_locations if loc.slug == slug), None)
        if location is not None:
            accept_query_value(request, "location")
        return location

    def render_empty_form(self, request, location):
        """The empty form, its fields' HTML from the fragment cache when it is
        there: they are the same for every visitor (the tokens are outside
        them) and change only when this page is published (its fields, the
        consent wording and privacy link: its page tag) or a clinic is (the
        clinic choices: the chrome). The form itself is built only to render
        them."""

        def build():
            form = self.get_form(page=self, user=request.user, initial_location=location)
            form.prepare_for_render()
            return form

        return self.render_form(
            request,
            SimpleLazyObject(build),
            fields_fragment=f"consultation-form:{self.pk}:{location}",
        )

    @path("thank-you/", name="thank_you")
    @path("gracias/", name="thank_you_es")
    def thank_you(self, request, *args, **kwargs):
        """The same for every visitor (the chosen clinic's phone at most):
        served from the page cache, which the database need not answer for."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        context = self.get_context(request)
        context["location"] = self.requested_location(request)
        context["booking_page"] = self.booking_page()
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    def booking_page(self):
        """The live booking page in this page's language, offered on the
        thank-you page to a visitor who would rather pick a time now. Found
        through the page tree by its model's name: the booking app is a
        sibling content app, not imported (and may be absent)."""
        model = booking_page_model()
        if model is None:
            return None
        return Page.objects.live().type(model).filter(locale_id=self.locale_id).first()

    def get_cache_tags(self):
        # The thank-you page links the booking page: publishing, moving or
        # unpublishing one purges it (BookingPage.get_purge_tags).
        model = booking_page_model()
        tags = set(super().get_cache_tags())
        if model is not None:
            tags.add(cache_tags.listing_tag(model))
        return tags

    @property
    def thank_you_url(self):
        return self.url + self.reverse_subpage("thank_you")

    def render_form(self, request, form, status=200, rate_limited=False, fields_fragment=None):
        bound = fields_fragment is None and form.is_bound
        token = form.token if bound else None
        if fields_fragment is None:
            form.prepare_for_render()
        context = self.get_context(request)
        context.update(
            {
                "form": form,
                "form_has_errors": bound and bool(form.errors),
                "fields_fragment": fields_fragment,
                # The introduction's rich text (its page links cost three
                # queries each), kept under the page's tag like the fields.
                "intro_fragment": f"consultation-intro:{self.pk}",
                "intro_tags": [cache_tags.page_tag(self), cache_tags.CHROME],
                "fields_tags": (
                    [cache_tags.page_tag(self), cache_tags.CHROME] if fields_fragment else []
                ),
                "rate_limited": rate_limited,
                # Called by the template only when the consent line renders
                # (not when the fields come from the fragment cache).
                "consent_links": lambda: self.consent_links(request),
                "form_token": (
                    form.data.get(TOKEN_FIELD) if token is not None else spam.issue_token(self.pk)
                ),
                "honeypot_name": HONEYPOT_FIELD,
                "token_name": TOKEN_FIELD,
            }
        )
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        # The form carries a CSRF token and a timing token: no browser or CDN
        # may keep it. The site's own page cache keeps the empty form with
        # placeholders for both tokens and puts fresh ones in for each visitor
        # (pagecache.middleware); a form sent back (errors) is never cached.
        add_never_cache_headers(response)
        if token is None and not rate_limited:
            mark_fresh(request, "consultation-form-token", self.pk, context["form_token"])
        return response

    def serve(self, request, view=None, args=None, kwargs=None):
        if view is None:
            view, args, kwargs = self.resolve_subpage("/")
        return super().serve(request, view=view, args=args, kwargs=kwargs)

    preview_modes = [("form", "Form"), ("landing", "Thank-you page")]

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.thank_you(request)
        form = self.get_form(page=self, user=request.user)
        return self.render_form(request, form)

    # --- storing ---------------------------------------------------------------

    def process_form_submission(self, form):
        """Store the request once; notify after the commit. Returns (submission, created).

        Wagtail's name for the step after a valid form; the submissions
        service (forms_app.submissions) does it: one transaction, duplicate
        detection, the spam and "needs review" flags, the language and the
        consent wording stored, and the emails handed to the worker.
        """
        # Imported here: the service imports these models.
        from ..submissions import store_request

        return store_request(self, form)

    def consent_links(self, request=None):
        """The pages linked under the consent checkbox, as [{"url", "text",
        "lang"}]: this page's privacy page, then the clinic's Notice of
        Privacy Practices (clinic settings, Notices tab) where it is another
        page, each in the page's language where it is translated."""
        from core.i18n import localized, page_language
        from core.models import SiteSettings

        links = []
        privacy = localized(self.privacy_page, request) if self.privacy_page_id else None
        language = page_language(self, request)
        if privacy is not None and privacy.live:
            own = page_language(privacy, request)
            links.append(
                {
                    "url": privacy.get_url(request),
                    "text": privacy.title,
                    "lang": "" if own == language else own,
                }
            )
        site_settings = (
            SiteSettings.for_request(request)
            if request is not None
            else SiteSettings.for_site(self.get_site())
        )
        notice = next(
            (link for link in site_settings.notice_links if link["field"] == "privacy_notice_page"),
            None,
        )
        if notice is not None and notice["url"] not in {link["url"] for link in links}:
            links.append({key: notice[key] for key in ("url", "text", "lang")})
        return links


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303
