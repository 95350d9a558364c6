"""Engines for SQLite and PostgreSQL, set up the way the books need them.

SQLite: WAL journal, full fsync, foreign keys on, a 30 s busy timeout, and writers take the
write lock when their transaction begins (``BEGIN IMMEDIATE``), so a balance read inside a
write transaction cannot go stale before the entry is written.

PostgreSQL (psycopg 3): READ COMMITTED, a 10 s connect timeout unless the URL sets
``connect_timeout``, and ``application_name=fundtrack`` for the server's activity view.
Writers lock the rows they draw down (``SELECT ... FOR UPDATE``, awards before subgrants,
then the ledger head) — see ``fundtrack.ledger.locks``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from fundtrack.errors import DatabaseProblem

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
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
    return create_engine(
        parsed, poolclass=NullPool, isolation_level="READ COMMITTED", connect_args=connect_args
    )
