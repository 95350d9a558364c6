"""Fiscal years: the state (July-June) and federal (October-September) calendars."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundtrack.books.awards import default_period
from fundtrack.errors import InvalidInput
from fundtrack.fiscal import (
    Calendar,
    FiscalYear,
    FiscalYearRange,
    Quarter,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    label,
    parse_calendar,
    parse_fiscal_year,
    parse_fiscal_year_range,
    parse_quarter,
    quarter_of,
    quarters,
    report_calendar,
)

STATE, FEDERAL = Calendar.STATE, Calendar.FEDERAL
FORMS = "write 2020, FY2020, FY20 or fy20 (a range: 2016..2020 or FY16-FY20)"


@pytest.mark.parametrize(
    ("day", "calendar", "year"),
    [
        (date(2019, 6, 30), STATE, 2019),
        (date(2019, 7, 1), STATE, 2020),
        (date(2020, 6, 30), STATE, 2020),
        (date(2020, 7, 1), STATE, 2021),
        (date(2019, 9, 30), FEDERAL, 2019),
        (date(2019, 10, 1), FEDERAL, 2020),
        (date(2020, 9, 30), FEDERAL, 2020),
        (date(2020, 10, 1), FEDERAL, 2021),
        (date(2019, 12, 31), STATE, 2020),
        (date(2020, 1, 1), FEDERAL, 2020),
    ],
)
def test_the_year_a_day_falls_in_at_the_boundaries(
    day: date, calendar: Calendar, year: int
) -> None:
    assert fiscal_year_of(day, calendar) == year


def test_first_and_last_days() -> None:
    assert (fiscal_year_start(2020, STATE), fiscal_year_end(2020, STATE)) == (
        date(2019, 7, 1),
        date(2020, 6, 30),
    )
    assert (fiscal_year_start(2020, FEDERAL), fiscal_year_end(2020, FEDERAL)) == (
        date(2019, 10, 1),
        date(2020, 9, 30),
    )
    assert (label(2020), label(2020, STATE), label(2020, FEDERAL)) == (
        "FY2020",
        "FY2020",
        "FFY2020",
    )


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2098, 12, 31)), st.sampled_from(Calendar)
)
def test_every_day_lies_in_exactly_its_fiscal_year(day: date, calendar: Calendar) -> None:
    year = fiscal_year_of(day, calendar)
    assert fiscal_year_start(year, calendar) <= day <= fiscal_year_end(year, calendar)
    assert fiscal_year_end(year - 1, calendar) + timedelta(days=1) == fiscal_year_start(
        year, calendar
    )


@pytest.mark.parametrize(
    ("text", "year", "calendar"),
    [
        ("2020", 2020, None),
        ("FY2020", 2020, None),
        ("FY20", 2020, None),
        ("fy20", 2020, None),
        ("Fy2020", 2020, None),
        ("FFY2020", 2020, FEDERAL),
        ("ffy20", 2020, FEDERAL),
        (" FY 2020 ", 2020, None),
        ("20", 2020, None),
        ("FY99", 1999, None),
        ("FY90", 1990, None),
        ("FY89", 2089, None),
    ],
)
def test_accepted_forms_and_the_calendar_they_name(
    text: str, year: int, calendar: Calendar | None
) -> None:
    """FFY names the federal calendar; FY and a bare year are read in the calendar in use."""
    assert parse_fiscal_year(text) == FiscalYear(year, calendar)
    assert parse_fiscal_year_range(text) == FiscalYearRange(year, year, calendar)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2016..2020", (2016, 2020)),
        ("FY16-FY20", (2016, 2020)),
        ("fy16 - fy20", (2016, 2020)),
        ("FY2016..FY2020", (2016, 2020)),
        ("2016-2020", (2016, 2020)),
        ("FFY17..FFY19", (2017, 2019)),
        ("2020..2020", (2020, 2020)),
    ],
)
def test_accepted_ranges(text: str, years: tuple[int, int]) -> None:
    found = parse_fiscal_year_range(text)
    assert (found.first, found.last) == years
    assert found.calendar == (FEDERAL if "FFY" in text else None)
    assert found.years() == list(range(years[0], years[1] + 1))
    assert len(found) == years[1] - years[0] + 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FY2", f"fiscal year 'FY2' is not one I can read; {FORMS}"),
        ("F2020", f"fiscal year 'F2020' is not one I can read; {FORMS}"),
        ("FFFY20", f"fiscal year 'FFFY20' is not one I can read; {FORMS}"),
        ("FY20x", f"fiscal year 'FY20x' is not one I can read; {FORMS}"),
        ("20200", f"fiscal year '20200' is not one I can read; {FORMS}"),
        ("", f"fiscal year '' is not one I can read; {FORMS}"),
        ("FY\u0662\u0660", f"fiscal year 'FY\u0662\u0660' is not one I can read; {FORMS}"),
        ("1989", f"fiscal year '1989' is outside 1990..2099; {FORMS}"),
        ("FY2100", f"fiscal year 'FY2100' is outside 1990..2099; {FORMS}"),
    ],
)
def test_refused_forms_show_the_accepted_ones(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_fiscal_year(text)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020..2016", "fiscal years '2020..2016' run backwards; write the earlier year first"),
        ("FY16..", f"fiscal years 'FY16..' are not a range I can read; {FORMS}"),
        ("2016...2020", f"fiscal years '2016...2020' are not a range I can read; {FORMS}"),
        ("FY16-FY20-FY22", f"fiscal years 'FY16-FY20-FY22' are not a range I can read; {FORMS}"),
        ("FY16-", f"fiscal year 'FY16-' is not one I can read; {FORMS}"),
    ],
)
def test_refused_ranges(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_fiscal_year_range(text)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("fy", "given", "chosen"),
    [
        ("FFY2020", None, FEDERAL),
        ("FFY2020", FEDERAL, FEDERAL),
        ("FY2020", None, STATE),
        ("FY2020", FEDERAL, FEDERAL),
        ("2020", STATE, STATE),
        ("FFY17..FY19", None, FEDERAL),
    ],
)
def test_a_report_reads_the_year_in_the_calendar_given_or_named(
    fy: str, given: Calendar | None, chosen: Calendar
) -> None:
    implied = parse_fiscal_year_range(fy).calendar
    assert report_calendar(implied, given, fy=fy) is chosen


def test_a_federal_year_in_the_state_calendar_is_a_contradiction() -> None:
    with pytest.raises(InvalidInput) as refused:
        report_calendar(FEDERAL, STATE, fy=" FFY2020 ")
    assert str(refused.value) == (
        "FFY2020 is a federal fiscal year, but --calendar state was given; drop "
        "--calendar, or write the year without FFY to read it in the state calendar"
    )


def test_calendars() -> None:
    assert (parse_calendar("State"), parse_calendar(" federal ")) == (STATE, FEDERAL)
    with pytest.raises(InvalidInput) as refused:
        parse_calendar("calendar")
    assert str(refused.value) == "calendar 'calendar' is not known; use 'state' or 'federal'"


@pytest.mark.parametrize(
    ("year", "calendar", "extra", "period"),
    [
        (2020, STATE, 0, (date(2019, 7, 1), date(2020, 6, 30))),  # CVRC-HT
        (2018, FEDERAL, 0, (date(2017, 10, 1), date(2018, 9, 30))),  # DOJ
        (2017, FEDERAL, 3, (date(2016, 10, 1), date(2020, 9, 30))),  # VOCA: FFY2017 + 3
        (2019, FEDERAL, 3, (date(2018, 10, 1), date(2022, 9, 30))),
    ],
)
def test_default_period_of_performance(
    year: int, calendar: Calendar, extra: int, period: tuple[date, date]
) -> None:
    assert default_period(year, calendar, extra) == period


@pytest.mark.parametrize(
    ("text", "calendar", "number", "start", "end"),
    [
        ("FFY2020-Q1", FEDERAL, 1, date(2019, 10, 1), date(2019, 12, 31)),
        ("ffy20-q2", FEDERAL, 2, date(2020, 1, 1), date(2020, 3, 31)),
        ("FFY2020Q4", FEDERAL, 4, date(2020, 7, 1), date(2020, 9, 30)),
        ("FY2020-Q1", STATE, 1, date(2019, 7, 1), date(2019, 9, 30)),
        ("FY2020-Q2", STATE, 2, date(2019, 10, 1), date(2019, 12, 31)),
        ("fy2020 q3", STATE, 3, date(2020, 1, 1), date(2020, 3, 31)),
        ("FY2020-Q4", STATE, 4, date(2020, 4, 1), date(2020, 6, 30)),
    ],
)
def test_quarters_of_both_calendars(
    text: str, calendar: Calendar, number: int, start: date, end: date
) -> None:
    quarter = parse_quarter(text)
    assert quarter == Quarter(2020, number, calendar)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.label == f"{calendar.prefix}2020-Q{number}"


QUARTER_FORMS = (
    "write FFY2020-Q2 (federal: Q1 is October-December) or FY2020-Q3 (state: Q1 is July-September)"
)


@pytest.mark.parametrize("text", ["2020Q2", "2020-Q2", "20q1"])
def test_a_quarter_without_its_calendar_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_quarter(text)
    assert str(refused.value) == (
        f"quarter {text!r} is ambiguous: federal and state quarters differ; {QUARTER_FORMS}"
    )


@pytest.mark.parametrize("text", ["FFY2020-Q5", "Q2", "FY2020", "FFY1900-Q1", ""])
def test_other_quarter_text_is_refused_with_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_quarter(text)
    assert QUARTER_FORMS in str(refused.value) or "outside 1990..2099" in str(refused.value)


@given(st.dates(date(1990, 1, 1), date(2098, 12, 31)), st.sampled_from([STATE, FEDERAL]))
def test_every_day_falls_in_the_quarter_whose_dates_hold_it(day: date, calendar: Calendar) -> None:
    quarter = quarter_of(day, calendar)
    assert quarter.start <= day <= quarter.end
    assert quarters(quarter.year, calendar)[quarter.number - 1] == quarter
    if quarter.number < 4:
        assert (
            quarter.end + timedelta(days=1)
            == quarters(quarter.year, calendar)[quarter.number].start
        )


def test_the_performance_report_reads_a_neutral_year_in_the_federal_calendar() -> None:
    assert report_calendar(None, None, fy="2020", default=FEDERAL) is FEDERAL
    assert report_calendar(None, STATE, fy="2020", default=FEDERAL) is STATE
