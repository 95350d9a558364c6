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
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from fundtrack.books.voids import void
from fundtrack.db import Database
from fundtrack.db.engine import WRITE_OPTION
from fundtrack.errors import RuleViolation
from fundtrack.ledger.canonical import GENESIS, entry_hash
from fundtrack.models import Entry, LedgerHead
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

from sqlmodel import Session

from fundtrack.db import Database
from fundtrack.db.engine import WRITE_OPTION
from fundtrack.errors import RuleViolation
from fundtrack.errors import FundtrackError
from fundtrack.books.disbursements import disburse
from fundtrack.books.voids import void

url, ready, start, name = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
attempts, client, mode = int(sys.argv[5]), sys.argv[6], sys.argv[7]


def pay(session, attempt):
    return disburse(
        session, subgrant="DOJ-LL", client=client, category="rent", amount=Decimal("100"),
        on=date(2020, 1, 15), by=f"{name}-{attempt}", new_client=mode == "new",
        reference=f"{name}-{attempt}",  # each clerk's own voucher: not a repeated payment
    )


def cancel(session, attempt):
    return void(session, int(client), reason="paid twice", by=f"{name}-{attempt}")


db = Database(url)
db.read(lambda session: None)  # connect and check the schema before the race
ready.touch()
while not start.exists():
    time.sleep(0.002)
for attempt in range(attempts):
    try:
        work = cancel if mode == "void" else pay
        done = db.write(lambda session: work(session, attempt))
        print(json.dumps({"ok": done.entry_id, "new_client": done.new_client}), flush=True)
    except FundtrackError as refused:
        print(json.dumps({"refused": str(refused)}), flush=True)
"""


def _ledger(url: str) -> tuple[list[dict[str, Any]], tuple[int, str]]:
    """Every entry as the ORM reads it (typed values, as hashed), and the ledger head."""
    from sqlmodel import select

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


def _race(url: str, tmp_path: Path, *, attempts: int, client: str, mode: str) -> list[dict]:
    """Start the clerks, let them go at the same moment, and collect what each reported."""
    script = tmp_path / "clerk.py"
    script.write_text(WORKER)
    start = tmp_path / "start"
    ready = [tmp_path / f"ready-{n}" for n in range(PROCESSES)]
    clerks = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(ready[n]), str(start), f"clerk{n}",
             str(attempts), client, mode],
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
    last = cli.json("log")[-1]["id"]  # the award, subgrant and their facts come first
    results = _race(cli.url, tmp_path, attempts=ATTEMPTS, client="LL-0001", mode="known")

    paid = sorted(r["ok"] for r in results if "ok" in r)
    refused = [r["refused"] for r in results if "refused" in r]
    assert len(results) == PROCESSES * ATTEMPTS
    assert (len(paid), len(refused)) == (50, 30)
    assert set(refused) == {OVERSPENT}
    assert paid == list(range(last + 1, last + 51))
    shown = cli.json("subgrant", "show", "DOJ-LL")
    assert (shown["disbursed"], shown["remaining"]) == ("5000.00", "0.00")

    entries, head = _ledger(cli.url)
    assert [e["id"] for e in entries] == list(range(1, last + 51))
    previous = GENESIS
    for entry in entries:
        assert entry["prev_hash"] == previous
        assert entry["hash"] == entry_hash(previous, entry, entry["version"])
        previous = entry["hash"]
    assert head == (last + 50, previous)


@pytest.mark.slow
def test_clerks_registering_the_same_new_client_at_once_all_record(
    cli: Cli, tmp_path: Path
) -> None:
    _books(cli)
    last = cli.json("log")[-1]["id"]
    results = _race(cli.url, tmp_path, attempts=1, client="LL-0100", mode="new")

    [client] = cli.entries("client")[-1:]  # the one new client's entry, among the payments
    payments = [i for i in range(last + 1, last + 2 + PROCESSES) if i != client]
    assert sorted(r.get("ok", 0) for r in results) == payments, results
    assert [r["new_client"] for r in results].count(True) == 1
    assert [(c["client"], c["disbursements"]) for c in cli.json("client", "list")] == [
        ("LL-0100", PROCESSES)
    ]


def test_a_void_that_waited_for_another_clerks_void_of_the_same_entry_is_refused(
    cli: Cli,
) -> None:
    """Clerk A voids the payment and has not committed; clerk B voids it too and must wait.

    When A commits, B must see A's reversal and refuse in one line (not hit the unique index).
    """
    _books(cli)
    paid = cli.entry("disburse", "--subgrant", "DOJ-LL", "--client", "LL-0001",
                     "--category", "rent", "--amount", "100", "--date", "2020-01-15",
                     "--new-client")  # fmt: skip
    first, second = Database(cli.url), Database(cli.url)
    outcome: list[BaseException | int] = []

    def clerk_b() -> None:
        try:
            outcome.append(second.write(lambda s: void(s, paid, reason="b", by="b")).entry_id)
        except BaseException as error:
            outcome.append(error)

    with Session(first.engine.execution_options(**{WRITE_OPTION: True})) as session:
        session.begin()
        assert void(session, paid, reason="a", by="a").entry_id == paid + 1
        waiting = threading.Thread(target=clerk_b)
        waiting.start()
        time.sleep(1.0)
        assert outcome == [], "clerk B did not wait for clerk A's transaction"
        session.commit()
    waiting.join(timeout=60)
    first.dispose()
    second.dispose()

    [refused] = outcome
    assert isinstance(refused, RuleViolation), repr(refused)
    assert str(refused).startswith(f"entry {paid} was already voided by entry {paid + 1} on ")
    assert [e["id"] for e in cli.json("log")] == list(range(1, paid + 2))
