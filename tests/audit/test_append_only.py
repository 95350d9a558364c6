"""The database itself refuses to rewrite the books, whatever program is talking to it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from fundtrack.audit.store import APPEND_ONLY_TABLES
from support import Cli, backend, snapshot

Sql = Callable[..., list[Any]]

CHANGES = [
    "UPDATE entry SET amount_cents = 1 WHERE id = 4",
    "UPDATE entry SET memo = 'fixed' WHERE id = 4",
    "DELETE FROM entry WHERE id = 4",
    "DELETE FROM entry",
    "UPDATE award SET end_date = '2030-06-30'",
    "DELETE FROM subgrant_budget",
    "UPDATE subgrant SET start_date = '2019-08-01'",
]


@pytest.mark.parametrize("change", CHANGES)
def test_direct_updates_and_deletes_are_refused(paid: Cli, sql: Sql, change: str) -> None:
    before = snapshot(paid.url)
    with pytest.raises(DBAPIError) as refused:
        sql(change)
    assert "rows are append-only; correct mistakes with fundtrack void" in str(refused.value)
    assert snapshot(paid.url) == before
    assert paid.run("check").exit_code == 0


def test_truncate_is_refused_on_postgresql(paid: Cli, sql: Sql) -> None:
    statement = "TRUNCATE entry CASCADE" if backend() == "postgresql" else "DELETE FROM entry"
    with pytest.raises(DBAPIError, match="append-only"):
        sql(statement)


def test_the_schema_check_knows_every_guarded_table() -> None:
    first = importlib.import_module("fundtrack.migrations.versions.0002_append_only")
    facts = importlib.import_module("fundtrack.migrations.versions.0006_facts")
    guarded = (*first.APPEND_ONLY_TABLES, *facts.NOUNS, *facts.VERSION_TABLES)
    assert guarded == APPEND_ONLY_TABLES
