from django import template

from home.phone import tel_href as _tel_href

register = template.Library()


@register.filter
def tel_href(number):
    """Turn an edited phone number into a tel: link target."""
    return _tel_href(number)


@register.simple_tag
def json_ld(data):
    """Render a dict as a safely escaped <script type="application/ld+json">."""
    from home.structured_data import json_ld_script

    return json_ld_script(data)
