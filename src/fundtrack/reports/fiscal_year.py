"""The fiscal-year report: one year's victims served, balances, categories and register.

Everything a grant manager sends for one fiscal year, computed once: the victims-served
counts for the year (by source and by subgrantee), the balances of the awards whose period
overlaps the year as of its last day (as of today while the year has not ended), money
disbursed in the year per source and category, and the disbursement register — every
disbursement entry dated in the year, reversals included, with its client reference (the
only report that shows them).

The register is not read with the rest: it streams from the database, a batch at a time,
while its sheet (or its CSV or JSON) is written, so a register of a hundred thousand lines
needs no more memory than one of ten. It is therefore read once, and inside the read
transaction the report was computed in, whose one snapshot of the books it shares with the
summary and the totals (see ``cli/report.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session

from fundtrack.fiscal import Calendar, FiscalYearRange, fiscal_year_end, fiscal_year_start, label
from fundtrack.ledger.kinds import served_kinds
from fundtrack.ledger.queries import EntryLine, entry_lines, entry_lines_query
from fundtrack.models import (
    DISBURSEMENT,
    Category,
    Source,
)
from fundtrack.models import awards as _a
from fundtrack.models import entries as _e
from fundtrack.money import from_cents
from fundtrack.reports.balances import Balances, balances
from fundtrack.reports.sql import counted
from fundtrack.reports.victims import VictimsServed, victims_served


@dataclass(frozen=True)
class CategoryTotal:
    """Money disbursed in the year from one source in one category (net of voids)."""

    source: str
    category: str
    disbursements: int
    amount: Decimal


@dataclass(frozen=True)
class SourceTotal:
    """One source's year: distinct clients, counted disbursements and net money."""

    source: str
    victims_served: int
    disbursements: int
    amount: Decimal


@dataclass(frozen=True)
class FiscalYearReport:
    fiscal_year: int
    calendar: Calendar
    start: date
    end: date
    victims: VictimsServed
    balances: Balances
    by_source: tuple[SourceTotal, ...]
    by_category: tuple[CategoryTotal, ...]
    #: Every disbursement entry dated in the year, and its reversal if voided: streamed
    #: from the report's read transaction, read once (or any iterable of lines).
    register: Iterable[EntryLine]

    @property
    def balances_as_of(self) -> date:
        """The day the balances are counted to: the year's last day, or today before then."""
        return self.balances.as_of

    @property
    def label(self) -> str:
        return label(self.fiscal_year, self.calendar)

    @property
    def disbursed(self) -> Decimal:
        return sum((s.amount for s in self.by_source), Decimal("0.00"))


def fiscal_year_report(
    session: Session,
    fiscal_year: int,
    calendar: Calendar = Calendar.STATE,
    *,
    today: date | None = None,
) -> FiscalYearReport:
    """The year's report; balances are as of its last day, or ``today`` (the local date by
    default) while the year is still running."""
    start, end = fiscal_year_start(fiscal_year, calendar), fiscal_year_end(fiscal_year, calendar)
    as_of = min(end, today or date.today())
    victims = victims_served(
        session,
        years=FiscalYearRange(fiscal_year, fiscal_year),
        calendar=calendar,
        by_subgrantee=True,
    )
    categories = _by_category(session, start, end)
    by_source = tuple(
        SourceTotal(
            source,
            victims.count(fiscal_year, source),
            sum(c.disbursements for c in categories if c.source == source),
            sum((c.amount for c in categories if c.source == source), Decimal("0.00")),
        )
        for source in victims.sources
    )
    return FiscalYearReport(
        fiscal_year=fiscal_year,
        calendar=calendar,
        start=start,
        end=end,
        victims=victims,
        balances=balances(session, as_of=as_of, overlapping=(start, end)),
        by_source=by_source,
        by_category=categories,
        register=_register(session, start, end),
    )


def _by_category(session: Session, start: date, end: date) -> tuple[CategoryTotal, ...]:
    s: Any = Source
    c: Any = Category
    rows = session.execute(
        select(
            s.code,
            c.code,
            func.sum(case((counted(), 1), else_=0)),
            func.sum(_e.amount_cents),
        )
        .join(_a, _a.id == _e.award_id)
        .join(s, s.id == _a.source_id)
        .join(c, c.id == _e.category_id)
        .where(_e.kind == DISBURSEMENT, _e.entry_date >= start, _e.entry_date <= end)
        .group_by(s.code, c.code)
        .order_by(s.code, c.code)
    ).all()
    return tuple(
        CategoryTotal(str(source), str(category), int(count), from_cents(int(cents)))
        for source, category, count, cents in rows
    )


def _register(session: Session, start: date, end: date) -> Iterator[EntryLine]:
    """Every disbursement and service dated in the year, voids included, as entry lines read
    from ``session`` in batches when the first is asked for.

    A service moves no money: its line's amount is $0.00 and its category may be empty.
    """
    query = entry_lines_query(
        _e.kind.in_(served_kinds()), _e.entry_date >= start, _e.entry_date <= end
    )
    return entry_lines(session, query)
