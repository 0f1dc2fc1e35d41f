import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import LinkBlock, heading_anchor
from core.phone import tel_href, validate_phone


@pytest.mark.parametrize(
    "number,expected",
    [
        ("(503) 555-0142", "tel:+15035550142"),
        ("503.555.0142", "tel:+15035550142"),
        ("1-503-555-0142", "tel:+15035550142"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("988", "tel:988"),
        ("", ""),
    ],
)
def test_tel_href(number, expected):
    assert tel_href(number) == expected


@pytest.mark.parametrize("bad", ["call me", "12", "555-0142<script>", "1" * 30])
def test_validate_phone_rejects_nonsense(bad):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_phone(bad)


def _clean(value):
    block = LinkBlock()
    return block.clean(block.to_python(value))


@pytest.mark.django_db
def test_link_block_needs_exactly_one_target():
    with pytest.raises(StructBlockValidationError):
        _clean({"page": None, "url": "", "label": "Nothing"})
    with pytest.raises(StructBlockValidationError):
        _clean({"page": None, "url": "javascript:alert(1)", "label": "Bad"})
    with pytest.raises(StructBlockValidationError):
        _clean({"page": None, "url": "https://example.org", "label": ""})
    value = _clean({"page": None, "url": "tel:+15035550100", "label": "Call"})
    assert value.href == "tel:+15035550100"
    assert value.text == "Call"


def test_heading_anchor():
    assert heading_anchor({"text": "Ketamine’s Role In Treating Depression"}) == (
        "ketamines-role-in-treating-depression"
    )
    assert heading_anchor({"text": "Anything", "anchor": "custom-id"}) == "custom-id"
