"""Phone number helpers: one place that turns an edited number into a tel: link."""

import re

from django.core.exceptions import ValidationError

_ALLOWED = re.compile(r"^[0-9+()\-.\s]{7,25}$")


def tel_href(number):
    """'(503) 555-0142' -> 'tel:+15035550142'. US numbers get +1."""
    if not number:
        return ""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"


def validate_phone(value):
    digits = re.sub(r"\D", "", value or "")
    if not _ALLOWED.match(value or "") or not 7 <= len(digits) <= 15:
        raise ValidationError(
            "Enter a phone number such as (503) 555-0142 or +1 503 555 0142.",
            code="invalid_phone",
        )
