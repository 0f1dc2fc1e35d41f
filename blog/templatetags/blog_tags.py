from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def person_url(context, person, blog_index=None):
    """Where ``person``'s name links (their own page, or their profile under
    the blog index in the context); "" when neither exists."""
    if blog_index is None:
        blog_index = context.get("blog_index")
    return person.url_for(blog_index, context.get("request")) or ""
