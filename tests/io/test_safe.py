"""``fundtrack.io.safe``: user text a spreadsheet could run as a formula is kept inert."""

from __future__ import annotations

import pytest

from fundtrack.io.safe import is_risky, neutralize, restore


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe_and_comes_back_exact(text: str) -> None:
    assert is_risky(text)
    assert neutralize(text) == "'" + text
    assert restore("'" + text) == text


@pytest.mark.parametrize("text", ["LP-0001", "rent in 2020", "", "'quoted already"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert not is_risky(text)
    assert neutralize(text) == text
    assert restore(text) == text


def test_nothing_stays_nothing() -> None:
    assert neutralize(None) is None
