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
from operator import itemgetter
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
    values = [row.get(name) for name in HASHED_FIELDS]
    day, stamp = values[_DATE], values[_STAMP]
    if type(day) is date:
        values[_DATE] = day.isoformat()
    if type(stamp) is datetime:
        values[_STAMP] = _stamp_text(stamp)
    if _PLAIN.issuperset(map(type, values)):
        # Only ints, strings and nulls left: the C encoder writes exactly what the template
        # below does, several times faster (a bulk import hashes a million entries).
        return _ENCODE(dict(zip(HASHED_FIELDS, values, strict=True)))
    return _TEMPLATE.format(**{name: _literal(row.get(name)) for name in HASHED_FIELDS})


_PLAIN = frozenset({int, str, type(None)})
_DATE = HASHED_FIELDS.index("entry_date")
_STAMP = HASHED_FIELDS.index("recorded_at")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_last_stamp: list[Any] = [None, ""]


def _stamp_text(value: datetime) -> str:
    """``recorded_at`` as hashed; the last one is remembered (a batch shares one)."""
    if value is not _last_stamp[0]:
        _last_stamp[:] = [value, value.strftime("%Y-%m-%dT%H:%M:%SZ")]
    return str(_last_stamp[1])


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
    """Like ``append`` for very many rows: keeps no list of ids; returns how many.

    The rows go to the driver's ``executemany`` as plain tuples: SQLAlchemy's per-row
    parameter processing would cost more than the database's own work. On SQLite, dates and
    times are written as the text SQLAlchemy writes for them, so they read back the same.
    """
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO entry ({', '.join(_COLUMNS)}) VALUES ({', '.join([mark] * len(_COLUMNS))})"
    count = 0
    for chunk in _chained(session, rows):
        values = [_ROW(_BLANK | row) for row in chunk]
        if sqlite:
            values = [_sqlite_text(row) for row in values]
        connection.exec_driver_sql(sql, values)
        count += len(chunk)
    return count


_COLUMNS = tuple(column.name for column in Entry.__table__.columns)  # type: ignore[attr-defined]
_ROW = itemgetter(*_COLUMNS)
_BLANK = dict.fromkeys(_COLUMNS)
_DATE_COLUMN = _COLUMNS.index("entry_date")
_STAMP_COLUMN = _COLUMNS.index("recorded_at")


def _sqlite_text(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Dates and times as SQLAlchemy stores them in SQLite (``2020-01-15 14:03:07.000000``)."""
    values = list(row)
    day, stamp = values[_DATE_COLUMN], values[_STAMP_COLUMN]
    if isinstance(day, date):
        values[_DATE_COLUMN] = day.isoformat()
    if isinstance(stamp, datetime):
        if stamp is not _last_stored[0]:  # a batch shares one time: format it once
            _last_stored[:] = [stamp, stamp.strftime("%Y-%m-%d %H:%M:%S.%f")]
        values[_STAMP_COLUMN] = _last_stored[1]
    return tuple(values)


_last_stored: list[Any] = [None, ""]


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
