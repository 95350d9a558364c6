"""Subgrantees: the service providers that receive subgrants."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.federal_terms import check_uei
from fundtrack.books.lookup import Named, find, name_of, require_new
from fundtrack.clock import utc_now
from fundtrack.identifiers import normalize_code
from fundtrack.ledger import rules
from fundtrack.models import Subgrantee


def add_subgrantee(
    session: Session, code: str, name: str, *, uei: str | None = None, by: str
) -> Named:
    with rules.concerning("code"):
        code = normalize_code(code, what="subgrantee code")
        require_new(session, Subgrantee, Subgrantee.code, code, "subgrantee")
    with rules.concerning("name"):
        name = name_of(name, "subgrantee")
    with rules.concerning("uei"):
        uei = check_uei(uei)
    session.add(Subgrantee(code=code, name=name, uei=uei, recorded_at=utc_now(), recorded_by=by))
    session.flush()
    return Named(code, name)


def get_subgrantee(session: Session, code: str) -> Subgrantee:
    """The subgrantee with this code (any case), or ``NotFound`` with a "did you mean"."""
    return find(session, Subgrantee, code, what="subgrantee")


def list_subgrantees(session: Session) -> list[Named]:
    rows = session.execute(select(Subgrantee).order_by(col(Subgrantee.code))).scalars()
    return [Named(s.code, s.name) for s in rows]
