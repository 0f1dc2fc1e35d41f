"""The demo's brand: a rain-drop mark and the "Rainfall Medicine" wordmark,
one small SVG (demo/brand/) chosen as the clinic settings' logo.

The mark is drawn by hand (a white drop over a ripple on the brand teal);
the wordmark's letters are Source Sans 3 (the site's own face, SIL Open
Font License) turned into outlines, so the logo looks the same in an <img>,
where the page's web font does not reach. The SVG names itself (role="img"
with a <title>); the header's <img> takes the clinic name as its alt text.

The file is stored as the demo's own image (no uploader, the demo
collection). Editors replace it in Settings › Clinic settings with an
upload (PNG, JPEG or WebP, which also makes the site's icons).
"""

import pathlib

from django.core.files.base import ContentFile
from wagtail.images import get_image_model

from demo.common import demo_collection, get_or_create_setting

LOGO_FILE = pathlib.Path(__file__).resolve().parent.parent / "brand" / "rainfall-medicine-logo.svg"
LOGO_TITLE = "Rainfall Medicine logo"


def demo_logo(demo):
    """The logo image, stored once."""
    Image = get_image_model()
    collection = demo_collection(demo)
    existing = Image.objects.filter(collection=collection, title=LOGO_TITLE).first()
    if existing:
        return existing
    image = Image(
        title=LOGO_TITLE,
        description="Rainfall Medicine",
        collection=collection,
        file=ContentFile(LOGO_FILE.read_bytes(), name="rainfall-medicine-logo.svg"),
    )
    image.save()
    demo.log(f"image {LOGO_TITLE!r}")
    return image


def load(demo):
    """The logo in the clinic settings, unless an editor chose one."""
    from core.models import SiteSettings

    if SiteSettings.for_site(demo.site).logo_id is None:
        get_or_create_setting(demo, SiteSettings, logo=demo_logo(demo))
