"""An auditor's read-only copy: every read command works where the books lie.

The copy is a real read-only file in a real read-only folder: for an ordinary user its mode
says so; for root (CI), whose capabilities override file modes, the command runs in a
process whose bounding set lacks those capabilities (``setpriv``), so the kernel refuses
every write just as it would for the auditor. A first test proves that it does.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import Cli, small_sqlite_books

OVERRIDES = "-dac_override,-dac_read_search,-fowner,-linux_immutable"
READS = [
    ["report", "balances"],
    ["report", "victims-served", "--fy", "FY2020"],
    ["log"],
    ["award", "list"],
    ["subgrant", "show", "LP-FY20"],
    ["client", "list"],
    ["check"],
    ["export", "ledger"],
]


def without_write_access() -> list[str]:
    """The command prefix that takes away this user's power to write a read-only file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        if os.environ.get("CI"):
            pytest.fail("setpriv (util-linux) is needed to test read-only books as root")
        pytest.skip("running as root without setpriv: root writes read-only files")
    return [setpriv, "--bounding-set", OVERRIDES, "--"]


#: Wide enough for every column of the log (the facts' kinds and summaries are long).
WIDE = "200"


def fundtrack(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*without_write_access(), sys.executable, "-m", "fundtrack", "--db", str(path)]
    return subprocess.run(
        [*command, "--by", "auditor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": WIDE},
        cwd=path.parent.parent,
    )


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def books(tmp_path: Path) -> Cli:
    return small_sqlite_books(tmp_path / "office")


def seal(folder: Path) -> Iterator[Path]:
    """Make ``folder`` and its files read-only (still private to their owner)."""
    for path in folder.iterdir():
        path.chmod(0o400)
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


@pytest.fixture
def copy(books: Cli, tmp_path: Path) -> Iterator[Path]:
    """The auditor's copy: the database file alone, as the last clerk left it."""
    folder = tmp_path / "audit"
    folder.mkdir(mode=0o700)
    shutil.copy2(books.url, folder / "books.db")
    yield from seal(folder)


def test_the_copy_really_cannot_be_written(copy: Path) -> None:
    probe = [*without_write_access(), sys.executable, "-c"]
    for code in (f"open({str(copy / 'books.db')!r}, 'ab')", f"open({str(copy / 'x')!r}, 'w')"):
        done = subprocess.run([*probe, code], capture_output=True, text=True)
        assert done.returncode == 1 and "PermissionError" in done.stderr, code


@pytest.mark.parametrize("command", READS, ids=[" ".join(c) for c in READS])
def test_every_read_command_works_on_a_read_only_copy(
    books: Cli, copy: Path, command: list[str]
) -> None:
    before = files(copy)
    result = fundtrack(copy / "books.db", *command)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == books.ok(*command, env={"COLUMNS": WIDE}).stdout.replace(
        books.url, str(copy / "books.db")
    )
    assert files(copy) == before


def test_a_copy_with_its_newest_entries_still_in_the_wal_file(books: Cli, tmp_path: Path) -> None:
    """A copy taken while a clerk had the books open: the -wal file holds the newest entry."""
    holder = sqlite3.connect(books.url)  # keeps SQLite from folding the WAL back on close
    try:
        holder.execute("SELECT count(*) FROM entry").fetchone()
        books.ok("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category",
                 "rent", "--amount", "7", "--date", "2019-11-03")  # fmt: skip
        folder = tmp_path / "audit"
        shutil.copytree(Path(books.url).parent, folder)
    finally:
        holder.close()
    assert (folder / "books.db-wal").stat().st_size > 0
    for _ in seal(folder):
        before = files(folder)
        result = fundtrack(folder / "books.db", "log", "--json")
        assert result.returncode == 0, result.stderr
        assert [e["amount"] for e in json.loads(result.stdout)][-1] == "7.00"
        assert files(folder) == before


def test_a_wal_file_without_its_shared_memory_file_is_refused_not_read_stale(
    books: Cli, tmp_path: Path
) -> None:
    holder = sqlite3.connect(books.url)
    try:
        holder.execute("SELECT count(*) FROM entry").fetchone()
        books.ok("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category",
                 "rent", "--amount", "7", "--date", "2019-11-03")  # fmt: skip
        folder = tmp_path / "audit"
        folder.mkdir(mode=0o700)
        for name in ("books.db", "books.db-wal"):
            shutil.copy2(Path(books.url).parent / name, folder / name)
    finally:
        holder.close()
    for _ in seal(folder):
        result = fundtrack(folder / "books.db", "log")
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == (
            f"Error: {folder / 'books.db'} has a books.db-wal file holding its newest entries "
            "but no books.db-shm file beside it, and you cannot write its folder, so SQLite "
            "cannot read them; copy books.db and books.db-wal into a folder you can write and "
            "use that copy\n"
        )


def test_recording_into_a_read_only_copy_is_refused_in_one_line(copy: Path) -> None:
    before = files(copy)
    payment = ["--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent"]
    result = fundtrack(
        copy / "books.db", "disburse", *payment, "--amount", "5", "--date", "2019-11-02"
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {copy / 'books.db'} is read-only for you (attempt to write a readonly "
        "database); nothing was recorded — ask for write access, or record in the books you "
        "can write\n"
    )
    assert files(copy) == before


@pytest.fixture
def auditor(db_url: str) -> Iterator[Cli]:
    """On PostgreSQL, a login role that may only read: CONNECT, USAGE and SELECT."""
    import uuid

    from sqlalchemy.engine import make_url

    from support import connect

    books = Cli(db_url, CliRunner(env={"COLUMNS": "120"}))
    books.ok("award", "add", "A-FY20", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "9000")
    role, password = f"ft_auditor_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with connect() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")  # type: ignore[arg-type]
    try:
        with connect(db_url) as owner:
            owner.execute(  # type: ignore[call-overload]
                f"GRANT USAGE ON SCHEMA public TO {role}; "
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"
            )
        url = make_url(db_url).set(username=role, password=None)
        yield Cli(
            url.render_as_string(hide_password=False),
            CliRunner(env={"PGPASSWORD": password, "COLUMNS": "120"}),
        )
    finally:
        with connect(db_url) as owner:
            owner.execute(f"DROP OWNED BY {role}")  # type: ignore[arg-type]
        with connect() as admin:
            admin.execute(f"DROP ROLE {role}")  # type: ignore[arg-type]


@pytest.mark.postgres
def test_a_role_that_may_only_select_runs_every_read_command(auditor: Cli) -> None:
    for command in [["report", "balances"], ["log"], ["award", "list"], ["check"],
                    ["export", "ledger"]]:  # fmt: skip
        result = auditor.run(*command)
        assert result.exit_code == 0, (command, result.stderr)
    refused = auditor.run("award", "add", "B-FY20", "--source", "CVRC-HT", "--fy", "FY20",
                          "--amount", "5")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: permission denied for table ")
    assert len(refused.stderr.splitlines()) == 1
