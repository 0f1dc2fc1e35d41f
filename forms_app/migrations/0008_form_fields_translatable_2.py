"""Each existing form field gets a translation key and the default locale
(every consultation page so far is English), so that wagtail-localize can
translate the form's questions with the page."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0007_form_fields_translatable_1"),
        ("home", "0007_site_languages"),
    ]

    operations = [BootstrapTranslatableModel("forms_app.ConsultationFormField")]
