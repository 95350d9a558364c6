"""--public: copies to publish show no count from 1 to 10, in every form the reports write.

Twelve clients are paid from the state appropriation at La Pinon and three from VOCA at The
Life Link: the 3 is hidden, and the all-sources count with it (the 12 and a shown total of 15
would give the 3 away).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from refusals import assert_untouched
from report_scenarios import add_federal, pay
from support import Cli

MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}
NOTE = (
    "Public copy: counts from 1 to 10 are shown as <11, and so is any count from which one of "
    "them could be worked out."
)


def twelve_and_three(books: Cli) -> Cli:
    add_federal(books)
    for n in range(1, 13):
        pay(books, "LP-FY20", f"LP-{n:04}", "2019-11-01")
    for n in range(1, 4):
        pay(books, "LL-VOCA", f"LL-{n:04}", "2020-02-01")
    return books


def test_victims_served_json_hides_small_counts_as_null(books: Cli) -> None:
    twelve_and_three(books)
    assert books.json("report", "victims-served", "--fy", "2020", "--public") == {
        "suppressed_below": 11,
        "calendar": "state",
        "all_sources": "All sources (unduplicated)",
        "rows": [
            {"fiscal_year": 2020, "source": "CVRC-HT", "victims_served": 12},
            {"fiscal_year": 2020, "source": "DOJ", "victims_served": 0},
            {"fiscal_year": 2020, "source": "VOCA", "victims_served": None},
            {"fiscal_year": 2020, "source": None, "victims_served": None},
        ],
        "as_recorded": books.as_recorded(),
    }
    # The full report, for OVC or the state funder, hides nothing.
    full = books.json("report", "victims-served", "--fy", "2020")
    assert [r["victims_served"] for r in full["rows"]] == [12, 0, 3, 15]


def test_a_lower_threshold_shows_more(books: Cli) -> None:
    twelve_and_three(books)
    report = books.json("report", "victims-served", "--fy", "2020", "--public",
                        "--suppress-below", "3")  # fmt: skip
    assert report["suppressed_below"] == 3
    assert [r["victims_served"] for r in report["rows"]] == [12, 0, 3, 15]


def test_the_terminal_table_shows_less_than_eleven(books: Cli) -> None:
    twelve_and_three(books)
    shown = books.ok("report", "victims-served", "--fy", "2020", "--public").stdout
    assert "(public copy:" in shown
    line = next(row for row in shown.splitlines() if row.strip().startswith("FY2020"))
    assert line.split() == ["FY2020", "12", "0", "<11", "<11"]


def test_the_csv_and_the_workbook_are_public_copies(books: Cli, tmp_path: Path) -> None:
    twelve_and_three(books)
    for name in ("public.csv", "public.xlsx"):
        result = books.run("report", "victims-served", "--fy", "2020", "--public",
                           "-o", str(tmp_path / name), env=MADE_AT)  # fmt: skip
        assert (result.exit_code, result.stderr) == (0, "")
    with (tmp_path / "public.csv").open(newline="", encoding="utf-8") as f:
        assert [row["Victims served"] for row in csv.DictReader(f)] == ["12", "0", "<11", "<11"]
    book = load_workbook(tmp_path / "public.xlsx")
    assert book.sheetnames == ["Victims served", "By subgrantee", "Definitions", "About"]
    assert all(sheet["A1"].value == NOTE for sheet in book.worksheets)
    counts = [[c.value for c in row] for row in book["Victims served"].iter_rows(min_row=6)]
    assert counts == [["FY2020", 12, 0, "<11", "<11"]]
    by_subgrantee = [[c.value for c in row] for row in book["By subgrantee"].iter_rows(min_row=5)]
    assert [row[1:] for row in by_subgrantee if row[0]] == [
        ["LAPINON", "La Pinon Sexual Assault Recovery Services", 12],
        ["LIFELINK", "The Life Link", "<11"],
    ]
    assert not book["Victims served"]._charts  # a chart cannot draw <11


def test_the_pmt_workbook_has_a_sheet_per_subgrantee_each_a_public_copy(
    books: Cli, tmp_path: Path
) -> None:
    twelve_and_three(books)
    target = tmp_path / "pmt.xlsx"
    result = books.run("report", "pmt", "--fy", "FFY2020", "--public", "-o", str(target),
                       env=MADE_AT)  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    book = load_workbook(target)
    assert book.sheetnames == [
        "All subgrantees", "LAPINON", "LIFELINK", "NMILC", "Definitions", "About",
    ]  # fmt: skip
    assert all(sheet["A1"].value == NOTE for sheet in book.worksheets)
    lapinon = [[c.value for c in row][:6] for row in book["LAPINON"].iter_rows(min_row=6)]
    top = [[c.value for c in row][:6] for row in book["All subgrantees"].iter_rows(min_row=6)]
    # The Life Link's 3 new in Q2 are hidden. The year's 15 served is the sum of the new, so
    # Q1's 12 new goes too, then Q1's 12 served (new + 0 continuing); La Pinon alone served
    # in Q1, so its 12 would give that away and goes as well. Zeros show.
    assert [row[0:1] + row[3:6] for row in top] == [
        ["FFY2020-Q1", "<11", "<11", 0],
        ["FFY2020-Q2", "<11", "<11", 0],
        ["FFY2020-Q3", 0, 0, 0],
        ["FFY2020-Q4", 0, 0, 0],
        ["FFY2020 (unduplicated)", "<11", None, None],
    ]
    assert [row[0:1] + row[3:6] for row in lapinon] == [
        ["FFY2020-Q1", "<11", "<11", 0],
        ["FFY2020-Q2", 0, 0, 0],
        ["FFY2020-Q3", 0, 0, 0],
        ["FFY2020-Q4", 0, 0, 0],
        ["FFY2020 (unduplicated)", "<11", None, None],
    ]


def test_a_threshold_out_of_range_is_refused(books: Cli) -> None:
    assert_untouched(
        books,
        ["report", "victims-served", "--public", "--suppress-below", "1"],
        "Error: --suppress-below 1 is out of range; use 2 to 1000\n",
    )
