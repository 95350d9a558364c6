"""``fundtrack backup``: a consistent, private copy of a live SQLite database.

Backups are of SQLite files, so these tests make their own SQLite books whichever backend
the suite runs on; PostgreSQL is told to use pg_dump.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fundtrack.cli.app import app
from support import Cli, damage_page, snapshot

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from decimal import Decimal
    from fundtrack.db import Database
    from fundtrack.books.disbursements import disburse

    db = Database(sys.argv[1])
    for n in range(int(sys.argv[2])):
        db.write(lambda s: disburse(
            s, subgrant="LP-FY20", client="LP-0001", category="rent",
            amount=Decimal("1.00"), on=date(2019, 11, 1), by="writer", reference=f"W-{n}"))
    """
)


@pytest.fixture
def sqlite_books(tmp_path: Path) -> Cli:
    folder = tmp_path / "books"
    folder.mkdir(mode=0o700)  # `init` makes only the default data folder
    books = Cli(str(folder / "books.db"), CliRunner(env={"COLUMNS": "120"}))
    books.ok("init")
    books.ok("award", "add", "A-FY20", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "9000")
    books.ok("subgrantee", "add", "LAPINON", "--name", "La Pinon")
    books.ok(
        "subgrant", "add", "LP-FY20", "--award", "A-FY20", "--subgrantee", "LAPINON",
        "--amount", "9000",
    )  # fmt: skip
    books.ok("client", "add", "LP-0001")
    return books


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_a_private_copy_with_the_same_fingerprint(
    sqlite_books: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    result = sqlite_books.ok("backup", str(target))
    fingerprint = sqlite_books.ok("check").stdout.removeprefix("Fingerprint: ").strip()
    assert result.stdout.startswith(f"Backed up {sqlite_books.url} to {target} (")
    assert result.stdout.endswith(f"bytes; fingerprint: {fingerprint}).\n")
    assert mode(target) == 0o600
    assert not Path(f"{target}-wal").exists()
    assert snapshot(str(target)) == snapshot(sqlite_books.url)
    copy = Cli(str(target), sqlite_books.runner)
    assert copy.ok("check", "chain", "balances").stdout == f"Fingerprint: {fingerprint}\n"


def test_an_existing_file_is_kept_unless_forced(sqlite_books: Cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"last week's backup")
    target.chmod(0o644)
    result = sqlite_books.run("backup", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {target} already exists; choose another file name or pass --force to replace it\n"
    )
    assert target.read_bytes() == b"last week's backup"
    sqlite_books.ok("backup", str(target), "--force")
    assert mode(target) == 0o600
    assert snapshot(str(target)) == snapshot(sqlite_books.url)


def test_the_database_itself_is_never_the_target(sqlite_books: Cli) -> None:
    before = Path(sqlite_books.url).read_bytes()
    result = sqlite_books.run("backup", sqlite_books.url, "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {sqlite_books.url} is the database itself; writing there would destroy it — "
        "choose another file for the backup; nothing was changed\n"
    )
    assert Path(sqlite_books.url).read_bytes() == before


def test_a_damaged_database_is_refused_in_words_and_no_copy_is_written(
    sqlite_books: Cli, tmp_path: Path
) -> None:
    """Before, the refusal quoted a Python tuple and said to run `check`."""
    source = Path(sqlite_books.url)
    page = damage_page(source, "ix_entry_reverses")
    before = source.read_bytes()
    target = tmp_path / "copy.db"
    result = sqlite_books.run("backup", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {source} is damaged (SQLite: Page {page}: btreeInitPage() returns error code "
        "11); no backup was written — restore your latest backup (the copies `fundtrack "
        "backup FILE` makes) and record again what came after it\n"
    )
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books"]


def test_postgresql_is_pointed_at_pg_dump(cli: Cli) -> None:
    result = cli.runner.invoke(
        app,
        ["--db", "postgresql+psycopg://clerk@127.0.0.1:5432/fundtrack", "backup", "x.db"],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: fundtrack backup copies SQLite files; for PostgreSQL use pg_dump, e.g. "
        "pg_dump --format=custom --file=books.dump DBNAME\n"
    )


def newest_entry(path: str) -> int:
    connection = sqlite3.connect(path, timeout=30)
    try:
        return int(connection.execute("SELECT entry_id FROM ledger_head").fetchone()[0])
    finally:
        connection.close()


def test_backups_taken_while_a_clerk_records_are_consistent(
    sqlite_books: Cli, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, sqlite_books.url, "5000"],
        stderr=subprocess.PIPE,
        text=True,
    )
    copies: list[Path] = []
    try:
        seen = newest_entry(sqlite_books.url)
        deadline = time.monotonic() + 120
        while len(copies) < 5:
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            assert time.monotonic() < deadline, "the writer stopped recording"
            if newest_entry(sqlite_books.url) == seen:
                time.sleep(0.01)
                continue
            target = tmp_path / f"copy-{len(copies)}.db"
            sqlite_books.ok("backup", str(target))
            copies.append(target)
            seen = newest_entry(str(target))
    finally:
        writer.kill()
        writer.wait(30)
    fingerprints = set()
    for target in copies:
        result = Cli(str(target), sqlite_books.runner).run("check")
        assert result.exit_code == 0, result.stdout
        fingerprints.add(result.stdout)
    assert len(fingerprints) == 5  # each copy is the books at a different moment
