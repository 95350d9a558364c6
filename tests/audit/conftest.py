"""Going behind fundtrack's back: raw SQL on the database, with the append-only guards off.

Auditors' checks must catch what a person with direct database access could do, so these
tests change the books the way such a person would: with the triggers dropped (SQLite) or
disabled (PostgreSQL), then put back so only the change itself is left to find.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from fundtrack.audit.store import APPEND_ONLY_TABLES as GUARDED
from fundtrack.db.location import resolve_url


def raw_sql(url: str, *statements: str, guards_off: bool = False) -> list[Any]:
    """Run ``statements`` in one transaction, straight on the database; returns their rows."""
    engine = create_engine(resolve_url(url), poolclass=NullPool)
    results: list[Any] = []
    try:
        with engine.begin() as connection:
            sqlite = connection.dialect.name == "sqlite"
            saved: list[str] = []
            if guards_off and sqlite:
                saved = [
                    row[1]
                    for row in connection.execute(
                        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                    )
                ]
                names = connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                ).scalars()
                for name in list(names):
                    connection.execute(text(f"DROP TRIGGER {name}"))
            elif guards_off:
                for table in GUARDED:
                    connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            for statement in statements:
                result = connection.execute(text(statement))
                results.append(result.all() if result.returns_rows else result.rowcount)
            if guards_off and sqlite:
                for sql in saved:
                    connection.execute(text(sql))
            elif guards_off:
                for table in GUARDED:
                    connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    finally:
        engine.dispose()
    return results


@pytest.fixture
def tamper(db_url: str) -> Callable[..., list[Any]]:
    """Change the test database directly, with the append-only triggers out of the way."""

    def run(*statements: str) -> list[Any]:
        return raw_sql(db_url, *statements, guards_off=True)

    return run


@pytest.fixture
def sql(db_url: str) -> Callable[..., list[Any]]:
    """Run SQL directly on the test database, with every guard in place."""

    def run(*statements: str) -> list[Any]:
        return raw_sql(db_url, *statements)

    return run


@pytest.fixture
def paid(books: Any) -> Iterator[Any]:
    """The fixture's books plus entry 4: $850.00 rent for LP-0001 from LP-FY20 on 2019-11-01."""
    books.ok(
        "disburse",
        "--subgrant", "LP-FY20",
        "--client", "LP-0001",
        "--category", "rent",
        "--amount", "850",
        "--date", "2019-11-01",
    )  # fmt: skip
    yield books
