"""Which rules a source follows, and the dates they give, at the edges of months and years."""

from __future__ import annotations

from datetime import date

import pytest

from fundtrack.fiscal import Calendar
from fundtrack.source_rules import (
    Funding,
    classify,
    ffata_due,
    final_report_due,
    reporting_periods,
    retention_ends,
    rules_for,
)


@pytest.mark.parametrize(
    ("code", "calendar", "funding"),
    [
        ("CVRC-HT", Calendar.STATE, Funding.STATE),
        ("VOCA", Calendar.FEDERAL, Funding.FORMULA),
        ("voca", Calendar.FEDERAL, Funding.FORMULA),
        ("DOJ", Calendar.FEDERAL, Funding.DISCRETIONARY),
        ("OVW", Calendar.FEDERAL, Funding.DISCRETIONARY),
        ("VOCA", Calendar.STATE, Funding.STATE),
    ],
)
def test_a_source_is_classified_by_its_calendar_and_code(
    code: str, calendar: Calendar, funding: Funding
) -> None:
    assert classify(code, calendar) is funding


def test_the_kinds_owe_different_reports() -> None:
    state, voca, doj = (rules_for(c, k) for c, k in (
        ("CVRC-HT", Calendar.STATE), ("VOCA", Calendar.FEDERAL), ("DOJ", Calendar.FEDERAL)
    ))  # fmt: skip
    assert (state.reverts, state.federal) == (True, False)
    assert (voca.performance_months, voca.award_report_days) == (3, 90)
    assert (doj.performance_months, doj.award_report_days) == (6, None)


@pytest.mark.parametrize(
    ("made", "due"),
    [
        (date(2019, 11, 15), date(2019, 12, 31)),
        (date(2019, 12, 1), date(2020, 1, 31)),
        (date(2019, 12, 31), date(2020, 1, 31)),
        (date(2020, 1, 31), date(2020, 2, 29)),
        (date(2021, 1, 1), date(2021, 2, 28)),
        (date(2020, 11, 30), date(2020, 12, 31)),
    ],
)
def test_ffata_is_due_at_the_end_of_the_next_month(made: date, due: date) -> None:
    assert ffata_due(made) == due


def test_quarters_and_halves_from_the_one_it_starts_in_to_the_one_it_ends_in() -> None:
    assert reporting_periods(date(2019, 10, 1), date(2020, 9, 30), 3) == [
        date(2019, 12, 31), date(2020, 3, 31), date(2020, 6, 30), date(2020, 9, 30)
    ]  # fmt: skip
    assert reporting_periods(date(2019, 12, 31), date(2020, 1, 1), 3) == [
        date(2019, 12, 31), date(2020, 3, 31)
    ]  # fmt: skip
    assert reporting_periods(date(2019, 7, 1), date(2020, 6, 30), 6) == [
        date(2019, 12, 31), date(2020, 6, 30)
    ]  # fmt: skip
    assert reporting_periods(date(2020, 6, 30), date(2020, 6, 30), 6) == [date(2020, 6, 30)]


def test_retention_from_a_leap_day_ends_on_february_28() -> None:
    assert final_report_due(date(2023, 11, 1)) == date(2024, 2, 29)
    assert retention_ends(date(2024, 2, 29)) == date(2027, 2, 28)
    assert retention_ends(date(2021, 4, 30)) == date(2024, 4, 30)
