"""Victims served by quarter, for OVC's Performance Measurement Tool (PMT).

For each quarter of a fiscal year: ``served``, the distinct clients served in the quarter;
``new``, those of them not served earlier in the same fiscal year; ``continuing``, those served
earlier in the year too; and the distinct clients per service area. The year row counts each
client once, and equals the sum of the quarters' ``new``. A client is served by a standing
entry that counts as served (``reports.sql.counted``); voided entries never count. The same
figures follow for each subgrantee, since the PMT is answered per agency.

The database hands over its distinct (quarter, client, subgrantee, service area) rows once,
and one pass over them fills every figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.lookup import find
from fundtrack.fiscal import Calendar, Quarter, fiscal_year_end, fiscal_year_start, quarters
from fundtrack.ledger import terms
from fundtrack.models import Subgrantee
from fundtrack.models import awards as _a
from fundtrack.models import entries as _e
from fundtrack.models import subgrants as _g
from fundtrack.reports.common import chosen_sources
from fundtrack.reports.sql import counted, dialect_of, fiscal_quarter_sql
from fundtrack.reports.suppression import Grid
from fundtrack.service_areas import SERVICE_AREAS, UNSPECIFIED

#: Every report shows the PMT's areas in its order, then ``unspecified``.
AREAS = (*SERVICE_AREAS, UNSPECIFIED)


@dataclass(frozen=True)
class QuarterCount:
    """One quarter's figures (distinct clients)."""

    quarter: Quarter
    served: int
    new: int
    continuing: int
    by_service_area: Mapping[str, int]


@dataclass(frozen=True)
class Counts:
    """A fiscal year's figures for all subgrantees (``subgrantee`` None) or one of them.

    Attributes:
      served: the year's distinct clients: the sum of the quarters' ``new``.
      by_service_area: the year's distinct clients per service area.
    """

    subgrantee: str | None
    name: str | None
    quarters: tuple[QuarterCount, ...]
    served: int
    by_service_area: Mapping[str, int]


@dataclass(frozen=True)
class PmtReport:
    """The report: the figures for every subgrantee counted together, then for each one."""

    calendar: Calendar
    fiscal_year: int
    sources: tuple[str, ...]
    total: Counts
    subgrantees: tuple[Counts, ...]

    @property
    def label(self) -> str:
        return f"{self.calendar.prefix}{self.fiscal_year}"


@dataclass
class _Tally:
    """Who was served in each quarter, overall and per service area."""

    served: dict[int, set[int]] = field(default_factory=lambda: {q: set() for q in range(1, 5)})
    areas: dict[tuple[int, str], set[int]] = field(default_factory=dict)

    def add(self, quarter: int, client: int, area: str) -> None:
        self.served[quarter].add(client)
        self.areas.setdefault((quarter, area), set()).add(client)

    def counts(self, year: int, calendar: Calendar, code: str | None, name: str | None) -> Counts:
        first: dict[int, int] = {}
        for number in range(1, 5):
            for client in self.served[number]:
                first.setdefault(client, number)
        rows = []
        for quarter in quarters(year, calendar):
            served = self.served[quarter.number]
            new = sum(1 for client in served if first[client] == quarter.number)
            by_area = {a: len(self.areas.get((quarter.number, a), ())) for a in AREAS}
            rows.append(QuarterCount(quarter, len(served), new, len(served) - new, by_area))
        year_areas = {
            a: len(set().union(*(self.areas.get((q, a), set()) for q in range(1, 5))))
            for a in AREAS
        }
        return Counts(code, name, tuple(rows), len(first), year_areas)


def pmt_report(
    session: Session,
    year: int,
    calendar: Calendar,
    *,
    sources: tuple[str, ...] | list[str] = (),
    subgrantees: tuple[str, ...] | list[str] = (),
) -> PmtReport:
    """Count fiscal ``year``'s clients by quarter, for all (or the named) sources and
    subgrantees."""
    chosen = chosen_sources(session, sources)
    named = _chosen_subgrantees(session, subgrantees)
    start, end = fiscal_year_start(year, calendar), fiscal_year_end(year, calendar)
    where = [counted(), _e.entry_date >= start, _e.entry_date <= end]
    if sources:
        where.append(_a.source_id.in_(list(chosen)))
    if named:
        where.append(_g.subgrantee_id.in_(list(named)))
    listed = named or _subgrantees_in_year(session, chosen if sources else None, start, end)
    rows = _served_rows(session, calendar, where)
    total, each = count_served(rows, year, calendar, listed)
    return PmtReport(calendar, year, tuple(chosen.values()), total, each)


