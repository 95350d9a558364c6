"""report balances: figures as of a date, the lapse forecast, and the status flags at their
edges."""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fundtrack.fiscal import Calendar
from fundtrack.reports.balances import forecast, recent_window, status
from report_scenarios import MILLION_BY_HAND, add_federal, add_voca_million, award_rows, pay, void
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
                "forecast_unspent": "148499.50",  # its last day, nothing paid in 90 days
                "status": "at risk",
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
        ("2020-01-01", "active"),  # 181 days before the end, nothing spent
        ("2020-01-02", "at risk"),  # 180 days before: at this pace all of it is left
        ("2020-04-01", "at risk"),  # within 90 days, but at risk comes first
        ("2020-06-30", "at risk"),  # the last day
        ("2020-07-01", "reverts"),  # the day after, money unspent, state source
    ],
)
def test_state_award_status_at_its_edges(books: Cli, as_of: str, expected: str) -> None:
    assert award_rows(books, as_of)["CVRC-HT-FY20"]["status"] == expected


def pay_half_on(books: Cli, day: str) -> None:
    """$75,000 of CVRC-HT-FY20's $150,000 paid on ``day``."""
    for category, amount in (
        ("rent", "40000"),
        ("relocation", "20000"),
        ("travel", "5000"),
        ("crisis-stabilization", "10000"),
    ):
        pay(books, "LP-FY20", "LP-0001", day, amount, category)


@pytest.mark.parametrize(
    ("as_of", "forecast", "expected"),
    [
        # $75,000 left; $75,000 paid in the last 90 days: $833.33 a day
        ("2020-03-31", "0.00", "active"),  # 91 days left: 75,000 - 75,000 x 91/90 < 0
        ("2020-04-01", "0.00", "ends within 90 days"),  # 90 days left: spent exactly
        ("2020-04-02", "833.33", "at risk"),  # 89 days: 75,000 - 75,000 x 89/90
        ("2020-05-29", "48333.33", "at risk"),  # 32 days; 2020-03-01 is the window's first day
        ("2020-05-30", "75000.00", "at risk"),  # it left the window: no recent pace
    ],
)
def test_the_recent_pace_decides_between_at_risk_and_ends_within_90_days(
    books: Cli, as_of: str, forecast: str, expected: str
) -> None:
    pay_half_on(books, "2020-03-01")
    row = award_rows(books, as_of)["CVRC-HT-FY20"]
    assert (row["remaining"], row["forecast_unspent"], row["status"]) == (
        "75000.00", forecast, expected
    )  # fmt: skip


def test_a_federal_award_lapses_the_day_after_its_period(books: Cli) -> None:
    add_federal(books)  # VOCA-FFY20 ends 2023-09-30
    rows = award_rows(books, "2023-09-30", "--source", "VOCA")
    assert rows["VOCA-FFY20"]["status"] == "at risk"  # its last day, all of it unspent
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
    # the day before, the cent left is forecast unspent (nothing paid in the last 90 days)
    for day, flag in (("2020-06-29", "at risk"), ("2020-06-30", "fully spent")):
        assert award_rows(books, day)["CVRC-HT-FY20"]["status"] == flag
    assert award_rows(books, "2021-01-01")["CVRC-HT-FY20"]["status"] == "fully spent"


def test_status_rules_as_a_function() -> None:
    end = date(2020, 9, 30)

    def flag(
        as_of: date,
        disbursed: str = "0",
        amount: str = "10",
        cal: Calendar = Calendar.FEDERAL,
        forecast: str = "0",
    ) -> str:
        return status(
            amount=Decimal(amount),
            disbursed=Decimal(disbursed),
            end=end,
            as_of=as_of,
            calendar=cal,
            forecast_unspent=Decimal(forecast),
        )

    assert flag(date(2020, 7, 1)) == "active"  # 91 days to go
    assert flag(date(2020, 7, 2)) == "ends within 90 days"  # 90 days to go
    assert flag(end) == "ends within 90 days"
    assert flag(date(2020, 10, 1)) == "lapses"
    assert flag(date(2020, 10, 1), cal=Calendar.STATE) == "reverts"
    assert flag(date(2020, 10, 1), disbursed="10") == "fully spent"
    assert flag(date(2020, 10, 1), amount="0") == "voided"
    assert flag(date(2020, 4, 2), forecast="0.01") == "active"  # 181 days to go
    assert flag(date(2020, 4, 3), forecast="0.01") == "at risk"  # 180 days to go
    assert flag(date(2020, 7, 2), forecast="0.01") == "at risk"  # before "ends within 90 days"
    assert flag(end, forecast="10") == "at risk"
    assert flag(date(2020, 10, 1), forecast="10") == "lapses"
    assert flag(date(2020, 4, 3), disbursed="10", forecast="0.01") == "fully spent"


