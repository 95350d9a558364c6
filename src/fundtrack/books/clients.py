"""Clients: the people served, known only by opaque references (see docs/privacy.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from fundtrack.books.lookup import require_new
from fundtrack.clock import utc_now
from fundtrack.errors import NotFound
from fundtrack.identifiers import client_ref_key, generate_client_ref, normalize_client_ref
from fundtrack.ledger import terms
from fundtrack.ledger.queries import standing
from fundtrack.models import CLIENT, Client, Entry


@dataclass(frozen=True)
class ClientRow:
    ref: str
    disbursements: int
    recorded_at: datetime
    recorded_by: str


def add_client(session: Session, ref: str | None, *, by: str) -> str:
    """Register a client reference (a random one when ``ref`` is None) and its fact entry;
    returns it."""
    if ref is None:
        ref = _unused_ref(session)
    ref = normalize_client_ref(ref)
    require_new(session, Client, Client.ref, ref, "client")
    client = Client(ref=ref, recorded_at=utc_now(), recorded_by=by)
    session.add(client)
    session.flush()
    assert client.id is not None
    terms.record(session, CLIENT, {"client": [client.id]}, by=by)
    return ref


def _unused_ref(session: Session) -> str:
    while True:
        ref = generate_client_ref()
        if session.execute(select(col(Client.id)).where(col(Client.ref) == ref)).first() is None:
            return ref


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


def list_clients(session: Session) -> list[ClientRow]:
    e: Any = Entry
    count = (
        select(func.count())
        .where(e.client_id == Client.id, standing(e))
        .correlate(Client)
        .scalar_subquery()
    )
    rows = session.execute(
        select(col(Client.ref), count, col(Client.recorded_at), col(Client.recorded_by)).order_by(
            Client.ref
        )
    ).all()
    return [ClientRow(r[0], int(r[1]), r[2], r[3]) for r in rows]
