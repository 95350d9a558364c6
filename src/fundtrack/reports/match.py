"""Match owed and recorded per subgrant, as of a date (28 CFR 94.118).

For each subgrant that owes a match (a services subgrant whose source has a match percent,
or whose waiver records one) and whose period has started by ``as_of``:

* ``required`` = the match on its amount: amount x P / (100 - P), rounded up to the cent;
* ``required_to_date`` = the same on what it has disbursed;
* ``cash``, ``in_kind`` = its match entries, net of voids; ``recorded`` = their sum;
* ``shortfall_to_date`` = required_to_date - recorded, never below zero.

Every figure sums entries dated on or before ``as_of``; each subgrant's terms (its waiver)
are those in force on ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.federal_terms import percent_text, required_cents, subgrant_percent
from fundtrack.ledger import terms
from fundtrack.ledger.queries import sums_by_figure
from fundtrack.models import MATCH_CASH, MATCH_IN_KIND, Subgrant
from fundtrack.models import entries as _e
from fundtrack.money import from_cents


@dataclass(frozen=True)
class SubgrantMatch:
    """One subgrant's match. ``match_percent``: of the total project cost, as text."""

    subgrant: str
    award_id: int
    amount: Decimal
    disbursed: Decimal
    match_percent: str
    required: Decimal
    required_to_date: Decimal
    cash: Decimal
    in_kind: Decimal
    waiver: str | None

    @property
    def recorded(self) -> Decimal:
        return self.cash + self.in_kind

    @property
    def shortfall_to_date(self) -> Decimal:
        return max(self.required_to_date - self.recorded, Decimal("0.00"))


@dataclass(frozen=True)
class MatchReport:
    as_of: date
    subgrants: tuple[SubgrantMatch, ...]


def subgrant_matches(
    session: Session, as_of: date, award_id: int | None = None
) -> tuple[SubgrantMatch, ...]:
    """Every subgrant that owes a match (of one award, when given), as of ``as_of``."""
    state = terms.now("subgrant", as_of)
    query = select(state).where(state.c.start_date <= as_of).order_by(state.c.code)
    if award_id is not None:
        query = query.where(state.c.award_id == award_id)
    owing = [
        (g, percent)
        for g in (Subgrant(**row) for row in session.execute(query).mappings())
        if (percent := subgrant_percent(session, g)) is not None
    ]
    sums = sums_by_figure(session, _e.subgrant_id, [g.id for g, _ in owing if g.id], as_of)
    found = []
    for g, percent in owing:
        assert g.id is not None
        amount, disbursed = sums[(g.id, "allocated")], sums[(g.id, "disbursed")]
        found.append(
            SubgrantMatch(
                subgrant=g.code,
                award_id=g.award_id,
                amount=from_cents(amount),
                disbursed=from_cents(disbursed),
                match_percent=percent_text(percent),
                required=from_cents(required_cents(amount, percent)),
                required_to_date=from_cents(required_cents(disbursed, percent)),
                cash=from_cents(sums[(g.id, MATCH_CASH)]),
                in_kind=from_cents(sums[(g.id, MATCH_IN_KIND)]),
                waiver=g.waiver_reason,
            )
        )
    return tuple(found)


def match_report(session: Session, *, as_of: date) -> MatchReport:
    return MatchReport(as_of, subgrant_matches(session, as_of))
