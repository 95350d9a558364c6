"""``fundtrack.clock``: recorded-at times in UTC to the second, and today as tests set it."""

from __future__ import annotations

from datetime import date

from fundtrack import clock


def test_recorded_times_are_naive_utc_to_the_second() -> None:
    now = clock.utc_now()
    assert now.tzinfo is None and now.microsecond == 0


def test_today_is_sets_today_for_the_block_only() -> None:
    real = clock.today()
    with clock.today_is(date(2020, 7, 15)):
        assert clock.today() == date(2020, 7, 15)
    assert clock.today() == real


def test_today_is_restores_today_after_an_error() -> None:
    real = clock.today()
    try:
        with clock.today_is(date(1999, 1, 1)):
            raise RuntimeError("a failing test")
    except RuntimeError:
        pass
    assert clock.today() == real
