"""``transfer.repeats``: the compact index of payments an import has seen."""

from __future__ import annotations

from fundtrack.transfer.repeats import PaymentIndex


def test_the_first_place_of_each_payment_is_kept_as_the_index_grows() -> None:
    index = PaymentIndex(slots=8)
    keys = [hash(("LP-FY20", n, "2020-01-15")) for n in range(5000)]
    assert [index.first(key, line) for line, key in enumerate(keys, start=2)] == list(
        range(2, 5002)
    )
    assert index.first(keys[10], 9999) == 12
    assert index.first(keys[4999], -3) == 5001
    assert index.count == 5000
    assert len(index.keys) == 8192  # grown from 8 slots, never more than three quarters full


def test_a_standing_entry_is_kept_as_a_negative_place() -> None:
    index = PaymentIndex()
    assert index.first(0, -42) == -42  # a hash of 0 is stored too
    assert index.first(0, 7) == -42
    assert index.first(-(2**63), 5) == 5
