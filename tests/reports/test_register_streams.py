"""The fiscal-year register streams from the report's read transaction: read once, while its
sheet is drawn, from the same snapshot of the books as the summary and the totals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from fundtrack.db import Database
from fundtrack.fiscal import Calendar
from fundtrack.io.output import save_workbook
from fundtrack.reports.about import about
from fundtrack.reports.fiscal_year import fiscal_year_report
from fundtrack.reports.fiscal_year_tables import fiscal_year_workbook
from report_scenarios import pay, void
from support import Cli


def _paid(books: Cli) -> Cli:
    for n, day in enumerate(("2019-08-01", "2019-09-15", "2020-01-10", "2020-06-30"), 1):
        pay(books, "LP-FY20", f"LP-{n:04d}", day, f"{n}00")
    void(books, pay(books, "NMILC-FY20", "IL-0001", "2020-02-02", "75"))
    return books


def test_the_register_is_read_once_while_its_sheet_is_drawn(books: Cli, tmp_path: Path) -> None:
    _paid(books)
    db = Database(books.url)

    def draw(session: Any) -> Iterator[Any]:
        report = fiscal_year_report(session, 2020, Calendar.STATE)
        register = report.register
        assert iter(register) is register  # an iterator over the database, not a list
        made = about(session, report="FY2020", scope="FY2020", database=db.display)
        save_workbook(fiscal_year_workbook(report, made), tmp_path / "fy.xlsx")
        return register

    try:
        register = db.read(draw)
    finally:
        db.dispose()
    assert next(register, None) is None  # drawing the sheet read it to the end
    sheet = load_workbook(tmp_path / "fy.xlsx")["Disbursement register"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 7 and rows[-1][0] == "Total"  # 4 paid, one voided and its reversal
    assert sheet.tables["Register"].ref == "A4:O10"


def test_the_register_and_the_summary_read_one_snapshot(books: Cli) -> None:
    """A disbursement recorded while the report is being drawn is in neither part of it."""
    _paid(books)
    db = Database(books.url)

    def read(session: Any) -> tuple[Decimal, list[Any]]:
        report = fiscal_year_report(session, 2020, Calendar.STATE)
        pay(books, "LP-FY20", "LP-0099", "2020-03-03", "999")  # another clerk, committed
        return report.disbursed, list(report.register)

    try:
        disbursed, lines = db.read(read)
    finally:
        db.dispose()
    assert disbursed == Decimal("1000.00")
    assert sum(line.amount for line in lines) == disbursed
    assert "LP-0099" not in {line.client for line in lines}
    assert books.json("report", "fiscal-year", "2020")["by_source"][0]["disbursed"] == "1999.00"
