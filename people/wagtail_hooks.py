"""What the people app offers to every page body."""

from wagtail import hooks

from .blocks import TeamBlock


@hooks.register("register_body_blocks")
def people_body_blocks():
    """The Team block, in every page body (core.blocks.BaseStreamBlock)."""
    return [(10, "team", TeamBlock)]
