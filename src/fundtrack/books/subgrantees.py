"""Subgrantees: the service providers that receive subgrants."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.federal_terms import check_uei
from fundtrack.books.lookup import Named, find, name_of, require_new, require_reason
from fundtrack.clock import utc_now
from fundtrack.identifiers import normalize_code
from fundtrack.ledger import rules, terms
from fundtrack.models import SUBGRANTEE, Subgrantee


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
    grantee = Subgrantee(code=code, name=name, uei=uei, recorded_at=utc_now(), recorded_by=by)
    session.add(grantee)
    session.flush()
    assert grantee.id is not None
    terms.record(session, SUBGRANTEE, {"subgrantee": [grantee.id]}, by=by)
    return Named(code, name)


def get_subgrantee(session: Session, code: str) -> Subgrantee:
    """The subgrantee with this code (any case) as it stands now, or ``NotFound`` with a
    "did you mean"."""
    found = find(session, Subgrantee, code, what="subgrantee")
    return terms.current(session, Subgrantee, found.id)


def list_subgrantees(session: Session) -> list[Named]:
    s: Any = terms.now("subgrantee")
    rows = session.execute(select(s).order_by(s.c.code)).all()
    return [Named(r.code, r.name) for r in rows]


def amend_subgrantee(
    session: Session,
    code: str,
    *,
    name: str | None = None,
    uei: str | None = None,
    reason: str,
    by: str,
) -> tuple[int, Named]:
    """Change a subgrantee's name (never its code), with a reason; returns the entry's id
    and the subgrantee as it now stands."""
    grantee = get_subgrantee(session, code)
    why = require_reason(reason)
    changes = {"name": name_of(name, "subgrantee") if name is not None else None}
    with rules.concerning("uei"):
        changes["uei"] = check_uei(uei)
    assert grantee.id is not None
    entry_id, _, after = terms.amend(
        session, SUBGRANTEE, "subgrantee", grantee.id, changes, reason=why, by=by
    )
    return entry_id, Named(after["code"], after["name"])
