"""Dates people type: ISO, US month-first with a four-digit year, written months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundtrack.dates import parse_date
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
        ("13/01/2020", f"date '13/01/2020' does not exist on the calendar; {FORMS}"),
        ("01/02/03", f"date '01/02/03' is not a date I can read unambiguously; {FORMS}"),
        ("1/15/20", f"date '1/15/20' is not a date I can read unambiguously; {FORMS}"),
        ("15.01.2020", f"date '15.01.2020' is not a date I can read unambiguously; {FORMS}"),
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
