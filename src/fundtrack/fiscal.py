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
from datetime import date
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


def report_calendar(implied: Calendar | None, given: Calendar | None, *, fy: str) -> Calendar:
    """The calendar a report reads ``fy`` in: ``--calendar``, else the one ``fy`` names, else
    the state calendar (CVRC is a state agency). A contradiction is refused."""
    if given is not None and implied is not None and given is not implied:
        raise InvalidInput(
            f"{fy.strip()} is a {implied.value} fiscal year, but --calendar {given.value} "
            f"was given; drop --calendar, or write the year without {implied.prefix} "
            f"to read it in the {given.value} calendar"
        )
    return given or implied or Calendar.STATE


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
