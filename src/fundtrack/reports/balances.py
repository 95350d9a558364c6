"""Remaining balances of awards and subgrants as of a date, with each award's status.

Every figure is a sum over entries dated on or before ``as_of``, reversals included (a
reversal carries the date of the entry it voids, so a voided entry nets to zero at every
date). Only awards and subgrants whose period has started by ``as_of`` are listed.

Status of an award, checked in this order:

* ``fully spent`` — something was awarded and nothing remains (remaining is $0.00);
* ``reverts`` / ``lapses`` — the period ended before ``as_of`` (``as_of`` > end) with money
  unspent: a state appropriation reverts, a federal award lapses;
* ``ends within 90 days`` — the last day of the period is ``as_of`` or one of the next 90
  days (end - as_of is 0..90 days);
* ``active`` — otherwise (end - as_of is 91 days or more);
* ``voided`` — the award's own amount was voided (nothing was awarded).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.awards import AWARD_FIGURES, AwardFigures
from fundtrack.books.subgrants import SUBGRANT_FIGURES
from fundtrack.books.subgrants import CategoryLine as CategoryBalance
from fundtrack.books.subgrants import SubgrantView as SubgrantBalance
from fundtrack.fiscal import Calendar
from fundtrack.ledger import terms
from fundtrack.ledger.queries import disbursed_by_subgrant_category, sums_by_figure
from fundtrack.models import (
    Award,
    Category,
    Subgrant,
)
from fundtrack.models import awards as _a
from fundtrack.models import budgets as _b
from fundtrack.models import entries as _e
from fundtrack.models import subgrants as _g
from fundtrack.money import from_cents
from fundtrack.reports.common import chosen_sources

ENDING_WINDOW = timedelta(days=90)
ACTIVE = "active"
ENDING = "ends within 90 days"
FULLY_SPENT = "fully spent"
REVERTS = "reverts"
LAPSES = "lapses"
VOIDED = "voided"


def status(
    *, amount: Decimal, disbursed: Decimal, end: date, as_of: date, calendar: Calendar
) -> str:
    """An award's status flag on ``as_of`` (see the module docstring for the edges)."""
    if amount <= 0:
        return VOIDED
    if disbursed >= amount:
        return FULLY_SPENT
    if as_of > end:
        return REVERTS if calendar is Calendar.STATE else LAPSES
    if end - as_of <= ENDING_WINDOW:
        return ENDING
    return ACTIVE


@dataclass(frozen=True)
class AwardBalance(AwardFigures):
    """An award as of the report date.

    Attributes:
      amount: awarded; allocated: given to subgrants; disbursed: paid to or for clients.
      status: active, ends within 90 days, reverts, lapses, fully spent or voided.
    """

    code: str
    source: str
    calendar: Calendar
    fiscal_year: int
    start: date
    end: date
    amount: Decimal
    allocated: Decimal
    disbursed: Decimal
    status: str
    subgrants: tuple[SubgrantBalance, ...]

    @property
    def percent_spent(self) -> Decimal | None:
        """Disbursed as a percentage of the amount, to one decimal (None when nothing)."""
        if self.amount <= 0:
            return None
        return (self.disbursed * 100 / self.amount).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Balances:
    as_of: date
    sources: tuple[str, ...]
    awards: tuple[AwardBalance, ...]


