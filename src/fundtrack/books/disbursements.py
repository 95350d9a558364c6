"""Recording client disbursements, and voiding any entry with a reversal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.registry import add_client
from fundtrack.books.subgrants import get_category, get_subgrant
from fundtrack.clock import utc_now
from fundtrack.dates import not_in_future
from fundtrack.errors import InvalidInput, NotFound, RuleViolation
from fundtrack.identifiers import check_free_text, client_ref_key, normalize_client_ref
from fundtrack.ledger import chain, locks, queries, rules
from fundtrack.models import AWARD, DISBURSEMENT, SUBGRANT, Client, Entry, Subgrant
from fundtrack.money import format_money, from_cents, to_cents

#: Entry ids are 32-bit integers in the database; a larger number names no entry.
MAX_ENTRY_ID = 2**31 - 1


@dataclass(frozen=True)
class Recorded:
    """What a write added to the ledger, for the confirmation line."""

    entry_id: int
    amount: Decimal
    holder: str
    remaining: Decimal
    client: str | None = None
    new_client: bool = False


def find_client(session: Session, ref: str, *, create: bool, by: str) -> tuple[int, bool]:
    """The id of client ``ref``; registers it when ``create`` (returns whether it was new).

    A recorded reference is found as it is, even one the reference rules would now refuse;
    only a new one is checked. No "did you mean": that would show another client's reference.
    """
    key = client_ref_key(ref)
    found = session.execute(select(col(Client.id)).where(col(Client.ref) == key)).scalar()
    if found is not None:
        return int(found), False
    ref = normalize_client_ref(ref)
    if not create:
        raise NotFound(
            f"no client {ref!r}; check the reference, or pass --new-client if this is "
            "a client's first disbursement"
        )
    add_client(session, ref, by=by)
    new_id = session.execute(select(col(Client.id)).where(col(Client.ref) == ref)).scalar_one()
    return int(new_id), True


def disburse(
    session: Session,
    *,
    subgrant: str,
    client: str,
    category: str,
    amount: Decimal,
    on: date,
    reference: str | None = None,
    memo: str | None = None,
    new_client: bool = False,
    by: str,
) -> Recorded:
    """Record money paid to or for one client from a subgrant, in one category."""
    grant = get_subgrant(session, subgrant)
    cat = get_category(session, category)
    assert grant.id is not None and cat.id is not None
    reference = check_free_text(reference, what="reference")
    memo = check_free_text(memo, what="memo")
    not_in_future(on, what="disbursement date")
    rules.require_date_in_period(
        "disbursement date", on, f"subgrant {grant.code}", grant.start_date, grant.end_date
    )
    cents = to_cents(amount)
    locks.lock_awards(session, [grant.award_id])
    locks.lock_subgrants(session, [grant.id])
    remaining = queries.subgrant_amount(session, grant.id) - queries.subgrant_disbursed(
        session, grant.id
    )
    _require_budget(session, grant, cat.id, cat.code, cents)
    rules.require_funds(f"subgrant {grant.code}", remaining, cents)
    client_id, created = find_client(session, client, create=new_client, by=by)
    [entry_id] = chain.append(
        session,
        [
            {
                "kind": DISBURSEMENT,
                "amount_cents": cents,
                "entry_date": on,
                "award_id": grant.award_id,
                "subgrant_id": grant.id,
                "category_id": cat.id,
                "client_id": client_id,
                "reference": reference,
                "memo": memo,
                "recorded_at": utc_now(),
                "recorded_by": by,
            }
        ],
    )
    return Recorded(
        entry_id,
        amount,
        grant.code,
        from_cents(remaining - cents),
        client_ref_key(client),
        created,
    )


def _require_budget(
    session: Session, grant: Subgrant, category_id: int, category: str, cents: int
) -> None:
    assert grant.id is not None
    budgets = queries.subgrant_budgets(session, grant.id)
    if not budgets:
        return
    if category_id not in budgets:
        raise RuleViolation(
            f"subgrant {grant.code} has no budget for {category}; record it in a budgeted "
            "category or against another subgrant"
        )
    spent = queries.subgrant_disbursed(session, grant.id, category_id)
    rules.require_funds(
        f"subgrant {grant.code}'s {category} budget", budgets[category_id] - spent, cents
    )


def void(session: Session, entry_id: int, *, reason: str, by: str) -> Recorded:
    """Reverse entry ``entry_id``: a new entry with the opposite amount and the reason."""
    why = check_free_text(reason, what="reason")
    if not why:
        raise InvalidInput("a void needs a reason; pass --reason 'what was wrong'")
    original = session.get(Entry, entry_id) if 0 < entry_id <= MAX_ENTRY_ID else None
    if original is None:
        raise NotFound(f"no entry {entry_id}; `fundtrack log` lists the entries")
    locks.lock_awards(session, [original.award_id])
    if original.subgrant_id is not None:
        locks.lock_subgrants(session, [original.subgrant_id])
    # Checked under the locks, so two clerks voiding the same entry cannot both pass.
    _require_voidable(session, original)
    _require_nothing_depends(session, original)
    [reversal] = chain.append(
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
    if original.kind == SUBGRANT and original.subgrant_id is not None:
        spent = queries.subgrant_disbursed(session, original.subgrant_id)
        if spent:
            raise RuleViolation(
                f"entry {original.id} funds a subgrant that has disbursed "
                f"{_fmt(spent)}; void those disbursements first"
            )
    if original.kind == AWARD:
        allocated = queries.award_allocated(session, original.award_id)
        if allocated:
            raise RuleViolation(
                f"entry {original.id} funds an award with {_fmt(allocated)} allocated to "
                "subgrants; void those subgrants first"
            )


def _fmt(cents: int) -> str:
    return format_money(from_cents(cents))
