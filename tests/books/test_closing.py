"""Closed years: every refusal in a closed year, the reopen, late-entry warnings, and closing
an award."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fundtrack import clock
from fundtrack.db import Database
from fundtrack.errors import RuleViolation
from fundtrack.ledger import append
from fundtrack.models import AWARD_AMENDMENT, Award
from report_scenarios import add_federal, pay
from support import Cli, snapshot

#: The checks of the books' content (the file's permissions depend on where tests run).
CHECKS = ("chain", "balances", "periods", "voids", "closed")
REASON = ("--reason", "FY2020 report filed with the legislature")

#: One command of each kind, every one dated in FY2020 (2019-07-01..2020-06-30).
IN_FY2020 = {
    "disbursement": ("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001",
                     "--category", "rent", "--amount", "5000", "--date", "2020-06-15"),
    "service": ("serve", "--subgrant", "LP-FY20", "--client", "LP-0001", "--date", "2020-06-15"),
    "match": ("match", "--subgrant", "LL-VOCA", "--amount", "100", "--date", "2020-03-01",
              "--kind", "cash"),
    "drawdown": ("drawdown", "VOCA-FFY20", "--amount", "100", "--date", "2020-03-01"),
    "award": ("award", "add", "CVRC-HT-FY20B", "--source", "CVRC-HT", "--fy", "FY20",
              "--amount", "10"),
    "subgrant": ("subgrant", "add", "LL-DOJ20", "--award", "DOJ-2019",
                 "--subgrantee", "LIFELINK", "--amount", "10", "--start", "2020-01-01"),
}  # fmt: skip


@pytest.fixture
def closed(books: Cli) -> tuple[Cli, int, int]:
    """The books with VOCA, a disbursement dated 2019-11-01, and FY2020 closed."""
    add_federal(books)
    paid = pay(books, "LP-FY20", "LP-0001", "2019-11-01", "850")
    done = books.ok("close", "FY2020", *REASON)
    assert done.stdout.startswith("Closed FY2020 (entry ")
    entry = int(done.stdout.split("(entry ")[1].split(")")[0])
    return books, paid, entry


def _refused(cli: Cli, args: tuple[str, ...], close: int) -> str:
    before = snapshot(cli.url)
    result = cli.run(*args)
    assert result.exit_code == 1, (args, result.stdout)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(cli.url) == before, args
    assert f"FY2020, closed by entry {close} on " in result.stderr, result.stderr
    assert "by clerk: reopen it with `fundtrack reopen FY2020 --reason ...` first" in result.stderr
    return str(result.stderr)


def test_nothing_dated_in_a_closed_year_is_recorded_until_it_is_reopened(
    closed: tuple[Cli, int, int],
) -> None:
    cli, paid, close = closed
    for args in IN_FY2020.values():
        _refused(cli, args, close)
    said = _refused(cli, ("void", str(paid), "--reason", "wrong client"), close)
    assert said.startswith("Error: 2019-11-01 is in FY2020, closed by entry")
    cli.ok("check", *CHECKS)
    cli.ok("reopen", "FY2020", "--reason", "late invoice approved by the director")
    for what, args in IN_FY2020.items():
        done = cli.run(*args)
        assert done.exit_code == 0, (what, done.stderr)
        assert "Warning: " in done.stderr  # FY2020 has ended and is open again: late
    cli.ok("void", str(paid), "--reason", "wrong client")
    cli.ok("check", *CHECKS)


def test_an_entry_outside_the_closed_year_is_recorded(closed: tuple[Cli, int, int]) -> None:
    cli, _paid, _close = closed
    cli.ok("drawdown", "VOCA-FFY20", "--amount", "100", "--date", "2020-07-01")  # FY2021


def test_an_amendment_effective_in_a_closed_year_is_refused_where_every_entry_is_appended(
    closed: tuple[Cli, int, int],
) -> None:
    cli, _paid, close = closed
    db = Database(cli.url)
    before = snapshot(cli.url)

    def amend(session: Any) -> None:
        award = session.query(Award).filter_by(code="CVRC-HT-FY20").one()
        row = {
            "kind": AWARD_AMENDMENT, "amount_cents": 100, "entry_date": date(2020, 5, 1),
            "award_id": award.id, "terms": "{}", "reason": "more money",
            "recorded_at": clock.utc_now(), "recorded_by": "clerk",
        }  # fmt: skip
        append.append(session, [row])

    try:
        with pytest.raises(
            RuleViolation, match=f"2020-05-01 is in FY2020, closed by entry {close}"
        ):
            db.write(amend)
    finally:
        db.dispose()
    assert snapshot(cli.url) == before


def test_an_import_with_rows_in_a_closed_year_is_refused_whole(
    closed: tuple[Cli, int, int], tmp_path: Path
) -> None:
    cli, _paid, close = closed
    file = tmp_path / "pay.csv"
    file.write_text(
        "date,subgrant,client,category,amount\n"
        "2020-05-01,LP-FY20,LP-0001,rent,10\n"
        "2020-05-02,LP-FY20,LP-0001,rent,10\n"
    )
    before = snapshot(cli.url)
    result = cli.run("import", "disbursements", str(file))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "Error: 2 of the batch's 2 rows cannot be recorded; the first (row 1 under the header): "
        f"2020-05-01 is in FY2020, closed by entry {close}"
    )
    assert snapshot(cli.url) == before


def test_an_import_of_awards_in_a_closed_year_is_refused_whole(
    closed: tuple[Cli, int, int], tmp_path: Path
) -> None:
    cli, _paid, close = closed
    file = tmp_path / "awards.csv"
    file.write_text("code,source,fy,amount\nCVRC-HT-FY21,CVRC-HT,FY21,10\nCVRC-X,CVRC-HT,FY20,10\n")
    before = snapshot(cli.url)
    result = cli.run("import", "awards", str(file))
    assert result.exit_code == 1
    assert f"is in FY2020, closed by entry {close}" in result.stderr
    assert snapshot(cli.url) == before


def test_closing_and_reopening_are_refused_when_there_is_nothing_to_do(
    closed: tuple[Cli, int, int],
) -> None:
    cli, _paid, close = closed
    before = snapshot(cli.url)
    again = cli.run("close", "FY20", *REASON)
    assert again.exit_code == 1
    assert f"FY2020 is already closed, by entry {close} on " in again.stderr
    never = cli.run("reopen", "FY2021", "--reason", "x")
    assert never.exit_code == 1 and "FY2021 is not closed; nothing to reopen" in never.stderr
    federal = cli.run("close", "FFY2020", "--calendar", "state", *REASON)
    assert federal.exit_code == 1 and "FFY2020 is a federal fiscal year" in federal.stderr
    with clock.today_is(date(2020, 6, 30)):
        early = cli.run("close", "FY2020", *REASON)
    assert early.exit_code == 1
    assert "FY2020 has not ended (it runs 2019-07-01..2020-06-30)" in early.stderr
    unexplained = cli.run("close", "FY2021")
    assert unexplained.exit_code == 2 and "--reason" in unexplained.stderr
    assert snapshot(cli.url) == before


def test_close_list_shows_each_year_with_who_and_when(closed: tuple[Cli, int, int]) -> None:
    cli, _paid, close = closed
    cli.ok("close", "FFY2020", "--reason", "SF-425 final filed")
    reopened = cli.ok("reopen", "FFY2020", "--reason", "late drawdown", by="alice")
    assert reopened.stdout.startswith("Reopened FFY2020 (entry ")
    years = cli.json("close", "--list")
    assert [(y["year"], y["calendar"], y["state"], y["by"]) for y in years] == [
        ("FY2020", "state", "closed", "clerk"),
        ("FFY2020", "federal", "reopened", "alice"),
    ]
    assert years[0]["entry"] == close and years[0]["start"] == "2019-07-01"
    assert years[1]["end"] == "2020-09-30" and years[1]["reason"] == "late drawdown"
    log = cli.ok("log").stdout
    assert "close" in log and "reopen" in log


def test_a_late_entry_warns_which_year_and_how_to_close_it(books: Cli) -> None:
    done = books.ok(*IN_FY2020["disbursement"])
    assert done.stderr == (
        "Warning: 2020-06-15 is in FY2020 (the state calendar of its award's source), which "
        "has ended and is not closed: reports already made for FY2020 will change; once its "
        "books are final, close it with `fundtrack close FY2020 --reason ...`\n"
    )


def test_an_entry_in_the_current_year_does_not_warn(books: Cli) -> None:
    with clock.today_is(date(2020, 6, 20)):
        done = books.ok(*IN_FY2020["disbursement"])
    assert done.stderr == ""


def test_a_late_entry_is_read_in_its_sources_calendar(books: Cli) -> None:
    add_federal(books)
    with clock.today_is(date(2020, 10, 15)):  # state FY2021 is current; FFY2020 has ended
        done = books.ok("drawdown", "VOCA-FFY20", "--amount", "100", "--date", "2020-08-01")
        current = books.ok(
            "award", "add", "CVRC-HT-FY21", "--source", "CVRC-HT", "--fy", "FY21", "--amount", "10"
        )
    assert "2020-08-01 is in FFY2020 (the federal calendar of its award's source)" in done.stderr
    assert current.stderr == ""  # CVRC-HT is state money: FY2021 has not ended


def test_an_import_of_late_rows_warns_once(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "pay.csv"
    file.write_text(
        "date,subgrant,client,category,amount\n"
        "2020-05-01,LP-FY20,LP-0001,rent,10\n"
        "2020-05-02,LP-FY20,LP-0001,rent,10\n"
    )
    done = books.ok("import", "disbursements", str(file))
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [
        "Warning: 2 entries are dated in fiscal years that have ended and are not closed "
        "(FY2020: 2; in the state calendar of each award's source): reports already made for "
        "those years will change; once a year is final, close it with `fundtrack close FY2020 "
        "--reason ...`"
    ]


def test_closing_an_award_records_its_remainder_and_it_takes_no_more_entries(
    books: Cli,
) -> None:
    paid = pay(books, "LP-FY20", "LP-0001", "2019-11-01", "850")
    with clock.today_is(date(2020, 6, 30)):
        early = books.run("award", "close", "CVRC-HT-FY20", "--reason", "done")
    assert early.exit_code == 1 and "runs to 2020-06-30; close it after 2020-06-30" in early.stderr
    done = books.json("award", "close", "CVRC-HT-FY20", "--reason", "period over")
    assert done["reverted"] == "149150.00"
    shown = books.json("award", "show", "CVRC-HT-FY20")
    assert (shown["disbursed"], shown["reverted"], shown["remaining"]) == (
        "850.00", "149150.00", "0.00",
    )  # fmt: skip
    close = done["entry"]
    for args in (
        IN_FY2020["disbursement"],
        IN_FY2020["service"],
        ("void", str(paid), "--reason", "wrong client"),
        ("award", "close", "CVRC-HT-FY20", "--reason", "again"),
    ):
        before = snapshot(books.url)
        result = books.run(*args)
        assert result.exit_code == 1, args
        assert f"award CVRC-HT-FY20 was closed by entry {close} on " in result.stderr
        assert snapshot(books.url) == before
    books.ok("check", *CHECKS)
    books.ok("void", str(close), "--reason", "closed the wrong award")
    books.ok(*IN_FY2020["disbursement"])
    assert "reverted" not in books.json("award", "show", "CVRC-HT-FY20")


def test_federal_money_lapses_after_the_liquidation_period(books: Cli) -> None:
    add_federal(books)  # VOCA-FFY20 runs to 2023-09-30
    with clock.today_is(date(2023, 12, 1)):
        early = books.run("award", "close", "VOCA-FFY20", "--reason", "done")
    assert early.exit_code == 1
    assert "90-day liquidation period (to 2023-12-29); close it after 2023-12-29" in early.stderr
    done = books.json("award", "close", "VOCA-FFY20", "--reason", "period over")
    assert done["lapsed"] == "50000.00"
    final = books.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2023-Q4", "--final")
    assert final["final"] is True
    refused = books.run("drawdown", "VOCA-FFY20", "--amount", "1", "--date", "2023-01-01")
    assert refused.exit_code == 1 and "takes no more entries" in refused.stderr
