"""``fundtrack demo``: every figure the seed documents publish, read back from the reports.

The demo runs once, as a real process, into a temporary folder; the figures are then read
with the same ``report ... --json`` commands a user would run against its database, and the
three workbooks are loaded back (and, where LibreOffice is installed, recalculated).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from support import Cli, recalculating_profile, require_tool, snapshot

AS_OF = "2020-09-30"
AWARDS = {
    "CVRC-HT-FY16": "125000.00",
    "CVRC-HT-FY17": "125000.00",
    "CVRC-HT-FY19": "145000.00",
    "CVRC-HT-FY20": "150000.00",
    "VOCA-HT-FFY17-19": "439000.00",
    "DOJ-2018": "1750000.00",
}
WORKBOOKS = ("victims-served.xlsx", "balances.xlsx", "fiscal-year-FY2020.xlsx")
CENT = Decimal("0.01")
TOTALS = ("Total", "All sources")  # the label of a workbook table's total row


@dataclass
class Demo:
    folder: Path
    stdout: str
    stderr: str
    books: Cli

    def balances(self, as_of: str = AS_OF) -> dict[str, Any]:
        report = self.books.json("report", "balances", "--as-of", as_of)
        return {award["award"]: award for award in report["awards"]}

    def subgrants(self, as_of: str = AS_OF) -> dict[str, Any]:
        return {
            subgrant["subgrant"]: subgrant
            for award in self.balances(as_of).values()
            for subgrant in award["subgrants"]
        }

    def victims(self, *args: str) -> dict[tuple[int | None, str | None], int]:
        report = self.books.json("report", "victims-served", *args)
        return {(r["fiscal_year"], r["source"]): r["victims_served"] for r in report["rows"]}


def clean_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUNDTRACK_", "XDG_"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), COLUMNS="120")
    return env


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``fundtrack demo --out DIR`` run once as a process (benchmarks/run.py times it)."""
    scratch = tmp_path_factory.mktemp("demo")
    folder = scratch / "fundtrack-demo"
    fundtrack = Path(sys.executable).parent / "fundtrack"
    done = subprocess.run(
        [str(fundtrack), "demo", "--out", str(folder)],
        env=clean_environment(scratch),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    books = Cli(str(folder / "demo.db"), CliRunner(env={"COLUMNS": "120"}))
    return Demo(folder, done.stdout, done.stderr, books)


def money(value: Any) -> Decimal:
    """A cell or JSON amount as exact cents (a cell holds a float; its repr is exact enough)."""
    return Decimal(str(value)).quantize(CENT)


def test_the_demo_says_what_it_built(demo: Demo) -> None:
    assert demo.stderr == (  # the balances table is wider than the 120 columns it is given
        "Note: Award balances as of 2020-09-30: left out Source, Ends, Allocated, Unallocated "
        "to fit 120 "
        "columns; widen the terminal or send the output to a file to see every column\n"
    )
    assert demo.stdout.startswith(
        f"Built the demo ledger {demo.folder / 'demo.db'} from the seed documents' figures: "
        "6 awards, 5 subgrantees, 5 subgrants, 322 clients, 356 disbursements ($285,000.00), "
        "207 services without payment.\n"
    )
    for name in WORKBOOKS:
        assert f"Wrote {demo.folder / name}.\n" in demo.stdout
    assert "Award balances as of 2020-09-30" in demo.stdout
    assert "Victims served by funding source (state calendar)" in demo.stdout
    assert sorted(p.name for p in demo.folder.iterdir()) == sorted(
        [".fundtrack-demo", "demo.db", *WORKBOOKS]
    )


def test_every_published_award_amount_is_recorded(demo: Demo) -> None:
    awards = demo.balances()
    assert {code: award["amount"] for code, award in awards.items()} == AWARDS
    assert awards["VOCA-HT-FFY17-19"]["source"] == "VOCA"
    assert awards["DOJ-2018"]["source"] == "DOJ"


@pytest.mark.parametrize(
    ("year", "clients", "assistance", "categories"),
    [
        (2019, 29, "84811.69", {"rent", "relocation", "travel", "pecuniary-loss", "lost-wages"}),
        (
            2020,
            86,
            "99811.69",
            {"crisis-stabilization", "rent", "relocation", "travel", "pecuniary-loss"}
            | {"lost-wages"},
        ),
    ],
)
def test_state_funds_reproduce_the_fact_sheets(
    demo: Demo, year: int, clients: int, assistance: str, categories: set[str]
) -> None:
    short = str(year)[2:]
    subgrants = demo.subgrants()
    lapinon, nmilc = subgrants[f"LP-FY{short}"], subgrants[f"NMILC-FY{short}"]
    assert (lapinon["subgrantee"], lapinon["disbursed"]) == ("LAPINON", assistance)
    assert set(lapinon["by_category"]) == categories
    assert sum(money(v) for v in lapinon["by_category"].values()) == money(assistance)
    assert (nmilc["subgrantee"], nmilc["disbursed"]) == ("NMILC", "50188.31")
    assert nmilc["by_category"] == {"civil-legal": "50188.31"}

    served = demo.victims("--fy", f"FY{year}", "--source", "CVRC-HT")
    assert served[(year, "CVRC-HT")] == clients

    award = demo.balances()[f"CVRC-HT-FY{short}"]
    remaining = {2019: "10000.00", 2020: "0.00"}[year]
    assert (award["remaining"], award["unallocated"]) == (remaining, remaining)
    assert award["status"] == {2019: "reverts", 2020: "fully spent"}[year]


def test_the_life_link_served_207_survivors_and_the_doj_money_stays_unspent(demo: Demo) -> None:
    served = demo.victims("--calendar", "federal", "--fy", "FFY2019..FFY2020", "--source", "DOJ")
    assert served[(None, "DOJ")] == 207
    assert served[(2019, "DOJ")] + served[(2020, "DOJ")] == 207  # each survivor once
    doj = demo.balances()["DOJ-2018"]
    assert (doj["allocated"], doj["disbursed"], doj["remaining"]) == (
        "1750000.00",
        "0.00",
        "1750000.00",
    )
    # Every survivor is one service without payment; no category is claimed for them.
    services = demo.books.json("log", "--kind", "service")
    assert len(services) == 207
    assert {(e["subgrant"], e["amount"], e["category"]) for e in services} == {
        ("LL-DOJ-2018", "0.00", None)
    }
    assert "count-only" not in [c["code"] for c in demo.books.json("category", "list")]
    total = sum(money(a["disbursed"]) for a in demo.balances().values())
    assert total == Decimal("285000.00")


def test_money_the_seeds_do_not_report_as_spent_stays_unspent(demo: Demo) -> None:
    awards = demo.balances()
    for code in ("CVRC-HT-FY16", "CVRC-HT-FY17", "VOCA-HT-FFY17-19"):
        assert (awards[code]["allocated"], awards[code]["disbursed"]) == ("0.00", "0.00")
        assert awards[code]["remaining"] == AWARDS[code]
    assert awards["CVRC-HT-FY19"]["allocated"] == "135000.00"


def data_rows(sheet: Any, header_row: int) -> list[tuple[Any, ...]]:
    """The rows under the header, up to the total row (or the end)."""
    rows = []
    for row in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] in TOTALS:
            break
        rows.append(row)
    return rows


