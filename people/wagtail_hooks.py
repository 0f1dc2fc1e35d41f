"""What the people app offers to every page body."""

from wagtail import hooks

from .blocks import TeamBlock
from .search import search_people_html


@hooks.register("register_body_blocks")
def people_body_blocks():
    """The Team block, in every page body (core.blocks.BaseStreamBlock)."""
    return [(10, "team", TeamBlock)]


@hooks.register("search_result_extras")
def people_in_search_results(request, query):
    """The people whose name matches, with their portraits (core.views.search)."""
    return search_people_html(request, query)
