"""Where consultation requests and their alerts go: each clinic's
notification address (its location page) and the consultation page's intake
and sender addresses. Only intake coordinators and administrators may change
them: the permission ``forms_app.change_alert_routing``, which the "Intake
coordinators" group has (forms_app.groups; superusers have every
permission). The pages that hold these addresses guard them with
core.restricted_fields, and every change is in the page's history under
``LOG_ACTION``. Addresses are not health data.
"""

from wagtail.log_actions import LogFormatter

from core.restricted_fields import Restriction

ALERT_ROUTING_PERMISSION = "forms_app.change_alert_routing"
LOG_ACTION = "forms_app.alert_routing_change"


def alert_routing(*fields):
    """The restriction of a page type's alert-routing ``fields``."""
    return Restriction(permission=ALERT_ROUTING_PERMISSION, log_action=LOG_ACTION, fields=fields)


class AlertRoutingChangeFormatter(LogFormatter):
    label = "Change where consultation requests are announced"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        label = data.get("label") or data.get("field") or "address"
        old = data.get("old") or "(none)"
        new = data.get("new") or "(none)"
        return f"Changed where consultation requests are announced: {label} from {old} to {new}"
