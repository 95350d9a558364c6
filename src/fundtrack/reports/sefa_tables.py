"""The schedule of expenditures of federal awards as tables: on screen, in CSV, as JSON,
and as a workbook (awards by Assistance Listing, subgrantees, definitions, about)."""

from __future__ import annotations

from typing import Any

from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.sefa import Sefa
from fundtrack.table import Column, Kind, Sheet, Table, Total, Workbook

MONEY = Kind.MONEY
SEFA_DEFINITIONS = (
    ("Fiscal year", "The state fiscal year (July-June); disbursements dated in it."),
    ("ALN", "The award's Assistance Listing number."),
    ("Expended", "Federal money the award disbursed in the year, net of voids."),
    (
        "Passed through",
        "The part paid through services subgrants, to subrecipients; administration "
        "subgrants are the state's own spending.",
    ),
    ("Subgrantee", "Federal money passed through to it in the year."),
)


def awards_table(report: Sefa) -> Table:
    columns = (
        Column("ALN", "aln"),
        Column("Award", "award"),
        Column("Expended", "expended", MONEY),
        Column("Passed through", "passed_through", MONEY),
    )
    rows = [[a.aln, a.award, a.expended, a.passed_through] for a in report.awards]
    title = f"Federal expenditures, {report.fiscal_year}"
    return Table(title, columns, rows, Total("Total", ("expended", "passed_through")))


def subgrantees_table(report: Sefa) -> Table:
    columns = (Column("Subgrantee", "subgrantee"), Column("Expended", "expended", MONEY))
    rows = [[g.subgrantee, g.expended] for g in report.subgrantees]
    title = f"Passed through to subrecipients, {report.fiscal_year}"
    return Table(title, columns, rows, Total("Total", ("expended",)))


def screen_tables(report: Sefa) -> list[Table]:
    """On the terminal: the awards, then what each subgrantee was passed."""
    return [awards_table(report), subgrantees_table(report)]


def sefa_json(report: Sefa) -> dict[str, Any]:
    return {
        "fiscal_year": report.fiscal_year,
        "awards": awards_table(report).records(),
        "subgrantees": subgrantees_table(report).records(),
    }


def sefa_scope(report: Sefa) -> str:
    return f"{report.fiscal_year}, state calendar; federal sources"


def sefa_workbook(report: Sefa, made: About) -> Workbook:
    awards, grantees = awards_table(report), subgrantees_table(report)
    return Workbook(
        (
            Sheet("Awards", awards, heading=(awards.title,)),
            Sheet("Subgrantees", grantees, heading=(grantees.title,)),
            definitions_sheet(SEFA_DEFINITIONS),
            about_sheet(made),
        ),
        made_at=made.made_at,
    )
