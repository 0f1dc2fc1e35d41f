from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People"

    def ready(self):
        from .models import PersonTranslation

        post_save.connect(
            purge_person, sender=PersonTranslation, dispatch_uid="people-translation-saved"
        )
        post_delete.connect(
            purge_person, sender=PersonTranslation, dispatch_uid="people-translation-deleted"
        )


def purge_person(sender, instance, **kwargs):
    """A person's words in another language changed: the pages showing the
    person are purged as when the person is saved (the page cache knows
    snippets, and these words are part of the Person snippet)."""
    from pagecache.signals import on_any_save

    from .models import Person

    if kwargs.get("raw"):
        return
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        on_any_save(Person, person)
