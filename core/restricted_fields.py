"""Fields that only holders of one permission may change, with every change
in the audit log.

Marketing editors edit every page, but some fields decide something they
must not (forms_app: the addresses that receive intake alerts decide who
learns that a patient asked for help). A page model lists such fields in
``restricted_fields``, a ``Restriction`` naming the permission and the audit
log action; shows each with ``restriction.panel(name)``; and mixes
``RestrictedFieldsFormMixin`` into its admin form. Then:

- an editor without the permission does not see the fields, and a forged
  POST cannot change them: Wagtail leaves them out of that editor's form;
- nor can reverting to an older revision: for that editor the fields keep
  their latest values;
- every change of a stored value (publishing a change, or a change saved
  outside the admin) is in the object's history, Wagtail's audit log: which
  field, the old and the new value, and who. The app that owns the
  permission registers the log action's wording (forms_app.alert_routing).
"""

from dataclasses import dataclass

from django.db.models.signals import post_save, pre_save
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log


@dataclass(frozen=True)
class Restriction:
    permission: str  # "app_label.codename"
    log_action: str
    fields: tuple = ()

    def panel(self, field_name, **kwargs):
        """A panel shown only to users who have the permission."""
        return FieldPanel(field_name, permission=self.permission, **kwargs)


def restricted_field_names(model):
    restriction = getattr(model, "restricted_fields", None)
    return tuple(restriction.fields) if restriction is not None else ()


class RestrictedFieldsFormMixin:
    """For a page admin form (a ``WagtailAdminPageForm``): a restricted field
    the user may not see keeps its latest value, whatever revision the form
    was opened from."""

    def clean(self):
        cleaned = super().clean()
        names = restricted_field_names(self._meta.model)
        hidden = [name for name in names if name not in self.fields]
        if hidden and self.instance.pk is not None:
            latest = self.instance.get_latest_revision()
            content = latest.content if latest is not None else {}
            stored = (
                type(self.instance).objects.filter(pk=self.instance.pk).values(*hidden).first()
                or {}
            )
            for name in hidden:
                if name in content:
                    setattr(self.instance, name, content[name])
                elif name in stored:
                    setattr(self.instance, name, stored[name])
        return cleaned


# --- audit log -------------------------------------------------------------------


def _remember_stored_values(sender, instance, raw=False, update_fields=None, **kwargs):
    fields = restricted_field_names(sender)
    if not fields or raw:
        return
    if update_fields is not None:
        fields = tuple(name for name in fields if name in update_fields)
    if instance.pk is None:
        instance.restricted_fields_before = dict.fromkeys(fields, "")
        return
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first() if fields else None
    instance.restricted_fields_before = stored or dict.fromkeys(fields, "")


def _log_changes(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("restricted_fields_before", None)
    if not before or raw:
        return
    action = sender.restricted_fields.log_action
    for name, old in before.items():
        new = getattr(instance, name)
        if (old or "") != (new or ""):
            log(
                instance,
                action,
                data={
                    "field": name,
                    "label": str(sender._meta.get_field(name).verbose_name),
                    "old": old or "",
                    "new": new or "",
                },
            )


def connect_signals():
    """Called once from CoreConfig.ready(): every model with restricted fields."""
    pre_save.connect(_remember_stored_values, dispatch_uid="core.restricted_fields.before")
    post_save.connect(_log_changes, dispatch_uid="core.restricted_fields.log")
