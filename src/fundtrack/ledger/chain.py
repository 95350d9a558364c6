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

from fundtrack.models import DISBURSEMENT, Entry, LedgerHead

GENESIS = "0" * 64
CHUNK = 5000
#: A bulk import this large, and larger than the ledger before it, rebuilds the entry
#: indexes once at the end instead of updating them row by row (SQLite).
REBUILD_AT = 50_000
REBUILD_CACHE_KIB = 32 * 1024

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


class BulkAppender:
    """Appends one import batch's disbursements: numbered and hashed in order, written in chunks.

    Made for a million rows: each entry arrives as plain values, its canonical text is filled
    into a template that writes exactly what ``canonical`` writes for such an entry (ints,
    strings, nulls; ``tests/services/test_chain.py`` holds the two to the same bytes), and the
    rows go to the driver's ``executemany`` as tuples, ``CHUNK`` at a time. SQLAlchemy's
    per-row parameter processing would cost more than the database's own work. On SQLite,
    dates and times are written as the text SQLAlchemy writes for them, so they read back the
    same. ``close`` moves the ledger head to the last entry; without it nothing is final, and
    the caller's transaction rolls back.
    """

    def __init__(self, session: Session, *, batch_id: int, recorded_at: datetime, by: str):
        self.connection = session.connection()
        self.sqlite = self.connection.dialect.name == "sqlite"
        mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        self.sql = (
            f"INSERT INTO entry ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * len(_COLUMNS))})"
        )
        self.last_id, self.last_hash = lock_head(session)
        self.count = 0
        self.batch_id = batch_id
        self.stamp: Any = _sqlite_stamp(recorded_at) if self.sqlite else recorded_at
        self.by = by
        self._template = disbursement_template(batch_id, recorded_at, by)
        self.chunk: list[tuple[Any, ...]] = []
        self.set_aside: list[str] = []  # CREATE INDEX statements to run again at close

    def add(
        self,
        day: date,
        cents: int,
        award_id: int,
        subgrant_id: int,
        category_id: int,
        client_id: int,
        reference: str | None,
        memo: str | None,
    ) -> None:
        """Number, hash and queue one disbursement entry."""
        self.last_id += 1
        iso = day.isoformat()
        content = disbursement_text(
            self._template,
            self.last_id,
            iso,
            cents,
            award_id,
            subgrant_id,
            category_id,
            client_id,
            reference,
            memo,
        )
        prev = self.last_hash
        self.last_hash = _sha256((prev + content).encode()).hexdigest()
        self.chunk.append(
            (
                self.last_id,
                DISBURSEMENT,
                cents,
                iso if self.sqlite else day,
                award_id,
                subgrant_id,
                category_id,
                client_id,
                None,
                None,
                reference,
                memo,
                self.batch_id,
                self.stamp,
                self.by,
                prev,
                self.last_hash,
            )
        )
        if len(self.chunk) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.chunk:
            return
        if self.sqlite and not self.set_aside and self._outgrows_the_ledger():
            self._set_indexes_aside()
        self.connection.exec_driver_sql(self.sql, self.chunk)
        self.count += len(self.chunk)
        self.chunk = []

    def _outgrows_the_ledger(self) -> bool:
        """True once this batch holds more entries than the ledger had before it."""
        appended = self.count + len(self.chunk)
        return appended >= REBUILD_AT and appended > self.last_id - appended

    def _set_indexes_aside(self) -> None:
        """Drop the entry table's indexes until ``close``, inside the transaction.

        Keeping five indexes up to date row by row costs SQLite more than building them
        once from sorted data when a batch is larger than the ledger it joins (the first
        import of years of history). The drop is part of the one transaction: if the
        import fails, the rollback brings the indexes back untouched.
        """
        found = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry' "
            "AND sql IS NOT NULL ORDER BY name"
        ).all()
        for name, _sql in found:
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
        self.set_aside = [str(sql) for _name, sql in found]
        # Appending to the bare table needs little cache; the index builds at close sort
        # within the cache's size, so a smaller one keeps the process's memory down.
        self.connection.exec_driver_sql(f"PRAGMA cache_size=-{REBUILD_CACHE_KIB}")

    def close(self) -> int:
        """Write what is queued and move the ledger head; returns how many were appended."""
        self.flush()
        for sql in self.set_aside:
            self.connection.exec_driver_sql(sql)
        self.set_aside = []
        self.connection.execute(
            update(LedgerHead)
            .where(col(LedgerHead.id) == 1)
            .values(entry_id=self.last_id, hash=self.last_hash)
        )
        return self.count


_COLUMNS = tuple(column.name for column in Entry.__table__.columns)  # type: ignore[attr-defined]


def disbursement_template(batch_id: int, recorded_at: datetime, by: str) -> str:
    """``canonical`` of an imported disbursement, with a slot for each value that varies.

    An imported disbursement's content is only ints, strings and nulls, so its canonical
    JSON is fixed text around those values; filling this template (``disbursement_text``)
    gives the same bytes as ``canonical`` at a fraction of the cost.
    """

    def fixed(value: str) -> str:
        return _ENCODE(value).replace("%", "%%")

    return (
        '{"amount_cents":%d,"award_id":%d,"batch_id":'
        + str(int(batch_id))
        + ',"category_id":%d,"client_id":%d,"entry_date":"%s","id":%d,"kind":'
        + fixed(DISBURSEMENT)
        + ',"memo":%s,"reason":null,"recorded_at":'
        + fixed(recorded_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        + ',"recorded_by":'
        + fixed(by)
        + ',"reference":%s,"reverses_id":null,"subgrant_id":%d}'
    )


def disbursement_text(
    template: str,
    entry_id: int,
    iso_date: str,
    cents: int,
    award_id: int,
    subgrant_id: int,
    category_id: int,
    client_id: int,
    reference: str | None,
    memo: str | None,
) -> str:
    """The canonical content of one imported disbursement (see ``disbursement_template``)."""
    return template % (
        cents,
        award_id,
        category_id,
        client_id,
        iso_date,
        entry_id,
        "null" if memo is None else _TEXT(memo),
        "null" if reference is None else _TEXT(reference),
        subgrant_id,
    )


_TEXT = json.encoder.encode_basestring  # what the JSON encoder writes for a str (no ASCII escaping)
_sha256 = hashlib.sha256


def _sqlite_stamp(stamp: datetime) -> str:
    """``recorded_at`` as SQLAlchemy stores it in SQLite (``2020-01-15 14:03:07.000000``)."""
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f")


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
