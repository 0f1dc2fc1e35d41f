"""make messages: compile every locale/<lang>/LC_MESSAGES/django.po into its
.mo with polib (wagtail-localize's dependency), so no GNU gettext is needed.
Both files are committed; tests.core.test_i18n checks the .mo is current."""

import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT)}: {len(po.translated_entries())} translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
