"""Factories per app, on wagtail_factories.PageFactory (see tests/factories/<app>.py)."""
