"""Fields that decide where consultation requests and their alerts go.

Marketing editors edit every page, but an address that receives intake
alerts (a clinic's notification address, the consultation page's intake and
sender addresses) decides who learns that a patient asked for help: only
intake coordinators and administrators may change it. The permission is
``forms_app.change_alert_routing`` (given to the "Intake coordinators" group
by ``forms_app.groups``; superusers have every permission).

A page model lists such fields in ``alert_routing_fields``, shows each with
``routing_panel(name)`` and mixes ``AlertRoutingFormMixin`` into its admin
form. Then:

- an editor without the permission does not see the fields, and a forged
  POST cannot change them: Wagtail leaves them out of that editor's form;
- nor can reverting to an older revision: for that editor the fields keep
  their latest values;
- every change of a stored value (publishing a change, or a change saved
  outside the admin) is in the page's history, Wagtail's audit log (action
  ``home.alert_routing_change``): which field, the old and the new address,
  and who. Addresses are not health data.

It lives in ``home`` (which imports no other app) so that the pages of every
app can guard their fields the same way.
"""

from django.db.models.signals import post_save, pre_save
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import LogFormatter, log

ALERT_ROUTING_PERMISSION = "forms_app.change_alert_routing"
LOG_ACTION = "home.alert_routing_change"


def routing_panel(field_name, **kwargs):
    """A panel shown only to users who may change where alerts go."""
    return FieldPanel(field_name, permission=ALERT_ROUTING_PERMISSION, **kwargs)


def routing_fields(model):
    return tuple(getattr(model, "alert_routing_fields", ()))


class AlertRoutingFormMixin:
    """For a page admin form (a ``WagtailAdminPageForm``): a routing field
    the user may not see keeps its latest value, whatever revision the form
    was opened from."""

    def clean(self):
        cleaned = super().clean()
        hidden = [name for name in routing_fields(self._meta.model) if name not in self.fields]
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
    fields = routing_fields(sender)
    if not fields or raw:
        return
    if update_fields is not None:
        fields = tuple(name for name in fields if name in update_fields)
    if instance.pk is None:
        instance.alert_routing_before = dict.fromkeys(fields, "")
        return
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first() if fields else None
    instance.alert_routing_before = stored or dict.fromkeys(fields, "")


def _log_changes(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("alert_routing_before", None)
    if not before or raw:
        return
    for name, old in before.items():
        new = getattr(instance, name)
        if (old or "") != (new or ""):
            log(
                instance,
                LOG_ACTION,
                data={
                    "field": name,
                    "label": str(sender._meta.get_field(name).verbose_name),
                    "old": old or "",
                    "new": new or "",
                },
            )


def connect_signals():
    """Called once from HomeConfig.ready(): every model with routing fields."""
    pre_save.connect(_remember_stored_values, dispatch_uid="home.routing.before")
    post_save.connect(_log_changes, dispatch_uid="home.routing.log")


class AlertRoutingChangeFormatter(LogFormatter):
    label = "Change where consultation requests are announced"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        label = data.get("label") or data.get("field") or "address"
        old = data.get("old") or "(none)"
        new = data.get("new") or "(none)"
        return f"Changed where consultation requests are announced: {label} from {old} to {new}"
