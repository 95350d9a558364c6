"""The ledger as a list: every entry, with when and by whom it was recorded.

The audit trail can be narrowed (``LogFilter``): to one award, subgrant or client, to one
kind of entry, to entry dates, to what was recorded since a day, or to the newest entries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.errors import InvalidInput, NotFound
from fundtrack.identifiers import client_ref_key, normalize_code
from fundtrack.ledger.kinds import NAMES
from fundtrack.ledger.queries import EntryLine, entry_lines, entry_lines_query
from fundtrack.models import Award, Client, Entry, Subgrant

#: The kinds ``--kind`` takes: the entry kinds, and ``void`` for reversals of any kind.
VOID = "void"
LOG_KINDS = (*NAMES, VOID)


@dataclass(frozen=True)
class LogFilter:
    """Which entries of the audit trail to list; every field left empty keeps them all.

    Attributes:
      award: only entries of this award (its subgrants and disbursements included).
      subgrant: only entries of this subgrant (its disbursements included).
      client: only entries paid to or for this client reference.
      kind: ``award``, ``subgrant``, ``disbursement``, ``service``, or ``void`` for reversals.
      first_day: only entries dated on or after this day (the entry date, not when recorded).
      last_day: only entries dated on or before this day.
      since: only entries recorded on or after this day (UTC).
      last: only the newest this many entries (still listed oldest first).
    """

    award: str | None = None
    subgrant: str | None = None
    client: str | None = None
    kind: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    since: date | None = None
    last: int | None = None


def entries(
    session: Session,
    *,
    since: date | None = None,
    limit: int | None = None,
    where: LogFilter | None = None,
) -> list[EntryLine]:
    """The entries in the order recorded; ``limit`` keeps the first (oldest) ones.

    Raises:
      NotFound: an award, subgrant or client named in ``where`` does not exist.
      InvalidInput: the kind is not one of ``LOG_KINDS``, or the dates are the wrong way round.
    """
    where = where or LogFilter()
    if since is not None:
        where = replace(where, since=since)
    e: Any = Entry
    query = entry_lines_query(*_conditions(session, where, e))
    if where.last is not None:
        newest = query.order_by(None).order_by(e.id.desc()).limit(where.last)
        return list(reversed(list(entry_lines(session, newest))))[:limit]
    return list(entry_lines(session, query.limit(limit)))


def _conditions(session: Session, where: LogFilter, e: Any) -> list[Any]:
    """The where-clauses of ``where``, after checking that what it names exists."""
    found: list[Any] = []
    if where.award is not None:
        found.append(e.award_id == _award_id(session, where.award))
    if where.subgrant is not None:
        found.append(e.subgrant_id == _subgrant_id(session, where.subgrant))
    if where.client is not None:
        found.append(e.client_id == _client_id(session, where.client))
    if where.kind is not None:
        found.append(_kind_condition(where.kind, e))
    if where.first_day and where.last_day and where.first_day > where.last_day:
        raise InvalidInput(
            f"--from {where.first_day.isoformat()} is after --to {where.last_day.isoformat()}; "
            "give the earlier date to --from"
        )
    if where.first_day is not None:
        found.append(e.entry_date >= where.first_day)
    if where.last_day is not None:
        found.append(e.entry_date <= where.last_day)
    if where.since is not None:
        found.append(e.recorded_at >= datetime.combine(where.since, datetime.min.time()))
    return found


def _award_id(session: Session, code: str) -> int:
    wanted = normalize_code(code, what="award")
    found = session.execute(select(col(Award.id)).where(col(Award.code) == wanted)).scalar()
    if found is None:
        raise NotFound(f"no award {wanted!r}; `fundtrack award list` shows them")
    return int(found)


def _subgrant_id(session: Session, code: str) -> int:
    wanted = normalize_code(code, what="subgrant")
    found = session.execute(select(col(Subgrant.id)).where(col(Subgrant.code) == wanted)).scalar()
    if found is None:
        raise NotFound(f"no subgrant {wanted!r}; `fundtrack subgrant list` shows them")
    return int(found)


def _client_id(session: Session, ref: str) -> int:
    """The client's id; a reference already in the ledger is found whatever today's rules say."""
    wanted = client_ref_key(ref)
    found = session.execute(select(col(Client.id)).where(col(Client.ref) == wanted)).scalar()
    if found is None:
        raise NotFound(f"no client {wanted!r}; `fundtrack client list` shows them")
    return int(found)


def _kind_condition(kind: str, e: Any) -> Any:
    wanted = kind.strip().lower()
    if wanted == VOID:
        return e.reverses_id.is_not(None)
    if wanted not in NAMES:
        raise InvalidInput(
            f"kind {kind!r} is not one of {', '.join(LOG_KINDS)}; choose one of them"
        )
    return e.kind == wanted