def column_total(sheet: Any, header_row: int, column: str) -> Decimal:
    """Sum the numeric data cells of ``column`` and check the Total row's formula adds them."""
    header = [cell.value for cell in sheet[header_row]]
    index = header.index(column)
    rows = data_rows(sheet, header_row)
    total_cell = sheet.cell(row=header_row + len(rows) + 1, column=index + 1)
    letter = total_cell.column_letter
    assert sheet.cell(row=total_cell.row, column=1).value in TOTALS
    assert total_cell.value == f"=SUM({letter}{header_row + 1}:{letter}{total_cell.row - 1})"
    return sum((money(row[index]) for row in rows), Decimal("0.00"))


def test_the_workbooks_load_and_agree_with_the_json(demo: Demo) -> None:
    victims = load_workbook(demo.folder / "victims-served.xlsx")["Victims served"]
    served = demo.victims()
    sources = [cell.value for cell in victims[4]][1:-1]
    assert sources == ["CVRC-HT", "DOJ", "VOCA"]
    for row in data_rows(victims, 4):
        year = None if "unduplicated" in row[0] else int(row[0][2:])
        assert list(row[1:]) == [served[(year, s)] for s in [*sources, None]], row

    awards = demo.balances()
    sheet = load_workbook(demo.folder / "balances.xlsx")["Balances"]
    for row in data_rows(sheet, 3):
        assert money(row[5]) == money(awards[row[0]]["amount"])
        assert money(row[8]) == money(awards[row[0]]["disbursed"])
    for column, key in (
        ("Amount", "amount"),
        ("Allocated", "allocated"),
        ("Disbursed", "disbursed"),
    ):
        assert column_total(sheet, 3, column) == sum(money(a[key]) for a in awards.values())

    book = load_workbook(demo.folder / "fiscal-year-FY2020.xlsx")
    summary = {row[0]: row for row in data_rows(book["Summary"], 4)}
    year_served = demo.victims("--fy", "FY2020")
    before, after = demo.subgrants("2019-06-30"), demo.subgrants("2020-06-30")

    def paid_in_fy2020(*codes: str) -> Decimal:
        return sum(
            (
                money(after[code]["disbursed"])
                - (money(before[code]["disbursed"]) if code in before else 0)
                for code in codes
            ),
            Decimal("0.00"),
        )

    spent = {
        "CVRC-HT": paid_in_fy2020("LP-FY20", "NMILC-FY20"),
        "DOJ": paid_in_fy2020("LL-DOJ-2018"),
    }
    assert summary["CVRC-HT"][1:] == (86, 265, 150000)
    for source in ("CVRC-HT", "DOJ", "VOCA"):
        assert summary[source][1] == year_served[(2020, source)]
        assert money(summary[source][3]) == spent.get(source, Decimal("0.00"))
    assert column_total(book["Summary"], 4, "Disbursed") == sum(spent.values())
    register = data_rows(book["Disbursement register"], 4)
    assert sum(money(row[8]) for row in register) == sum(spent.values())


