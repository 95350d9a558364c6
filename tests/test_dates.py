"""Dates people type: ISO, US month-first with a four-digit year, written months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundtrack.clock import today_is
from fundtrack.dates import not_in_future, parse_date, parse_entry_date
from fundtrack.errors import InvalidInput

FORMS = "write it as 2020-01-15 or 1/15/2020"


@pytest.mark.parametrize(
    "text",
    ["2020-01-15", "2020-1-15", "1/15/2020", "01/15/2020", "Jan 15, 2020", "15 January 2020",
     "January 15 2020", " 2020-01-15 "],
)  # fmt: skip
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == date(2020, 1, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-02-30", f"date '2020-02-30' does not exist on the calendar; {FORMS}"),
        ("2019-02-29", f"date '2019-02-29' does not exist on the calendar; {FORMS}"),
        ("13/13/2020", f"date '13/13/2020' does not exist on the calendar; {FORMS}"),
        ("31/02/2020", f"date '31/02/2020' does not exist on the calendar; {FORMS}"),
        ("01/02/03", f"date '01/02/03' is not a date I can read unambiguously; {FORMS}"),
        ("1/15/20", f"date '1/15/20' is not a date I can read unambiguously; {FORMS}"),
        ("05.01.2020", f"date '05.01.2020' is not a date I can read unambiguously; {FORMS}"),
        ("123456", f"date '123456' is not a date I can read unambiguously; {FORMS}"),
        ("2020", f"date '2020' is not a date I can read unambiguously; {FORMS}"),
        ("", f"date is empty; {FORMS}"),
        ("Jan 2020", f"date 'Jan 2020' is incomplete or has a time; {FORMS}"),
        ("Jan 15 2020 10:30", f"date 'Jan 15 2020 10:30' is incomplete or has a time; {FORMS}"),
        ("Feb 30 2020", f"date 'Feb 30 2020' is not a date I can read; {FORMS}"),
        ("\u0662\u0660\u0662\u0660-01-15",
         f"date '\u0662\u0660\u0662\u0660-01-15' is not a date I can read unambiguously; {FORMS}"),
        ("0202-01-15", "date '0202-01-15' is outside the years 1900..2099; check the year"),
        ("9999-12-31", "date '9999-12-31' is outside the years 1900..2099; check the year"),
        ("Jan 1, 1800", "date 'Jan 1, 1800' is outside the years 1900..2099; check the year"),
    ],
)  # fmt: skip
def test_ambiguous_impossible_and_odd_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text)
    assert str(refused.value) == message


def test_the_message_names_the_option() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("soon", what="--end")
    assert str(refused.value) == f"--end 'soon' is not a date I can read unambiguously; {FORMS}"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_us_and_written_forms_agree(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}") == day
    assert parse_date(day.strftime("%B %d, %Y")) == day
    assert parse_date(day.strftime("%d %b %Y")) == day


DAY_FIRST = "is written day first, which fundtrack does not read (it reads 1/15/2020 as January 15)"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("15/08/2020", "2020-08-15"), ("13/01/2020", "2020-01-13"), ("15.08.2020", "2020-08-15"),
     ("31-12-2019", "2019-12-31")],
)  # fmt: skip
def test_a_day_first_date_is_refused_with_the_date_to_write(text: str, iso: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text, what="--on")
    assert str(refused.value) == f"--on {text!r} {DAY_FIRST}; write {iso}"


@pytest.mark.parametrize(
    ("text", "iso"), [("44059", "2020-08-16"), ("43831", "2020-01-01"), ("44059.0", "2020-08-16")]
)
def test_an_excel_serial_number_is_refused_with_the_date_it_stands_for(text: str, iso: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text)
    assert str(refused.value) == (
        f"date {text!r} looks like an Excel date serial number ({iso}); format the column as "
        f"dates in the spreadsheet, or write {iso}"
    )


def test_an_entry_date_after_today_is_in_the_future() -> None:
    with today_is(date(2020, 8, 15)):
        assert parse_entry_date("2020-08-15") == date(2020, 8, 15)
        assert not_in_future(date(2019, 1, 1)) == date(2019, 1, 1)
        with pytest.raises(InvalidInput) as refused:
            parse_entry_date("8/16/2020", what="disbursement date")
    assert str(refused.value) == (
        "disbursement date 2020-08-16 is in the future (today is 2020-08-15); record it on or "
        "after the day it happens"
    )


def test_today_is_the_local_date_outside_a_test_clock() -> None:
    from fundtrack import clock

    with today_is(date(2001, 1, 1)):
        assert clock.today() == date(2001, 1, 1)
    assert clock.today() == date.today()
