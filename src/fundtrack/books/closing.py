"""Closing a fiscal year (and reopening it), and closing an award at the end of its life.

A year's close and reopen are fact entries with a reason, dated the day they are recorded;
the rule they make (nothing dated in a closed year is recorded) is enforced where every entry
is appended (``fundtrack.ledger.closed``). An award's close records its unspent remainder as
reverted (state money) or lapsed (federal money); the award then takes no more entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session

from fundtrack import fiscal
from fundtrack.books.awards import get_award
from fundtrack.books.lookup import require_reason
from fundtrack.clock import today, utc_now
from fundtrack.errors import RuleViolation
from fundtrack.ledger import append, closed, locks, queries, rules, terms
from fundtrack.models import AWARD_CLOSE, CLOSE, REOPEN, Award
from fundtrack.money import from_cents


@dataclass(frozen=True)
class Year:
    """A fiscal year as typed, read in its calendar."""

    label: str
    calendar: fiscal.Calendar
    start: date
    end: date


def read_year(text: str, calendar: fiscal.Calendar | None) -> Year:
    """``FY2020`` (state unless ``calendar`` says federal) or ``FFY2020`` (federal); a
    ``calendar`` that contradicts the label is refused."""
    typed = fiscal.parse_fiscal_year(text)
    chosen = fiscal.report_calendar(typed.calendar, calendar, fy=text)
    return Year(
        fiscal.label(typed.year, chosen),
        chosen,
        fiscal.fiscal_year_start(typed.year, chosen),
        fiscal.fiscal_year_end(typed.year, chosen),
    )


def close_year(
    session: Session, text: str, *, calendar: fiscal.Calendar | None, reason: str, by: str
) -> int:
    """Append a ``close`` entry for the year; returns its id."""
    year, why = read_year(text, calendar), require_reason(reason)
    if year.end >= today():
        raise RuleViolation(
            f"{year.label} has not ended (it runs {year.start}..{year.end}); a year is closed "
            "once its books are final"
        )
    append.lock_head(session)  # the state below is read under the lock the append takes
    mark = closed.year_states(session).get(year.label)
    if mark is not None and mark.kind == CLOSE:
        raise RuleViolation(
            f"{year.label} is already closed, by entry {mark.entry_id} on {mark.on} by "
            f"{mark.by}; nothing to do"
        )
    return _mark(session, CLOSE, year, why, by)


def reopen_year(
    session: Session, text: str, *, calendar: fiscal.Calendar | None, reason: str, by: str
) -> int:
    """Append a ``reopen`` entry for a closed year; returns its id."""
    year, why = read_year(text, calendar), require_reason(reason)
    append.lock_head(session)
    mark = closed.year_states(session).get(year.label)
    if mark is None or mark.kind != CLOSE:
        since = "" if mark is None else f" (reopened by entry {mark.entry_id} on {mark.on})"
        raise RuleViolation(f"{year.label} is not closed{since}; nothing to reopen")
    return _mark(session, REOPEN, year, why, by)


def _mark(session: Session, kind: str, year: Year, why: str, by: str) -> int:
    row = terms.fact(
        kind,
        closed.year_terms(year.label, year.calendar, year.start, year.end),
        on=today(),
        by=by,
        at=utc_now(),
        reason=why,
    )
    [entry_id] = append.append(session, [row])
    return entry_id


def year_list(session: Session) -> list[closed.YearMark]:
    """Each year ever closed, with its latest close or reopen, in the order of its years."""
    return sorted(closed.year_states(session).values(), key=lambda m: (m.end, m.label))


@dataclass(frozen=True)
class AwardClosed:
    """An award's close: the entry, the remainder and what it is called."""

    entry_id: int
    award: str
    remainder: Decimal
    figure: str


def figure_name(calendar: fiscal.Calendar) -> str:
    """What an award's unspent remainder becomes at its close: state money reverts, federal
    money lapses."""
    return "lapsed" if calendar is fiscal.Calendar.FEDERAL else "reverted"


def close_award(session: Session, code: str, *, reason: str, by: str) -> AwardClosed:
    """Close ``code`` after its period (federal: after the liquidation days too): an
    ``award-close`` entry of its unspent remainder; it takes no more entries."""
    why = require_reason(reason)
    award = get_award(session, code)
    assert award.id is not None
    locks.lock_awards(session, [award.id])
    calendar = closed.source_calendar(session, award.id)
    _require_ended(session, award, calendar)
    remainder = queries.award_amount(session, award.id) - queries.award_disbursed(session, award.id)
    row = {
        "kind": AWARD_CLOSE,
        "amount_cents": max(remainder, 0),
        "entry_date": today(),
        "award_id": award.id,
        "reason": why,
        "recorded_at": utc_now(),
        "recorded_by": by,
    }
    [entry_id] = append.append(session, [row])
    return AwardClosed(entry_id, award.code, from_cents(max(remainder, 0)), figure_name(calendar))


def _require_ended(session: Session, award: Award, calendar: fiscal.Calendar) -> None:
    end = terms.current(session, Award, award.id).end_date
    last = end
    if calendar is fiscal.Calendar.FEDERAL:
        last = end + timedelta(days=rules.LIQUIDATION_DAYS)
    if today() <= last:
        window = (
            f" and its {rules.LIQUIDATION_DAYS}-day liquidation period (to {last})"
            if last != end
            else ""
        )
        raise RuleViolation(f"award {award.code} runs to {end}{window}; close it after {last}")
