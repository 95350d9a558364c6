"""Appending to the ledger: one entry at a time, or a bulk import's many, in a hash chain.

Entries are numbered 1, 2, 3, ... with no gaps; each one's ``hash`` is SHA-256 over the
previous entry's hash and its canonical content (``fundtrack.ledger.canonical``), and the
newest hash is the ledger's fingerprint. ``ledger_head`` holds the newest id and hash, and
every append locks it, so two writers can never fork the chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlmodel import Session, col

from fundtrack.ledger.canonical import VERSION, Template, entry_hash
from fundtrack.ledger.closed import Guard
from fundtrack.ledger.rules import Problem
from fundtrack.models import DISBURSEMENT, Entry, LedgerHead

CHUNK = 5000
#: A bulk import this large, and larger than the ledger before it, rebuilds the entry
#: indexes once at the end instead of updating them row by row (SQLite).
REBUILD_AT = 50_000
#: SQLite's page cache meanwhile: a million-row import peaks at 235 MB with 8 MiB and 289 MB
#: with 32 MiB, in the same time (benchmarks/analysis.md).
REBUILD_CACHE_KIB = 8 * 1024


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
    into ``canonical.Template`` (the encoder's fast path for entries that share most of their
    values), and the
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
        self.guard = Guard(session)
        self.rows = 0
        self.first_refused = 0
        self.count = 0
        self.batch_id = batch_id
        self.recorded_at = recorded_at
        self.stamp: Any = _sqlite_stamp(recorded_at) if self.sqlite else recorded_at
        self.by = by
        self._template = batch_template(batch_id, recorded_at, by).fill
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
        self.rows += 1
        if self.guard.count_refusal(day, award_id) and self.guard.refused == 1:
            self.first_refused = self.rows
        self.last_id += 1
        iso = day.isoformat()
        content = self._template(
            (cents, award_id, category_id, client_id, iso, self.last_id, memo, reference,
             subgrant_id)
        )  # fmt: skip
        prev = self.last_hash
        self.last_hash = _sha256((prev + content).encode()).hexdigest()
        # In ``_COLUMNS`` order: the entry, its links and notes, its batch, stamp and hashes,
        # the encoding's version, (no) terms and (no) date incurred.
        self.chunk.append(
            (self.last_id, DISBURSEMENT, cents, iso if self.sqlite else day, award_id, subgrant_id,
             category_id, client_id, None, None, reference, memo, self.batch_id, self.stamp,
             self.by, prev, self.last_hash, VERSION, None, None)
        )  # fmt: skip
        if len(self.chunk) >= CHUNK:
            self.flush()

    def add_entry(self, row: dict[str, Any]) -> None:
        """Number, hash and queue any other entry of the batch (``row``: ``Entry`` columns
        without id and hashes), such as the fact entry of the clients its next rows name."""
        self.guard.check(row)
        self.last_id += 1
        full = {name: row.get(name) for name in _COLUMNS}
        full.update(id=self.last_id, version=VERSION, prev_hash=self.last_hash)
        full["hash"] = self.last_hash = entry_hash(self.last_hash, full)
        if self.sqlite:
            full.update(entry_date=str(full["entry_date"]), recorded_at=self.stamp)
        self.chunk.append(tuple(full[name] for name in _COLUMNS))
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
        """Write what is queued and move the ledger head; returns how many were appended.

        A batch with any row dated in a closed year, or naming a closed award, is refused
        whole here, in one line naming the first such row and how many there are."""
        if self.guard.refused:
            raise Problem(
                f"{self.guard.refused} of the batch's {self.rows} rows cannot be recorded; "
                f"the first (row {self.first_refused} under the header): "
                f"{self.guard.first_refusal}",
                "date",
            )
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


def batch_template(batch_id: int, recorded_at: datetime, by: str) -> Template:
    """The canonical text of one import batch's disbursements, less what varies per entry.

    ``fill`` takes, in order: amount_cents, award_id, category_id, client_id, entry_date
    (ISO text), id, memo, reference, subgrant_id.
    """
    shared = {
        "batch_id": batch_id,
        "kind": DISBURSEMENT,
        "reason": None,
        "reverses_id": None,
        "terms": None,
        "when_incurred": None,
    }
    return Template({**shared, "recorded_at": recorded_at, "recorded_by": by})


_COLUMNS = tuple(column.name for column in Entry.__table__.columns)  # type: ignore[attr-defined]


_sha256 = hashlib.sha256


def _sqlite_stamp(stamp: datetime) -> str:
    """``recorded_at`` as SQLAlchemy stores it in SQLite (``2020-01-15 14:03:07.000000``)."""
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f")


def _chained(session: Session, rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    last_id, last_hash = lock_head(session)
    guard = Guard(session)  # read under the head lock: no close can slip in between
    chunk: list[dict[str, Any]] = []
    for row in rows:
        guard.check(row)
        last_id += 1
        row["id"] = last_id
        row["version"] = VERSION
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
