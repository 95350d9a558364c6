"""Sums over the ledger: what an award or a subgrant holds, has given out, has left.

All sums are done by the database over integer cents and include reversals, so a voided
entry nets to zero. ``as_of`` limits them to entries dated on or before that day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from fundtrack.models import AWARD, DISBURSEMENT, SUBGRANT, Entry, SubgrantBudget

_e: Any = Entry


def _total(session: Session, *conditions: Any, as_of: date | None = None) -> int:
    query = select(func.coalesce(func.sum(_e.amount_cents), 0)).where(*conditions)
    if as_of is not None:
        query = query.where(_e.entry_date <= as_of)
    return int(session.execute(query).scalar_one())


def award_amount(session: Session, award_id: int, as_of: date | None = None) -> int:
    return _total(session, _e.award_id == award_id, _e.kind == AWARD, as_of=as_of)


def award_allocated(session: Session, award_id: int, as_of: date | None = None) -> int:
    return _total(session, _e.award_id == award_id, _e.kind == SUBGRANT, as_of=as_of)


def award_disbursed(session: Session, award_id: int, as_of: date | None = None) -> int:
    return _total(session, _e.award_id == award_id, _e.kind == DISBURSEMENT, as_of=as_of)


def subgrant_amount(session: Session, subgrant_id: int, as_of: date | None = None) -> int:
    return _total(session, _e.subgrant_id == subgrant_id, _e.kind == SUBGRANT, as_of=as_of)


def subgrant_disbursed(
    session: Session, subgrant_id: int, category_id: int | None = None, as_of: date | None = None
) -> int:
    conditions = [_e.subgrant_id == subgrant_id, _e.kind == DISBURSEMENT]
    if category_id is not None:
        conditions.append(_e.category_id == category_id)
    return _total(session, *conditions, as_of=as_of)


def subgrant_budgets(session: Session, subgrant_id: int) -> dict[int, int]:
    """Budget per category id, in cents; empty when the subgrant has no budget."""
    b: Any = SubgrantBudget
    rows = session.execute(
        select(b.category_id, b.amount_cents).where(b.subgrant_id == subgrant_id)
    ).all()
    return {int(category): int(cents) for category, cents in rows}


def disbursed_by_category(session: Session, subgrant_id: int) -> dict[int, int]:
    rows = session.execute(
        select(_e.category_id, func.sum(_e.amount_cents))
        .where(_e.subgrant_id == subgrant_id, _e.kind == DISBURSEMENT)
        .group_by(_e.category_id)
    ).all()
    return {int(category): int(cents) for category, cents in rows}