def by_hand(recent: str, rate_days: int, days_left: int, remaining: str) -> Decimal:
    exact = Decimal(remaining) - Decimal(recent) * days_left / rate_days
    return max(Decimal(0), exact).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("as_of", sorted(MILLION_BY_HAND))
def test_the_forecast_of_a_million_dollar_award_is_worked_by_hand(
    books: Cli, tmp_path: Path, as_of: str
) -> None:
    recent, rate_days, days_left, remaining, forecast, flag = MILLION_BY_HAND[as_of]
    assert str(by_hand(recent, rate_days, days_left, remaining)) == forecast
    add_voca_million(books)
    row = award_rows(books, as_of, "--source", "VOCA")["VOCA-MILLION"]
    assert (row["remaining"], row["forecast_unspent"], row["status"]) == (
        remaining, forecast, flag
    )  # fmt: skip
    path = tmp_path / "b.csv"
    books.ok("report", "balances", "--as-of", as_of, "--source", "VOCA", "-o", str(path))
    with path.open(newline="", encoding="utf-8") as f:
        [line] = [r for r in csv.DictReader(f) if r["Award"] == "VOCA-MILLION"]
    assert line["Award forecast unspent"] == forecast
    path = tmp_path / "b.xlsx"
    books.ok("report", "balances", "--as-of", as_of, "--source", "VOCA", "-o", str(path))
    ws = load_workbook(path, data_only=True)["Balances"]
    [cells] = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "VOCA-MILLION"]
    assert [Decimal(str(cells[11])), cells[12], cells[13]] == [
        Decimal(recent), rate_days, days_left
    ]  # fmt: skip
    assert Decimal(str(cells[14])) == Decimal(forecast) and cells[15] == flag


@pytest.mark.parametrize(
    ("start", "rate_days"),
    [
        (date(2020, 6, 30), 1),  # starts on the as-of date: day 1, never 0
        (date(2020, 6, 29), 2),
        (date(2020, 4, 2), 90),  # 89 days before: the 90th day
        (date(2020, 4, 1), 90),  # 90 days before: still 90
        (date(2019, 7, 1), 90),
    ],
)
def test_rate_days_count_the_start_day(start: date, rate_days: int) -> None:
    as_of = date(2020, 6, 30)
    ahead = forecast(
        remaining_cents=0, recent_cents=0, start=start, end=date(2020, 12, 31), as_of=as_of
    )
    assert (ahead.rate_days, ahead.days_left) == (rate_days, 184)
    assert recent_window(as_of) == date(2020, 4, 2)  # the window's 90 days, as-of included


def test_the_forecast_rounds_half_a_cent_up_and_never_goes_below_zero() -> None:
    on, end = date(2020, 6, 30), date(2020, 7, 1)  # 1 day left

    def unspent(remaining: int, recent: int, start: date = date(2020, 6, 29)) -> Decimal:
        return forecast(
            remaining_cents=remaining, recent_cents=recent, start=start, end=end, as_of=on
        ).unspent

    assert unspent(1, 1) == Decimal("0.01")  # 1 - 1/2 x 1 = half a cent: up
    assert unspent(3, 5, date(2020, 6, 28)) == Decimal("0.01")  # 3 - 5/3 = 1.33 cents: down
    assert unspent(5, 7, date(2020, 6, 28)) == Decimal("0.03")  # 5 - 7/3 = 2.67 cents: up
    assert unspent(1, 2) == Decimal("0.00")  # exactly spent
    assert unspent(1, 300) == Decimal("0.00")  # far ahead of the money: 0, not negative
    ended = forecast(
        remaining_cents=123, recent_cents=999, start=date(2020, 1, 1), end=on, as_of=end
    )
    assert (ended.days_left, ended.unspent) == (0, Decimal("1.23"))  # ended: all that remains
