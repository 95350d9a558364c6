"""Recording services without payment: a client served from a subgrant, no money moved.

Advocacy, case management or accompaniment counts a client as served just as a payment does
(once per source and year), so a service is a ledger entry of its own kind with a zero
amount. It obeys the subgrant's period and the date rules of a disbursement, carries no more
about the client than a disbursement does (the opaque reference), and is voided like any entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from fundtrack.books.categories import get_category
from fundtrack.books.clients import find_client
from fundtrack.books.subgrants import get_subgrant
from fundtrack.clock import utc_now
from fundtrack.dates import not_in_future
from fundtrack.identifiers import check_free_text, client_ref_key
from fundtrack.ledger import append, locks, rules, terms
from fundtrack.models import SERVICE, Subgrant


@dataclass(frozen=True)
class Served:
    """What ``serve`` added to the ledger, for the confirmation line."""

    entry_id: int
    subgrant: str
    client: str
    category: str | None
    new_client: bool


def serve(
    session: Session,
    *,
    subgrant: str,
    client: str,
    on: date,
    category: str | None = None,
    reference: str | None = None,
    memo: str | None = None,
    new_client: bool = False,
    batch_id: int | None = None,
    by: str,
) -> Served:
    """Record that a subgrant served ``client`` on ``on`` without paying anything."""
    with rules.concerning("subgrant"):
        grant = get_subgrant(session, subgrant)
    assert grant.id is not None
    with rules.concerning("category"):
        cat = get_category(session, category) if category else None
    reference = check_free_text(reference, what="reference")
    memo = check_free_text(memo, what="memo")
    with rules.concerning("date"):
        not_in_future(on, what="service date")
    locks.lock_subgrants(session, [grant.id])
    now = terms.current(session, Subgrant, grant.id)
    rules.require_service(rules.Drawn(grant.code, now.start_date, now.end_date, 0, {}, {}), on)
    with rules.concerning("client"):
        client_id, created = find_client(session, client, create=new_client, by=by)
    entry = {"kind": SERVICE, "amount_cents": 0, "entry_date": on, "batch_id": batch_id}
    names = {"award_id": grant.award_id, "subgrant_id": grant.id}
    notes = {"category_id": cat.id if cat else None, "client_id": client_id}
    stamp = {"reference": reference, "memo": memo, "recorded_at": utc_now(), "recorded_by": by}
    [entry_id] = append.append(session, [{**entry, **names, **notes, **stamp}])
    return Served(entry_id, grant.code, client_ref_key(client), cat.code if cat else None, created)
