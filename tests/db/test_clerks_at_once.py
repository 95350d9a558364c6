"""Two clerks doing the same thing at the same moment, in separate processes, on either backend.

One clerk's unit of work is held open inside its transaction while a second clerk's command,
a real process, runs into it; then the first commits and the second must give the answer it
would have given had it come a moment later.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session
from typer.testing import CliRunner

from fundtrack.books.disbursements import disburse
from fundtrack.books.voids import void
from fundtrack.db import Database
from fundtrack.db.schema import HEAD
from support import Cli, snapshot, wait_for_lock_waiter

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def first_clerk_holding(url: str, work: Callable[[Session], Any]) -> Iterator[None]:
    """Run ``work`` in one transaction that stays open (uncommitted) inside the block."""
    done_work, release = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def hold(session: Session) -> None:
        work(session)
        done_work.set()
        release.wait(60)

    def run() -> None:
        try:
            Database(url).write(hold)
        except BaseException as error:
            failure.append(error)
            done_work.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert done_work.wait(60) and not failure, failure
    try:
        yield
    finally:
        release.set()
        thread.join(60)
    assert not failure, failure


def second_clerk(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fundtrack", "--db", url, "--by", "clerk2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "120"},
    )


def test_two_clerks_voiding_the_same_entry_one_is_told_it_is_done(books: Cli) -> None:
    paid = books.entry(
        "disburse",
        "--subgrant",
        "LP-FY20",
        "--client",
        "LP-0001",
        "--category",
        "rent",
        "--amount",
        "850",
        "--date",
        "2019-11-01",
    )

    with first_clerk_holding(books.url, lambda s: void(s, paid, reason="first", by="clerk1")):
        other = second_clerk(books.url, "void", str(paid), "--reason", "second")
        wait_for_lock_waiter(books.url)

    out, err = other.communicate(timeout=60)
    assert other.returncode == 1, err
    assert out == ""
    assert err.startswith(f"Error: entry {paid} was already voided by entry {paid + 1} on ")
    assert err.endswith(" (first); nothing to do\n")
    reversals = [row for row in snapshot(books.url)["entry"] if row[8] == paid]
    assert len(reversals) == 1
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "0.00"


def test_two_clerks_registering_the_same_new_client_from_different_awards(books: Cli) -> None:
    books.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "2020", "--amount", "10000")
    books.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    books.ok(
        "subgrant",
        "add",
        "LL-DOJ20",
        "--award",
        "DOJ-2020",
        "--subgrantee",
        "LIFELINK",
        "--amount",
        "10000",
    )

    def pay(session: Session) -> None:
        disburse(
            session,
            subgrant="LP-FY20",
            client="C-NEW-1",
            category="rent",
            amount=Decimal("500"),
            on=date(2019, 12, 1),
            new_client=True,
            by="clerk1",
        )

    with first_clerk_holding(books.url, pay):
        other = second_clerk(
            books.url,
            "disburse",
            "--subgrant",
            "LL-DOJ20",
            "--client",
            "C-NEW-1",
            "--category",
            "travel",
            "--amount",
            "75",
            "--date",
            "2019-12-02",
            "--new-client",
        )
        wait_for_lock_waiter(books.url)

    out, err = other.communicate(timeout=60)
    assert other.returncode == 0, err
    assert err.startswith("Warning: 2019-12-02 is in FFY2020") and err.count("\n") == 1  # late
    [client, _, travel] = books.json("log")[-3:]  # the first clerk's client and payment first
    assert (client["kind"], client["award"]) == ("client", "C-NEW-1")
    assert (
        out == f"Entry {travel['id']}: $75.00 travel for C-NEW-1 from LL-DOJ20; $9,925.00 left.\n"
    )
    clients = [row for row in snapshot(books.url)["client"] if row[1] == "C-NEW-1"]
    assert len(clients) == 1


def test_two_inits_at_once_create_the_books_once(blank_url: str) -> None:
    both = [second_clerk(blank_url, "init") for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in both]

    assert [code for code, _, _ in results] == [0, 0], results
    created = [out for _, out, _ in results if out.startswith("Created a fundtrack database ")]
    waited = [out for _, out, _ in results if out.endswith(f" is up to date (schema {HEAD}).\n")]
    assert (len(created), len(waited)) == (1, 1)  # the second waited, then had nothing to do
    assert Cli(blank_url, CliRunner()).json("source", "list")
