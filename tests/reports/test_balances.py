"""report balances: figures as of a date, and the status flags at their edges."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from fundtrack.fiscal import Calendar
from fundtrack.reports.balances import status
from report_scenarios import add_federal, award_rows, pay, void
from support import Cli


def test_balances_json_has_the_documented_shape(books: Cli) -> None:
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200")
    pay(books, "NMILC-FY20", "LP-0001", "2019-12-01", "300.5", "civil-legal")
    assert books.json("report", "balances", "--as-of", "2020-06-30") == {
        "as_of": "2020-06-30",
        "awards": [
            {
                "award": "CVRC-HT-FY20",
                "source": "CVRC-HT",
                "fiscal_year": 2020,
                "start": "2019-07-01",
                "end": "2020-06-30",
                "amount": "150000.00",
                "allocated": "150000.00",
                "unallocated": "0.00",
                "disbursed": "1500.50",
                "remaining": "148499.50",
                "percent_spent": "1.0",
                "status": "ends within 90 days",
                "subgrants": [
                    {
                        "subgrant": "LP-FY20",
                        "subgrantee": "LAPINON",
                        "amount": "99811.69",
                        "disbursed": "1200.00",
                        "remaining": "98611.69",
                        "by_category": {
                            "crisis-stabilization": "0.00",
                            "relocation": "0.00",
                            "rent": "1200.00",
                            "travel": "0.00",
                        },
                    },
                    {
                        "subgrant": "NMILC-FY20",
                        "subgrantee": "NMILC",
                        "amount": "50188.31",
                        "disbursed": "300.50",
                        "remaining": "49887.81",
                        "by_category": {"civil-legal": "300.50"},
                    },
                ],
            }
        ],
        "as_recorded": books.as_recorded(),
    }


def test_period_and_percent_spent_per_award_are_what_the_table_shows(books: Cli) -> None:
    add_federal(books)
    books.ok("award", "add", "CVRC-HT-FY19", "--source", "CVRC-HT", "--fy", "FY19",
             "--amount", "145000")  # fmt: skip
    void(books, books.json("log")[-1]["id"])  # nothing awarded: no percentage to show
    for category, amount in (
        ("rent", "40000"),
        ("travel", "5000"),
        ("relocation", "20000"),
        ("crisis-stabilization", "34811.69"),
    ):
        pay(books, "LP-FY20", "LP-0001", "2020-01-15", amount, category)
    pay(books, "NMILC-FY20", "LP-0001", "2020-01-15", "39838.31", "civil-legal")  # 139,650.00
    pay(books, "LL-VOCA", "LP-0002", "2020-01-15", "12345.67")  # 24.69134% of 50,000
    rows = award_rows(books, "2020-06-30")
    assert {code: (r["start"], r["end"], r["percent_spent"]) for code, r in rows.items()} == {
        "CVRC-HT-FY19": ("2018-07-01", "2019-06-30", None),
        "CVRC-HT-FY20": ("2019-07-01", "2020-06-30", "93.1"),
        "VOCA-FFY20": ("2019-10-01", "2023-09-30", "24.7"),
        "DOJ-2019": ("2018-10-01", "2021-09-30", "0.0"),
    }
    table = books.ok("report", "balances", "--as-of", "2020-06-30").stdout.splitlines()
    for code, row in rows.items():
        [line] = [line for line in table if line.split()[:1] == [code]]
        spent = re.findall(r" (\d+\.\d)% ", line)
        assert spent == ([] if row["percent_spent"] is None else [row["percent_spent"]]), line


def test_as_of_counts_entries_dated_on_or_before_the_day(books: Cli) -> None:
    pay(books, "NMILC-FY20", "LP-0001", "2020-03-01", "500", "civil-legal")
    before = award_rows(books, "2020-02-29")["CVRC-HT-FY20"]
    on_the_day = award_rows(books, "2020-03-01")["CVRC-HT-FY20"]
    assert (before["disbursed"], before["remaining"]) == ("0.00", "150000.00")
    assert (on_the_day["disbursed"], on_the_day["remaining"]) == ("500.00", "149500.00")
    assert before["subgrants"][1]["by_category"] == {}


def test_a_voided_disbursement_nets_to_zero_at_every_date(books: Cli) -> None:
    entry = pay(books, "NMILC-FY20", "LP-0001", "2020-03-01", "500", "civil-legal")
    void(books, entry)  # recorded later, dated like the original
    for day in ("2020-03-01", "2020-06-30"):
        assert award_rows(books, day)["CVRC-HT-FY20"]["disbursed"] == "0.00"


def test_awards_and_subgrants_appear_once_their_period_has_started(books: Cli) -> None:
    add_federal(books)  # VOCA-FFY20 starts 2019-10-01; DOJ-2019 on 2018-10-01
    assert set(award_rows(books, "2019-06-30")) == {"DOJ-2019"}
    assert set(award_rows(books, "2019-07-01")) == {"DOJ-2019", "CVRC-HT-FY20"}
    assert set(award_rows(books, "2019-10-01", "--source", "VOCA")) == {"VOCA-FFY20"}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-03-31", "active"),  # 91 days before the end
        ("2020-04-01", "ends within 90 days"),  # 90 days before
        ("2020-06-30", "ends within 90 days"),  # the last day
        ("2020-07-01", "reverts"),  # the day after, money unspent, state source
    ],
)
def test_state_award_status_at_its_edges(books: Cli, as_of: str, expected: str) -> None:
    assert award_rows(books, as_of)["CVRC-HT-FY20"]["status"] == expected


def test_a_federal_award_lapses_the_day_after_its_period(books: Cli) -> None:
    add_federal(books)  # VOCA-FFY20 ends 2023-09-30
    rows = award_rows(books, "2023-09-30", "--source", "VOCA")
    assert rows["VOCA-FFY20"]["status"] == "ends within 90 days"
    assert award_rows(books, "2023-10-01", "--source", "VOCA")["VOCA-FFY20"]["status"] == "lapses"


def test_fully_spent_needs_every_cent_and_wins_over_the_end_of_the_period(books: Cli) -> None:
    for category, amount in (
        ("rent", "40000"),
        ("travel", "5000"),
        ("relocation", "20000"),
        ("crisis-stabilization", "34811.69"),
    ):
        pay(books, "LP-FY20", "LP-0001", "2020-01-15", amount, category)
    pay(books, "NMILC-FY20", "LP-0001", "2020-01-15", "50188.30", "civil-legal")
    one_cent_left = award_rows(books, "2020-07-01")["CVRC-HT-FY20"]
    assert (one_cent_left["remaining"], one_cent_left["status"]) == ("0.01", "reverts")
    pay(books, "NMILC-FY20", "LP-0001", "2020-06-30", "0.01", "civil-legal")
    for day, flag in (("2020-06-29", "ends within 90 days"), ("2020-06-30", "fully spent")):
        assert award_rows(books, day)["CVRC-HT-FY20"]["status"] == flag
    assert award_rows(books, "2021-01-01")["CVRC-HT-FY20"]["status"] == "fully spent"


def test_status_rules_as_a_function() -> None:
    end = date(2020, 9, 30)

    def flag(as_of: date, disbursed: str = "0", amount: str = "10", cal=Calendar.FEDERAL) -> str:
        return status(
            amount=Decimal(amount), disbursed=Decimal(disbursed), end=end, as_of=as_of, calendar=cal
        )

    assert flag(date(2020, 7, 1)) == "active"  # 91 days to go
    assert flag(date(2020, 7, 2)) == "ends within 90 days"  # 90 days to go
    assert flag(end) == "ends within 90 days"
    assert flag(date(2020, 10, 1)) == "lapses"
    assert flag(date(2020, 10, 1), cal=Calendar.STATE) == "reverts"
    assert flag(date(2020, 10, 1), disbursed="10") == "fully spent"
    assert flag(date(2020, 10, 1), amount="0") == "voided"
