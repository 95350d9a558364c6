"""Engines for SQLite and PostgreSQL, set up the way the books need them.

SQLite: WAL journal, full fsync, foreign keys on, a 30 s busy timeout, and writers take the
write lock when their transaction begins (``BEGIN IMMEDIATE``), so a balance read inside a
write transaction cannot go stale before the entry is written.

PostgreSQL: READ COMMITTED; writers lock the rows they draw down (``SELECT ... FOR UPDATE``,
awards before subgrants, then the ledger head) — see ``fundtrack.services.locks``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from fundtrack.errors import DatabaseProblem

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "fundtrack_write"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
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


def _postgres_engine(url: str) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseProblem(
            "PostgreSQL support is not installed; run: pip install 'fundtrack[postgres]'"
        ) from None
    return create_engine(url, poolclass=NullPool, isolation_level="READ COMMITTED")
