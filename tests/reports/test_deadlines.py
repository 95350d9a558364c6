"""Deadlines computed by hand on small books: a VOCA award, a DOJ award, a state award, and
subgrants above, at and below the FFATA threshold (tests/deadline_scenario.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from deadline_scenario import add_deadline_awards
from fundtrack import clock
from support import Cli

V, D, S = "VOCA-FFY20", "DOJ-2020", "CVRC-HT-FY20"

#: Every deadline of the scenario, worked out by hand from the rules, in the order listed.
EVERY_DEADLINE = [
    # LL-VOCA ($40,000) made 2019-11-15: FFATA by the end of December.
    ("2019-12-31", "ffata", V, "LL-VOCA"),
    # Quarter ending 2019-12-31: SF-425s due Jan 30; VOCA quarterly and DOJ semiannual
    # performance reports too.
    ("2020-01-30", "sf425", D, None),
    ("2020-01-30", "sf425", V, None),
    ("2020-01-30", "performance", D, None),
    ("2020-01-30", "performance", V, None),
    # LL-VOCA's SAR: 2019-11-15 + 90 days (15 + 31 + 31 + 13).
    ("2020-02-13", "sar", V, "LL-VOCA"),
    # LL-DOJ ($30,000.00, exactly the threshold) made 2020-01-31: end of February, a leap year.
    ("2020-02-29", "ffata", D, "LL-DOJ"),
    # SS-VOCA ($29,999.99: no FFATA) started 2020-01-01: + 90 days (30 + 29 + 31).
    ("2020-03-31", "sar", V, "SS-VOCA"),
    ("2020-04-30", "sf425", D, None),
    ("2020-04-30", "sf425", V, None),
    ("2020-04-30", "performance", V, None),
    # The state award's last day.
    ("2020-06-30", "reversion", S, None),
    ("2020-07-30", "sf425", D, None),
    ("2020-07-30", "sf425", V, None),
    ("2020-07-30", "performance", D, None),
    ("2020-07-30", "performance", V, None),
    # SS-VOCA ended 2020-06-30: + 90 days (31 + 31 + 28).
    ("2020-09-28", "closeout", V, "SS-VOCA"),
    ("2020-10-30", "sf425", D, None),
    ("2020-10-30", "sf425", V, None),
    ("2020-10-30", "performance", V, None),
    # VOCA-FFY20's last quarter (it ends 2020-12-31) is reported too.
    ("2021-01-30", "sf425", D, None),
    ("2021-01-30", "sf425", V, None),
    ("2021-01-30", "performance", D, None),
    ("2021-01-30", "performance", V, None),
    # LL-VOCA ended 2020-12-31: + 90 days (31 + 28 + 31).
    ("2021-03-31", "closeout", V, "LL-VOCA"),
    # DOJ-2020 ends 2021-03-15, inside the quarter ending 2021-03-31: its SF-425 is due.
    ("2021-04-30", "sf425", D, None),
    # VOCA-FFY20 ended 2020-12-31: + 120 days (31 + 28 + 31 + 30).
    ("2021-04-30", "final-report", V, None),
    ("2021-04-30", "closeout", V, None),
    # LL-DOJ ended 2021-03-15: + 90 days (16 + 30 + 31 + 13).
    ("2021-06-13", "closeout", D, "LL-DOJ"),
    # DOJ-2020 ended 2021-03-15: + 120 days (16 + 30 + 31 + 30 + 13).
    ("2021-07-13", "final-report", D, None),
    ("2021-07-13", "closeout", D, None),
    # The half-year in which DOJ-2020 ends (to 2021-06-30) is reported on Jul 30.
    ("2021-07-30", "performance", D, None),
    # Three years after each final report.
    ("2024-04-30", "retention", V, None),
    ("2024-07-13", "retention", D, None),
]


@pytest.fixture
def scenario(books: Cli) -> Cli:
    return add_deadline_awards(books)


def listed(cli: Cli, *args: str) -> list[tuple[Any, ...]]:
    report = cli.json("deadlines", *args)
    assert set(report) == {"deadlines", "as_recorded"}
    assert report["as_recorded"] == cli.as_recorded()
    for d in report["deadlines"]:
        assert set(d) == {"date", "kind", "award", "subgrant", "what"}
    return [(d["date"], d["kind"], d["award"], d["subgrant"]) for d in report["deadlines"]]


def test_every_deadline_is_on_the_day_worked_out_by_hand(scenario: Cli) -> None:
    assert listed(scenario, "--from", "2019-07-01", "--within", "2000") == EVERY_DEADLINE


def test_the_window_holds_its_first_and_last_day(scenario: Cli) -> None:
    # 2020-01-30 + 90 days = 2020-04-29: the SF-425s of Apr 30 are one day out.
    got = listed(scenario, "--from", "2020-01-30", "--within", "90")
    wanted = [d for d in EVERY_DEADLINE if "2020-01-30" <= d[0] <= "2020-04-29"]
    assert got == wanted and got[0][0] == "2020-01-30" and got[-1][0] == "2020-03-31"
    assert listed(scenario, "--from", "2020-01-31", "--within", "90")[-1][0] == "2020-04-30"


def test_from_defaults_to_today_and_within_to_a_year(scenario: Cli) -> None:
    with clock.today_is(date(2020, 6, 30)):
        got = listed(scenario)
    assert got == [d for d in EVERY_DEADLINE if "2020-06-30" <= d[0] <= "2021-06-30"]


def test_each_deadline_says_what_is_due(scenario: Cli) -> None:
    report = scenario.json("deadlines", "--from", "2019-07-01", "--within", "2000")
    what = {
        (d["date"], d["kind"], d["subgrant"] or d["award"]): d["what"] for d in report["deadlines"]
    }
    assert what[("2019-12-31", "ffata", "LL-VOCA")] == (
        "LL-VOCA (LIFELINK): FFATA subaward report ($40,000.00, made 2019-11-15)"
    )
    assert what[("2020-01-30", "sf425", V)] == "VOCA-FFY20: SF-425 for FFY2020-Q1"
    assert what[("2020-01-30", "performance", D)] == (
        "DOJ-2020: performance report for the half-year ended 2019-12-31"
    )
    assert what[("2020-02-13", "sar", "LL-VOCA")] == (
        "LL-VOCA (LIFELINK): Subgrant Award Report (started 2019-11-15)"
    )
    assert what[("2020-06-30", "reversion", S)] == "CVRC-HT-FY20: unspent money reverts"
    assert what[("2021-07-13", "final-report", D)] == (
        "DOJ-2020: final report (period ended 2021-03-15)"
    )
    assert what[("2024-07-13", "retention", D)] == (
        "DOJ-2020: record retention ends (3 years after the final report)"
    )


def test_an_award_voided_whole_owes_nothing(books: Cli) -> None:
    books.ok("award", "add", "DOJ-2021", "--source", "DOJ", "--fy", "FFY2021", "--amount", "9000")
    entry = next(e["id"] for e in books.json("log") if e["award"] == "DOJ-2021")
    books.ok("void", str(entry), "--reason", "recorded twice")
    assert [d[2] for d in listed(books, "--from", "2019-07-01", "--within", "3000")] == [S]


def test_no_deadlines_is_an_empty_list_and_a_table_without_rows(books: Cli) -> None:
    assert listed(books, "--from", "2021-01-01", "--within", "30") == []
    shown = books.ok("deadlines", "--from", "2021-01-01", "--within", "30").stdout
    assert shown.splitlines()[0].strip() == "Deadlines from 2021-01-01 to 2021-01-31"
