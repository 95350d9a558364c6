"""Migrations: both backends, upgrading a populated database, refusing other schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from fundtrack.db import Database
from fundtrack.db.migrate import MIGRATIONS, upgrade
from fundtrack.db.schema import HEAD, REVISIONS
from fundtrack.ledger.canonical import FIELDS
from fundtrack.service_areas import SEED_AREAS
from support import Cli, snapshot

VERSION_TABLES = (
    "source_version",
    "category_version",
    "subgrantee_version",
    "award_version",
    "subgrant_version",
    "budget_version",
)
NOUNS = ("source", "category", "subgrantee", "client")
APPEND_ONLY = ("entry", "award", "subgrant", "subgrant_budget", *NOUNS, *VERSION_TABLES)
#: The kinds of the entries ``init`` appends when it upgrades books to this schema.
AFTER_UPGRADE = ["snapshot", "source", "source"]


def test_the_schema_check_knows_every_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    history = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()]
    assert tuple(reversed(history)) == REVISIONS


def test_the_migrated_schema_matches_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import fundtrack.models  # noqa: F401  (registers the tables)

    db = Database(db_url)
    try:
        with db.engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection), SQLModel.metadata
            )
    finally:
        db.dispose()
    assert [d for d in differences if not _index_only(d)] == []


def _index_only(difference: Any) -> bool:
    """Indexes are tuned in the migrations; columns, tables and keys must match exactly."""
    kind = difference[0] if isinstance(difference, tuple) else difference[0][0]
    return kind in {"add_index", "remove_index"}


def _seed_as_at_first_revision(session: Session) -> None:
    """The seeds as ``init`` recorded them at revision 0001: categories had no service area."""
    from fundtrack.books.categories import SEED_CATEGORIES
    from fundtrack.books.sources import SEED_SOURCES

    at = datetime(2020, 7, 1, 12, 0, 0)
    for code, name, calendar, extra, *_rules in SEED_SOURCES:
        session.execute(
            text(
                "INSERT INTO source (code, name, calendar, extra_years, recorded_at, "
                "recorded_by) VALUES (:code, :name, :calendar, :extra, :at, 'setup')"
            ),
            {"code": code, "name": name, "calendar": calendar.value, "extra": extra, "at": at},
        )
    for code, name in SEED_CATEGORIES:
        session.execute(
            text(
                "INSERT INTO category (code, name, recorded_at, recorded_by) "
                "VALUES (:code, :name, :at, 'setup')"
            ),
            {"code": code, "name": name, "at": at},
        )


#: The books recorded at revision 0001: (table, row) in order, entries as hashed then.
FIRST_BOOKS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("award", {"id": 1, "code": "CVRC-HT-FY20", "source_id": 1, "fiscal_year": 2020,
               "start_date": date(2019, 7, 1), "end_date": date(2020, 6, 30)}),
    ("subgrantee", {"id": 1, "code": "LAPINON",
                    "name": "La Pinon Sexual Assault Recovery Services"}),
    ("subgrantee", {"id": 2, "code": "NMILC", "name": "NM Immigrant Law Center"}),
    ("subgrant", {"id": 1, "code": "LP-FY20", "award_id": 1, "subgrantee_id": 1,
                  "start_date": date(2019, 7, 1), "end_date": date(2020, 6, 30)}),
    ("subgrant", {"id": 2, "code": "NMILC-FY20", "award_id": 1, "subgrantee_id": 2,
                  "start_date": date(2019, 7, 1), "end_date": date(2020, 6, 30)}),
    ("subgrant_budget", {"id": 1, "subgrant_id": 1, "category_id": 2, "amount_cents": 4000000}),
    ("client", {"id": 1, "ref": "LP-0001"}),
    ("client", {"id": 2, "ref": "LP-0002"}),
    ("entry", {"kind": "award", "amount_cents": 15000000, "entry_date": date(2019, 7, 1),
               "award_id": 1}),
    ("entry", {"kind": "subgrant", "amount_cents": 9981169, "entry_date": date(2019, 7, 1),
               "award_id": 1, "subgrant_id": 1}),
    ("entry", {"kind": "subgrant", "amount_cents": 5018831, "entry_date": date(2019, 7, 1),
               "award_id": 1, "subgrant_id": 2}),
    ("entry", {"kind": "disbursement", "amount_cents": 85000, "entry_date": date(2019, 11, 1),
               "award_id": 1, "subgrant_id": 1, "category_id": 2, "client_id": 1}),
    ("entry", {"kind": "disbursement", "amount_cents": 120050, "entry_date": date(2020, 2, 3),
               "award_id": 1, "subgrant_id": 1, "category_id": 2, "client_id": 1}),
    ("entry", {"kind": "disbursement", "amount_cents": 400000, "entry_date": date(2020, 3, 1),
               "award_id": 1, "subgrant_id": 2, "category_id": 7, "client_id": 2}),
    ("entry", {"kind": "disbursement", "amount_cents": -400000, "entry_date": date(2020, 3, 1),
               "award_id": 1, "subgrant_id": 2, "category_id": 7, "client_id": 2,
               "reverses_id": 6, "reason": "keyed the wrong amount"}),
)  # fmt: skip


def _record_first_books(session: Session) -> None:
    """Write ``FIRST_BOOKS`` with raw SQL, hashed in canonical version 1 as that release did."""
    from fundtrack.ledger.canonical import GENESIS, entry_hash

    stamp = {"recorded_at": datetime(2020, 7, 1, 12, 0, 0), "recorded_by": "clerk"}
    last_hash, entry_id = GENESIS, 0
    for table, values in FIRST_BOOKS:
        row = {**values, **stamp}
        if table == "subgrant_budget":
            row = values
        if table == "entry":
            entry_id += 1
            full = {name: None for name in FIELDS[1]} | row | {"id": entry_id}
            full["prev_hash"], full["hash"] = last_hash, entry_hash(last_hash, full, 1)
            row, last_hash = full, full["hash"]
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        session.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)
    session.execute(
        text("UPDATE ledger_head SET entry_id = :id, hash = :hash"),
        {"id": entry_id, "hash": last_hash},
    )


def _books_at_first_revision(url: str) -> Database:
    """A database at revision 0001 holding an award, two subgrants, disbursements, a void."""
    db = Database(url)
    upgrade(db, then=_seed_as_at_first_revision, target="0001")

    db.write(_record_first_books, check_schema=False)
    return db


def _revision(url: str) -> str:
    return str(snapshot(url)["alembic_version"][0][0])


#: The columns revision 0007 added, last in each table: (None, ...) on every earlier row.
FEDERAL_COLUMNS = {
    "source": ("match_percent", "admin_cap_percent"),
    "award": ("aln",),
    "subgrantee": ("uei",),
    "subgrant": ("purpose", "match_percent", "waiver_reason"),
}


def test_init_upgrades_a_populated_database_from_the_first_revision(blank_url: str) -> None:
    db = _books_at_first_revision(blank_url)
    assert _revision(blank_url) == "0001"
    before = snapshot(blank_url)
    cli = Cli(blank_url, CliRunner())

    result = cli.ok("init")

    assert result.stdout == f"Upgraded {db.display} from schema 0001 to {HEAD}.\n"
    after = snapshot(blank_url)
    assert after.pop("alembic_version") == [(HEAD,)]
    before.pop("alembic_version")
    categories = after.pop("category")  # revision 0004 gave them their service areas
    assert sorted(row[:-1] for row in categories) == sorted(before.pop("category"))
    assert {row[1]: row[-1] for row in categories} == SEED_AREAS
    # revision 0006 gave them a version (1) and terms (none), 0007 a date incurred (none)
    entries = after.pop("entry")
    assert sorted(row[:-3] for row in entries if row[0] <= 7) == sorted(before.pop("entry"))
    assert {row[-3:] for row in entries if row[0] <= 7} == {(1, None, None)}
    assert [row[1] for row in sorted(entries) if row[0] > 7] == AFTER_UPGRADE
    # VOCA (source 2) and DOJ (3) take their match and cap with a reason (revision 0007)
    rules = sorted((row[1], row[-2:]) for row in after.pop("source_version"))
    assert rules == [(2, ("20", "5")), (3, ("25", None))]
    for table in VERSION_TABLES[1:]:
        assert after.pop(table) == []
    for table, added in FEDERAL_COLUMNS.items():  # revision 0007's federal terms, empty
        assert [row[: -len(added)] for row in after.pop(table)] == before.pop(table)
    head = max(entries)
    assert after.pop("ledger_head") == [(1, head[0], head[16])]  # the newest entry's hash
    before.pop("ledger_head")
    assert after == before  # every client, award, subgrant and budget exactly as it was
    assert cli.json("subgrant", "show", "LP-FY20")["remaining"] == "97761.19"
    assert cli.json("subgrant", "show", "NMILC-FY20")["remaining"] == "50188.31"
    assert cli.json("award", "show", "CVRC-HT-FY20")["remaining"] == "147949.50"
    assert cli.ok("init").stdout == f"{db.display} is up to date (schema {HEAD}).\n"


@pytest.mark.parametrize("table", [t for t in APPEND_ONLY if t not in VERSION_TABLES])
@pytest.mark.parametrize("change", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_after_the_upgrade_the_database_refuses_to_rewrite_the_books(
    blank_url: str, table: str, change: str
) -> None:
    db = _books_at_first_revision(blank_url)
    with db.engine.begin() as connection:  # revision 0001 had no guard yet
        connection.execute(text(change.format(table=table) + " WHERE 1 = 0"))
    Cli(blank_url, CliRunner()).ok("init")
    before = snapshot(blank_url)

    refused = f"fundtrack: {table} rows are append-only"
    with pytest.raises(Exception, match=refused), db.engine.begin() as connection:
        connection.execute(text(change.format(table=table)))

    assert snapshot(blank_url) == before
    db.dispose()


#: A row of each version table, naming entry 1 and the first of each noun.
VERSION_ROWS = {
    "source_version": "1, 1, 'x', 'state', 0, '20', '5'",
    "category_version": "1, 1, 'x', NULL",
    "subgrantee_version": "1, 1, 'x', NULL",
    "award_version": "1, 1, '2019-07-01', '2020-06-30', NULL, NULL, '16.575'",
    "subgrant_version": "1, 1, '2019-07-01', '2020-06-30', 'services', NULL, NULL",
    "budget_version": "1, 1, 2, 100",
}


@pytest.mark.parametrize("table", VERSION_TABLES)
@pytest.mark.parametrize("change", ["UPDATE {table} SET entry_id = 1", "DELETE FROM {table}"])
def test_the_upgrade_makes_every_version_table_append_only(
    blank_url: str, table: str, change: str
) -> None:
    db = _books_at_first_revision(blank_url)
    Cli(blank_url, CliRunner()).ok("init")
    with db.engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} VALUES ({VERSION_ROWS[table]})"))
    before = snapshot(blank_url)

    refused = f"fundtrack: {table} rows are append-only"
    with pytest.raises(Exception, match=refused), db.engine.begin() as connection:
        connection.execute(text(change.format(table=table)))

    assert snapshot(blank_url) == before
    db.dispose()


def _set_revision(url: str, revision: str) -> None:
    db = Database(url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    db.dispose()


DISBURSE = (
    "disburse",
    "--subgrant",
    "LP-FY20",
    "--client",
    "LP-0001",
    "--category",
    "rent",
    "--amount",
    "10",
    "--date",
    "2019-12-01",
)


@pytest.mark.parametrize("command", [("init",), ("award", "list"), ("log",), DISBURSE])
def test_commands_refuse_a_database_from_a_newer_fundtrack(
    books: Cli, command: tuple[str, ...]
) -> None:
    _set_revision(books.url, "0099")
    before = snapshot(books.url)

    result = books.run(*command)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {Database(books.url).display} was written by a newer fundtrack (schema 0099, "
        f"this one knows up to {HEAD}); upgrade fundtrack before using it\n"
    )
    assert snapshot(books.url) == before


@pytest.mark.parametrize("command", [("award", "list"), ("log",), DISBURSE])
def test_commands_refuse_an_out_of_date_database_until_init_upgrades_it(
    books: Cli, command: tuple[str, ...]
) -> None:
    _set_revision(books.url, "0001")
    before = snapshot(books.url)

    result = books.run(*command)

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {Database(books.url).display} has an older schema (0001, this fundtrack "
        f"needs {HEAD}); back it up, then run `fundtrack init` to upgrade it\n"
    )
    assert snapshot(books.url) == before


def test_commands_refuse_a_database_that_was_never_initialised(blank_url: str) -> None:
    db = Database(blank_url)
    if db.is_sqlite:
        expected = (
            f"Error: there is no fundtrack database at {db.display}; run `fundtrack init` "
            "to create one, or point --db / FUNDTRACK_DB at yours\n"
        )
    else:
        expected = f"Error: {db.display} is not a fundtrack database yet; run `fundtrack init`\n"
    result = Cli(blank_url, CliRunner()).run("award", "list")
    assert (result.exit_code, result.stderr) == (2, expected)


def test_the_service_area_migration_sets_the_seeded_areas_init_records() -> None:
    from importlib import import_module

    frozen = import_module("fundtrack.migrations.versions.0004_service_areas").SEEDED
    assert frozen == SEED_AREAS


def test_every_hash_still_verifies_after_the_entry_table_is_rebuilt(blank_url: str) -> None:
    from fundtrack.ledger.append import fingerprint

    db = _books_at_first_revision(blank_url)
    newest, digest = db.read(fingerprint, check_schema=False)
    cli = Cli(blank_url, CliRunner())
    cli.ok("init")

    result = cli.run("check", "--fingerprint", f"{newest}:{digest}")

    assert result.exit_code == 0
    # the snapshot, then VOCA's and DOJ's federal rules
    assert result.stdout.startswith(f"Fingerprint: entry {newest + 3} ")
    # PostgreSQL adds notes (checksums, permissions); nothing else may be said.
    assert all(line.startswith("Note: ") for line in result.stderr.splitlines())
    assert cli.run("check", "schema").exit_code == 0
    db.dispose()


def test_after_the_upgrade_a_service_can_be_recorded_and_voided(blank_url: str) -> None:
    _books_at_first_revision(blank_url).dispose()
    cli = Cli(blank_url, CliRunner())
    cli.ok("init")

    served = cli.ok("serve", "--subgrant", "LP-FY20", "--client", "LP-0001", "--date", "2020-01-10")
    voided = cli.ok("void", "11", "--reason", "served by another provider")

    assert served.stdout == (
        "Entry 11: service for LP-0001 from LP-FY20 on 2020-01-10; no money moved.\n"
    )
    assert voided.stdout == "Entry 12: voided entry 11 ($0.00).\n"
    assert cli.run("check").exit_code == 0
