"""Reading dates typed by people, refusing anything ambiguous or impossible.

Accepted: ISO ``2020-01-15``; US ``1/15/2020`` or ``01/15/2020`` (month first, four-digit
year); and written months such as ``Jan 15, 2020`` or ``15 January 2020`` (read with
python-dateutil). Two-digit years and day/month orders that cannot be told apart are refused;
a day-first date (``15/08/2020``) and an Excel serial number (``44059``, a date cell that lost
its format) are refused with a hint that shows the date written as fundtrack reads it.

This module is the one place dates are parsed. Dates of things that happened (a
disbursement) may not lie after today (``fundtrack.clock.today``): ``parse_entry_date``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from fundtrack import clock
from fundtrack.errors import InvalidInput

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_WORDY = re.compile(r"[A-Za-z]{3,}")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$", re.ASCII)
#: Day 0 of Excel's serial numbers (after its 1900 leap-year slip): 44059 is 2020-08-16.
_EXCEL_EPOCH = date(1899, 12, 30)
_FORMS = "write it as 2020-01-15 or 1/15/2020"
#: Years the books can hold; anything else is a typo such as 0202 for 2020.
FIRST_YEAR, LAST_YEAR = 1900, 2099


def parse_date(text: str, *, what: str = "date") -> date:
    raw = str(text).strip()
    if not raw:
        raise InvalidInput(f"{what} is empty; {_FORMS}")
    iso, us = _ISO.match(raw), _US.match(raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif us:
        month, day, year = (int(g) for g in us.groups())
    elif _WORDY.search(raw) and re.search(r"\b[0-9]{4}\b", raw):
        return _in_range(_parse_written(raw, what), raw, what)
    else:
        _refuse_with_hint(raw, what)
        raise InvalidInput(f"{what} {raw!r} is not a date I can read unambiguously; {_FORMS}")
    try:
        return _in_range(date(year, month, day), raw, what)
    except ValueError:
        _refuse_with_hint(raw, what)
        raise InvalidInput(f"{what} {raw!r} does not exist on the calendar; {_FORMS}") from None


def parse_entry_date(text: str, *, what: str = "date") -> date:
    """A date on which something happened: as ``parse_date``, and not after today."""
    return not_in_future(parse_date(text, what=what), what=what)


def not_in_future(day: date, *, what: str = "date") -> date:
    """``day``, unless it lies after today (the local date)."""
    today = clock.today()
    if day > today:
        raise InvalidInput(
            f"{what} {day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record it on or after the day it happens"
        )
    return day


def _refuse_with_hint(raw: str, what: str) -> None:
    """Refuse a day-first date or an Excel serial number, showing the ISO form to write."""
    day_first, serial = _DAY_FIRST.match(raw), _SERIAL.match(raw)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        if day > 12 and 1 <= month <= 12:
            iso = _iso(year, month, day)
            if iso:
                raise InvalidInput(
                    f"{what} {raw!r} is written day first, which fundtrack does not read "
                    f"(it reads 1/15/2020 as January 15); write {iso}"
                )
    if serial:
        iso = (_EXCEL_EPOCH + timedelta(days=int(serial.group(1)))).isoformat()
        raise InvalidInput(
            f"{what} {raw!r} looks like an Excel date serial number ({iso}); format the "
            f"column as dates in the spreadsheet, or write {iso}"
        )


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _in_range(day: date, raw: str, what: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(
            f"{what} {raw!r} is outside the years {FIRST_YEAR}..{LAST_YEAR}; check the year"
        )
    return day


def _parse_written(raw: str, what: str) -> date:
    from dateutil import parser

    # Two different defaults reveal a missing day, month or year instead of silently filling it.
    try:
        one = parser.parse(raw, default=_sentinel(1), fuzzy=False)
        two = parser.parse(raw, default=_sentinel(2), fuzzy=False)
    except (ValueError, OverflowError):
        raise InvalidInput(f"{what} {raw!r} is not a date I can read; {_FORMS}") from None
    if one != two or one.time() != two.time() or one.hour or one.minute:
        raise InvalidInput(f"{what} {raw!r} is incomplete or has a time; {_FORMS}")
    return one.date()


def _sentinel(n: int):
    from datetime import datetime

    return datetime(1904 + 4 * n, n, n)
