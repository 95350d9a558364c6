"""The test helpers themselves, where a mistake would hide failures as skips."""

from __future__ import annotations

import pytest

from support import require_tool

MISSING = "fundtrack-no-such-program"


def test_a_missing_tool_skips_the_test_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} is not installed"):
        require_tool(MISSING)


def test_a_missing_tool_fails_the_test_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"{MISSING} is not installed, and CI must"):
        require_tool(MISSING)


def test_an_installed_tool_is_found_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require_tool("python3").endswith("python3")
