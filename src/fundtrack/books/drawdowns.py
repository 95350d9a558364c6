"""Drawdowns: federal cash received for an award, never more than its amount in all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from fundtrack.books.awards import get_award
from fundtrack.books.disbursements import Recorded
from fundtrack.clock import utc_now
from fundtrack.dates import not_in_future
from fundtrack.errors import RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import append, locks, queries
from fundtrack.models import DRAWDOWN
from fundtrack.money import format_money, from_cents, to_cents


def record_drawdown(
    session: Session,
    award: str,
    *,
    amount: Decimal,
    on: date,
    reference: str | None = None,
    by: str,
) -> Recorded:
    """Record federal cash received for ``award``; what is drawn never exceeds its amount."""
    found = get_award(session, award)
    assert found.id is not None
    reference = check_free_text(reference, what="reference")
    not_in_future(on, what="drawdown date")
    if on < found.start_date:
        raise RuleViolation(
            f"drawdown date {on} is before award {found.code}'s period starts "
            f"({found.start_date}); use a date from then on"
        )
    cents = to_cents(amount)
    locks.lock_awards(session, [found.id])
    awarded = queries.award_amount(session, found.id)
    drawn = queries.award_drawn(session, found.id)
    if drawn + cents > awarded:
        raise RuleViolation(
            f"award {found.code} is {_money(awarded)} and {_money(drawn)} is drawn already; "
            f"this drawdown of {_money(cents)} would bring it to {_money(drawn + cents)}, "
            f"{_money(drawn + cents - awarded)} more than the award — draw at most "
            f"{_money(awarded - drawn)}"
        )
    entry = {"kind": DRAWDOWN, "amount_cents": cents, "entry_date": on, "award_id": found.id}
    stamp = {"reference": reference, "recorded_at": utc_now(), "recorded_by": by}
    [entry_id] = append.append(session, [{**entry, **stamp}])
    return Recorded(entry_id, amount, found.code, from_cents(awarded - drawn - cents))


def _money(cents: int) -> str:
    return format_money(from_cents(cents))
