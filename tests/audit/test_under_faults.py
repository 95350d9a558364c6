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
    clerks = [clerk(books.url, n) for n in range(CLERKS)]
    for process in clerks:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    result = books.run("check")
    assert result.exit_code == 0, result.stdout
    assert Database(books.url).read(fingerprint)[0] == 3 + CLERKS
    ids = [entry["id"] for entry in books.json("log")]
    assert ids == list(range(1, 4 + CLERKS))


ROWS = 60_000


def big_file(path: Path) -> Path:
    lines = ["date,subgrant,client,category,amount,reference,memo"]
    lines += [f"2019-11-01,NMILC-FY20,LP-0001,civil-legal,0.50,CHK-{n},batch" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def writing(url: str) -> bool:
    """True once the importing process has begun writing entries inside its transaction."""
    if backend() == "sqlite":
        wal = Path(f"{url}-wal")
        return wal.exists() and wal.stat().st_size > 1_000_000
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
    importer = fundtrack(books.url, "import", "disbursements", str(file))
    deadline = time.monotonic() + 120
    while not writing(books.url):
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    importer.send_signal(signal.SIGKILL)
    assert importer.wait(30) == -signal.SIGKILL
    assert snapshot(books.url) == before
    result = books.run("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("Fingerprint: entry 3 ")
    # The same file imports cleanly afterwards: nothing half-recorded stands in its way.
    books.ok("import", "disbursements", str(file))
    assert books.run("check").exit_code == 0