@pytest.mark.libreoffice
def test_the_workbook_totals_recalculate_to_the_json_figures(demo: Demo, tmp_path: Path) -> None:
    require_tool("soffice")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            recalculating_profile(tmp_path / "profile"),
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            *(str(demo.folder / name) for name in WORKBOOKS[1:]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    awards = demo.balances()
    sheet = load_workbook(tmp_path / "balances.xlsx", data_only=True)["Balances"]
    total = sheet.cell(row=3 + len(awards) + 1, column=1).row
    figures = [money(sheet.cell(row=total, column=c).value) for c in range(6, 11)]
    assert figures == [
        sum(money(a[key]) for a in awards.values())
        for key in ("amount", "allocated", "unallocated", "disbursed", "remaining")
    ]
    for row in data_rows(sheet, 3):
        assert money(row[9]) == money(awards[row[0]]["remaining"])

    book = load_workbook(tmp_path / "fiscal-year-FY2020.xlsx", data_only=True)
    summary = {row[0]: row for row in book["Summary"].iter_rows(min_row=5, values_only=True)}
    assert money(summary["All sources"][3]) == Decimal("150000.00")


def test_rerunning_rebuilds_and_never_touches_the_users_database(
    db_url: str, tmp_path: Path
) -> None:
    before = snapshot(db_url)
    runner = CliRunner(env={"COLUMNS": "120", "FUNDTRACK_DB": db_url})
    folder = tmp_path / "demo"
    first = runner.invoke(app_(), ["demo", "--out", str(folder)])
    assert first.exit_code == 0, first.output
    (folder / "notes.txt").write_text("mine")
    second = runner.invoke(app_(), ["demo", "--out", str(folder)])
    assert second.exit_code == 0, second.output
    assert (folder / "notes.txt").read_text() == "mine"
    assert Cli(str(folder / "demo.db"), runner).json("award", "list")[0]["award"] == "CVRC-HT-FY16"
    assert len(Cli(str(folder / "demo.db"), runner).json("client", "list")) == 322
    assert snapshot(db_url) == before


def test_a_folder_with_files_the_demo_did_not_make_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "balances.xlsx").write_bytes(b"someone's workbook")
    result = CliRunner().invoke(app_(), ["demo", "--out", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder} already has balances.xlsx, not made by `fundtrack demo`; "
        "choose another --out folder\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["balances.xlsx"]
    assert (folder / "balances.xlsx").read_bytes() == b"someone's workbook"


def test_the_folder_of_the_users_database_is_refused(tmp_path: Path) -> None:
    books = tmp_path / "books" / "books.db"
    result = CliRunner().invoke(app_(), ["--db", str(books), "demo", "--out", str(books.parent)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {books.parent} holds your database books.db (from --db or FUNDTRACK_DB); "
        "the demo never touches it — choose another --out folder\n"
    )
    assert not books.parent.exists()


def app_() -> Any:
    from fundtrack.cli.app import app

    return app
