"""Fixtures shared by every test: a fresh database per test and a CLI bound to it.

See ``support.py`` for how databases are made on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from support import TEST_URL_ENV, Cli, Databases, backend, postgres_admin_url, server_problem


def pytest_sessionstart(session: pytest.Session) -> None:
    """With FUNDTRACK_TEST_DATABASE_URL set, an unreachable server stops the run: no skips."""
    url = postgres_admin_url()
    if url is None:
        return
    problem = server_problem()
    if problem:
        from fundtrack.db.location import redact

        pytest.exit(
            f"{TEST_URL_ENV} is set, but the PostgreSQL server at {redact(url)} cannot be "
            f"used: {problem}",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` need a server: on the SQLite run they are skipped, visibly."""
    if backend() == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL: set {TEST_URL_ENV} (.ci/run does)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    url = postgres_admin_url()
    if url:
        from fundtrack.db.location import redact

        return f"fundtrack test backend: PostgreSQL ({redact(url)})"
    return "fundtrack test backend: SQLite files"


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    if backend() == "postgresql":
        made.drop_all()


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    """A fresh initialised database (a SQLite path or a PostgreSQL URL)."""
    url = databases.initialised()
    yield url
    databases.discard(url)


@pytest.fixture
def blank_url(databases: Databases) -> Iterator[str]:
    """A location with no fundtrack database in it yet."""
    url = databases.blank()
    yield url
    databases.discard(url)


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url, CliRunner(env={"COLUMNS": "120"}))


@pytest.fixture
def books(cli: Cli) -> Cli:
    """The FY2020 state appropriation with two subgrants, ready for disbursements.

    CVRC-HT-FY20 ($150,000.00, 2019-07-01..2020-06-30) funds LP-FY20 (La Pinon,
    $99,811.69, budget rent $40,000 / travel $5,000 / relocation $20,000 / crisis
    stabilization $34,811.69) and NMILC-FY20 (NM Immigrant Law Center, $50,188.31).
    Client LP-0001 is registered.
    """
    cli.ok(
        "award", "add", "CVRC-HT-FY20", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "150000"
    )
    cli.ok("subgrantee", "add", "LAPINON", "--name", "La Pinon Sexual Assault Recovery Services")
    cli.ok("subgrantee", "add", "NMILC", "--name", "NM Immigrant Law Center")
    cli.ok(
        "subgrant",
        "add",
        "LP-FY20",
        "--award",
        "CVRC-HT-FY20",
        "--subgrantee",
        "LAPINON",
        "--amount",
        "99811.69",
        "--budget",
        "rent=40000",
        "--budget",
        "travel=5000",
        "--budget",
        "relocation=20000",
        "--budget",
        "crisis-stabilization=34811.69",
    )
    cli.ok(
        "subgrant",
        "add",
        "NMILC-FY20",
        "--award",
        "CVRC-HT-FY20",
        "--subgrantee",
        "NMILC",
        "--amount",
        "50188.31",
    )
    cli.ok("client", "add", "LP-0001")
    return cli
