"""In CI (the CI environment variable set, as .ci/run does) a skipped test is
a failure: CI has every tool the suite needs (PostgreSQL, Redis, Chromium,
node), so a skip there means a check silently did not run.

Imported by tests/conftest.py, which makes these hooks active.
"""

import os

import pytest


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _fail_skip(report, what):
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    report.outcome = "failed"
    report.longrepr = f"{what} skipped in CI (CI is set: every test must run): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_skip(outcome.get_result(), "Test")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_skip(outcome.get_result(), "Module")
