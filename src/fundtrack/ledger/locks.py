"""Row locks for writers that draw money down.

On PostgreSQL a writer locks the award rows, then the subgrant rows it draws on (each in id
order), then the ledger head, so concurrent writers queue instead of overspending and can
never deadlock. On SQLite the whole database is already locked by ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.models import Award, Subgrant


def _lock(session: Session, model: Any, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if not wanted or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        select(model.id).where(model.id.in_(wanted)).order_by(model.id).with_for_update()
    ).all()


def lock_awards(session: Session, award_ids: Iterable[int]) -> None:
    _lock(session, Award, award_ids)


def lock_subgrants(session: Session, subgrant_ids: Iterable[int]) -> None:
    _lock(session, Subgrant, subgrant_ids)
