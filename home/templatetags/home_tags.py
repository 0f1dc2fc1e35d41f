from django import template

from home.phone import tel_href as _tel_href

register = template.Library()


@register.filter
def tel_href(number):
    """Turn an edited phone number into a tel: link target."""
    return _tel_href(number)
