from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Health articles"

    def ready(self):
        from wagtail.signals import page_published

        from . import checks  # noqa: F401 - registers the review check
        from .models import BlogIndexPage
        from .signals import ensure_review_workflow

        page_published.connect(ensure_review_workflow, sender=BlogIndexPage)
