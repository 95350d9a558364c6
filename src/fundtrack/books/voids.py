"""Voiding an entry: a reversal with the opposite amount and a reason; nothing is deleted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session

from fundtrack.books.disbursements import Recorded
from fundtrack.clock import utc_now
from fundtrack.errors import InvalidInput, NotFound, RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import append, kinds, locks, queries
from fundtrack.models import AWARD, AWARD_AMENDMENT, SUBGRANT, SUBGRANT_AMENDMENT, Entry
from fundtrack.money import format_money, from_cents

#: Entry ids are 32-bit integers in the database; a larger number names no entry.
MAX_ENTRY_ID = 2**31 - 1


def void(session: Session, entry_id: int, *, reason: str, by: str) -> Recorded:
    """Reverse entry ``entry_id``: a new entry with the opposite amount and the reason."""
    why = check_free_text(reason, what="reason")
    if not why:
        raise InvalidInput("a void needs a reason; pass --reason 'what was wrong'")
    original = session.get(Entry, entry_id) if 0 < entry_id <= MAX_ENTRY_ID else None
    if original is None:
        raise NotFound(f"no entry {entry_id}; `fundtrack log` lists the entries")
    found = kinds.kind(original.kind)
    if not found.voidable:
        raise RuleViolation(
            f"entry {original.id} records a {original.kind}, which is never voided; {found.refusal}"
        )
    assert original.award_id is not None
    locks.lock_awards(session, [original.award_id])
    if original.subgrant_id is not None:
        locks.lock_subgrants(session, [original.subgrant_id])
    # Checked under the locks, so two clerks voiding the same entry cannot both pass.
    _require_voidable(session, original)
    _require_nothing_depends(session, original)
    [reversal] = append.append(
        session,
        [
            {
                "kind": original.kind,
                "amount_cents": -original.amount_cents,
                "entry_date": original.entry_date,
                "award_id": original.award_id,
                "subgrant_id": original.subgrant_id,
                "category_id": original.category_id,
                "client_id": original.client_id,
                "when_incurred": original.when_incurred,
                "reverses_id": original.id,
                "reason": why,
                "recorded_at": utc_now(),
                "recorded_by": by,
            }
        ],
    )
    return Recorded(
        reversal, from_cents(-original.amount_cents), f"entry {entry_id}", Decimal("0.00")
    )


def _require_voidable(session: Session, original: Entry) -> None:
    if original.reverses_id is not None:
        raise RuleViolation(
            f"entry {original.id} is itself a reversal (of entry {original.reverses_id}); "
            "record the original again instead"
        )
    e: Any = Entry
    earlier = session.execute(
        select(e.id, e.recorded_at, e.reason).where(e.reverses_id == original.id)
    ).first()
    if earlier is not None:
        raise RuleViolation(
            f"entry {original.id} was already voided by entry {earlier[0]} on "
            f"{earlier[1]:%Y-%m-%d} ({earlier[2]}); nothing to do"
        )


def _require_nothing_depends(session: Session, original: Entry) -> None:
    _require_not_amended(session, original)
    if original.kind == SUBGRANT and original.subgrant_id is not None:
        spent = queries.subgrant_disbursed(session, original.subgrant_id)
        if spent:
            raise RuleViolation(
                f"entry {original.id} funds a subgrant that has disbursed "
                f"{_fmt(spent)}; void those disbursements first"
            )
    if original.kind == AWARD and original.award_id is not None:
        allocated = queries.award_allocated(session, original.award_id)
        if allocated:
            raise RuleViolation(
                f"entry {original.id} funds an award with {_fmt(allocated)} allocated to "
                "subgrants; void those subgrants first"
            )


def _require_not_amended(session: Session, original: Entry) -> None:
    """An award or subgrant that has been amended is amended again, not voided: its
    reversal would leave the amendments' changes standing."""
    e: Any = Entry
    if original.kind == AWARD:
        amendments = and_(e.award_id == original.award_id, e.kind == AWARD_AMENDMENT)
    elif original.kind == SUBGRANT:
        amendments = and_(e.subgrant_id == original.subgrant_id, e.kind == SUBGRANT_AMENDMENT)
    else:
        return
    amended = session.execute(select(e.id).where(amendments).order_by(e.id)).first()
    if amended is not None:
        raise RuleViolation(
            f"entry {original.id} records a {original.kind} that entry {amended[0]} amended; "
            f"amend its amount to $0.00 instead (`fundtrack {original.kind} amend`)"
        )


def _fmt(cents: int) -> str:
    return format_money(from_cents(cents))
