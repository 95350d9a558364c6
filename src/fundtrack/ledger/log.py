"""The ledger as a list: every entry, with when and by whom it was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from fundtrack.models import Award, Category, Client, Entry, Subgrant
from fundtrack.money import from_cents


@dataclass(frozen=True)
class LogLine:
    id: int
    kind: str
    entry_date: date
    amount: Decimal
    award: str
    subgrant: str | None
    category: str | None
    client: str | None
    reverses: int | None
    reason: str | None
    reference: str | None
    memo: str | None
    recorded_at: datetime
    recorded_by: str
    hash: str = ""

    @property
    def label(self) -> str:
        """``disbursement``, or ``void disbursement`` for a reversal."""
        return f"void {self.kind}" if self.reverses is not None else self.kind


def entries(
    session: Session, *, since: date | None = None, limit: int | None = None
) -> list[LogLine]:
    e: Any = Entry
    sub: Any = aliased(Subgrant)
    cat: Any = aliased(Category)
    cli: Any = aliased(Client)
    query = (
        select(
            e.id,
            e.kind,
            e.entry_date,
            e.amount_cents,
            col(Award.code),
            sub.code,
            cat.code,
            cli.ref,
            e.reverses_id,
            e.reason,
            e.reference,
            e.memo,
            e.recorded_at,
            e.recorded_by,
            e.hash,
        )
        .join(Award, col(Award.id) == e.award_id)
        .outerjoin(sub, sub.id == e.subgrant_id)
        .outerjoin(cat, cat.id == e.category_id)
        .outerjoin(cli, cli.id == e.client_id)
        .order_by(e.id)
    )
    if since is not None:
        query = query.where(e.recorded_at >= datetime.combine(since, datetime.min.time()))
    if limit is not None:
        query = query.limit(limit)
    return [
        LogLine(
            r[0],
            r[1],
            r[2],
            from_cents(r[3]),
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            r[14],
        )
        for r in session.execute(query).all()
    ]
