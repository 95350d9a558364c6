"""The report workbooks, loaded back with openpyxl: values, formats, formulas, layout, safety."""

from __future__ import annotations

import re
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.chart import BarChart
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from fundtrack import __version__
from fundtrack.db import Database
from fundtrack.fiscal import Calendar, FiscalYearRange
from fundtrack.io.output import save_workbook
from fundtrack.io.safe import TEXT_FORMAT, is_risky
from fundtrack.io.xlsx import CURRENCY, safe_title
from fundtrack.ledger.append import fingerprint
from fundtrack.ledger.queries import EntryLine
from fundtrack.reports.about import About, AsRecorded
from fundtrack.reports.balances import Balances
from fundtrack.reports.fiscal_year import FiscalYearReport
from fundtrack.reports.fiscal_year_tables import REGISTER_COLUMNS, fiscal_year_workbook
from fundtrack.reports.victims import VictimCount, VictimsServed
from fundtrack.reports.victims_tables import ALL_SOURCES
from report_scenarios import add_federal, pay, void
from support import Cli

HOSTILE = '=HYPERLINK("http://x","y")'
MADE_AT = {"FUNDTRACK_REPORT_TIME": "2020-07-15T09:00:00Z"}
OUR_FORMULA = re.compile(
    r'^=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+-[A-Z]+\d+|IF\([A-Z]+\d+=0,"",'
    r"|MAX\(0,ROUND\([A-Z]+\d+-[A-Z]+\d+\*[A-Z]+\d+/[A-Z]+\d+,2\)\)$)"
)


def scenario(books: Cli) -> Cli:
    add_federal(books)
    books.ok("subgrantee", "add", "EVIL", "--name", HOSTILE)
    books.ok("subgrant", "add", "EV-VOCA", "--award", "VOCA-FFY20", "--subgrantee", "EVIL",
             "--amount", "1000")  # fmt: skip
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200", "rent", "--memo", "+1 month")
    pay(books, "LL-VOCA", "LP-0001", "2020-02-01", "400", "rent", "--memo", "-adjusted")
    pay(books, "EV-VOCA", "EV-0003", "2020-03-01", "99.99", "travel", "--reference", "@ref")
    voided = pay(books, "NMILC-FY20", "NM-0004", "2020-04-01", "500", "civil-legal")
    void(books, voided)
    return books


