"""Refusal scenarios: exit code, the exact one-line message, and nothing written.

A refused command must leave the database exactly as it was, and every scenario asserts
that, so the scenarios of one module share one database (``standing_books``) instead of
cloning a fresh one each: on PostgreSQL that saves seconds per scenario.
"""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from support import Cli, Databases, snapshot


def assert_refused(
    cli: Cli, args: tuple[str, ...] | list[str], message: str, *, code: int = 1, **kwargs: Any
) -> None:
    """Run ``fundtrack ARGS``; it must exit ``code`` with ``Error: message`` and change nothing."""
    before = snapshot(cli.url)
    result = cli.run(*args, **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    got, wanted = (result.exit_code, result.stderr), (code, f"Error: {message}\n")
    assert got == wanted, f"\n got: {got!r}\nwant: {wanted!r}"
    assert result.stdout == "", result.stdout
    assert snapshot(cli.url) == before, "the refused command changed the database"


def standing_books(databases: Databases) -> Cli:
    """A new database holding the same books as conftest's ``books`` fixture."""
    cli = Cli(databases.initialised(), CliRunner(env={"COLUMNS": "120"}))
    cli.ok("award", "add", "CVRC-HT-FY20", "--source", "CVRC-HT", "--fy", "FY20",
           "--amount", "150000")  # fmt: skip
    cli.ok("subgrantee", "add", "LAPINON", "--name", "La Pinon Sexual Assault Recovery Services")
    cli.ok("subgrantee", "add", "NMILC", "--name", "NM Immigrant Law Center")
    cli.ok("subgrant", "add", "LP-FY20", "--award", "CVRC-HT-FY20", "--subgrantee", "LAPINON",
           "--amount", "99811.69", "--budget", "rent=40000", "--budget", "travel=5000",
           "--budget", "relocation=20000", "--budget", "crisis-stabilization=34811.69")  # fmt: skip
    cli.ok("subgrant", "add", "NMILC-FY20", "--award", "CVRC-HT-FY20", "--subgrantee", "NMILC",
           "--amount", "50188.31")  # fmt: skip
    cli.ok("client", "add", "LP-0001")
    return cli


def file_bytes(url: str) -> dict[str, bytes]:
    """A SQLite database's file and companions, byte for byte ({} on PostgreSQL)."""
    from pathlib import Path

    from support import backend

    if backend() != "sqlite":
        return {}
    path = Path(url)
    return {p.name: p.read_bytes() for p in path.parent.glob(f"{path.name}*")}


def assert_untouched(
    cli: Cli, args: tuple[str, ...] | list[str], stderr: str, *, code: int = 1, **kwargs: Any
) -> None:
    """Run ``fundtrack ARGS``; it must exit ``code`` with exactly ``stderr`` (an import lists
    its problems before the ``Error:`` line) and leave the database byte-identical (SQLite)
    and row-identical (both backends)."""
    rows, files = snapshot(cli.url), file_bytes(cli.url)
    result = cli.run(*args, **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    got, wanted = (result.exit_code, result.stderr), (code, stderr)
    assert got == wanted, f"\n got: {got!r}\nwant: {wanted!r}"
    assert result.stdout == "", result.stdout
    assert snapshot(cli.url) == rows, "the refused command changed the database"
    assert file_bytes(cli.url) == files, "the refused command changed the database file"