def balances(
    session: Session,
    *,
    as_of: date,
    sources: tuple[str, ...] | list[str] = (),
    overlapping: tuple[date, date] | None = None,
) -> Balances:
    """Balances of every award (of ``sources``) started by ``as_of``.

    ``overlapping`` (first, last day) keeps only awards whose period overlaps it: the
    fiscal-year workbook uses it to leave out awards that ended in earlier years.
    """
    chosen = chosen_sources(session, sources)
    src: Any = terms.now("source")
    award_query = select(_a, src.c.calendar).join(src, src.c.id == _a.source_id)
    award_query = award_query.where(_a.source_id.in_(list(chosen)), _a.start_date <= as_of)
    if overlapping is not None:
        award_query = award_query.where(
            _a.start_date <= overlapping[1], _a.end_date >= overlapping[0]
        )
    awards = session.execute(award_query.order_by(_a.fiscal_year, _a.code)).all()
    ids = [a.id for a, _ in awards]
    award_sums = sums_by_figure(session, _e.award_id, ids, as_of)
    subgrants = _subgrants(session, ids, as_of)
    result = []
    for listed, calendar in awards:
        award = terms.current(session, Award, listed.id, as_of)  # the period in force then
        figures = {f: from_cents(award_sums[(award.id, k)]) for f, k in AWARD_FIGURES.items()}
        cal = Calendar(calendar)
        spent = {"amount": figures["amount"], "disbursed": figures["disbursed"]}
        flag = status(**spent, end=award.end_date, as_of=as_of, calendar=cal)
        result.append(
            AwardBalance(
                code=award.code,
                source=chosen[award.source_id],
                calendar=cal,
                fiscal_year=award.fiscal_year,
                start=award.start_date,
                end=award.end_date,
                **figures,
                status=flag,
                subgrants=tuple(subgrants[award.id]),
            )
        )
    return Balances(as_of, tuple(chosen.values()), tuple(result))


def _subgrants(
    session: Session, award_ids: list[int], as_of: date
) -> defaultdict[int, list[SubgrantBalance]]:
    grantees: Any = terms.now("subgrantee")
    t = grantees.c
    rows = session.execute(
        select(_g.id, _g.award_id, _g.code, _a.code, t.code, t.name, _g.start_date, _g.end_date)
        .join(grantees, t.id == _g.subgrantee_id)
        .join(_a, _a.id == _g.award_id)
        .where(_g.award_id.in_(award_ids), _g.start_date <= as_of)
        .order_by(_g.code)
    ).all()
    ids = [int(r[0]) for r in rows]
    amounts = sums_by_figure(session, _e.subgrant_id, ids, as_of)
    by_category = _by_category(session, ids, as_of)
    found: defaultdict[int, list[SubgrantBalance]] = defaultdict(list)
    for sid, award_id, code, award, grantee, name, _, _ in rows:
        in_force = terms.current(session, Subgrant, sid, as_of)
        start, end = in_force.start_date, in_force.end_date
        figures = {f: from_cents(amounts[(sid, kind)]) for f, kind in SUBGRANT_FIGURES.items()}
        lines = by_category.get(sid, ())
        found[int(award_id)].append(
            SubgrantBalance(
                code,
                award,
                grantee,
                name,
                start,
                end,
                amount=figures["amount"],
                disbursed=figures["disbursed"],
                categories=lines,
            )
        )
    return found


def _by_category(
    session: Session, subgrant_ids: list[int], as_of: date
) -> dict[int, tuple[CategoryBalance, ...]]:
    """Per subgrant: budgeted categories, and categories with money disbursed."""
    c: Any = Category
    names = {int(i): str(code) for i, code in session.execute(select(c.id, c.code)).all()}
    spent = disbursed_by_subgrant_category(session, subgrant_ids, as_of)
    budgets = session.execute(
        select(_b.subgrant_id, _b.category_id, _b.amount_cents).where(
            _b.subgrant_id.in_(subgrant_ids)
        )
    ).all()
    cells: dict[int, dict[str, list[int | None]]] = defaultdict(dict)
    for sid, by_category in spent.items():
        for cid, cents in by_category.items():
            cells[sid].setdefault(names[cid], [None, 0])[1] = cents
    for sid, cid, cents in budgets:
        cells[int(sid)].setdefault(names[int(cid)], [None, 0])[0] = int(cents)
    return {
        sid: tuple(
            CategoryBalance(
                category,
                None if budget is None else from_cents(budget),
                from_cents(disbursed or 0),
            )
            for category, (budget, disbursed) in sorted(lines.items())
        )
        for sid, lines in cells.items()
    }
