"""The application role of docs/deployment.md: it records entries but cannot rewrite them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from fundtrack.db.schema import HEAD
from support import Cli, connect, snapshot

pytestmark = pytest.mark.postgres

DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def documented_grants() -> str:
    text = DEPLOYMENT.read_text()
    block = re.search(r"<!-- grants -->\s*```sql\n(.*?)```\s*<!-- /grants -->", text, re.DOTALL)
    assert block, "docs/deployment.md lost its grants block"
    return block.group(1)


@pytest.fixture
def clerk(books: Cli) -> Iterator[Cli]:
    """A login role with exactly the documented grants, and a CLI that connects as it."""
    role, password = f"ft_clerk_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with connect() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")  # type: ignore[arg-type]
    try:
        with connect(books.url) as owner:
            owner.execute(documented_grants().replace("fundtrack_clerk", role))  # type: ignore[arg-type]
        parsed = make_url(books.url)
        url = parsed.set(username=role, password=None).render_as_string(hide_password=False)
        # The password comes from libpq's environment, never from the URL.
        yield Cli(url, CliRunner(env={"PGPASSWORD": password, "COLUMNS": "120"}))
    finally:
        with connect(books.url) as owner:
            owner.execute(f"DROP OWNED BY {role}")  # type: ignore[arg-type]
        with connect() as admin:
            admin.execute(f"DROP ROLE {role}")  # type: ignore[arg-type]


def as_role(cli: Cli) -> psycopg.Connection:
    return psycopg.connect(
        cli.url.replace("postgresql+psycopg://", "postgresql://"),
        password=cli.runner.env["PGPASSWORD"],
        autocommit=True,
    )


def test_the_application_role_records_and_reports(clerk: Cli) -> None:
    clerk.ok("client", "add", "LP-0002")
    paid = clerk.entry(
        "disburse",
        "--subgrant",
        "LP-FY20",
        "--client",
        "LP-0002",
        "--category",
        "rent",
        "--amount",
        "850",
        "--date",
        "2019-11-01",
    )
    clerk.ok(
        "disburse",
        "--subgrant",
        "NMILC-FY20",
        "--client",
        "C-NEW-9",
        "--new-client",
        "--category",
        "civil-legal",
        "--amount",
        "1200",
        "--date",
        "2020-01-15",
    )
    clerk.ok("void", str(paid), "--reason", "paid twice")
    clerk.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "2020", "--amount", "5000")
    clerk.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    clerk.ok(
        "subgrant",
        "add",
        "LL-DOJ20",
        "--award",
        "DOJ-2020",
        "--subgrantee",
        "LIFELINK",
        "--amount",
        "5000",
        "--budget",
        "travel=5000",
    )
    assert clerk.json("subgrant", "show", "NMILC-FY20")["remaining"] == "48988.31"
    assert clerk.json("award", "show", "DOJ-2020")["unallocated"] == "0.00"
    assert clerk.ok("init").stdout.endswith(f"is up to date (schema {HEAD}).\n")


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE entry SET amount_cents = 1 WHERE id = 1",
        "UPDATE entry SET memo = 'changed'",
        "DELETE FROM entry WHERE id = 1",
        "TRUNCATE entry",
        "DELETE FROM subgrant_budget",
    ],
)
def test_the_application_role_cannot_rewrite_entries(books: Cli, clerk: Cli, change: str) -> None:
    before = snapshot(books.url)
    with as_role(clerk) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(change)  # type: ignore[arg-type]
    assert (
        snapshot(clerk.url.replace(clerk.url.split("@")[0], "postgresql+psycopg://postgres"))
        == before
    )


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE award SET id = id",
        "UPDATE subgrant SET id = id",
    ],
)
def test_the_lock_privilege_on_awards_cannot_change_them(clerk: Cli, change: str) -> None:
    with (
        as_role(clerk) as connection,
        pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="rows are append-only"),
    ):
        connection.execute(change)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change",
    [
        "ALTER TABLE entry DISABLE TRIGGER entry_append_only",
        "DROP TRIGGER entry_append_only ON entry",
        "DROP FUNCTION fundtrack_refuse_change() CASCADE",
    ],
)
def test_the_application_role_cannot_remove_the_guards(clerk: Cli, change: str) -> None:
    with as_role(clerk) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(change)  # type: ignore[arg-type]


def test_a_service_file_names_the_server_and_pgpassword_the_secret(
    clerk: Cli, tmp_path: Path
) -> None:
    parsed = make_url(clerk.url)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[fundtrack]\nhost={parsed.host}\nport={parsed.port or 5432}\n"
        f"dbname={parsed.database}\nuser={parsed.username}\n"
    )
    env = {**clerk.runner.env, "PGSERVICEFILE": str(services)}
    office = Cli("postgresql+psycopg:///?service=fundtrack", CliRunner(env=env))

    assert office.json("subgrant", "show", "LP-FY20")["remaining"] == "99811.69"
