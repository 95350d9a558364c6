"""The ``chain`` check: every entry's hash recomputed, in id order, streamed.

Each entry is hashed with the canonical version it was recorded with (its ``version``).

Each entry is compared with the one before it (its ``prev_hash`` must be that entry's
``hash``, its id the next number) and with itself (its ``hash`` must be SHA-256 over
``prev_hash`` and its canonical content). Checking against the *stored* previous hash means
one rewritten entry gives one finding naming that entry, not a finding for every later one.
The ledger head must name the newest entry and its hash. Then the terms the entries carry
are replayed and compared with the tables (``fundtrack.audit.state``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fundtrack.audit.findings import Books, Finding
from fundtrack.audit.state import check_state
from fundtrack.ledger.append import fingerprint
from fundtrack.ledger.canonical import FIELDS, GENESIS, HASHED_FIELDS, stored_hash

NAME = "chain"
#: Rows fetched per round trip; the check holds one batch in memory, never the ledger.
BATCH = 10_000
_ID = HASHED_FIELDS.index("id")
_VERSION = HASHED_FIELDS.index("version")
_SQL = f"SELECT {', '.join(HASHED_FIELDS)}, prev_hash, hash FROM entry ORDER BY id"


def check_chain(books: Books) -> list[Finding]:
    return check_links(books) + check_state(books)


def check_links(books: Books) -> list[Finding]:
    """Every entry's hash and link, the fingerprint held, and the ledger head."""
    findings: list[Finding] = []
    last_id, last_hash = 0, GENESIS
    held_id, held_hash = books.held if books.held is not None else (None, "")
    for rows in _batches(books):
        for raw in rows:
            entry_id, prev_hash, stored = raw[_ID], raw[-2], raw[-1]
            if entry_id != last_id + 1:
                findings.append(_gap(last_id, entry_id))
            if prev_hash != last_hash:
                findings.append(_broken_link(entry_id, prev_hash, last_id, last_hash))
            version = raw[_VERSION]
            if version not in FIELDS:
                findings.append(_unknown_version(entry_id, version))
            elif stored_hash(prev_hash, raw, version) != stored:
                findings.append(_changed(entry_id))
            if entry_id == held_id and stored != held_hash:
                findings.append(_rewritten(entry_id, stored, held_hash))
            last_id, last_hash = entry_id, stored
    if held_id is not None and held_id > last_id:
        findings.append(
            Finding(
                NAME,
                f"the fingerprint you hold names entry {held_id}, but the ledger ends at "
                f"entry {last_id}; entries recorded before that fingerprint were removed",
                record="fingerprint",
            )
        )
    findings.extend(_head(books, last_id, last_hash))
    return findings


def _batches(books: Books) -> Iterator[list[Any]]:
    """Every entry's hashed fields, ``prev_hash`` and ``hash``, in id order, ``BATCH`` rows at a
    time, as the database driver returns them (no per-row result objects: at a million
    entries those cost more than the hashing). PostgreSQL streams them through a server-side
    cursor inside the check's read transaction; SQLite's cursor steps through the table."""
    connection = books.session.connection()
    driver: Any = connection.connection.driver_connection
    named = {"name": "fundtrack_chain"} if connection.dialect.name == "postgresql" else {}
    cursor = driver.cursor(**named)
    try:
        cursor.execute(_SQL)
        while rows := cursor.fetchmany(BATCH):
            yield rows
    finally:
        cursor.close()


def _broken_link(entry_id: int, prev_hash: str, last_id: int, last_hash: str) -> Finding:
    return Finding(
        NAME,
        f"its link to the entry before it is broken (prev_hash "
        f"{prev_hash[:12]}…, entry {last_id} has {last_hash[:12]}…); "
        "entries were changed, removed or inserted here",
        entry_id=entry_id,
    )


def _unknown_version(entry_id: int, version: Any) -> Finding:
    return Finding(
        NAME,
        f"its encoding version {version!r} is not one this fundtrack knows "
        f"({', '.join(map(str, FIELDS))}); it was changed, or a newer fundtrack wrote it",
        entry_id=entry_id,
    )


def _changed(entry_id: int) -> Finding:
    """The entry hashed with its own encoding version does not give its stored hash."""
    return Finding(
        NAME,
        "its content (amount, date, account, client, memo, terms or who recorded it) "
        "does not match its hash; it was changed after it was recorded",
        entry_id=entry_id,
    )


def _rewritten(entry_id: int, stored: str, held: str) -> Finding:
    return Finding(
        NAME,
        f"its hash is now {stored[:12]}…, but the fingerprint you hold says {held[:12]}…; "
        "the books up to this entry were rewritten after that fingerprint was taken",
        entry_id=entry_id,
    )


def _gap(last_id: int, entry_id: int) -> Finding:
    if entry_id <= last_id:
        message = f"its id repeats or goes backwards after entry {last_id}"
    elif entry_id == last_id + 2:
        message = f"entry {last_id + 1} is missing; entries are numbered without gaps"
    else:
        message = (
            f"entries {last_id + 1}..{entry_id - 1} are missing; entries are numbered without gaps"
        )
    return Finding(NAME, message, entry_id=entry_id)


def _head(books: Books, last_id: int, last_hash: str) -> list[Finding]:
    head_id, head_hash = fingerprint(books.session)
    if (head_id, head_hash) == (last_id, last_hash):
        return []
    return [
        Finding(
            NAME,
            f"the ledger head says the newest entry is {head_id} ({head_hash[:12]}…) but it is "
            f"{last_id} ({last_hash[:12]}…); the newest entries were changed or removed",
            record="ledger head",
        )
    ]