def write(cli: Cli, tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / name
    result = cli.run("report", *args, "-o", str(target), env=MADE_AT)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote {target}.\n"
    return target


def cells(path: Path) -> dict[str, list[list[Any]]]:
    book = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def assert_safe_and_laid_out(path: Path) -> None:
    """Every formula is one of ours; sheets have valid titles, frozen bold headers, print setup."""
    book = load_workbook(path)
    for ws in book:
        assert not INVALID_TITLE_REGEX.search(ws.title) and len(ws.title) <= 31
        assert ws.freeze_panes is not None
        header = int(ws.freeze_panes[1:]) - 1
        assert ws.print_title_rows == f"${header}:${header}"
        assert all(c.font.b for c in ws[header] if c.value is not None)
        assert ws.page_setup.orientation == "landscape"
        assert (ws.page_setup.fitToWidth or 1) == 1  # absent is 1: the file format's default
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert OUR_FORMULA.match(str(c.value)), (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.data_type != "f":
                    assert c.data_type == "s"
                    assert c.quotePrefix == is_risky(c.value), (ws.title, c.coordinate)
                    if c.quotePrefix:
                        assert c.number_format == TEXT_FORMAT, (ws.title, c.coordinate)
                    assert not (c.value[:1] == "'" and is_risky(c.value[1:])), c.value


def assert_exact_text(cell: Any, text: str) -> None:
    """``cell`` shows ``text`` as typed, is a string cell, and is marked to stay text."""
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", is_risky(text))
    assert (cell.number_format == TEXT_FORMAT) == is_risky(text)


def assert_about(path: Path, books: Cli, report: str) -> dict[str, Any]:
    """The About sheet names the report, its time (fixed, and when it was written), the
    database, the version, and the last entry it includes with that entry's hash."""
    rows = cells(path)["About"]
    assert rows[0] == ["Item", "Value"]
    about = {r[0]: r[1] for r in rows[1:]}
    newest, ledger_hash = Database(books.url).read(fingerprint)
    assert about["Report"] == report
    assert about["Made at (UTC)"] == datetime(2020, 7, 15, 9, 0)
    assert about["Time fixed by"].startswith("FUNDTRACK_REPORT_TIME: Made at is not when")
    assert isinstance(about["Written at (UTC)"], datetime)
    assert about["Written at (UTC)"] > datetime(2024, 1, 1)  # the clock, not the fixed time
    assert about["Database"] == Database(books.url).display and "***" not in about["Database"]
    assert about["fundtrack version"] == __version__
    assert (about["Last entry included"], about["Its hash (SHA-256)"]) == (newest, ledger_hash)
    assert "FUNDTRACK_REPORT_TIME" in about["Reproducing it"]
    return about


def test_victims_workbook(books: Cli, tmp_path: Path) -> None:
    path = write(scenario(books), tmp_path, "victims.xlsx", "victims-served", "--fy", "2020..2021")
    book = load_workbook(path)
    assert book.sheetnames == ["Victims served", "By subgrantee", "Definitions", "About"]
    ws = book["Victims served"]
    assert ws.freeze_panes == "A5"
    assert [c.value for c in ws[4]] == ["Fiscal year", "CVRC-HT", "DOJ", "VOCA",
                                        "All sources (unduplicated)"]  # fmt: skip
    assert [c.value for c in ws[5]] == ["FY2020", 1, 0, 2, 2]
    assert [c.value for c in ws[6]] == ["FY2021", 0, 0, 0, 0]
    assert [c.value for c in ws[7]] == ["FY2020\u2013FY2021 (unduplicated)", 1, 0, 2, 2]
    assert ws["E5"].number_format == "#,##0"
    assert list(ws.tables) == ["VictimsServed"] and ws.tables["VictimsServed"].ref == "A4:E7"
    [chart] = ws._charts
    assert isinstance(chart, BarChart) and chart.type == "col" and chart.grouping == "clustered"
    assert len(chart.series) == 3  # one per source
    by_subgrantee = book["By subgrantee"]
    evil = next(row for row in by_subgrantee.iter_rows(min_row=4) if row[1].value == "EVIL")
    assert_exact_text(evil[2], HOSTILE)
    assert "LP-0001" not in str(cells(path))  # no client references outside the register
    assert_safe_and_laid_out(path)


def test_victims_workbook_states_its_counting_rules(books: Cli, tmp_path: Path) -> None:
    path = write(scenario(books), tmp_path, "victims.xlsx", "victims-served", "--fy", "2020..2021")
    rows = cells(path)["Definitions"]
    assert rows[0] == ["Item", "Value"]
    rules = {r[0]: r[1] for r in rows[1:]}
    assert "counts once for a fiscal year and funding source" in rules["Victim served"]
    assert "not voided" in rules["Victim served"]
    assert "Each client counts once, however many sources" in rules[ALL_SOURCES]
    assert "not a total of the columns" in rules[ALL_SOURCES]
    assert "once per source (and once overall) for the whole range" in rules["Range row"]
    assert "does not count" in rules["Voided disbursement"]
    assert "only disbursement was voided is not counted" in rules["Voided disbursement"]
    assert "July 1 to June 30" in rules["Fiscal year"]
    about = assert_about(path, books, "Victims served")
    assert about["Covers"].startswith("FY2020\u2013FY2021, state calendar")


def test_victims_by_subgrantee_counts_each_client_once(books: Cli, tmp_path: Path) -> None:
    scenario(books)
    pay(books, "LP-FY20", "LP-0001", "2020-01-15", "50", "travel")  # La Pinon again, same year
    pay(books, "LL-DOJ", "LP-0001", "2020-08-01", "75", "travel")  # The Life Link, FY2021
    pay(books, "LL-DOJ", "LL-0009", "2020-09-01", "75", "travel")
    path = write(books, tmp_path, "victims.xlsx", "victims-served", "--fy", "2020..2021")
    by_subgrantee = load_workbook(path)["By subgrantee"]
    assert by_subgrantee["A1"].value == "Victims served by subgrantee, FY2020\u2013FY2021"
    assert [c.value for c in by_subgrantee[3]] == [
        "Fiscal year", "Subgrantee", "Name", "Victims served"
    ]  # fmt: skip
    rows = [[c.value for c in row] for row in by_subgrantee.iter_rows(min_row=4)]
    counts = {(r[0], r[1]): r[3] for r in rows}
    both = "FY2020\u2013FY2021 (unduplicated)"
    assert counts == {
        ("FY2020", "EVIL"): 1,  # EV-0003
        ("FY2020", "LAPINON"): 1,  # LP-0001, twice
        ("FY2020", "LIFELINK"): 1,  # LP-0001 (VOCA)
        ("FY2021", "LIFELINK"): 2,  # LP-0001 and LL-0009 (DOJ)
        (both, "EVIL"): 1,
        (both, "LAPINON"): 1,
        (both, "LIFELINK"): 2,  # LP-0001 in both years counts once
    }  # NMILC's only disbursement was voided: it served nobody
    names = {r[1]: r[2] for r in rows}
    assert names["LIFELINK"] == "The Life Link" and names["EVIL"] == HOSTILE
    assert all(by_subgrantee.cell(r, 4).number_format == "#,##0" for r in range(4, 11))
    assert by_subgrantee.tables["BySubgrantee"].ref == "A3:D10"


def test_victims_chart_has_fiscal_years_on_the_axis_and_a_series_per_source(
    books: Cli, tmp_path: Path
) -> None:
    path = write(scenario(books), tmp_path, "victims.xlsx", "victims-served", "--fy", "2019..2021")
    book = load_workbook(path)
    ws = book["Victims served"]
    [chart] = ws._charts

    def referenced(ref: Any) -> list[Any]:
        """The values of the cells a chart reference (``'Sheet'!$A$5:$A$7``) points at."""
        title, cells_ref = ref.f.rsplit("!", 1)
        found = book[title.strip("'")][cells_ref.replace("$", "")]
        if not isinstance(found, tuple):
            return [found.value]
        return [c.value for row in found for c in row]

    years = ["FY2019", "FY2020", "FY2021"]  # the range row is not a category
    sources = ["CVRC-HT", "DOJ", "VOCA"]
    categories = [s.cat.strRef or s.cat.numRef for s in chart.series]
    assert [c.f for c in categories] == ["'Victims served'!$A$5:$A$7"] * 3  # Fiscal year
    assert [referenced(c) for c in categories] == [years] * 3
    assert [referenced(s.tx.strRef) for s in chart.series] == [[name] for name in sources]
    for series, column in zip(chart.series, "BCD", strict=True):
        assert series.val.numRef.f == f"'Victims served'!${column}$5:${column}$7"
    assert [referenced(s.val.numRef) for s in chart.series] == [[0, 1, 0], [0, 0, 0], [0, 2, 0]]


def widths(ws: Any) -> list[float]:
    """Each column's width in characters, as Excel shows it: the file stores the width with
    its cell padding (5 pixels of a 7-pixel digit), ``12`` as ``12.7109375``, and neighbouring
    columns of one width as one range."""
    by_column = {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}
    stored = [by_column[i] for i in range(1, ws.max_column + 1)]
    return [round((width * 7 - 5) / 7, 1) for width in stored]


def test_small_sheets_text_columns_fit_their_text_and_the_register_keeps_its_widths(
    books: Cli, tmp_path: Path
) -> None:
    scenario(books)
    long_name = "The New Mexico Coalition of Sexual Assault Programs and Trafficking Survivors"
    books.ok("subgrantee", "add", "NMCSAP", "--name", long_name)
    books.ok("subgrant", "add", "CS-FY20", "--award", "DOJ-2019", "--subgrantee", "NMCSAP",
             "--amount", "100")  # fmt: skip
    pay(books, "CS-FY20", "CS-0001", "2020-05-01", "10", "travel")
    book = load_workbook(
        write(books, tmp_path, "victims.xlsx", "victims-served", "--fy", "2020..2021")
    )
    both = "FY2020\u2013FY2021 (unduplicated)"
    # text columns: the longest value (or header) plus 2, at most 60; counts keep their widths
    assert widths(book["Victims served"]) == [len(both) + 2, 12, 12, 12, 16]
    assert widths(book["By subgrantee"]) == [len(both) + 2, len("Subgrantee") + 2, 60, 14]
    assert len(long_name) + 2 > 60
    assert widths(book["Definitions"]) == [len(ALL_SOURCES) + 2, 90]
    assert widths(book["About"]) == [len("Last entry included") + 2, 90]

    book = load_workbook(write(books, tmp_path, "b.xlsx", "balances", "--as-of", "2020-06-30"))
    awards = widths(book["Balances"])
    assert awards[:2] == [len("CVRC-HT-FY20") + 2, len("CVRC-HT") + 2]
    assert awards[15] == len("at risk") + 2 and awards[5] == 16
    assert awards[11:15] == [16, 9, 9, 16]  # the forecast's inputs and the forecast
    categories = widths(book["Subgrant categories"])
    assert categories[:2] == [len("Subgrant") + 2, len("crisis-stabilization") + 2]

    book = load_workbook(write(books, tmp_path, "fy.xlsx", "fiscal-year", "FY2020"))
    assert widths(book["Summary"])[0] == len("All sources") + 2
    assert widths(book["Disbursement register"]) == [c.width for c in REGISTER_COLUMNS]


def test_balances_workbook(books: Cli, tmp_path: Path) -> None:
    path = write(scenario(books), tmp_path, "b.xlsx", "balances", "--as-of", "2020-06-30")
    book = load_workbook(path)
    assert book.sheetnames == ["Balances", "Subgrants", "Subgrant categories", "Definitions",
                               "About"]  # fmt: skip
    ws = book["Balances"]
    assert ws["A4"].value == "DOJ-2019"  # by fiscal year, then code
    assert ws["C4"].value == "FFY2019"  # a federal year, labelled as one
    first = [c.value for c in ws[5]]
    assert first[:3] == ["CVRC-HT-FY20", "CVRC-HT", "FY2020"]
    assert first[3:5] == [datetime(2019, 7, 1), datetime(2020, 6, 30)]
    assert ws["D5"].is_date and ws["D5"].number_format == "yyyy-mm-dd"
    assert [Decimal(str(v)) for v in (first[5], first[6], first[8])] == [
        Decimal("150000"), Decimal("150000"), Decimal("1200")
    ]  # fmt: skip
    assert first[7] == "=F5-G5" and first[9] == "=F5-I5" and first[10] == '=IF(F5=0,"",I5/F5)'
    assert all(ws.cell(5, c).number_format == CURRENCY for c in range(6, 11))
    assert ws["K5"].number_format == "0.0%"
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "Total" and total[5] == "=SUM(F4:F6)" and total[9] == "=SUM(J4:J6)"
    assert ws.tables["AwardBalances"].ref == "A3:P6"
    forecast = [[c.value for c in ws[row]][11:] for row in (4, 5, 6)]
    # CVRC-HT-FY20: its $1,200 was paid before the last 90 days, and its period ends today
    assert forecast[1] == [0, 90, 0, "=MAX(0,ROUND(J5-L5*N5/M5,2))", "at risk"]
    cached = load_workbook(path, data_only=True)["Balances"]["O5"].value
    assert Decimal(str(cached)) == Decimal("148800")
    assert [ws.cell(5, c).number_format for c in range(12, 16)] == [
        CURRENCY, "#,##0", "#,##0", CURRENCY
    ]  # fmt: skip
    assert [r[-1] for r in forecast] == ["active", "at risk", "active"]
    [highlight] = ws.conditional_formatting  # the rows at risk are filled, and only those
    assert str(highlight.sqref) == "A4:P6"
    [rule] = highlight.rules
    assert (rule.type, rule.formula) == ("expression", ['$P4="at risk"'])
    assert rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")
    assert total[14] == "=SUM(O4:O6)"
    [evil] = [row[3] for row in book["Subgrants"].iter_rows(min_row=4) if row[0].value == "EV-VOCA"]
    assert_exact_text(evil, HOSTILE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    about = assert_about(path, books, "Balances")
    assert about["Covers"] == "as of 2020-06-30; sources: all"
    assert_safe_and_laid_out(path)


def test_fiscal_year_workbook_register_and_about(books: Cli, tmp_path: Path) -> None:
    path = write(scenario(books), tmp_path, "fy.xlsx", "fiscal-year", "FY2020")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it lists client references
    book = load_workbook(path)
    assert book.sheetnames == [
        "Summary", "Victims served", "By subgrantee", "Balances", "Subgrants",
        "Subgrant categories", "By category", "Disbursement register", "Definitions", "About",
    ]  # fmt: skip
    register = book["Disbursement register"]
    assert register.freeze_panes == "A5"
    rows = [[c.value for c in row] for row in register.iter_rows(min_row=5)]
    year = books.json("log", "--kind", "disbursement", "--from", "2019-07-01", "--to", "2020-06-30")
    assert [r[0] for r in rows] == [*(e["id"] for e in year), "Total"]
    assert [r[7] for r in rows[:5]] == ["LP-0001", "LP-0001", "EV-0003", "NM-0004", "NM-0004"]
    assert [Decimal(str(r[8])) for r in rows[:5]] == [
        Decimal("1200"), Decimal("400"), Decimal("99.99"), Decimal("500"), Decimal("-500")
    ]  # fmt: skip
    assert rows[4][9] == rows[3][0] and rows[4][10] == "keyed against the wrong client"
    assert rows[5][8] == "=SUM(I5:I9)"
    assert_exact_text(register["M5"], "+1 month")  # the register's rows are written in bulk
    assert_exact_text(register["M6"], "-adjusted")
    assert_exact_text(register["L7"], "@ref")
    assert_exact_text(register["D5"], "CVRC-HT-FY20")
    assert register["B5"].is_date and register["I5"].number_format == CURRENCY
    assert register.tables["Register"].ref == "A4:O9"
    outside = {t: v for t, v in cells(path).items() if t != "Disbursement register"}
    assert "LP-0001" not in str(outside)
    about = assert_about(path, books, "Fiscal year FY2020")
    assert about["Covers"].startswith("FY2020: 2019-07-01 to 2020-06-30, state calendar")
    assert_safe_and_laid_out(path)


def test_two_runs_give_the_same_cells_but_written_at(books: Cli, tmp_path: Path) -> None:
    scenario(books)
    for args in (("fiscal-year", "2020"), ("balances", "--as-of", "2020-06-30"),
                 ("victims-served", "--fy", "2019..2021")):  # fmt: skip
        one = cells(write(books, tmp_path, "one.xlsx", *args))
        two = cells(write(books, tmp_path, "two.xlsx", *args))
        written_at = next(i for i, r in enumerate(one["About"]) if r[0] == "Written at (UTC)")
        for book in (one, two):
            book["About"][written_at][1] = None
        assert one == two, args


def test_an_unreadable_report_time_is_refused(books: Cli, tmp_path: Path) -> None:
    result = books.run("report", "balances", "-o", str(tmp_path / "b.xlsx"),
                       env={"FUNDTRACK_REPORT_TIME": "yesterday"})  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: FUNDTRACK_REPORT_TIME='yesterday' is not a time I can read; write it like "
        "2020-07-15T09:00:00Z, or unset it to use the current time\n",
    )
    assert not (tmp_path / "b.xlsx").exists()


def test_sheet_titles_are_made_valid() -> None:
    assert safe_title("By subgrantee") == "By subgrantee"
    assert safe_title("FY2017/FY2019: [VOCA]*?\\") == "FY2017-FY2019- -VOCA----"
    assert len(safe_title("x" * 40)) == 31 and safe_title("'quoted'") == "quoted"


def test_a_register_of_100000_rows_is_written_whole_with_its_total(tmp_path: Path) -> None:
    """Speed is measured in benchmarks/run.py; this checks the fast writer's output."""
    line = ("CVRC-HT", "CVRC-HT-FY20", "LP-FY20", "LAPINON", "rent")
    register = tuple(
        EntryLine(
            i,
            "disbursement",
            date(2020, 1, 1),
            Decimal("12.34"),
            *line,
            f"LP-{i:06d}",
            None,
            None,
            "CHK-1",
            "+memo",
            datetime(2020, 1, 1, 9),
            "clerk",
            "0" * 64,
        )
        for i in range(1, 100_001)
    )
    victims = VictimsServed(
        Calendar.STATE, FiscalYearRange(2020, 2020), (), (VictimCount(2020, None, 0),)
    )
    report = FiscalYearReport(2020, Calendar.STATE, date(2019, 7, 1), date(2020, 6, 30), victims,
                              Balances(date(2020, 6, 30), (), ()), (), (), register)  # fmt: skip
    made = datetime(2020, 7, 1)
    about = About("r", made, "s", "db", "0.1.0", AsRecorded(1, "0" * 64), written_at=made)
    save_workbook(fiscal_year_workbook(report, about), tmp_path / "big.xlsx")
    ws = load_workbook(tmp_path / "big.xlsx", read_only=True)["Disbursement register"]
    line, total = ws.iter_rows(min_row=100_004, max_row=100_005)
    assert total[0].value == "Total" and total[8].value == "=SUM(I5:I100004)"
    shown = [(c.value, c.data_type, bool(c.style_array.quotePrefix), c.number_format)
             for c in line[11:13]]  # fmt: skip
    assert shown == [("CHK-1", "s", False, "General"), ("+memo", "s", True, TEXT_FORMAT)]
