"""Victims served per fiscal year by funding source: distinct clients, counted as below.

A client counts once for a (fiscal year, source) when at least one counted disbursement
funded by that source and dated in that fiscal year went to or for them. The all-sources
figure counts each client once (unduplicated), so it can be less than the sum of the
sources' figures. Over a range of several years, the range rows count each client once per
source, and once overall, for the whole range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, literal_column, select, union_all
from sqlmodel import Session

from fundtrack.fiscal import (
    Calendar,
    FiscalYearRange,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    label,
)
from fundtrack.ledger.kinds import served_kinds
from fundtrack.models import awards as _a
from fundtrack.models import entries as _e
from fundtrack.models import subgrantees as _t
from fundtrack.models import subgrants as _g
from fundtrack.reports.about import report_today
from fundtrack.reports.common import chosen_sources
from fundtrack.reports.sql import counted, dialect_of, fiscal_year_sql

EN_DASH = "\u2013"
#: The heading of the column that counts each client once across every source.
ALL_SOURCES = "All sources (unduplicated)"


@dataclass(frozen=True)
class VictimCount:
    """Distinct clients served.

    Attributes:
      fiscal_year: the year, or None for the whole range.
      source: the funding source code, or None for all sources (unduplicated).
      victims_served: how many distinct clients.
    """

    fiscal_year: int | None
    source: str | None
    victims_served: int


@dataclass(frozen=True)
class SubgranteeCount:
    """Distinct clients a subgrantee served in a fiscal year (None: the whole range)."""

    fiscal_year: int | None
    subgrantee: str
    name: str
    victims_served: int


@dataclass(frozen=True)
class VictimsServed:
    """The victims-served report: every (year, source) cell, including zeros.

    Attributes:
      all_label: the heading of the column counting each client once across the sources
        counted: ``All sources (unduplicated)``, or the sources asked for, e.g.
        ``CVRC-HT + VOCA (unduplicated)``.
    """

    calendar: Calendar
    years: FiscalYearRange
    sources: tuple[str, ...]
    rows: tuple[VictimCount, ...]
    by_subgrantee: tuple[SubgranteeCount, ...] = ()
    all_label: str = ALL_SOURCES

    @property
    def spans_years(self) -> bool:
        return len(self.years) > 1

    @property
    def range_label(self) -> str:
        """``FY2017-FY2019`` with an en dash (``FFY...`` in the federal calendar)."""
        first, last = label(self.years.first, self.calendar), label(self.years.last, self.calendar)
        return first if first == last else f"{first}{EN_DASH}{last}"

    def count(self, fiscal_year: int | None, source: str | None) -> int:
        for row in self.rows:
            if row.fiscal_year == fiscal_year and row.source == source:
                return row.victims_served
        raise KeyError((fiscal_year, source))


def victims_served(
    session: Session,
    *,
    years: FiscalYearRange | None = None,
    calendar: Calendar = Calendar.STATE,
    sources: tuple[str, ...] | list[str] = (),
    by_subgrantee: bool = False,
) -> VictimsServed:
    """Count victims served; ``years`` defaults to the years that have disbursements."""
    chosen = chosen_sources(session, sources)
    years = years or _years_with_disbursements(session, calendar)
    first = fiscal_year_start(years.first, calendar)
    last = fiscal_year_end(years.last, calendar)
    fy = fiscal_year_sql(_e.entry_date, calendar, dialect_of(session))
    where = [counted(), _e.entry_date >= first, _e.entry_date <= last]
    if sources:
        where.append(_a.source_id.in_(list(chosen)))
    found = _counts(session, fy, where, chosen, years, by_subgrantee=by_subgrantee)
    counts, subgrantees = found.counts, found.subgrantees
    rows: list[VictimCount] = []
    for year in years.years():
        rows += [VictimCount(year, code, counts.get((year, code), 0)) for code in chosen.values()]
        rows.append(VictimCount(year, None, counts.get((year, None), 0)))
    if len(years) > 1:
        rows += [VictimCount(None, code, counts.get((None, code), 0)) for code in chosen.values()]
        rows.append(VictimCount(None, None, counts.get((None, None), 0)))
    codes = tuple(chosen.values())
    label_all = f"{' + '.join(codes)} (unduplicated)" if sources else ALL_SOURCES
    return VictimsServed(calendar, years, codes, tuple(rows), subgrantees, label_all)


@dataclass(frozen=True)
class _Counts:
    counts: dict[tuple[int | None, str | None], int]
    subgrantees: tuple[SubgranteeCount, ...]


def _counts(
    session: Session,
    fy: Any,
    where: list[Any],
    chosen: dict[int, str],
    years: FiscalYearRange,
    *,
    by_subgrantee: bool,
) -> _Counts:
    """Distinct clients per (year, source), per year, and over the range per source and
    overall; with ``by_subgrantee``, per subgrantee and year (and over the range) too.

    One statement: the ledger is scanned once into its distinct (year, source, client) rows
    (with the subgrant, for the subgrantees' counts), and each count is taken from those. Four
    scans of a million disbursements took three times as long, and a second scan for the
    subgrantees made the workbook twice as slow as ``--json``.
    """
    columns = [fy.label("fy"), _a.source_id.label("source"), _e.client_id.label("client")]
    if by_subgrantee:
        columns.append(_e.subgrant_id.label("subgrant"))
    served = select(*columns).distinct().join(_a, _a.id == _e.award_id).where(*where).cte("served")
    rows = session.execute(union_all(*_count_parts(served, len(years) > 1, by_subgrantee))).all()
    counts = {
        (None if y is None else int(y), None if s is None else chosen[int(s)]): int(n)
        for part, y, s, n in rows
        if part == "source"
    }
    found = [(y, int(s), int(n)) for part, y, s, n in rows if part == "subgrantee"]
    return _Counts(counts, _subgrantee_counts(session, found) if by_subgrantee else ())


def _count_parts(served: Any, whole_range: bool, by_subgrantee: bool) -> list[Any]:
    """The counts' selects over the distinct ``served`` rows: (part, year, key, count)."""
    year, source, client = served.c.fy, served.c.source, served.c.client
    nothing: Any = literal_column("NULL")
    by_source: Any = literal_column("'source'")
    by_grantee: Any = literal_column("'subgrantee'")
    # Without subgrants each (year, source, client) row is there once: count the rows.
    per_cell = func.count(client.distinct()) if by_subgrantee else func.count()
    parts = [
        select(by_source, year, source, per_cell).group_by(year, source),
        select(by_source, year, nothing, func.count(client.distinct())).group_by(year),
    ]
    if whole_range:
        parts += [
            select(by_source, nothing, source, func.count(client.distinct())).group_by(source),
            select(by_source, nothing, nothing, func.count(client.distinct())),
        ]
    if by_subgrantee:
        grantee = _g.subgrantee_id
        of_grantee = select(by_grantee).join(_g, _g.id == served.c.subgrant)
        parts.append(
            of_grantee.add_columns(year, grantee, func.count(client.distinct())).group_by(
                year, grantee
            )
        )
        if whole_range:
            parts.append(
                of_grantee.add_columns(nothing, grantee, func.count(client.distinct())).group_by(
                    grantee
                )
            )
    return parts


def _subgrantee_counts(
    session: Session, found: list[tuple[Any, int, int]]
) -> tuple[SubgranteeCount, ...]:
    """The subgrantees' counts by year (then the range's), each year's by subgrantee code."""
    named = {
        int(i): (str(code), str(name))
        for i, code, name in session.execute(select(_t.id, _t.code, _t.name)).all()
    }
    counts = [
        SubgranteeCount(None if y is None else int(y), *named[grantee], n)
        for y, grantee, n in found
    ]
    return tuple(
        sorted(counts, key=lambda c: (c.fiscal_year is None, c.fiscal_year or 0, c.subgrantee))
    )


def _years_with_disbursements(session: Session, calendar: Calendar) -> FiscalYearRange:
    """From the fiscal year of the first disbursement or service to that of the last (or this
    year)."""
    # Two subqueries per kind: each is one step down the kind/date index, where min() and
    # max() in one query make SQLite scan every disbursement.
    ends = session.execute(
        select(
            *(
                select(aggregate(_e.entry_date)).where(_e.kind == name).scalar_subquery()
                for name in served_kinds()
                for aggregate in (func.min, func.max)
            )
        )
    ).one()
    days = [day for day in ends if day is not None]
    low, high = (min(days), max(days)) if days else (None, None)
    if low is None or high is None:
        this_year = fiscal_year_of(report_today(), calendar)
        return FiscalYearRange(this_year, this_year)
    return FiscalYearRange(
        fiscal_year_of(_as_date(low), calendar), fiscal_year_of(_as_date(high), calendar)
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
