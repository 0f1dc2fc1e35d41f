from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forms_app"
