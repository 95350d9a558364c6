"""``report ... -o FILE``: the extension picks the form, and every form agrees with --json."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fundtrack.fiscal import Calendar, fiscal_year_of
from report_scenarios import add_federal, pay, void
from support import Cli, snapshot

MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}
REPORTS = [
    ("victims-served", "--fy", "2020..2021"),
    ("balances", "--as-of", "2020-06-30"),
    ("fiscal-year", "FY2020"),
    ("pmt", "--fy", "FFY2020"),
]


def scenario(books: Cli) -> Cli:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200.10", "rent", "--memo", "=1+1")
    pay(books, "LP-FY20", "LP-0002", "2020-01-01", "310.33", "travel")
    pay(books, "LL-VOCA", "LP-0001", "2020-02-01", "400.07")
    pay(books, "LL-DOJ", "LL-0003", "2020-08-30", "999.99", "travel")
    void(books, pay(books, "NMILC-FY20", "NM-0004", "2020-04-01", "500", "civil-legal"))
    return books


def written(books: Cli, target: Path, *args: str) -> Path:
    result = books.run("report", *args, "-o", str(target), env=MADE_AT)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Wrote {target}.\n"
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: a[0])
def test_a_json_file_is_what_json_prints(books: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    scenario(books)
    printed = books.ok("report", *args, "--json").stdout
    path = written(books, tmp_path / "r.json", *args)
    assert path.read_text(encoding="utf-8") == printed
    private = args[0] == "fiscal-year"  # the register names clients
    assert stat.S_IMODE(path.stat().st_mode) == (0o600 if private else 0o644)


def test_balances_csv_is_a_row_per_subgrant_and_category(books: Cli, tmp_path: Path) -> None:
    report = scenario(books).json("report", "balances", "--as-of", "2020-06-30")
    rows = read_csv(written(books, tmp_path / "b.csv", "balances", "--as-of", "2020-06-30"))
    awards = {a["award"]: a for a in report["awards"]}
    assert {r["Award"] for r in rows} == set(awards)
    for row in rows:
        award = awards[row["Award"]]
        assert row["Award amount"] == award["amount"]
        assert row["Award remaining"] == award["remaining"]
        assert row["Award unallocated"] == award["unallocated"]
        assert row["Status"] == award["status"]
        subgrant = next(g for g in award["subgrants"] if g["subgrant"] == row["Subgrant"])
        assert (row["Subgrant amount"], row["Subgrant remaining"]) == (
            subgrant["amount"], subgrant["remaining"]
        )  # fmt: skip
        if row["Category"]:
            assert row["Category disbursed"] == subgrant["by_category"][row["Category"]]
    lines = {(r["Subgrant"], r["Category"]): r for r in rows}
    assert lines[("LP-FY20", "rent")]["Fiscal year"] == "FY2020"
    assert lines[("LL-DOJ", "")]["Fiscal year"] == "FFY2019"  # a federal year, labelled as one
    assert lines[("LP-FY20", "rent")]["Category budget"] == "40000.00"
    assert lines[("LP-FY20", "travel")]["Category disbursed"] == "310.33"
    assert lines[("NMILC-FY20", "")]["Subgrant disbursed"] == "0.00"  # its payment was voided
    assert lines[("LL-DOJ", "")]["Subgrant disbursed"] == "0.00"  # nothing by 2020-06-30


def test_victims_csv_is_a_row_per_year_and_source(books: Cli, tmp_path: Path) -> None:
    report = scenario(books).json("report", "victims-served", "--fy", "2020..2021")
    rows = read_csv(written(books, tmp_path / "v.csv", "victims-served", "--fy", "2020..2021"))
    assert list(rows[0]) == ["Fiscal year", "Source", "Victims served"]
    both = "FY2020\u2013FY2021 (unduplicated)"
    assert [int(r["Victims served"]) for r in rows] == [r["victims_served"] for r in report["rows"]]
    expected = [
        (f"FY{r['fiscal_year']}" if r["fiscal_year"] else both,
         r["source"] or "All sources (unduplicated)")
        for r in report["rows"]
    ]  # fmt: skip
    assert [(r["Fiscal year"], r["Source"]) for r in rows] == expected
    assert {"FY2020", "FY2021", both} == {r["Fiscal year"] for r in rows}


def test_victims_files_head_the_unduplicated_column_by_the_sources_counted(
    books: Cli, tmp_path: Path
) -> None:
    chosen = ("victims-served", "--fy", "2020", "--source", "VOCA", "--source", "CVRC-HT")
    scenario(books)
    label = "CVRC-HT + VOCA (unduplicated)"
    rows = read_csv(written(books, tmp_path / "v.csv", *chosen))
    assert [(r["Source"], r["Victims served"]) for r in rows] == [
        ("CVRC-HT", "2"), ("VOCA", "1"), (label, "2"),
    ]  # fmt: skip
    sheet = load_workbook(written(books, tmp_path / "v.xlsx", *chosen))["Victims served"]
    assert [c.value for c in sheet[4]] == ["Fiscal year", "CVRC-HT", "VOCA", label]
    assert (
        json.loads(written(books, tmp_path / "v.json", *chosen).read_text())["all_sources"] == label
    )


def test_fiscal_year_csv_is_the_register(books: Cli, tmp_path: Path) -> None:
    report = scenario(books).json("report", "fiscal-year", "FY2020")
    path = written(books, tmp_path / "fy.csv", "fiscal-year", "FY2020")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = read_csv(path)
    assert [int(r["Entry"]) for r in rows] == [line["entry"] for line in report["register"]]
    assert [r["Amount"] for r in rows] == [line["amount"] for line in report["register"]]
    assert [r["Client"] for r in rows] == ["LP-0001", "LP-0002", "LP-0001", "NM-0004", "NM-0004"]
    assert rows[0]["Memo"] == "'=1+1"  # a spreadsheet opening the CSV shows it, never runs it
    assert rows[4]["Voids entry"] == rows[3]["Entry"] and rows[4]["Amount"] == "-500.00"
    disbursed = sum(Decimal(s["disbursed"]) for s in report["by_source"])
    assert sum(Decimal(r["Amount"]) for r in rows) == disbursed == Decimal("1910.50")


def test_fiscal_year_json_has_every_part_of_the_workbook(books: Cli) -> None:
    report = scenario(books).json("report", "fiscal-year", "FY2020")
    assert (report["fiscal_year"], report["calendar"]) == ("FY2020", "state")
    assert (report["start"], report["end"]) == ("2019-07-01", "2020-06-30")
    assert report["balances"]["as_of"] == "2020-06-30"  # the year has ended
    by_source = {s["source"]: s for s in report["by_source"]}
    assert by_source["CVRC-HT"] == {
        "source": "CVRC-HT", "victims_served": 2, "disbursements": 2, "disbursed": "1510.43"
    }  # fmt: skip
    alone = books.json("report", "victims-served", "--fy", "2020")
    assert report["victims_served"] | {"as_recorded": report["as_recorded"]} == alone
    alone = books.json("report", "balances", "--as-of", "2020-06-30")
    assert report["balances"] | {"as_recorded": report["as_recorded"]} == alone
    assert {c["category"] for c in report["by_category"]} == {"rent", "travel", "civil-legal"}
    assert [line["client"] for line in report["register"]][:2] == ["LP-0001", "LP-0002"]


def test_workbook_figures_agree_with_json_without_recalculation(books: Cli, tmp_path: Path) -> None:
    """Readers that do not recalculate (pandas, openpyxl data_only) see every figure."""
    report = scenario(books).json("report", "balances", "--as-of", "2020-06-30")
    path = written(books, tmp_path / "b.xlsx", "balances", "--as-of", "2020-06-30")
    ws = load_workbook(path, data_only=True)["Balances"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    awards = {r[0]: r for r in rows if r[0] != "Total"}
    for award in report["awards"]:
        row = awards[award["award"]]
        assert money(row[7]) == Decimal(award["unallocated"])
        assert money(row[9]) == Decimal(award["remaining"])
        spent = Decimal(str(row[10])) * 100
        assert f"{spent:.1f}" == award["percent_spent"]
    [total] = [r for r in rows if r[0] == "Total"]
    for column, key in ((5, "amount"), (8, "disbursed"), (9, "remaining")):
        assert money(total[column]) == sum(Decimal(a[key]) for a in report["awards"])
    subgrants = load_workbook(path, data_only=True)["Subgrants"]
    remaining = {r[0].value: money(r[8].value) for r in subgrants.iter_rows(min_row=4)}
    assert remaining["LP-FY20"] == Decimal("98301.26")
    assert remaining["Total"] == sum(
        Decimal(g["remaining"]) for a in report["awards"] for g in a["subgrants"]
    )


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_a_year_not_yet_ended_counts_balances_as_of_today(books: Cli, tmp_path: Path) -> None:
    today = date.today()
    year = fiscal_year_of(today, Calendar.STATE)
    books.ok("award", "add", "CVRC-HT-NOW", "--source", "CVRC-HT", "--fy", str(year),
             "--amount", "1000")  # fmt: skip
    books.ok("subgrant", "add", "LP-NOW", "--award", "CVRC-HT-NOW", "--subgrantee", "LAPINON",
             "--amount", "600")  # fmt: skip
    pay(books, "LP-NOW", "LP-0042", today.isoformat(), "100")
    report = books.json("report", "fiscal-year", str(year))
    assert report["balances"]["as_of"] == today.isoformat() < report["end"]
    [award] = report["balances"]["awards"]
    days_left = (date.fromisoformat(report["end"]) - today).days
    rate_days = min(90, (today - date.fromisoformat(award["start"])).days + 1)
    at_risk = 900 * rate_days > 100 * days_left and days_left <= 180  # $900 left, $100 paid
    assert award["status"] == (
        "at risk" if at_risk else "ends within 90 days" if days_left <= 90 else "active"
    )
    path = tmp_path / "now.xlsx"
    assert books.run("report", "fiscal-year", str(year), "-o", str(path)).exit_code == 0
    book = load_workbook(path)
    assert book["Balances"]["A1"].value == f"Award balances as of {today.isoformat()}"
    about = {r[0].value: r[1].value for r in book["About"].iter_rows(min_row=2)}
    assert about["Covers"].endswith(f"balances as of {today.isoformat()}")


def test_a_report_file_in_a_missing_folder_is_refused_before_anything(
    books: Cli, tmp_path: Path
) -> None:
    before = snapshot(books.url)
    target = tmp_path / "nowhere" / "b.csv"
    result = books.run("report", "balances", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cannot write {target}: folder {target.parent} does not exist; create it first\n"
    )  # fmt: skip
    assert snapshot(books.url) == before and not target.parent.exists()


def test_a_failed_write_leaves_the_earlier_file_whole(books: Cli, tmp_path: Path) -> None:
    target = written(scenario(books), tmp_path / "v.json", "victims-served")
    earlier = target.read_bytes()
    result = books.run("report", "victims-served", "--fy", "FY1999x", "-o", str(target))
    assert result.exit_code != 0 and target.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.json"]  # no temporary left
    assert json.loads(earlier)["calendar"] == "state"
