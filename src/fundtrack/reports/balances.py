"""Remaining balances of awards and subgrants as of a date, with each award's status and
lapse forecast.

Every figure is a sum over entries dated on or before ``as_of``, reversals included (a
reversal carries the date of the entry it voids, so a voided entry nets to zero at every
date). Only awards and subgrants whose period has started by ``as_of`` are listed.

Lapse forecast: what an award would leave unspent at the end of its period if it went on
disbursing at its recent pace.

* *recent*: disbursed in the 90 days up to ``as_of``, both ends counted (``as_of`` - 89 days
  through ``as_of``);
* *rate days*: min(90, days since the start), the days counted inclusively: the start day is
  day 1, so an award that starts on ``as_of`` has 1 rate day (never 0) and one that started
  89 days before has 90 — exactly the days of the window on or after the start;
* *days left*: end - ``as_of`` (``as_of``'s own disbursements are already counted), 0 once
  the period has ended;
* ``forecast_unspent`` = max(0, remaining - recent / rate days * days left).

It is computed in integer cents: remaining * rate days - recent * days left, divided by the
rate days, rounded half up to the cent (a half cent or more goes up). The workbook's
formula ``MAX(0, ROUND(remaining - recent * days left / rate days, 2))`` comes to the same.

Status of an award, checked in this order:

* ``voided`` — the award's own amount was voided (nothing was awarded);
* ``fully spent`` — something was awarded and nothing remains (remaining is $0.00);
* ``reverts`` / ``lapses`` — the period ended before ``as_of`` (``as_of`` > end) with money
  unspent: a state appropriation reverts, a federal award lapses;
* ``at risk`` — the forecast is above $0.00 and the last day of the period is ``as_of`` or
  one of the next 180 days (end - as_of is 0..180 days);
* ``ends within 90 days`` — the last day of the period is ``as_of`` or one of the next 90
  days (end - as_of is 0..90 days), and the pace spends what remains;
* ``active`` — otherwise (end - as_of is 91 days or more, and no risk within 180 days).
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
)
from fundtrack.models import awards as _a
from fundtrack.models import entries as _e
from fundtrack.money import from_cents
from fundtrack.reports.common import chosen_sources

ENDING_WINDOW = timedelta(days=90)
RISK_WINDOW = timedelta(days=180)
RECENT_DAYS = 90
ACTIVE = "active"
ENDING = "ends within 90 days"
AT_RISK = "at risk"
FULLY_SPENT = "fully spent"
REVERTS = "reverts"
LAPSES = "lapses"
VOIDED = "voided"


def status(
    *,
    amount: Decimal,
    disbursed: Decimal,
    end: date,
    as_of: date,
    calendar: Calendar,
    forecast_unspent: Decimal = Decimal(0),
) -> str:
    """An award's status flag on ``as_of`` (see the module docstring for the edges)."""
    if amount <= 0:
        return VOIDED
    if disbursed >= amount:
        return FULLY_SPENT
    if as_of > end:
        return REVERTS if calendar is Calendar.STATE else LAPSES
    if forecast_unspent > 0 and end - as_of <= RISK_WINDOW:
        return AT_RISK
    if end - as_of <= ENDING_WINDOW:
        return ENDING
    return ACTIVE


@dataclass(frozen=True)
class Forecast:
    """An award's lapse forecast and what it is computed from (see the module docstring).

    Attributes:
      recent: disbursed in the 90 days up to the as-of date.
      rate_days: the days that pace is spread over, min(90, days since the start).
      days_left: days from the as-of date to the end of the period, 0 once it ended.
      unspent: what would be left at the end at that pace, never below $0.00.
    """

    recent: Decimal
    rate_days: int
    days_left: int
    unspent: Decimal


def recent_window(as_of: date) -> date:
    """The first day of the 90 days up to ``as_of`` (``as_of`` counted)."""
    return as_of - timedelta(days=RECENT_DAYS - 1)


def forecast(
    *, remaining_cents: int, recent_cents: int, start: date, end: date, as_of: date
) -> Forecast:
    """The lapse forecast of an award started by ``as_of``, in exact cents."""
    rate_days = min(RECENT_DAYS, (as_of - start).days + 1)
    days_left = max(0, (end - as_of).days)
    left_over = remaining_cents * rate_days - recent_cents * days_left  # cents x rate days
    unspent = (2 * left_over + rate_days) // (2 * rate_days) if left_over > 0 else 0
    return Forecast(from_cents(recent_cents), rate_days, days_left, from_cents(unspent))


