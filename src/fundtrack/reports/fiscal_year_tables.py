"""The fiscal-year report as tables: the workbook a grant manager sends as is, its JSON, and
the disbursement register as CSV.

Sheets: Summary, Victims served (with its chart), By subgrantee, Balances (as of the year's
last day, or today while the year runs), Subgrants, Subgrant categories, By category,
Disbursement register, Definitions and About. The register lists client references, so
every file of this report is written readable by its owner only.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from fundtrack.io.json_write import Streamed
from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.audit_trail import NOTE_COLUMNS, RECORDED_COLUMNS
from fundtrack.reports.balances_tables import BALANCE_DEFINITIONS, balances_json, balances_sheets
from fundtrack.reports.fiscal_year import FiscalYearReport
from fundtrack.reports.victims_tables import (
    VICTIMS_DEFINITIONS,
    victims_json,
    victims_sheets,
    year_label,
)
from fundtrack.table import Column, Kind, Sheet, Table, Total, Workbook

REGISTER_COLUMNS = (
    Column("Entry", "entry", Kind.ID, 9),
    Column("Date", "date", Kind.DATE, 12),
    Column("Source", "source", Kind.TEXT, 10),
    Column("Award", "award", Kind.TEXT, 16),
    Column("Subgrant", "subgrant", Kind.TEXT, 16),
    Column("Subgrantee", "subgrantee", Kind.TEXT, 14),
    Column("Category", "category", Kind.TEXT, 20),
    Column("Client", "client", Kind.TEXT, 14),
    Column("Amount", "amount", Kind.MONEY, 14),
    Column("Voids entry", "voids", Kind.ID, 11),
    Column("Reason", "reason", Kind.TEXT, 30),
    *NOTE_COLUMNS,
    *RECORDED_COLUMNS,
)


#: The entry line's field each register column shows.
_REGISTER_FIELDS = {"entry": "id", "date": "entry_date", "voids": "reverses"}


def register_rows(report: FiscalYearReport) -> Iterator[tuple[Any, ...]]:
    """The register's entry lines as rows of ``REGISTER_COLUMNS``, one at a time as they are
    read (the register streams: see ``fundtrack.reports.fiscal_year``)."""
    shown = attrgetter(*(_REGISTER_FIELDS.get(c.key, c.key) for c in REGISTER_COLUMNS))
    return (shown(line) for line in report.register)


def period(report: FiscalYearReport) -> str:
    return (
        f"{report.label} ({report.start.isoformat()} to {report.end.isoformat()}, "
        f"{report.calendar.value} calendar)"
    )


def summary_table(report: FiscalYearReport) -> Table:
    columns = (
        Column("Source", "source"),
        Column("Victims served", "victims_served", Kind.COUNT, 15),
        Column("Disbursements", "disbursements", Kind.COUNT, 15),
        Column("Disbursed", "disbursed", Kind.MONEY, 18),
    )
    rows = [[s.source, s.victims_served, s.disbursements, s.amount] for s in report.by_source]
    unduplicated = report.victims.count(report.fiscal_year, None)
    total = Total("All sources", ("disbursements", "disbursed"), {"victims_served": unduplicated})
    return Table(f"Summary, {period(report)}", columns, rows, total)


def category_table(report: FiscalYearReport) -> Table:
    columns = (
        Column("Source", "source"),
        Column("Category", "category"),
        Column("Disbursements", "disbursements", Kind.COUNT, 15),
        Column("Disbursed", "disbursed", Kind.MONEY, 18),
    )
    rows = [[c.source, c.category, c.disbursements, c.amount] for c in report.by_category]
    title = f"Disbursed by source and category, {period(report)}"
    return Table(title, columns, rows, Total("Total", ("disbursements", "disbursed")))


def register_table(report: FiscalYearReport) -> Table:
    """Every disbursement entry dated in the year, reversals included: the CSV of the report.

    Its rows stream: the table can be drawn once."""
    title = f"Disbursement register, {period(report)}"
    return Table(title, REGISTER_COLUMNS, register_rows(report), Total("Total", ("amount",)))


def fiscal_year_workbook(report: FiscalYearReport, made: About) -> Workbook:
    summary, categories, register = (
        summary_table(report),
        category_table(report),
        register_table(report),
    )
    notes = "Disbursed is net of voids; voided disbursements are not counted."
    confidential = (
        "CONFIDENTIAL: lists client references. Voids appear as reversals (negative amounts "
        "naming the entry they void)."
    )
    sheets = (
        Sheet("Summary", summary, (summary.title, notes), "Summary"),
        *victims_sheets(report.victims),
        *balances_sheets(report.balances),
        Sheet("By category", categories, (categories.title,), "ByCategory"),
        Sheet("Disbursement register", register, (register.title, confidential), "Register"),
        definitions_sheet(VICTIMS_DEFINITIONS + BALANCE_DEFINITIONS),
        about_sheet(made),
    )
    return Workbook(sheets, made_at=made.made_at, private=True)


def fiscal_year_json(report: FiscalYearReport) -> dict[str, Any]:
    """The one JSON form of the report (``--json`` and ``-o FILE.json``); its register is
    written as it is read (``io.json_write.Streamed``)."""
    keys = [c.key for c in REGISTER_COLUMNS]
    return {
        "fiscal_year": report.label,
        "calendar": report.calendar.value,
        "start": report.start,
        "end": report.end,
        "by_source": [
            {
                "source": s.source,
                "victims_served": s.victims_served,
                "disbursements": s.disbursements,
                "disbursed": s.amount,
            }
            for s in report.by_source
        ],
        "victims_served": victims_json(report.victims),
        "by_subgrantee": [
            {
                "fiscal_year": year_label(report.victims, r.fiscal_year),
                "subgrantee": r.subgrantee,
                "victims_served": r.victims_served,
            }
            for r in report.victims.by_subgrantee
        ],
        "balances": balances_json(report.balances),
        "by_category": [
            {
                "source": c.source,
                "category": c.category,
                "disbursements": c.disbursements,
                "disbursed": c.amount,
            }
            for c in report.by_category
        ],
        "register": Streamed(dict(zip(keys, line, strict=True)) for line in register_rows(report)),
    }


def fiscal_year_scope(report: FiscalYearReport) -> str:
    """What the report covers, in words, for its About sheet."""
    return (
        f"{report.label}: {report.start.isoformat()} to {report.end.isoformat()}, "
        f"{report.calendar.value} calendar; balances as of {report.balances_as_of.isoformat()}"
    )
