"""Naming the database: paths and URLs, missing driver, unreachable servers, no passwords."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundtrack.db.connection_errors import explain
from fundtrack.db.location import redact, resolve_url
from fundtrack.errors import DatabaseProblem
from support import Cli, libpq_url, postgres_admin_url, with_database

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-Pa55"
UNREACHABLE = f"postgresql+psycopg://clerk:{SECRET}@127.0.0.1:1/fundtrack"


@pytest.mark.parametrize(
    ("given", "url"),
    [
        (
            "postgresql://clerk@db.example.org/fundtrack",
            "postgresql+psycopg://clerk@db.example.org/fundtrack",
        ),
        (
            "postgres://clerk@db/books?sslmode=verify-full",
            "postgresql+psycopg://clerk@db/books?sslmode=verify-full",
        ),
        ("postgresql+psycopg://clerk@db/books", "postgresql+psycopg://clerk@db/books"),
        ("sqlite:////srv/books.db", "sqlite:////srv/books.db"),
    ],
)
def test_postgresql_urls_all_mean_psycopg_3(given: str, url: str) -> None:
    assert resolve_url(given) == url


def test_another_postgresql_driver_is_refused_with_the_form_to_use() -> None:
    with pytest.raises(DatabaseProblem) as refused:
        resolve_url("postgresql+psycopg2://clerk@db/books")
    assert str(refused.value) == (
        "fundtrack talks to PostgreSQL through psycopg 3, not 'psycopg2'; "
        "write the URL as postgresql+psycopg://USER@HOST/DATABASE"
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://clerk:pw@db/books", "postgresql+psycopg://clerk:***@db/books"),
        (
            "postgresql+psycopg://clerk:p@s/s?w@db:5433/books?sslmode=verify-full",
            "postgresql+psycopg://clerk:***@db:5433/books?sslmode=verify-full",
        ),
        (
            "postgresql+psycopg://clerk@db/books?sslmode=require&password=pw",
            "postgresql+psycopg://clerk@db/books?sslmode=require&password=***",
        ),
        (
            "postgresql+psycopg://clerk:pw@db/books?options=-c%20x@y",
            "postgresql+psycopg://clerk:***@db/books?options=-c%20x@y",
        ),
        ("postgresql+psycopg://clerk@db/books", "postgresql+psycopg://clerk@db/books"),
        (
            "postgresql+psycopg:///books?service=office",
            "postgresql+psycopg:///books?service=office",
        ),
    ],
)
def test_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert redact(url) == shown


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


@pytest.mark.parametrize(
    "command",
    [
        ("init",),
        ("award", "list"),
        ("subgrant", "show", "LP-FY20"),
        ("log",),
        DISBURSE,
        ("void", "4", "--reason", "typo"),
    ],
)
def test_an_unreachable_server_is_one_line_without_the_password(command: tuple[str, ...]) -> None:
    result = Cli(UNREACHABLE, CliRunner()).run(*command)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: cannot connect to PostgreSQL at postgresql+psycopg://clerk:***@127.0.0.1:1/"
        "fundtrack: Connection refused; check the host and port in --db / FUNDTRACK_DB and "
        "that the server is running\n"
    )


def _fundtrack(
    *args: str, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run fundtrack in a real process (optionally after some setup code)."""
    code = f"{prelude}\nfrom fundtrack.cli.app import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def test_a_real_process_never_prints_the_password_from_fundtrack_db() -> None:
    done = _fundtrack("award", "list", env={"FUNDTRACK_DB": UNREACHABLE.replace("+psycopg", "")})

    assert done.returncode == 2
    assert SECRET not in done.stdout + done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(
        "Error: cannot connect to PostgreSQL at postgresql+psycopg://clerk:***@"
    )


BLOCK_PSYCOPG = textwrap.dedent(
    """
    import sys

    class _NoPsycopg:
        def find_spec(self, name, path=None, target=None):
            if name == "psycopg" or name.startswith(("psycopg.", "psycopg_")):
                raise ImportError(f"No module named {name!r}")
            return None

    sys.meta_path.insert(0, _NoPsycopg())
    """
)


