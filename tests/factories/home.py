import factory
import wagtail_factories

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "<p>An introduction.</p>"
    body = wagtail_factories.StreamFieldFactory({})

    class Meta:
        model = StandardPage
