"""Engines for SQLite and PostgreSQL, set up the way the books need them.

SQLite: WAL journal, full fsync, foreign keys on, a 30 s busy timeout, and writers take the
write lock when their transaction begins (``BEGIN IMMEDIATE``), so a balance read inside a
write transaction cannot go stale before the entry is written.

PostgreSQL (psycopg 3): writers READ COMMITTED; a read sees one snapshot of the books
(REPEATABLE READ, READ ONLY), so a report's figures and the last entry it names cannot come
from different moments. A 10 s connect timeout unless the URL sets
``connect_timeout``, and ``application_name=fundtrack`` for the server's activity view.
Writers lock the rows they draw down (``SELECT ... FOR UPDATE``, awards before subgrants,
then the ledger head) — see ``fundtrack.ledger.locks``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from fundtrack.db.location import sqlite_path
from fundtrack.errors import DatabaseProblem

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
WRITE_OPTION = "fundtrack_write"
#: Set on ``Database.read``'s transactions: on PostgreSQL they read one snapshot.
SNAPSHOT_OPTION = "fundtrack_snapshot"
#: Set on reads that create temporary views first: the snapshot starts writable (PostgreSQL
#: refuses CREATE in a read-only transaction) and the reader makes it read-only after.
TEMPORARY_OPTION = "fundtrack_temporary"


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; ``read_only`` opens a SQLite file the user cannot write."""
    if url.startswith("sqlite"):
        return _read_only_sqlite_engine(url) if read_only else _sqlite_engine(url)
    if url.startswith("postgresql"):
        return _postgres_engine(url)
    raise DatabaseProblem(
        f"fundtrack works with SQLite files and PostgreSQL, not {url.split(':', 1)[0]!r}; "
        "pass a file path or a postgresql+psycopg:// URL"
    )


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # fundtrack issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def cannot_write(path: Path) -> bool:
    """True when this user may not change ``path`` or create files beside it (SQLite's
    -wal, -shm and -journal files): an auditor's read-only copy, a write-protected share."""
    folder = path.parent if str(path.parent) else Path(".")
    return path.exists() and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))


def _read_only_sqlite_engine(url: str) -> Engine:
    """SQLite opened read-only, with no pragma that writes.

    A WAL database needs its -shm file to be read: where the folder is not writable and no
    -wal file is there (the last writer closed cleanly, so every page is in the file), the
    file is opened as immutable, which needs no -shm at all. Where a -wal file is left, it
    holds committed pages the main file lacks, so SQLite reads it through a read-only open
    (which needs its -shm file too: without it the books are refused, never read stale).
    """
    path = sqlite_path(url)
    if path is None:  # an in-memory database is always writable
        return _sqlite_engine(url)
    folder = path.parent if str(path.parent) else Path(".")
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    sealed = not os.access(folder, os.W_OK)
    if sealed and wal.exists() and not shm.exists():
        raise DatabaseProblem(
            f"{path} has a {wal.name} file holding its newest entries but no {shm.name} file "
            "beside it, and you cannot write its folder, so SQLite cannot read them; copy "
            f"{path.name} and {wal.name} into a folder you can write and use that copy"
        )
    immutable = sealed and not wal.exists()
    uri = f"{path.absolute().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _postgres_engine(url: str) -> Engine:
    """READ COMMITTED, one connection per command, a bounded wait for an unreachable server.

    Passwords are not expected in the URL: libpq reads them from ``PGPASSWORD``,
    ``~/.pgpass`` or a service file (docs/deployment.md).
    """
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseProblem(
            "PostgreSQL support is not installed; run: pip install 'fundtrack[postgres]'"
        ) from None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from fundtrack.db.location import redact

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseProblem(
            f"{redact(url)} is not a PostgreSQL URL fundtrack can read; write it as "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE"
        ) from None
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in parsed.query:
        connect_args["application_name"] = "fundtrack"
    engine = create_engine(
        parsed, poolclass=NullPool, isolation_level="READ COMMITTED", connect_args=connect_args
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get(SNAPSHOT_OPTION, False):
            access = "" if options.get(TEMPORARY_OPTION, False) else ", READ ONLY"
            connection.exec_driver_sql(f"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ{access}")

    return engine
