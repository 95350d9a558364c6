"""Clerks recording at the same moment never overspend a subgrant nor fork the ledger.

Eight real OS processes each try to pay $100 ten times from one $5,000 subgrant, all at
once, through the same unit of work the ``disburse`` command runs (``Database.write``).
Runs on SQLite (``BEGIN IMMEDIATE``) and on PostgreSQL (row locks), whichever ``db_url`` is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from fundtrack.db import Database
from fundtrack.models import Entry, LedgerHead
from fundtrack.services.chain import GENESIS, entry_hash
from support import Cli

PROCESSES = 8
ATTEMPTS = 10
OVERSPENT = (
    "subgrant DOJ-LL has $0.00 left; this disbursement is $100.00 — record a smaller amount "
    "or draw on another subgrant"
)

WORKER = """
import json, sys, time
from datetime import date
from decimal import Decimal
from pathlib import Path

from fundtrack.db import Database
from fundtrack.errors import FundtrackError
from fundtrack.services.disbursements import disburse

url, ready, start, name = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
attempts, client, new_client = int(sys.argv[5]), sys.argv[6], sys.argv[7] == "new"
db = Database(url)
db.read(lambda session: None)  # connect and check the schema before the race
ready.touch()
while not start.exists():
    time.sleep(0.002)
for attempt in range(attempts):
    try:
        done = db.write(
            lambda session: disburse(
                session, subgrant="DOJ-LL", client=client, category="rent",
                amount=Decimal("100"), on=date(2020, 1, 15), by=f"{name}-{attempt}",
                new_client=new_client,
            )
        )
        print(json.dumps({"ok": done.entry_id, "new_client": done.new_client}), flush=True)
    except FundtrackError as refused:
        print(json.dumps({"refused": str(refused)}), flush=True)
"""


def _ledger(url: str) -> tuple[list[dict[str, Any]], tuple[int, str]]:
    """Every entry as the ORM reads it (typed values, as hashed), and the ledger head."""
    from sqlmodel import Session, select

    db = Database(url)
    try:
        with Session(db.engine) as session:
            entries = [e.model_dump() for e in session.exec(select(Entry).order_by(Entry.id))]
            head = session.exec(select(LedgerHead)).one()
            return entries, (head.entry_id, head.hash)
    finally:
        db.dispose()


def _books(cli: Cli) -> None:
    cli.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "2020", "--amount", "5000")
    cli.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    cli.ok("subgrant", "add", "DOJ-LL", "--award", "DOJ-2020", "--subgrantee", "LIFELINK",
           "--amount", "5000")  # fmt: skip


def _race(url: str, tmp_path: Path, *, attempts: int, client: str, new: bool) -> list[dict]:
    """Start the clerks, let them go at the same moment, and collect what each reported."""
    script = tmp_path / "clerk.py"
    script.write_text(WORKER)
    start = tmp_path / "start"
    ready = [tmp_path / f"ready-{n}" for n in range(PROCESSES)]
    flag = "new" if new else "known"
    clerks = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(ready[n]), str(start), f"clerk{n}",
             str(attempts), client, flag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        for n in range(PROCESSES)
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in ready):
            assert time.monotonic() < deadline, "the clerks did not get ready"
            assert all(c.poll() is None for c in clerks), [c.communicate() for c in clerks]
            time.sleep(0.01)
        start.touch()  # all at once
        outputs = [c.communicate(timeout=120) for c in clerks]
    finally:
        for clerk in clerks:
            if clerk.poll() is None:
                clerk.kill()
    for clerk, (_, err) in zip(clerks, outputs, strict=True):
        assert (clerk.returncode, err) == (0, "")
    return [json.loads(line) for out, _ in outputs for line in out.splitlines()]


@pytest.mark.slow
def test_eight_clerks_paying_at_once_spend_exactly_the_subgrant(cli: Cli, tmp_path: Path) -> None:
    _books(cli)
    cli.ok("client", "add", "LL-0001")
    results = _race(cli.url, tmp_path, attempts=ATTEMPTS, client="LL-0001", new=False)

    paid = sorted(r["ok"] for r in results if "ok" in r)
    refused = [r["refused"] for r in results if "refused" in r]
    assert len(results) == PROCESSES * ATTEMPTS
    assert (len(paid), len(refused)) == (50, 30)
    assert set(refused) == {OVERSPENT}
    assert paid == list(range(3, 53))  # entries 1 and 2 are the award and the subgrant
    shown = cli.json("subgrant", "show", "DOJ-LL")
    assert (shown["disbursed"], shown["remaining"]) == ("5000.00", "0.00")

    entries, head = _ledger(cli.url)
    assert [e["id"] for e in entries] == list(range(1, 53))
    previous = GENESIS
    for entry in entries:
        assert entry["prev_hash"] == previous
        assert entry["hash"] == entry_hash(previous, entry)
        previous = entry["hash"]
    assert head == (52, previous)


@pytest.mark.slow
def test_clerks_registering_the_same_new_client_at_once_all_record(
    cli: Cli, tmp_path: Path
) -> None:
    _books(cli)
    results = _race(cli.url, tmp_path, attempts=1, client="LL-0100", new=True)

    assert sorted(r.get("ok", 0) for r in results) == list(range(3, 3 + PROCESSES)), results
    assert [r["new_client"] for r in results].count(True) == 1
    assert [(c["client"], c["disbursements"]) for c in cli.json("client", "list")] == [
        ("LL-0100", PROCESSES)
    ]
