"""Every report names the last entry it includes and its hash, in its JSON and on its About
sheet; a time fixed by FUNDTRACK_REPORT_TIME says so, and the real time the file was written
is the one cell that differs between two reproductions.

The reports are found the way a user finds them, in ``report --help`` (and ``deadlines``), so
a report added later is walked too: give it its required arguments in ``ARGUMENTS``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fundtrack import clock
from report_scenarios import add_federal, pay
from report_walk import (
    ARGUMENTS,
    GENESIS,
    MADE_AT,
    NEEDS_A_RECORD,
    about_of,
    command,
    every_cell,
    report_commands,
    write,
)
from support import Cli


@pytest.fixture
def scenario(books: Cli) -> Cli:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200")
    pay(books, "LL-VOCA", "LP-0002", "2020-02-01", "400")
    return books


def test_the_walk_finds_every_report(books: Cli) -> None:
    assert {c[-1] for c in report_commands(books)} >= set(ARGUMENTS)


def test_every_report_names_the_last_entry_in_its_json_and_about(
    scenario: Cli, tmp_path: Path
) -> None:
    for number, words in enumerate(report_commands(scenario)):
        head = scenario.as_recorded()
        assert head["entry"] > 0
        printed = scenario.json(*command(words))
        assert printed["as_recorded"] == head, words
        saved = json.loads(write(scenario, tmp_path / "r.json", words).read_text())
        assert saved["as_recorded"] == head, words
        about = about_of(write(scenario, tmp_path / "r.xlsx", words, MADE_AT))
        assert (about["Last entry included"], about["Its hash (SHA-256)"]) == (
            head["entry"], head["hash"]
        ), words  # fmt: skip

        pay(scenario, "NMILC-FY20", f"NM-{number:04}", "2020-03-01", "25", "civil-legal")
        after = scenario.as_recorded()
        # the new client's fact entry, then the payment
        assert after["entry"] == head["entry"] + 2 and after["hash"] != head["hash"]
        assert scenario.json(*command(words))["as_recorded"] == after, words
        about = about_of(write(scenario, tmp_path / "r.xlsx", words, MADE_AT))
        assert (about["Last entry included"], about["Its hash (SHA-256)"]) == (
            after["entry"], after["hash"]
        ), words  # fmt: skip


def test_books_just_initialised_name_the_seeds_last_fact(cli: Cli, tmp_path: Path) -> None:
    fresh = cli  # initialised: the seeded sources and categories are the only entries
    head = fresh.as_recorded()
    assert head != GENESIS and head["entry"] == fresh.json("log")[-1]["id"]
    for words in [w for w in report_commands(fresh) if w[-1] not in NEEDS_A_RECORD]:
        assert fresh.json(*command(words))["as_recorded"] == head, words
        about = about_of(write(fresh, tmp_path / "r.xlsx", words))
        assert (about["Last entry included"], about["Its hash (SHA-256)"]) == (
            head["entry"], head["hash"]
        ), words  # fmt: skip


def clock_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "utc_now", lambda: moment)


def test_with_the_time_fixed_two_runs_differ_in_written_at_alone(
    scenario: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = datetime(2026, 3, 2, 10, 0, 1), datetime(2026, 3, 2, 11, 30, 59)
    for words in report_commands(scenario):
        clock_at(monkeypatch, first)
        one = every_cell(write(scenario, tmp_path / "one.xlsx", words, MADE_AT))
        clock_at(monkeypatch, second)
        two = every_cell(write(scenario, tmp_path / "two.xlsx", words, MADE_AT))
        assert one.keys() == two.keys(), words
        differ = [where for where in one if one[where] != two[where]]
        assert len(differ) == 1, (words, differ)
        [(sheet, address)] = differ
        assert sheet == "About" and (one[where := (sheet, address)][0], two[where][0]) == (
            first, second
        )  # fmt: skip
        label = one[(sheet, "A" + address[1:])][0]
        assert label == "Written at (UTC)", words

        about = about_of(tmp_path / "two.xlsx")
        assert about["Made at (UTC)"] == datetime(2020, 7, 15, 9, 0)
        assert about["Time fixed by"] == (
            "FUNDTRACK_REPORT_TIME: Made at is not when this file was written; Written at is"
        )
        assert about["Written at (UTC)"] == second


def test_without_a_fixed_time_made_at_is_when_it_was_written(
    scenario: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2026, 3, 2, 10, 0, 1)
    clock_at(monkeypatch, now)
    monkeypatch.delenv("FUNDTRACK_REPORT_TIME", raising=False)
    about = about_of(write(scenario, tmp_path / "b.xlsx", ("report", "balances")))
    assert about["Made at (UTC)"] == about["Written at (UTC)"] == now
    assert about["Time fixed by"] == "nothing: Made at is when this file was written, by the clock"


def test_with_the_time_fixed_the_json_is_the_same_bytes(
    scenario: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for words in report_commands(scenario):
        clock_at(monkeypatch, datetime(2026, 3, 2, 10, 0, 1))
        one = write(scenario, tmp_path / "one.json", words, MADE_AT).read_bytes()
        clock_at(monkeypatch, datetime(2026, 3, 2, 11, 30, 59))
        two = write(scenario, tmp_path / "two.json", words, MADE_AT).read_bytes()
        assert one == two, words
        assert b"2026-03-02" not in one  # the JSON carries no wall-clock time
        printed = scenario.ok(*command(words), "--json", env=MADE_AT).stdout.encode()
        assert printed == one, words


def test_the_figures_and_the_last_entry_come_from_one_snapshot(scenario: Cli) -> None:
    """A clerk recording while a report is read changes neither its figures nor the entry it
    names (PostgreSQL reads are REPEATABLE READ for this; a SQLite transaction always is)."""
    from fundtrack.db import Database
    from fundtrack.reports.about import as_recorded
    from fundtrack.reports.balances import balances

    def disbursed(session: Any) -> Any:
        report = balances(session, as_of=date(2020, 6, 30))
        return sum(a.disbursed for a in report.awards)

    def read(session: Any) -> tuple[Any, ...]:
        before = (as_recorded(session), disbursed(session))
        pay(scenario, "NMILC-FY20", "NM-0042", "2020-03-01", "25", "civil-legal")  # commits
        return before, (as_recorded(session), disbursed(session))

    before, after = Database(scenario.url).read(read)
    assert after == before
    assert before[0].entry + 2 == scenario.as_recorded()["entry"]  # a new client and a payment
    assert disbursed_now(scenario) == before[1] + Decimal("25")


def disbursed_now(cli: Cli) -> Decimal:
    awards = cli.json("report", "balances", "--as-of", "2020-06-30")["awards"]
    return sum((Decimal(a["disbursed"]) for a in awards), Decimal(0))
