"""Health articles go live only through the "Medical review" workflow.

In Wagtail, anyone with *publish* permission on a page sees the Publish
button and skips its workflow. Marketing editors publish the rest of the site
(permission on the home page, inherited by every section), so on the blog
section "publish" additionally needs the ``blog.publish_articles``
permission, which only the "Medical reviewers" group has (and superusers).
Everyone else can still create, edit and submit articles for review.

The blog index and its articles return this tester from
``permissions_for_user``, which every Wagtail path that publishes asks: the
edit and create views, bulk publish, copy, move, revert, schedule, the
admin API and workflow approval itself.
"""

from wagtail.models import PagePermissionTester

PUBLISH_ARTICLES_PERMISSION = "blog.publish_articles"


class MedicalReviewPermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        # Superusers and inactive users have no ``permissions`` set: superusers
        # may do anything, inactive users nothing.
        if (
            user.is_active
            and not user.is_superuser
            and "publish" in self.permissions
            and not user.has_perm(PUBLISH_ARTICLES_PERMISSION)
        ):
            self.permissions = self.permissions - {"publish"}
