"""The fiscal-year workbook a grant manager sends as is.

Sheets: Summary, Victims served (with its chart), By subgrantee, Balances (as of the year's
last day), Subgrants, Subgrant categories, By category, Disbursement register, Definitions
and About. The register lists client references, so the file is written readable by its
owner only (mode 0600).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from fundtrack.io.workbook_about import (
    BALANCE_DEFINITIONS,
    VICTIMS_DEFINITIONS,
    about_sheet,
    definitions_sheet,
)
from fundtrack.io.workbook_balances import awards_sheet, categories_sheet, subgrants_sheet
from fundtrack.io.workbook_common import (
    DATE,
    DATETIME,
    ID,
    MONEY,
    NUMBER,
    TEXT,
    Column,
    Sheet,
    new_workbook,
    save,
)
from fundtrack.io.workbook_victims import subgrantee_sheet, victims_sheet
from fundtrack.reports.about import About
from fundtrack.reports.fiscal_year import FiscalYearReport

REGISTER_COLUMNS = [
    Column("Entry", ID, 9),
    Column("Date", DATE, 12),
    Column("Source", TEXT, 10),
    Column("Award", TEXT, 16),
    Column("Subgrant", TEXT, 16),
    Column("Subgrantee", TEXT, 14),
    Column("Category", TEXT, 20),
    Column("Client", TEXT, 14),
    Column("Amount", MONEY, 14),
    Column("Voids entry", ID, 11),
    Column("Reason", TEXT, 30),
    Column("Reference", TEXT, 16),
    Column("Memo", TEXT, 30),
    Column("Recorded (UTC)", DATETIME, 20),
    Column("Recorded by", TEXT, 14),
]


def _period(report: FiscalYearReport) -> str:
    return (
        f"{report.label} ({report.start.isoformat()} to {report.end.isoformat()}, "
        f"{report.calendar.value} calendar)"
    )


def summary_sheet(workbook: Workbook, report: FiscalYearReport) -> Sheet:
    sheet = Sheet(
        workbook,
        "Summary",
        [
            Column("Source"),
            Column("Victims served", NUMBER, 15),
            Column("Disbursements", NUMBER, 15),
            Column("Disbursed", MONEY, 18),
        ],
        heading=[
            f"Summary, {_period(report)}",
            "Disbursed is net of voids; voided disbursements are not counted.",
        ],
        table="Summary",
    )
    for s in report.by_source:
        sheet.append([s.source, s.victims_served, s.disbursements, s.amount])
    sheet.total_row("All sources", [3, 4], {2: report.victims.count(report.fiscal_year, None)})
    return sheet


def by_category_sheet(workbook: Workbook, report: FiscalYearReport) -> Sheet:
    sheet = Sheet(
        workbook,
        "By category",
        [
            Column("Source"),
            Column("Category"),
            Column("Disbursements", NUMBER, 15),
            Column("Disbursed", MONEY, 18),
        ],
        heading=[f"Disbursed by source and category, {_period(report)}"],
        table="ByCategory",
    )
    for c in report.by_category:
        sheet.append([c.source, c.category, c.disbursements, c.amount])
    sheet.total_row("Total", [3, 4])
    return sheet


def register_sheet(workbook: Workbook, report: FiscalYearReport) -> Sheet:
    sheet = Sheet(
        workbook,
        "Disbursement register",
        REGISTER_COLUMNS,
        heading=[
            f"Disbursement register, {_period(report)}",
            "CONFIDENTIAL: lists client references. Voids appear as reversals (negative "
            "amounts naming the entry they void).",
        ],
        table="Register",
    )
    sheet.bulk(report.register)
    sheet.total_row("Total", [9])
    return sheet


def write_fiscal_year_workbook(report: FiscalYearReport, about: About, path: str | Path) -> Path:
    workbook = new_workbook()
    summary_sheet(workbook, report)
    victims_sheet(workbook, report.victims)
    subgrantee_sheet(workbook, report.victims)
    awards_sheet(workbook, report.balances)
    subgrants_sheet(workbook, report.balances)
    categories_sheet(workbook, report.balances)
    by_category_sheet(workbook, report)
    register_sheet(workbook, report)
    definitions_sheet(workbook, VICTIMS_DEFINITIONS + BALANCE_DEFINITIONS)
    about_sheet(workbook, about)
    return save(workbook, path, made_at=about.made_at, private=True)
