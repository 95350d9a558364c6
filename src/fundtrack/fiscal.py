"""Fiscal years in the two calendars fundtrack knows.

* ``state`` — New Mexico's fiscal year, July 1 to June 30;
* ``federal`` — the federal fiscal year, October 1 to September 30.

A fiscal year is named by the calendar year in which it ends: state FY2020 runs from
2019-07-01 to 2020-06-30, federal FFY2020 from 2019-10-01 to 2020-09-30.

This module is the one place fiscal-year text is read. ``FFY`` names the federal calendar
wherever it is typed; ``FY2020`` and ``2020`` are neutral, read in the calendar the source or
the report uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from fundtrack.errors import InvalidInput

FIRST_YEAR = 1990
LAST_YEAR = 2099

FORMS = "2020, FY2020, FY20 or fy20 (a range: 2016..2020 or FY16-FY20)"


class Calendar(StrEnum):
    """Which fiscal calendar a funding source (or a report) uses."""

    STATE = "state"
    FEDERAL = "federal"

    @property
    def first_month(self) -> int:
        return 7 if self is Calendar.STATE else 10

    @property
    def prefix(self) -> str:
        return "FY" if self is Calendar.STATE else "FFY"


def parse_calendar(text: str) -> Calendar:
    try:
        return Calendar(text.strip().lower())
    except ValueError:
        raise InvalidInput(f"calendar {text!r} is not known; use 'state' or 'federal'") from None


def fiscal_year_start(year: int, calendar: Calendar) -> date:
    """First day of fiscal ``year`` in ``calendar``."""
    return date(year - 1, calendar.first_month, 1)


def fiscal_year_end(year: int, calendar: Calendar) -> date:
    """Last day of fiscal ``year`` in ``calendar``."""
    return date(year, 6, 30) if calendar is Calendar.STATE else date(year, 9, 30)


def fiscal_year_of(day: date, calendar: Calendar) -> int:
    """The fiscal year ``day`` falls in."""
    return day.year + 1 if day.month >= calendar.first_month else day.year


def label(year: int, calendar: Calendar = Calendar.STATE) -> str:
    """``FY2020`` (state) or ``FFY2020`` (federal)."""
    return f"{calendar.prefix}{year}"


_ONE = re.compile(r"^(f?fy)?\s*(\d{4}|\d{2})$", re.IGNORECASE | re.ASCII)


class FiscalYear(NamedTuple):
    """A fiscal year as typed: its number, and the calendar its name implies.

    Attributes:
      year: the calendar year in which the fiscal year ends.
      calendar: ``federal`` for ``FFY2020``; None for the neutral ``FY2020`` and ``2020``.
    """

    year: int
    calendar: Calendar | None = None


def parse_fiscal_year(text: str) -> FiscalYear:
    """Read ``2020``, ``FY2020``, ``FY20``, ``fy20`` or ``FFY2020`` (federal) as the year 2020.

    Two digits name a year from 1990 (``FY90``) to 2089 (``FY89``).
    """
    match = _ONE.match(str(text).strip())
    if match is None:
        raise InvalidInput(f"fiscal year {text!r} is not one I can read; write {FORMS}")
    prefix, digits = match.groups()
    year = int(digits) if len(digits) == 4 else _century(int(digits))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            f"fiscal year {text!r} is outside {FIRST_YEAR}..{LAST_YEAR}; write {FORMS}"
        )
    federal = prefix is not None and prefix.lower() == "ffy"
    return FiscalYear(year, Calendar.FEDERAL if federal else None)


def report_calendar(
    implied: Calendar | None,
    given: Calendar | None,
    *,
    fy: str,
    default: Calendar = Calendar.STATE,
) -> Calendar:
    """The calendar a report reads ``fy`` in: ``--calendar``, else the one ``fy`` names, else
    ``default``: the state calendar (CVRC is a state agency), the federal one for the federal
    performance report. A contradiction is refused."""
    if given is not None and implied is not None and given is not implied:
        raise InvalidInput(
            f"{fy.strip()} is a {implied.value} fiscal year, but --calendar {given.value} "
            f"was given; drop --calendar, or write the year without {implied.prefix} "
            f"to read it in the {given.value} calendar"
        )
    return given or implied or default


def _century(two_digits: int) -> int:
    year = 1900 + two_digits
    return year if year >= FIRST_YEAR else year + 100


@dataclass(frozen=True)
class FiscalYearRange:
    """An inclusive range of fiscal years, ``first`` to ``last``, with the calendar its text
    implies (federal when either end is written ``FFY``, else None)."""

    first: int
    last: int
    calendar: Calendar | None = None

    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def __len__(self) -> int:
        return self.last - self.first + 1


def parse_fiscal_year_range(text: str) -> FiscalYearRange:
    """Read one fiscal year or a range: ``2020``, ``2016..2020``, ``FY16-FY20``."""
    raw = str(text).strip()
    parts = re.split(r"\.\.|\s*-\s*(?=f|F|\d)", raw, maxsplit=1)
    if len(parts) == 1:
        year, calendar = parse_fiscal_year(raw)
        return FiscalYearRange(year, year, calendar)
    try:
        (first, one), (last, other) = parse_fiscal_year(parts[0]), parse_fiscal_year(parts[1])
    except InvalidInput:
        raise InvalidInput(
            f"fiscal years {text!r} are not a range I can read; write {FORMS}"
        ) from None
    if first > last:
        raise InvalidInput(f"fiscal years {text!r} run backwards; write the earlier year first")
    return FiscalYearRange(first, last, one or other)


QUARTER_FORMS = (
    "FFY2020-Q2 (federal: Q1 is October-December) or FY2020-Q3 (state: Q1 is July-September)"
)
_QUARTER = re.compile(r"^(f?fy)?\s*(\d{4}|\d{2})\s*-?\s*q([1-4])$", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True)
class Quarter:
    """A quarter of a fiscal year: federal Q1 is October-December ... Q4 July-September;
    state Q1 is July-September ... Q4 April-June.

    Attributes:
      year: the fiscal year, named by the calendar year in which it ends.
      number: 1 to 4.
    """

    year: int
    number: int
    calendar: Calendar

    @property
    def start(self) -> date:
        month = self.calendar.first_month + 3 * (self.number - 1)
        return date(self.year - 1 + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        if self.number == 4:
            return fiscal_year_end(self.year, self.calendar)
        return Quarter(self.year, self.number + 1, self.calendar).start - timedelta(days=1)

    @property
    def label(self) -> str:
        """``FFY2020-Q2`` or ``FY2020-Q3``."""
        return f"{label(self.year, self.calendar)}-Q{self.number}"


def quarters(year: int, calendar: Calendar) -> tuple[Quarter, ...]:
    """The four quarters of fiscal ``year``, in order."""
    return tuple(Quarter(year, number, calendar) for number in range(1, 5))


def quarter_of(day: date, calendar: Calendar) -> Quarter:
    """The fiscal quarter ``day`` falls in."""
    months_in = (day.month - calendar.first_month) % 12
    return Quarter(fiscal_year_of(day, calendar), months_in // 3 + 1, calendar)


def parse_quarter(text: str) -> Quarter:
    """Read ``FFY2020-Q2`` (federal) or ``FY2020-Q3`` (state); a bare ``2020Q2`` names no
    calendar, and the two calendars' quarters differ, so it is refused."""
    match = _QUARTER.match(str(text).strip())
    if match is None:
        raise InvalidInput(f"quarter {text!r} is not one I can read; write {QUARTER_FORMS}")
    prefix, digits, number = match.groups()
    if prefix is None:
        raise InvalidInput(
            f"quarter {text!r} is ambiguous: federal and state quarters differ; "
            f"write {QUARTER_FORMS}"
        )
    year, _ = parse_fiscal_year(digits)
    calendar = Calendar.FEDERAL if prefix.lower() == "ffy" else Calendar.STATE
    return Quarter(year, int(number), calendar)
