"""The chain after many writers at once, and the books after a process killed mid-import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fundtrack.db import Database
from fundtrack.ledger.append import fingerprint
from support import Cli, backend, snapshot

CLERKS = 12


def fundtrack(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FUNDTRACK_USER": "clerk"}
    return subprocess.Popen(
        [sys.executable, "-m", "fundtrack", "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def clerk(url: str, n: int) -> subprocess.Popen[str]:
    """Clerk ``n`` records one payment, alternating between the two subgrants."""
    subgrant, category = ("LP-FY20", "rent") if n % 2 else ("NMILC-FY20", "civil-legal")
    return fundtrack(
        url,
        "disburse",
        "--subgrant", subgrant,
        "--client", "LP-0001",
        "--category", category,
        "--amount", f"{100 + n}.25",
        "--date", "2019-12-01",
    )  # fmt: skip


@pytest.mark.slow
def test_the_chain_is_intact_after_clerks_record_at_once(books: Cli) -> None:
    last = books.json("log")[-1]["id"]
    clerks = [clerk(books.url, n) for n in range(CLERKS)]
    for process in clerks:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    result = books.run("check")
    assert result.exit_code == 0, result.stdout
    assert Database(books.url).read(fingerprint)[0] == last + CLERKS
    ids = [entry["id"] for entry in books.json("log")]
    assert ids == list(range(1, last + CLERKS + 1))


ROWS = 60_000


def big_file(path: Path) -> Path:
    lines = ["date,subgrant,client,category,amount,reference,memo"]
    lines += [f"2019-11-01,NMILC-FY20,LP-0001,civil-legal,0.50,CHK-{n},batch" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def writing(url: str) -> bool:
    """True once the importing process holds the books' write lock: its one transaction is open.

    On SQLite a second writer that may not wait is refused while the lock is held; on
    PostgreSQL the importer holds a row-exclusive lock on ``entry`` from its first insert.
    """
    if backend() == "sqlite":
        import sqlite3

        probe = sqlite3.connect(url, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_locks WHERE relation = 'entry'::regclass "
            "AND mode = 'RowExclusiveLock' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchone()
    return bool(row and row[0])


@pytest.mark.slow
def test_a_process_killed_mid_import_leaves_the_books_as_they_were(
    books: Cli, tmp_path: Path
) -> None:
    file = big_file(tmp_path / "nmilc-2019-11.csv")
    before = snapshot(books.url)
    last = books.json("log")[-1]["id"]
    importer = fundtrack(books.url, "import", "disbursements", str(file))
    deadline = time.monotonic() + 120
    while not writing(books.url):
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    time.sleep(0.2)  # well inside the transaction: 60,000 rows take seconds to check and write
    importer.send_signal(signal.SIGKILL)
    assert importer.wait(30) == -signal.SIGKILL
    after = snapshot(books.url)
    result = books.run("check")
    assert result.exit_code == 0, result.stdout
    if after == before:
        # Killed inside its transaction: nothing of the file stands, and it imports cleanly.
        assert result.stdout.startswith(f"Fingerprint: entry {last} ")
        books.ok("import", "disbursements", str(file))
        assert books.run("check").exit_code == 0
    else:
        # On a machine fast enough to commit first, the whole file stands: never a part of it.
        assert result.stdout.startswith(f"Fingerprint: entry {last + ROWS} ")
        assert len(after["entry"]) == len(before["entry"]) + ROWS
