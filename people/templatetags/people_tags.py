from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def person_url(context, person, profile_host=None):
    """Where ``person``'s name links (their own page, or their profile under
    the page hosting profiles in the context: ``profile_host``, else
    ``blog_index``); "" when neither exists."""
    if profile_host is None:
        profile_host = context.get("profile_host") or context.get("blog_index")
    return person.url_for(profile_host, context.get("request")) or ""
