"""Clerks at the same moment on PostgreSQL: retried conflicts, and a clear end to retrying."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from fundtrack.books.disbursements import Recorded, disburse
from fundtrack.db import RETRIES, Database
from fundtrack.errors import DatabaseProblem
from fundtrack.ledger import locks
from support import Cli, connect, snapshot

pytestmark = pytest.mark.postgres

FORCE_SERIALIZATION_FAILURE = text(
    "DO $$ BEGIN RAISE EXCEPTION 'forced by the test' USING ERRCODE = 'serialization_failure'; "
    "END $$"
)


def _pay(session: Session, amount: str = "100") -> Recorded:
    return disburse(
        session,
        subgrant="LP-FY20",
        client="LP-0001",
        category="rent",
        amount=Decimal(amount),
        on=date(2019, 12, 1),
        by="clerk",
    )


def _disbursements(url: str) -> list[tuple[Any, ...]]:
    return [row for row in snapshot(url)["entry"] if row[1] == "disbursement"]


def test_a_serialization_failure_reruns_the_whole_unit_of_work(books: Cli) -> None:
    attempts = 0

    def work(session: Session) -> Recorded:
        nonlocal attempts
        attempts += 1
        done = _pay(session)
        if attempts < 3:
            session.execute(FORCE_SERIALIZATION_FAILURE)
        return done

    done = Database(books.url).write(work)

    assert attempts == 3
    assert len(_disbursements(books.url)) == 1  # the first two attempts left nothing behind
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "100.00"
    assert [done.entry_id] == books.entries("disbursement")  # the one entry, numbered once


def test_when_retries_run_out_nothing_is_recorded_and_the_clerk_is_told(books: Cli) -> None:
    before = snapshot(books.url)
    attempts = 0

    def work(session: Session) -> None:
        nonlocal attempts
        attempts += 1
        _pay(session)
        session.execute(FORCE_SERIALIZATION_FAILURE)

    with pytest.raises(DatabaseProblem) as gave_up:
        Database(books.url).write(work)

    assert attempts == RETRIES
    assert str(gave_up.value) == (
        f"other clerks kept the books busy through {RETRIES} attempts; nothing was recorded — "
        "run the command again"
    )
    assert snapshot(books.url) == before


def test_a_real_deadlock_between_two_connections_is_retried(books: Cli) -> None:
    """Another session holds the ledger head and wants the award this writer has locked."""
    award_id = _award_id(books.url)
    head_held, award_held = threading.Event(), threading.Event()
    other: dict[str, Any] = {}

    def other_session() -> None:
        with connect(books.url, autocommit=False) as connection:
            connection.execute("SET deadlock_timeout = '60s'")  # the writer detects it first
            connection.execute("SELECT entry_id FROM ledger_head WHERE id = 1 FOR UPDATE")
            other["pid"] = connection.info.backend_pid
            head_held.set()
            award_held.wait(20)
            connection.execute("SELECT id FROM award WHERE id = %s FOR UPDATE", [award_id])
            connection.rollback()

    thread = threading.Thread(target=other_session)
    thread.start()
    assert head_held.wait(20)
    attempts = 0

    def work(session: Session) -> Recorded:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            locks.lock_awards(session, [award_id])
            award_held.set()
            _wait_until_waiting(books.url, other["pid"])
        return _pay(session)  # wants the ledger head: a deadlock on the first attempt

    done = Database(books.url).write(work)
    thread.join(20)

    assert attempts == 2
    assert [done.entry_id] == books.entries("disbursement")  # the one entry, numbered once
    assert len(_disbursements(books.url)) == 1


def test_a_unique_key_race_is_retried_once_then_reported(books: Cli) -> None:
    attempts = 0
    duplicate = text(
        "INSERT INTO client (ref, recorded_at, recorded_by) "
        "VALUES ('LP-0001', CURRENT_TIMESTAMP, 'clerk')"
    )

    def clash_once(session: Session) -> Recorded:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            session.execute(duplicate)
        return _pay(session)

    Database(books.url).write(clash_once)
    assert attempts == 2
    assert len(_disbursements(books.url)) == 1

    attempts = 0

    def always_clash(session: Session) -> None:
        nonlocal attempts
        attempts += 1
        session.execute(duplicate)

    with pytest.raises(IntegrityError):
        Database(books.url).write(always_clash)
    assert attempts == 2


def _award_id(url: str) -> int:
    with connect(url) as connection:
        row = connection.execute("SELECT id FROM award WHERE code = 'CVRC-HT-FY20'").fetchone()
    assert row is not None
    return int(row[0])


def _wait_until_waiting(url: str, pid: int) -> None:
    import time

    with connect(url) as connection:
        for _ in range(400):
            row = connection.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
    raise AssertionError("the other session never started waiting for the award")
