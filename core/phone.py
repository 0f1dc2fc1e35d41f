"""Phone number helpers: one place that turns an edited number into a tel: link."""

import re

from django.core.validators import RegexValidator


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


# A number as people write it: digits with +, (), -, . and spaces, 7 to 25
# characters, of which 7 to 15 digits (E.164's most). One regular expression,
# so that it is Django's RegexValidator, which migrations record by value
# rather than by a path into this project.
PHONE_PATTERN = r"^(?=(?:\D*\d){7,15}\D*$)[0-9+()\-.\s]{7,25}$"
validate_phone = RegexValidator(
    PHONE_PATTERN,
    message="Enter a phone number such as (503) 555-0142 or +1 503 555 0142.",
    code="invalid_phone",
)
