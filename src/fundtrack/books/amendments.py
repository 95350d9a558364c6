"""Amendments: an award's or a subgrant's amount, period, number, name or budgets changed.

An amendment is one entry (``award-amendment`` or ``subgrant-amendment``) holding the signed
change of the amount (zero when only terms change), dated when it takes effect, with its
reason and the holder's new terms by value (``ledger.terms``); dates, number, name and
budgets change by a version row keyed by that entry, so nothing is updated in place. Reports
as of a date before the effective date use the terms in force then. Amendments of one award
or subgrant take effect in the order they are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from fundtrack.clock import today, utc_now
from fundtrack.dates import not_in_future
from fundtrack.errors import InvalidInput, RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import append, terms
from fundtrack.models import DISBURSEMENT, SERVICE, Entry
from fundtrack.money import format_money, from_cents

_e: Any = Entry


@dataclass(frozen=True)
class Amended:
    """What an amendment recorded, for the confirmation line."""

    entry_id: int
    holder: str
    amount: Decimal
    change: Decimal
    changed: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Amendment:
    """One amendment as ``show`` lists it: ``changes`` maps a field to (from, to)."""

    entry_id: int
    effective: date
    reason: str
    recorded_by: str
    recorded_at: datetime
    amount_change: Decimal
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def money(cents: int) -> str:
    return format_money(from_cents(cents))


def reason_given(reason: str) -> str:
    checked = check_free_text(reason, what="reason")
    if not checked:
        raise InvalidInput("an amendment needs --reason: say why the terms change")
    return checked


def effective_date(
    session: Session, on: date | None, kind: str, key: Any, holder_id: int, holder: str
) -> date:
    """The amendment's entry date: today by default, never in the future, and never before
    the holder's last amendment (so the latest recorded is the latest in force)."""
    on = on or today()
    not_in_future(on, what="--effective date")
    last = session.execute(
        select(_e.entry_date).where(key == holder_id, _e.kind == kind).order_by(_e.id.desc())
    ).first()
    if last is not None and on < last[0]:
        raise RuleViolation(
            f"{holder} was last amended effective {last[0].isoformat()}; --effective "
            f"{on.isoformat()} is earlier — give {last[0].isoformat()} or later"
        )
    return on


def require_changed(changed: list[str], holder: str) -> None:
    if not changed:
        raise RuleViolation(
            f"nothing to amend: {holder} already has these terms — give the values that change"
        )


def dated_entries(session: Session, key: Any, holder_id: int) -> tuple[Any, Any]:
    """The first and last (date, id) of the disbursements and services recorded against the
    holder (``key``: ``Entry.award_id`` or ``subgrant_id``); None when there are none."""
    query = select(_e.entry_date, _e.id).where(
        key == holder_id, _e.kind.in_((DISBURSEMENT, SERVICE))
    )
    first = session.execute(query.order_by(_e.entry_date, _e.id)).first()
    last = session.execute(query.order_by(_e.entry_date.desc(), _e.id.desc())).first()
    return first, last


def require_covers(holder: str, start: date, end: date, first: Any, last: Any) -> None:
    """The period ``start..end`` must cover the entries recorded against the holder."""
    if first is not None and start > first[0]:
        raise RuleViolation(
            f"{holder} cannot start on {start.isoformat()}: entry {first[1]} is dated "
            f"{first[0].isoformat()}; start on or before {first[0].isoformat()}"
        )
    if last is not None and end < last[0]:
        raise RuleViolation(
            f"{holder} cannot end on {end.isoformat()}: entry {last[1]} is dated "
            f"{last[0].isoformat()}; end on or after {last[0].isoformat()}"
        )


def record(
    session: Session,
    row: dict[str, Any],
    recorded: dict[str, list[dict]],
    versions: list[tuple[Any, list[dict[str, Any]]]],
) -> int:
    """Append the amendment entry (``row``: its kind, names, amount, date, reason, who) with
    ``recorded`` as its terms, and the version rows it keys (model, rows)."""
    full = {**row, "terms": terms.encode(recorded), "recorded_at": utc_now()}
    [entry_id] = append.append(session, [full])
    for model, rows in versions:
        if rows:
            session.execute(insert(model), [{"entry_id": entry_id, **r} for r in rows])
    session.flush()
    return entry_id


def history(
    session: Session, kind: str, key: Any, holder_id: int, states: dict[int, dict[str, Any]]
) -> list[Amendment]:
    """The holder's amendments, oldest first; ``states`` holds the terms each amendment's
    entry left in force (by entry id), of which the first is the terms as created."""
    rows = session.execute(
        select(_e.id, _e.entry_date, _e.reason, _e.recorded_by, _e.recorded_at, _e.amount_cents)
        .where(key == holder_id, _e.kind == kind)
        .order_by(_e.id)
    ).all()
    found = []
    ordered = sorted(states)
    for entry_id, on, reason, by, at, cents in rows:
        before_ids = [i for i in ordered if i < entry_id]
        before = states[before_ids[-1]] if before_ids else {}
        after = states.get(entry_id, before)
        changes = {
            f: (before.get(f), after.get(f))
            for f in sorted(set(before) | set(after))
            if before.get(f) != after.get(f)
        }
        found.append(Amendment(entry_id, on, reason, by, at, from_cents(cents), changes))
    return found


def count_of(session: Session, kind: str, key: Any, holder_id: int) -> int:
    return int(
        session.execute(select(func.count()).where(key == holder_id, _e.kind == kind)).scalar_one()
    )
