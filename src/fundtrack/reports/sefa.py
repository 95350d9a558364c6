"""The schedule of expenditures of federal awards (2 CFR 200.510(b)) for a state fiscal year.

Per Assistance Listing and award of a federal source: what it disbursed in the year
(``expended``) and the part paid through services subgrants (``passed_through``: to
subrecipients; administration subgrants are the state's own spending). Per subgrantee: the
federal money passed through to it in the year, which tells who may cross the single-audit
threshold. Disbursements are dated by payment; voided ones net to zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session

from fundtrack.fiscal import Calendar, fiscal_year_end, fiscal_year_start, label
from fundtrack.ledger.kinds import kinds_adding_to
from fundtrack.models import ADMINISTRATION
from fundtrack.models import awards as _a
from fundtrack.models import entries as _e
from fundtrack.models import sources as _s
from fundtrack.models import subgrantees as _r
from fundtrack.models import subgrants as _g
from fundtrack.money import from_cents


@dataclass(frozen=True)
class AwardExpended:
    aln: str | None
    award: str
    expended: Decimal
    passed_through: Decimal


@dataclass(frozen=True)
class SubgranteeExpended:
    subgrantee: str
    expended: Decimal


@dataclass(frozen=True)
class Sefa:
    fiscal_year: str
    awards: tuple[AwardExpended, ...]
    subgrantees: tuple[SubgranteeExpended, ...]


def sefa(session: Session, fiscal_year: int) -> Sefa:
    first = fiscal_year_start(fiscal_year, Calendar.STATE)
    last = fiscal_year_end(fiscal_year, Calendar.STATE)
    spent = (
        _e.kind.in_(kinds_adding_to("disbursed")),
        _e.entry_date >= first,
        _e.entry_date <= last,
        _s.calendar == Calendar.FEDERAL.value,
    )
    through: Any = case((_g.purpose != ADMINISTRATION, _e.amount_cents), else_=0)
    joined = (
        select()
        .select_from(_e)
        .join(_g, _g.id == _e.subgrant_id)
        .join(_a, _a.id == _e.award_id)
        .join(_s, _s.id == _a.source_id)
    )
    awards = session.execute(
        joined.add_columns(_a.aln, _a.code, func.sum(_e.amount_cents), func.sum(through))
        .where(*spent)
        .group_by(_a.aln, _a.code)
        .order_by(_a.aln, _a.code)
    ).all()
    grantees = session.execute(
        joined.join(_r, _r.id == _g.subgrantee_id)
        .add_columns(_r.code, func.sum(_e.amount_cents))
        .where(*spent, _g.purpose != ADMINISTRATION)
        .group_by(_r.code)
        .order_by(_r.code)
    ).all()
    return Sefa(
        label(fiscal_year, Calendar.STATE),
        tuple(AwardExpended(a, c, from_cents(x), from_cents(p)) for a, c, x, p in awards),
        tuple(SubgranteeExpended(c, from_cents(x)) for c, x in grantees),
    )
