"""The report tables on a terminal 80 and 120 columns wide, and refused output files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from report_scenarios import add_federal, pay
from support import Cli, snapshot


def scenario(books: Cli) -> Cli:
    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200")
    pay(books, "LL-DOJ", "LP-0001", "2020-02-01", "400")
    pay(books, "LL-VOCA", "LL-0002", "2020-08-01", "120.50")
    return books


def lines_at(cli: Cli, width: int, *args: str) -> list[str]:
    result = cli.run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines), "\n".join(lines)
    return lines


def line_with(lines: list[str], *parts: str) -> str:
    """The one line holding every part: figures never wrap onto a second line."""
    found = [line for line in lines if all(part in line for part in parts)]
    assert len(found) == 1, (parts, "\n".join(lines))
    return found[0]


@pytest.mark.parametrize("width", [80, 120])
def test_victims_served_table_fits(books: Cli, width: int) -> None:
    lines = lines_at(scenario(books), width, "report", "victims-served", "--fy", "FY20-FY21")
    assert lines[0].startswith("Victims served by funding source (state calendar)")
    header = " ".join(lines[2:4])
    for column in ("Fiscal year", "CVRC-HT", "DOJ", "VOCA", "All sources"):
        assert column in header
    assert line_with(lines, " FY2020   ").split() == ["FY2020", "1", "1", "0", "1"]
    assert line_with(lines, " FY2021   ").split() == ["FY2021", "0", "0", "1", "1"]
    assert line_with(lines, "FY2020\u2013FY2021").split()[-4:] == ["1", "1", "1", "2"]


@pytest.mark.parametrize("width", [80, 120])
def test_balances_tables_fit(books: Cli, width: int) -> None:
    lines = lines_at(scenario(books), width, "report", "balances", "--as-of", "2020-06-30")
    assert lines[0].startswith("Award balances as of 2020-06-30")
    # the forecast always shows: no recent pace, so all that remains is forecast unspent
    assert "Forecast" in lines[2]
    cvrc = line_with(lines, "CVRC-HT-FY20", "$150,000.00", "$148,800.00", "at risk")
    assert cvrc.count("$148,800.00") == 2  # remaining, and forecast unspent at its end today
    doj = line_with(lines, "DOJ-2019", "$1,750,000.00", "$1,749,600.00", "active")
    assert doj.count("$1,749,600.00") == 2  # more than 180 days left: not at risk yet
    line_with(lines, "LP-FY20", "LAPINON", "$99,811.69", "$1,200.00", "$98,611.69")
    line_with(lines, "LP-FY20", "rent", "$40,000.00", "$1,200.00", "$38,800.00")
    if width >= 120:  # Ends (2020-06-30) is left out first: the forecast takes its room
        line_with(lines, "CVRC-HT-FY20", "CVRC-HT", "$150,000.00", "0.8%")


@pytest.mark.parametrize(
    "args", [("balances",), ("victims-served",), ("fiscal-year", "2020")], ids=lambda a: a[0]
)
def test_output_must_be_xlsx_csv_or_json(books: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    before = snapshot(books.url)
    target = tmp_path / "report.txt"
    result = books.run("report", *args, "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {target}: fundtrack writes .xlsx, .csv or .json files here; "
        "name the file FILE.xlsx (a workbook), FILE.csv (a table) or FILE.json\n"
    )
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert snapshot(books.url) == before


def test_an_output_folder_that_is_missing_or_read_only_is_one_line(
    books: Cli, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "v.xlsx"
    result = books.run("report", "victims-served", "-o", str(missing))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {missing}: folder {missing.parent} does not exist; create it first\n",
    )
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # root can write anywhere: use a path that is a folder
        target = tmp_path / "taken.xlsx"
        target.mkdir()
        result = books.run("report", "fiscal-year", "2020", "-o", str(target))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: cannot write {target}: ")
    else:
        result = books.run("report", "fiscal-year", "2020", "-o", str(locked / "fy.xlsx"))
        assert result.stderr == (
            f"Error: cannot write {locked / 'fy.xlsx'}: permission denied; choose a file in "
            "a folder you can write\n"
        )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(locked.iterdir()) == []


def test_with_source_the_last_column_names_the_sources_it_unduplicates(
    books: Cli, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    chosen = ("report", "victims-served", "--fy", "2020", "--source", "CVRC-HT", "--source", "VOCA")
    lines = lines_at(scenario(books), 120, *chosen)
    assert lines[2].split("   ")[-1].strip() == "CVRC-HT + VOCA (unduplicated)"
    assert line_with(lines, " FY2020 ").split() == ["FY2020", "1", "0", "1"]
    assert "All sources" not in "\n".join(lines)
    assert books.json(*chosen)["all_sources"] == "CVRC-HT + VOCA (unduplicated)"
    assert books.json(*chosen[:4])["all_sources"] == "All sources (unduplicated)"
    books.ok(*chosen, "-o", str(tmp_path / "v.xlsx"))
    sheet = load_workbook(tmp_path / "v.xlsx")["Victims served"]
    assert [c.value for c in sheet[4]] == [
        "Fiscal year", "CVRC-HT", "VOCA", "CVRC-HT + VOCA (unduplicated)"
    ]  # fmt: skip
