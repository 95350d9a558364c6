"""Recording client disbursements: money paid to or for one client from a subgrant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from fundtrack.books.categories import get_category
from fundtrack.books.clients import find_client
from fundtrack.books.subgrants import get_subgrant
from fundtrack.clock import utc_now
from fundtrack.dates import not_in_future
from fundtrack.fiscal import Calendar
from fundtrack.identifiers import check_free_text, client_ref_key
from fundtrack.ledger import append, locks, queries, rules, terms
from fundtrack.models import DISBURSEMENT, Award, Source, Subgrant
from fundtrack.money import from_cents, to_cents


@dataclass(frozen=True)
class Recorded:
    """What a write added to the ledger, for the confirmation line."""

    entry_id: int
    amount: Decimal
    holder: str
    remaining: Decimal
    client: str | None = None
    new_client: bool = False
    warnings: tuple[str, ...] = ()


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
    allow_duplicates: bool = False,
    incurred: date | None = None,
    by: str,
) -> Recorded:
    """Record money paid to or for one client from a subgrant, in one category.

    ``incurred``: a federal subgrant pays, up to 90 days after its period, a cost incurred
    inside it (``rules.require_liquidation``); reports date the payment by ``on``.
    An exact repeat of a standing disbursement is refused unless ``allow_duplicates``; a
    reference the subgrant already used for another payment is recorded with a warning.
    """
    grant = get_subgrant(session, subgrant)
    cat = get_category(session, category)
    assert grant.id is not None and cat.id is not None
    reference = check_free_text(reference, what="reference")
    memo = check_free_text(memo, what="memo")
    not_in_future(on, what="disbursement date")
    cents = to_cents(amount)
    locks.lock_awards(session, [grant.award_id])
    locks.lock_subgrants(session, [grant.id])
    drawn = _drawn(session, grant, cat.id)
    if incurred is not None:
        rules.require_liquidation(drawn, on, incurred, federal=_federal(session, grant))
    rules.require_disbursement(drawn, incurred or on, cat.id, cat.code, cents)
    client_id, created = find_client(session, client, create=new_client, by=by)
    payment = queries.Payment(client_id, cat.id, cents, on, reference)
    warnings = _duplicates(session, grant, payment, allow=allow_duplicates or created)
    entry = {"kind": DISBURSEMENT, "amount_cents": cents, "entry_date": on}
    names = {"award_id": grant.award_id, "subgrant_id": grant.id, "category_id": cat.id}
    notes = {"client_id": client_id, "reference": reference, "memo": memo}
    late = {"when_incurred": incurred}
    stamp = {"recorded_at": utc_now(), "recorded_by": by}
    [entry_id] = append.append(session, [{**entry, **names, **notes, **late, **stamp}])
    return Recorded(
        entry_id,
        amount,
        grant.code,
        from_cents(drawn.left_cents - cents),
        client_ref_key(client),
        created,
        warnings,
    )


def _federal(session: Session, grant: Subgrant) -> bool:
    award = session.get(Award, grant.award_id)
    assert award is not None
    source = terms.current(session, Source, award.source_id)
    return source is not None and source.calendar == Calendar.FEDERAL.value


def _duplicates(
    session: Session, grant: Subgrant, payment: queries.Payment, *, allow: bool
) -> tuple[str, ...]:
    """Refuse an exact repeat (unless ``allow``); warn about a reused reference."""
    assert grant.id is not None
    same = queries.repeated_disbursement(session, grant.id, payment)
    reference = payment.reference
    if not allow:
        rules.require_not_repeated(None if same is None else f"entry {same}")
    if reference is None or same is not None:
        return ()
    used = queries.reference_used(session, grant.id, reference)
    return () if used is None else (rules.reference_reused(reference, grant.code, f"entry {used}"),)


def _drawn(session: Session, grant: Subgrant, category_id: int) -> rules.Drawn:
    """The subgrant's period, money left, budgets and what it paid in ``category_id``."""
    assert grant.id is not None
    left = queries.subgrant_amount(session, grant.id) - queries.subgrant_disbursed(
        session, grant.id
    )
    budgets = terms.budgets_in_force(session, grant.id)
    spent = {category_id: queries.subgrant_disbursed(session, grant.id, category_id)}
    now = terms.current(session, Subgrant, grant.id)
    return rules.Drawn(grant.code, now.start_date, now.end_date, left, budgets, spent)