def count_served(
    rows: Iterable[Any], year: int, calendar: Calendar, subgrantees: Mapping[int, tuple[str, str]]
) -> tuple[Counts, tuple[Counts, ...]]:
    """The figures from distinct (quarter, client, subgrantee id, service area or None) rows:
    for all subgrantees, and for each of ``subgrantees`` (id -> code and name) by code."""
    total, each = _Tally(), dict[int, _Tally]()
    for quarter, client, subgrantee, area in rows:
        where = area or UNSPECIFIED
        total.add(int(quarter), int(client), where)
        each.setdefault(int(subgrantee), _Tally()).add(int(quarter), int(client), where)
    return total.counts(year, calendar, None, None), tuple(
        each.get(sid, _Tally()).counts(year, calendar, code, name)
        for sid, (code, name) in sorted(subgrantees.items(), key=lambda item: item[1][0])
    )


def _served_rows(session: Session, calendar: Calendar, where: list[Any]) -> Iterable[Any]:
    """Distinct (quarter, client, subgrantee, service area) rows, streamed."""
    quarter = fiscal_quarter_sql(_e.entry_date, calendar, dialect_of(session))
    categories: Any = terms.now("category")
    cat = categories.c
    query = (
        select(quarter, _e.client_id, _g.subgrantee_id, cat.service_area)
        .distinct()
        .join(_g, _g.id == _e.subgrant_id)
        .join(_a, _a.id == _e.award_id)
        .outerjoin(categories, cat.id == _e.category_id)
        .where(*where)
    )
    return session.execute(query.execution_options(yield_per=10_000))


def _chosen_subgrantees(session: Session, codes: Iterable[str]) -> dict[int, tuple[str, str]]:
    """Subgrantee id -> (code, name) for each code given; an unknown one is refused."""
    found: dict[int, tuple[str, str]] = {}
    for code in codes:
        named = find(session, Subgrantee, code, what="subgrantee", typed_as="subgrantee code")
        subgrantee = terms.current(session, Subgrantee, named.id)
        found[subgrantee.id] = (subgrantee.code, subgrantee.name)
    return found


def _subgrantees_in_year(
    session: Session, source_ids: Mapping[int, str] | None, start: Any, end: Any
) -> dict[int, tuple[str, str]]:
    """Subgrantees with a subgrant (of the chosen sources) whose period meets the year."""
    grantees: Any = terms.now("subgrantee")
    t = grantees.c
    query = (
        select(t.id, t.code, t.name)
        .select_from(grantees)
        .distinct()
        .join(_g, _g.subgrantee_id == t.id)
        .join(_a, _a.id == _g.award_id)
        .where(_g.start_date <= end, _g.end_date >= start)
    )
    if source_ids is not None:
        query = query.where(_a.source_id.in_(list(source_ids)))
    return {int(i): (str(c), str(n)) for i, c, n in session.execute(query).all()}


def pmt_grid(report: PmtReport) -> Grid:
    """The report's figures as cells keyed (subgrantee or None, quarter or "year", column),
    with what ties them: served = new + continuing, the year's served = the sum of the
    quarters' new; the year's figures count each client once over the quarters, and the
    figures for all subgrantees count each client once over the subgrantees."""
    grid = Grid()
    for counts in (report.total, *report.subgrantees):
        scope = counts.subgrantee
        for q in counts.quarters:
            row = q.quarter.number
            grid.values |= {
                (scope, row, "served"): q.served,
                (scope, row, "new"): q.new,
                (scope, row, "continuing"): q.continuing,
            }
            grid.values |= {(scope, row, area): n for area, n in q.by_service_area.items()}
            grid.add_sum((scope, row, "served"), [(scope, row, "new"), (scope, row, "continuing")])
        grid.values[(scope, "year", "served")] = counts.served
        grid.values |= {(scope, "year", area): n for area, n in counts.by_service_area.items()}
        grid.add_sum((scope, "year", "served"), [(scope, r, "new") for r in range(1, 5)])
        for column in ("served", *AREAS):
            grid.add_bound((scope, "year", column), [(scope, r, column) for r in range(1, 5)])
    for row in (*range(1, 5), "year"):
        for column in ("served", *AREAS):
            grid.add_bound(
                (None, row, column), [(s.subgrantee, row, column) for s in report.subgrantees]
            )
    return grid