@dataclass(frozen=True)
class AwardBalance(AwardFigures):
    """An award as of the report date.

    Attributes:
      amount: awarded; allocated: given to subgrants; disbursed: paid to or for clients.
      status: active, ends within 90 days, at risk, reverts, lapses, fully spent or voided.
      forecast: what the award would leave unspent at its recent pace, and from what.
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
    forecast: Forecast
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
    a: Any = terms.now("award", as_of)  # the periods in force then
    award_query = select(a, src.c.calendar).join(src, src.c.id == a.c.source_id)
    award_query = award_query.where(a.c.source_id.in_(list(chosen)), a.c.start_date <= as_of)
    if overlapping is not None:
        award_query = award_query.where(
            a.c.start_date <= overlapping[1], a.c.end_date >= overlapping[0]
        )
    awards = session.execute(award_query.order_by(a.c.fiscal_year, a.c.code)).all()
    ids = [row.id for row in awards]
    award_sums = sums_by_figure(session, _e.award_id, ids, as_of)
    recent_sums = sums_by_figure(session, _e.award_id, ids, as_of, since=recent_window(as_of))
    subgrants = _subgrants(session, ids, as_of)
    result = []
    for row in awards:
        award: Any = Award(**{k: v for k, v in row._mapping.items() if k != "calendar"})
        result.append(
            _award_balance(
                award,
                Calendar(row.calendar),
                chosen[award.source_id],
                {f: award_sums[(award.id, k)] for f, k in AWARD_FIGURES.items()},
                recent_sums[(award.id, "disbursed")],
                tuple(subgrants[award.id]),
                as_of,
            )
        )
    return Balances(as_of, tuple(chosen.values()), tuple(result))


def _award_balance(
    award: Any,
    calendar: Calendar,
    source: str,
    cents: dict[str, int],
    recent_cents: int,
    subgrants: tuple[SubgrantBalance, ...],
    as_of: date,
) -> AwardBalance:
    """One award's balance from its sums in cents (``AWARD_FIGURES``) and recent spending."""
    start, end = award.start_date, award.end_date  # the period, read once for every figure
    ahead = forecast(
        remaining_cents=cents["amount"] - cents["disbursed"],
        recent_cents=recent_cents,
        start=start,
        end=end,
        as_of=as_of,
    )
    figures = {figure: from_cents(amount) for figure, amount in cents.items()}
    flag = status(
        amount=figures["amount"],
        disbursed=figures["disbursed"],
        end=end,
        as_of=as_of,
        calendar=calendar,
        forecast_unspent=ahead.unspent,
    )
    return AwardBalance(
        code=award.code,
        source=source,
        calendar=calendar,
        fiscal_year=award.fiscal_year,
        start=start,
        end=end,
        **figures,
        status=flag,
        forecast=ahead,
        subgrants=subgrants,
    )


def _subgrants(
    session: Session, award_ids: list[int], as_of: date
) -> defaultdict[int, list[SubgrantBalance]]:
    grantees: Any = terms.now("subgrantee")
    t = grantees.c
    g: Any = terms.now("subgrant", as_of).c  # the periods in force then
    rows = session.execute(
        select(g.id, g.award_id, g.code, _a.code, t.code, t.name, g.start_date, g.end_date)
        .join(grantees, t.id == g.subgrantee_id)
        .join(_a, _a.id == g.award_id)
        .where(g.award_id.in_(award_ids), g.start_date <= as_of)
        .order_by(g.code)
    ).all()
    ids = [int(r[0]) for r in rows]
    amounts = sums_by_figure(session, _e.subgrant_id, ids, as_of)
    by_category = _by_category(session, ids, as_of)
    found: defaultdict[int, list[SubgrantBalance]] = defaultdict(list)
    for sid, award_id, code, award, grantee, name, start, end in rows:
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
    b: Any = terms.now("budget", as_of).c  # the budgets in force then
    budgets = session.execute(
        select(b.subgrant_id, b.category_id, b.amount_cents).where(b.subgrant_id.in_(subgrant_ids))
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
