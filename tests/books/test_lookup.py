"""``fundtrack.books.lookup``: "did you mean" only for a code close enough to be a typo."""

from __future__ import annotations

import pytest

from fundtrack.books.lookup import closest, name_of, suggestion
from fundtrack.errors import FundtrackError


def test_a_typo_finds_the_code_meant_in_its_own_spelling() -> None:
    assert closest("lp-fy2o", ["LP-FY20", "NMILC-FY20"]) == "LP-FY20"
    assert suggestion("LP-FY2O", ["LP-FY20"]) == "; did you mean LP-FY20?"


def test_nothing_close_suggests_nothing() -> None:
    assert closest("DOJ-2018", ["LP-FY20", "NMILC-FY20"]) is None
    assert suggestion("DOJ-2018", []) == ""


def test_a_name_is_one_plain_line() -> None:
    assert name_of("  La Pinon  ", "subgrantee") == "La Pinon"
    with pytest.raises(FundtrackError):
        name_of("", "subgrantee")
