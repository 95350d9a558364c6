"""The ledger as a list: every entry, with when and by whom it was recorded.

The audit trail can be narrowed (``LogFilter``): to one award, subgrant or client, to one
kind of entry, to entry dates, to what was recorded since a day, or to the newest entries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from fundtrack.errors import InvalidInput, NotFound
from fundtrack.identifiers import normalize_code
from fundtrack.models import ENTRY_KINDS, Award, Category, Client, Entry, Subgrant
from fundtrack.money import from_cents

#: The kinds ``--kind`` takes: the entry kinds, and ``void`` for reversals of any kind.
VOID = "void"
LOG_KINDS = (*ENTRY_KINDS, VOID)


@dataclass(frozen=True)
class LogLine:
    id: int
    kind: str
    entry_date: date
    amount: Decimal
    award: str
    subgrant: str | None
    category: str | None
    client: str | None
    reverses: int | None
    reason: str | None
    reference: str | None
    memo: str | None
    recorded_at: datetime
    recorded_by: str
    hash: str = ""

    @property
    def label(self) -> str:
        """``disbursement``, or ``void disbursement`` for a reversal."""
        return f"void {self.kind}" if self.reverses is not None else self.kind


@dataclass(frozen=True)
class LogFilter:
    """Which entries of the audit trail to list; every field left empty keeps them all.

    Attributes:
      award: only entries of this award (its subgrants and disbursements included).
      subgrant: only entries of this subgrant (its disbursements included).
      client: only entries paid to or for this client reference.
      kind: ``award``, ``subgrant``, ``disbursement``, or ``void`` for reversals.
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
) -> list[LogLine]:
    """The entries in the order recorded; ``limit`` keeps the first (oldest) ones.

    Raises:
      NotFound: an award, subgrant or client named in ``where`` does not exist.
      InvalidInput: the kind is not one of ``LOG_KINDS``, or the dates are the wrong way round.
    """
    where = where or LogFilter()
    if since is not None:
        where = replace(where, since=since)
    e: Any = Entry
    query = _lines().where(*_conditions(session, where, e))
    if where.last is not None:
        newest = session.execute(query.order_by(e.id.desc()).limit(where.last)).all()
        rows = newest[::-1][:limit]
    else:
        rows = session.execute(query.order_by(e.id).limit(limit)).all()
    return [_line(list(r)) for r in rows]


def _line(values: list[Any]) -> LogLine:
    """A row of ``_lines()`` as a ``LogLine``: the same fields, the amount in dollars."""
    values[3] = from_cents(values[3])
    return LogLine(*values)


def _lines() -> Any:
    """Every entry with the codes it names, in the order of ``LogLine``'s fields."""
    e: Any = Entry
    sub: Any = aliased(Subgrant)
    cat: Any = aliased(Category)
    cli: Any = aliased(Client)
    return (
        select(
            e.id,
            e.kind,
            e.entry_date,
            e.amount_cents,
            col(Award.code),
            sub.code,
            cat.code,
            cli.ref,
            e.reverses_id,
            e.reason,
            e.reference,
            e.memo,
            e.recorded_at,
            e.recorded_by,
            e.hash,
        )
        .join(Award, col(Award.id) == e.award_id)
        .outerjoin(sub, sub.id == e.subgrant_id)
        .outerjoin(cat, cat.id == e.category_id)
        .outerjoin(cli, cli.id == e.client_id)
    )


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
    wanted = ref.strip().upper()
    found = session.execute(select(col(Client.id)).where(col(Client.ref) == wanted)).scalar()
    if found is None:
        raise NotFound(f"no client {wanted!r}; `fundtrack client list` shows them")
    return int(found)


def _kind_condition(kind: str, e: Any) -> Any:
    wanted = kind.strip().lower()
    if wanted == VOID:
        return e.reverses_id.is_not(None)
    if wanted not in ENTRY_KINDS:
        raise InvalidInput(
            f"kind {kind!r} is not one of {', '.join(LOG_KINDS)}; choose one of them"
        )
    return e.kind == wanted
