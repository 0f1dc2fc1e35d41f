"""Structured data (JSON-LD) helpers.

Structured data is built in Python as dicts and rendered through
``json_ld_script``, which escapes <, > and & so that no value (a title with
"</script>" in it, say) can end the script element early.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_dumps(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


def json_ld_script(data):
    if not data:
        return ""
    return mark_safe(  # noqa: S308 - escaped above
        f'<script type="application/ld+json">{json_ld_dumps(data)}</script>'
    )


def breadcrumb_list(items):
    """items: [(name, absolute_url), ...] -> a schema.org BreadcrumbList."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }
