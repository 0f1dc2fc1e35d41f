"""A skip in CI is a failure (tests/ci_skips.py), shown on a suite of its own."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE = """
import pytest

def test_needs_node():
    pytest.skip("node is not installed")

@pytest.mark.xfail(reason="a known bug")
def test_known_bug():
    assert False

def test_runs():
    pass
"""


@pytest.fixture
def suite(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest("from tests.ci_skips import *  # noqa: F403\n")
    pytester.makepyfile(test_suite=SUITE)
    return pytester


def run(suite):
    return suite.runpytest_subprocess("-p", "no:django", "-p", "no:cacheprovider", "-rA")


def test_in_ci_a_skipped_test_fails_with_its_reason(suite, monkeypatch):
    monkeypatch.setenv("CI", "1")
    result = run(suite)
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*skipped in CI*node is not installed*"])
    assert result.ret != 0


def test_outside_ci_it_is_a_skip(suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = run(suite)
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    assert result.ret == 0
