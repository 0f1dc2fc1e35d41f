"""The People snippets in the admin (the blog groups them with its topics
under Articles, see blog.wagtail_hooks)."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "credentials", "role"]
    search_fields = ["name", "credentials", "role"]
