"""LibreOffice recalculates every report workbook; each total and derived figure must agree
to the cent with the JSON of the same report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from report_scenarios import MILLION_BY_HAND, add_federal, add_voca_million, pay, void
from support import Cli, recalculated, require_tool

pytestmark = pytest.mark.libreoffice
CENT = Decimal("0.01")
MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}


def money(value: Any) -> Decimal:
    return Decimal(repr(value)).quantize(CENT)


@pytest.fixture(autouse=True)
def libreoffice() -> None:
    """Every test here runs LibreOffice: skipped where it is missing, failed so in CI."""
    require_tool("soffice")


def rows(ws: Any, first: int) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first) if row[0].value]


def books_with_money(books: Cli) -> Cli:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200.10", "rent")
    pay(books, "LP-FY20", "LP-0002", "2020-01-01", "310.33", "travel")
    pay(books, "LL-VOCA", "LP-0001", "2020-02-01", "400.07")
    pay(books, "LL-DOJ", "LL-0003", "2020-06-30", "999.99", "travel")
    void(books, pay(books, "NMILC-FY20", "NM-0004", "2020-04-01", "500", "civil-legal"))
    pay(books, "NMILC-FY20", "NM-0004", "2020-04-02", "50.01", "civil-legal")
    return books


def test_balances_figures_survive_recalculation(books: Cli, tmp_path: Path) -> None:
    books_with_money(books)
    report = books.json("report", "balances", "--as-of", "2020-06-30")
    path = tmp_path / "balances.xlsx"
    books.ok("report", "balances", "--as-of", "2020-06-30", "-o", str(path), env=MADE_AT)
    book = recalculated(path, tmp_path)
    awards = rows(book["Balances"], 4)
    assert [r[0] for r in awards] == [a["award"] for a in report["awards"]] + ["Total"]
    fields = ("amount", "allocated", "unallocated", "disbursed", "remaining")
    for row, award in zip(awards, report["awards"], strict=False):
        assert [money(v) for v in row[5:10]] == [Decimal(award[f]) for f in fields], award
        spent = Decimal(award["disbursed"]) / Decimal(award["amount"])
        assert abs(Decimal(repr(row[10])) - spent) < Decimal("1e-9")
    for offset, field in enumerate(fields):
        total = sum(Decimal(a[field]) for a in report["awards"])
        assert money(awards[-1][5 + offset]) == total, field
    subgrants = [g for a in report["awards"] for g in a["subgrants"]]
    lines = rows(book["Subgrants"], 4)
    for row, g in zip(lines, subgrants, strict=False):
        assert row[0] == g["subgrant"]
        assert [money(v) for v in row[6:9]] == [
            Decimal(g[f]) for f in ("amount", "disbursed", "remaining")
        ]  # fmt: skip
    for offset, field in enumerate(("amount", "disbursed", "remaining")):
        assert money(lines[-1][6 + offset]) == sum(Decimal(g[field]) for g in subgrants)
    categories = rows(book["Subgrant categories"], 4)
    spent_by = {(r[0], r[1]): money(r[3]) for r in categories[:-1]}
    expected = {
        (g["subgrant"], c): Decimal(v) for g in subgrants for c, v in g["by_category"].items()
    }
    assert spent_by == expected
    assert money(categories[-1][3]) == sum(expected.values())
    rent = next(r for r in categories if r[:2] == ["LP-FY20", "rent"])
    assert money(rent[4]) == Decimal("40000.00") - Decimal("1200.10")


def test_the_lapse_forecast_survives_recalculation(books: Cli, tmp_path: Path) -> None:
    """The forecast's formula, recalculated by LibreOffice, agrees with the JSON and with the
    figures worked by hand (tests/report_scenarios.py), and its inputs are the ones shown."""
    add_federal(books)  # awards beside it, each with its own forecast
    add_voca_million(books)
    for as_of, (recent, rate_days, days_left, remaining, forecast, flag) in sorted(
        MILLION_BY_HAND.items()
    ):
        report = books.json("report", "balances", "--as-of", as_of)
        path = tmp_path / f"balances-{as_of}.xlsx"
        books.ok("report", "balances", "--as-of", as_of, "-o", str(path), env=MADE_AT)
        awards = rows(recalculated(path, tmp_path)["Balances"], 4)
        by_code = {a["award"]: a for a in report["awards"]}
        for row in awards[:-1]:
            assert money(row[14]) == Decimal(by_code[row[0]]["forecast_unspent"]), row
            assert row[15] == by_code[row[0]]["status"]
        [million] = [r for r in awards if r[0] == "VOCA-MILLION"]
        assert [money(million[9]), money(million[11]), million[12], million[13]] == [
            Decimal(remaining), Decimal(recent), rate_days, days_left
        ]  # fmt: skip
        assert (money(million[14]), million[15]) == (Decimal(forecast), flag)
        total = sum(Decimal(a["forecast_unspent"]) for a in report["awards"])
        assert money(awards[-1][14]) == total


def test_victims_and_fiscal_year_figures_survive_recalculation(books: Cli, tmp_path: Path) -> None:
    books_with_money(books)
    victims = books.json("report", "victims-served", "--fy", "2020..2021")
    counts = {(r["fiscal_year"], r["source"]): r["victims_served"] for r in victims["rows"]}
    path = tmp_path / "victims.xlsx"
    books.ok("report", "victims-served", "--fy", "2020..2021", "-o", str(path), env=MADE_AT)
    sheet = rows(recalculated(path, tmp_path)["Victims served"], 5)
    sources = ["CVRC-HT", "DOJ", "VOCA", None]
    for row, year in zip(sheet, [2020, 2021, None], strict=True):
        assert row[1:5] == [counts[(year, s)] for s in sources]

    balances = books.json("report", "balances", "--as-of", "2020-06-30")
    path = tmp_path / "fy.xlsx"
    books.ok("report", "fiscal-year", "2020", "-o", str(path), env=MADE_AT)
    book = recalculated(path, tmp_path)
    summary = rows(book["Summary"], 5)
    assert [r[0] for r in summary] == ["CVRC-HT", "DOJ", "VOCA", "All sources"]
    assert [r[1] for r in summary] == [counts[(2020, s)] for s in sources]
    disbursed_in_year = Decimal("1200.10") + Decimal("310.33") + Decimal("400.07")
    disbursed_in_year += Decimal("999.99") + Decimal("50.01")
    assert money(summary[-1][3]) == disbursed_in_year
    assert summary[-1][2] == 5  # the voided disbursement is not counted
    by_category = rows(book["By category"], 4)
    assert money(by_category[-1][3]) == disbursed_in_year and by_category[-1][2] == 5
    register = rows(book["Disbursement register"], 5)
    assert register[-1][0] == "Total" and money(register[-1][8]) == disbursed_in_year
    assert sum(money(r[8]) for r in register[:-1]) == disbursed_in_year
    awards = rows(book["Balances"], 4)
    by_code = {a["award"]: a for a in balances["awards"]}
    for row in awards[:-1]:
        assert money(row[9]) == Decimal(by_code[row[0]]["remaining"])
        assert money(row[7]) == Decimal(by_code[row[0]]["unallocated"])
    assert money(awards[-1][9]) == sum(Decimal(by_code[r[0]]["remaining"]) for r in awards[:-1])


def test_text_that_looks_like_a_formula_stays_text_after_recalculation(
    books: Cli, tmp_path: Path
) -> None:
    add_federal(books)
    hostile = ['=HYPERLINK("http://x","y")', "=1+1", "+1 month", "-adjusted", "@SUM(1)"]
    books.ok("subgrantee", "add", "EVIL", "--name", hostile[0])
    books.ok("subgrant", "add", "EV-VOCA", "--award", "VOCA-FFY20", "--subgrantee", "EVIL",
             "--amount", "1000")  # fmt: skip
    for day, memo in enumerate(hostile[1:], 1):
        pay(books, "EV-VOCA", f"EV-000{day}", f"2020-03-0{day}", "10", "travel", "--memo", memo)
    path = tmp_path / "fy.xlsx"
    books.ok("report", "fiscal-year", "2020", "-o", str(path), env=MADE_AT)
    book = recalculated(path, tmp_path)
    [name] = [r[3] for r in book["Subgrants"].iter_rows(min_row=4) if r[0].value == "EV-VOCA"]
    memos = [r[12] for r in book["Disbursement register"].iter_rows(min_row=5) if r[12].value]
    for cell, text in zip([name, *memos], hostile, strict=True):
        # the same text, not its result; and still in the Text format, so an edit stays text
        assert (cell.value, cell.data_type, cell.number_format) == (text, "s", "@"), text
    by_subgrantee = rows(book["By subgrantee"], 4)
    assert [r[2] for r in by_subgrantee if r[1] == "EVIL"] == [hostile[0]]
    assert money(rows(book["Disbursement register"], 5)[-1][8]) == Decimal("40.00")
