"""``transfer.repeats``: the compact index of payments an import has seen."""

from __future__ import annotations

import pytest

from fundtrack.transfer.repeats import PaymentIndex


@pytest.mark.parametrize("small", [PaymentIndex.SMALL, 1000])
def test_the_first_place_of_each_payment_is_kept_as_the_index_grows(
    small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PaymentIndex, "SMALL", small)
    index = PaymentIndex()
    keys = [hash(("LP-FY20", n, "2020-01-15")) for n in range(300_000)]
    assert [index.first(key, line) for line, key in enumerate(keys, start=2)] == list(
        range(2, 300_002)
    )
    assert index.first(keys[10], 9999) == 12
    assert index.first(keys[-1], -3) == 300_001
    if small == 1000:  # past the dict: arrays, grown and never more than half full
        assert (index.small, index.count, len(index.keys)) == (None, 300_000, 1 << 20)


def test_a_standing_entry_is_kept_as_a_negative_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PaymentIndex, "SMALL", 1)
    index = PaymentIndex()
    assert index.first(0, -42) == -42  # a hash of 0 is stored too
    assert index.small is None
    assert index.first(0, 7) == -42
    assert index.first(-(2**63), 5) == 5


@pytest.mark.parametrize("small", [PaymentIndex.SMALL, 1])
def test_the_number_kept_with_a_key_comes_back_with_its_place(
    small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PaymentIndex, "SMALL", small)
    index = PaymentIndex()
    assert index.first(hash(("LP-FY20", "CHK-7")), 3, payload=2**31 - 1) == 3
    assert index.first(hash(("LP-FY20", "CHK-8")), 4, payload=-5) == 4
    assert index.first(hash(("LP-FY20", "CHK-7")), 9, payload=17) == 3
    assert index.payload == 2**31 - 1


def test_the_arrays_are_sized_once_for_the_rows_expected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PaymentIndex, "SMALL", 100)
    index = PaymentIndex(expect=lambda so_far: so_far * 10)  # a tenth of the file read
    for n in range(1000):
        index.first(hash(("LP-FY20", n)), n + 2)
    assert len(index.keys) == 2048  # 1,000 expected, at most half full: never grown
