"""Phone number helpers: one place that turns an edited number into a tel: link."""

import re

from django.core.exceptions import ValidationError

_ALLOWED = re.compile(r"^[0-9+()\-.\s]{7,25}$")


def e164(number):
    """'(503) 555-0142' -> '+15035550142' (structured data, tel: links). US
    numbers get +1; a number that is neither international nor a US number is
    returned as its digits."""
    if not number:
        return ""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"+{digits}"
    if len(digits) == 10:
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    return digits


def tel_href(number):
    """'(503) 555-0142' -> 'tel:+15035550142'."""
    return f"tel:{e164(number)}" if number else ""


def validate_phone(value):
    digits = re.sub(r"\D", "", value or "")
    if not _ALLOWED.match(value or "") or not 7 <= len(digits) <= 15:
        raise ValidationError(
            "Enter a phone number such as (503) 555-0142 or +1 503 555 0142.",
            code="invalid_phone",
        )