@pytest.mark.parametrize("command", [("init",), ("award", "list")])
def test_without_psycopg_a_postgresql_url_says_what_to_install(command: tuple[str, ...]) -> None:
    done = _fundtrack("--db", UNREACHABLE, *command, prelude=BLOCK_PSYCOPG)

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Error: PostgreSQL support is not installed; run: pip install 'fundtrack[postgres]'\n"
    )


def test_a_bad_port_is_one_line_without_the_password() -> None:
    result = Cli(f"postgresql://clerk:{SECRET}@db:port/books", CliRunner()).run("log")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: postgresql+psycopg://clerk:***@db:port/books is not a PostgreSQL URL fundtrack "
        "can read; write it as postgresql+psycopg://USER@HOST:PORT/DATABASE\n",
    )


@pytest.mark.parametrize(
    ("libpq_says", "expected"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
            'password authentication failed for user "clerk"',
            "PostgreSQL refused the login of 'clerk' at postgresql+psycopg://clerk:***@10.0.0.5/"
            "books: wrong or missing password; put it in ~/.pgpass, a service file or PGPASSWORD "
            "(see docs/deployment.md)",
        ),
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
            'no pg_hba.conf entry for host "10.0.0.9", user "clerk", database "books", no '
            "encryption",
            "PostgreSQL refused the login of 'clerk' at postgresql+psycopg://clerk:***@10.0.0.5/"
            'books: no pg_hba.conf entry for host "10.0.0.9", user "clerk", database "books", no '
            "encryption; ask the database administrator for access (see docs/deployment.md)",
        ),
    ],
)
def test_login_failures_say_where_the_password_goes(libpq_says: str, expected: str) -> None:
    assert explain(f"postgresql+psycopg://clerk:{SECRET}@10.0.0.5/books", libpq_says) == expected


@pytest.mark.postgres
def test_an_unknown_database_is_one_line() -> None:
    admin = postgres_admin_url()
    assert admin is not None
    url = with_database(admin, "no_such_books")

    result = Cli(url, CliRunner()).run("award", "list")

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: the PostgreSQL server has no database 'no_such_books' ({redact(url)}); create "
        "it (createdb -O OWNER no_such_books) or correct the name in --db / FUNDTRACK_DB\n"
    )


@pytest.mark.postgres
def test_an_unknown_login_role_is_one_line() -> None:
    admin = postgres_admin_url()
    assert admin is not None
    host = admin.split("@", 1)[1]
    url = f"postgresql+psycopg://nobody_at_cvrc:{SECRET}@{host}"

    result = Cli(url, CliRunner()).run("log")

    assert result.exit_code == 2
    assert SECRET not in result.stderr
    assert result.stderr.startswith(
        "Error: PostgreSQL refused the login of 'nobody_at_cvrc' at postgresql+psycopg://"
        "nobody_at_cvrc:***@"
    )


def test_fundtrack_db_names_the_database_for_every_command(books: Cli) -> None:
    """The environment variable, with the plain postgresql:// spelling where it applies."""
    location = libpq_url(books.url)
    cli = CliRunner(env={"FUNDTRACK_DB": location, "COLUMNS": "120"})
    from fundtrack.cli.app import app

    done = cli.invoke(app, ["--by", "clerk", *DISBURSE])
    assert done.exit_code == 0, done.stderr
    listed = cli.invoke(app, ["subgrant", "show", "LP-FY20", "--json"])
    assert '"disbursed": "10.00"' in listed.stdout


def test_a_set_but_unreachable_test_server_fails_the_run_instead_of_skipping() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/cli"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "FUNDTRACK_TEST_DATABASE_URL": UNREACHABLE},
    )
    output = done.stdout + done.stderr
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "FUNDTRACK_TEST_DATABASE_URL is set, but the PostgreSQL server at " in output
    assert "postgresql+psycopg://clerk:***@127.0.0.1:1/fundtrack cannot be used" in output
    assert "skipped" not in output and " passed" not in output
    assert SECRET not in output


def test_where_the_books_are_is_shown_without_the_password() -> None:
    from fundtrack.db import Database

    shown = Database(f"postgresql://clerk:{SECRET}@db.cvrc.example/books?sslmode=verify-full")
    assert (
        shown.display == "postgresql+psycopg://clerk:***@db.cvrc.example/books?sslmode=verify-full"
    )
