"""Match: what a subgrantee adds to a federal subgrant, in cash or in kind (28 CFR 94.118).

A source's match percent is of the *total project cost*: for federal dollars F and match
percent P the match required is F x P / (100 - P), rounded up to the cent (VOCA's 20% of
the total is 25% of the federal dollars). A subgrant owes its source's percent unless a
waiver records a lower one with a reason; an administration subgrant owes none. A match is
an entry of its own kind (``match-cash`` or ``match-in-kind``): voidable, dated inside the
subgrant's period, never part of the award's spending.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from fundtrack.books.disbursements import Recorded
from fundtrack.books.subgrants import get_subgrant
from fundtrack.clock import utc_now
from fundtrack.dates import not_in_future
from fundtrack.errors import InvalidInput, RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import append, locks, rules
from fundtrack.models import ADMINISTRATION, MATCH_CASH, MATCH_IN_KIND
from fundtrack.money import to_cents

#: ``--kind`` as typed, and the entry kind it records.
MATCH_KINDS = {"cash": MATCH_CASH, "in-kind": MATCH_IN_KIND}


def record_match(
    session: Session,
    *,
    subgrant: str,
    amount: Decimal,
    on: date,
    kind: str,
    reference: str | None = None,
    memo: str | None = None,
    by: str,
    batch_id: int | None = None,
) -> Recorded:
    """Record match a subgrantee supplied to ``subgrant``, in cash or in kind."""
    entry_kind = MATCH_KINDS.get(kind.strip().lower())
    if entry_kind is None:
        raise InvalidInput(f"--kind {kind!r} is not cash or in-kind; write one of them")
    grant = get_subgrant(session, subgrant)
    assert grant.id is not None
    if grant.purpose == ADMINISTRATION:
        raise RuleViolation(
            f"subgrant {grant.code} is for administration, which carries no match; record "
            "the match against a services subgrant"
        )
    reference = check_free_text(reference, what="reference")
    memo = check_free_text(memo, what="memo")
    not_in_future(on, what="match date")
    rules.require_date_in_period(
        "match date", on, f"subgrant {grant.code}", grant.start_date, grant.end_date
    )
    cents = to_cents(amount)
    locks.lock_subgrants(session, [grant.id])
    entry = {"kind": entry_kind, "amount_cents": cents, "entry_date": on}
    names = {"award_id": grant.award_id, "subgrant_id": grant.id, "batch_id": batch_id}
    notes = {"reference": reference, "memo": memo, "recorded_at": utc_now(), "recorded_by": by}
    [entry_id] = append.append(session, [{**entry, **names, **notes}])
    return Recorded(entry_id, amount, grant.code, Decimal("0.00"))
