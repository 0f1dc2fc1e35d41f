"""The shape of the code: what keeps each concern in one place (README,
"Code map"). The import layers themselves are checked by `make lint`
(lint-imports, pyproject.toml)."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = [
    "clinic_site",
    "core",
    "home",
    "blog",
    "locations",
    "forms_app",
    "booking",
    "people",
    "demo",
]
PROJECT_PACKAGES = [*PROJECT_APPS, "pagecache"]
MAX_MODULE_LINES = 600


def application_modules():
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def migration_modules():
    for package in PROJECT_PACKAGES:
        yield from sorted((ROOT / package).glob("migrations/0*.py"))


def names_project_module(dotted):
    """Whether a dotted path (an import, or a path in a string such as a
    block's in a StreamField definition) leads into the project's code."""
    parts = dotted.split(".")
    return parts[0] in PROJECT_PACKAGES and len(parts) >= 2 and parts[1][:1].islower()


def test_no_application_module_is_over_600_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in application_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, "split these along their seams"


def test_no_migration_imports_application_code():
    """A migration that imports the application breaks `migrate` on a fresh
    database the day that code is renamed or changed: each one holds what
    it needs (validators by value, blocks as Wagtail's, data steps copied)."""
    found = []
    for path in migration_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                is_path = (
                    re.fullmatch(r"[A-Za-z_][\w.]*", node.value) and node.value.count(".") >= 2
                )
                names = [node.value] if is_path else []
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in PROJECT_PACKAGES
                and (not isinstance(node, ast.Constant) or names_project_module(name))
            ]
    assert found == []


def test_the_checker_would_find_an_application_import():
    assert names_project_module("core.blocks.CharBlock")
    assert names_project_module("forms_app.groups")
    assert not names_project_module("wagtail.blocks.CharBlock")
    assert not names_project_module("people.Person")  # a model reference: fine


def test_production_settings_do_not_install_the_demo_app():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(','.join(settings.INSTALLED_APPS))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    apps = result.stdout.strip().splitlines()[-1].split(",")
    assert "core" in apps and "home" in apps
    assert "demo" not in apps
