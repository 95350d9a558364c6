"""Appending to the ledger and the hash chain that makes it tamper-evident.

Every entry's ``hash`` is SHA-256 over the previous entry's hash and the entry's canonical
content: JSON with sorted keys, amounts in integer cents, dates in ISO form, ``recorded_at``
in UTC to the second. The newest hash is the ledger's fingerprint. Entries are numbered
1, 2, 3, ... with no gaps; ``ledger_head`` holds the newest id and hash, and every append
locks it, so two writers can never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlmodel import Session, col

from fundtrack.models import Entry, LedgerHead

GENESIS = "0" * 64
CHUNK = 5000

#: The canonical content of an entry, in sorted order. Changing it breaks every chain.
HASHED_FIELDS = (
    "amount_cents",
    "award_id",
    "batch_id",
    "category_id",
    "client_id",
    "entry_date",
    "id",
    "kind",
    "memo",
    "reason",
    "recorded_at",
    "recorded_by",
    "reference",
    "reverses_id",
    "subgrant_id",
)
_TEMPLATE = "{{" + ",".join(f'"{name}":{{{name}}}' for name in HASHED_FIELDS) + "}}"
_DUMP = json.JSONEncoder(ensure_ascii=False).encode


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        raise TypeError("booleans are not entry content")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return '"' + value.strftime("%Y-%m-%dT%H:%M:%SZ") + '"'
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    return _DUMP(str(value))


def canonical(row: dict[str, Any]) -> str:
    """The entry as JSON with sorted keys; what the hash is computed over."""
    return _TEMPLATE.format(**{name: _literal(row.get(name)) for name in HASHED_FIELDS})


def entry_hash(prev_hash: str, row: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(row)).encode()).hexdigest()


def lock_head(session: Session) -> tuple[int, str]:
    """Lock the ledger head for this transaction and return (newest id, newest hash)."""
    query = select(col(LedgerHead.entry_id), col(LedgerHead.hash)).where(col(LedgerHead.id) == 1)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = session.execute(query).one()
    return int(row[0]), str(row[1])


def append(session: Session, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Append entries (dicts of ``Entry`` columns without id and hashes); returns their ids."""
    ids: list[int] = []
    for chunk in _chained(session, rows):
        session.execute(insert(Entry.__table__), chunk)  # type: ignore[attr-defined]
        ids.extend(row["id"] for row in chunk)
    return ids


def append_stream(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Like ``append`` for very many rows: keeps no list of ids; returns how many."""
    count = 0
    for chunk in _chained(session, rows):
        session.execute(insert(Entry.__table__), chunk)  # type: ignore[attr-defined]
        count += len(chunk)
    return count


def _chained(session: Session, rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    last_id, last_hash = lock_head(session)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        last_id += 1
        row["id"] = last_id
        row["prev_hash"] = last_hash
        last_hash = row["hash"] = entry_hash(last_hash, row)
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
    session.execute(
        update(LedgerHead).where(col(LedgerHead.id) == 1).values(entry_id=last_id, hash=last_hash)
    )


def fingerprint(session: Session) -> tuple[int, str]:
    """(newest entry id, newest hash): what an auditor keeps to check later."""
    row = session.execute(text("SELECT entry_id, hash FROM ledger_head WHERE id = 1")).one()
    return int(row[0]), str(row[1])
