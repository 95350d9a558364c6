"""The match report as tables: on screen, in CSV, as JSON, and as a workbook.

In the workbook, recorded = cash + in-kind and the shortfall to date are formulas with their
computed values, and the money columns are totalled.
"""

from __future__ import annotations

from typing import Any

from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.match import MatchReport, SubgrantMatch
from fundtrack.table import Column, Derived, Kind, Sheet, Table, Total, Workbook

MONEY = Kind.MONEY
FIGURES = ("amount", "required", "required_to_date", "cash", "in_kind")

MATCH_DEFINITIONS = (
    ("As of", "Every figure sums the entries dated on or before the as-of date."),
    ("Match %", "Of the total project cost: the source's, or the subgrant's waiver."),
    ("Required", "On the amount: amount x P / (100 - P), rounded up to the cent."),
    ("Required to date", "The same on what the subgrant has disbursed."),
    ("Cash, In-kind", "Match recorded, net of voids. Recorded = Cash + In-kind."),
    ("Shortfall to date", "Required to date - Recorded, never below zero."),
    ("Waiver", "Why the subgrant owes less than its source's percent."),
)

_COLUMNS = (
    Column("Subgrant", "subgrant"),
    Column("Amount", "amount", MONEY),
    Column("Match %", "match_percent"),
    Column("Required", "required", MONEY),
    Column("Required to date", "required_to_date", MONEY),
    Column("Cash", "cash", MONEY),
    Column("In-kind", "in_kind", MONEY),
    Column("Recorded", "recorded", MONEY),
    Column("Shortfall to date", "shortfall_to_date", MONEY),
    Column("Waiver", "waiver", leave_out=1),
)


def _row(m: SubgrantMatch, formulas: bool) -> list[Any]:
    recorded: Any = m.recorded
    shortfall: Any = m.shortfall_to_date
    if formulas:
        recorded = Derived("{cash}+{in_kind}", m.recorded)
        shortfall = Derived("MAX(0,{required_to_date}-{recorded})", m.shortfall_to_date)
    return [
        *(m.subgrant, m.amount, m.match_percent, m.required, m.required_to_date),
        *(m.cash, m.in_kind, recorded, shortfall, m.waiver),
    ]


def match_table(report: MatchReport, *, formulas: bool = False) -> Table:
    return Table(
        f"Match as of {report.as_of.isoformat()}",
        _COLUMNS,
        [_row(m, formulas) for m in report.subgrants],
        Total("Total", (*FIGURES, "recorded", "shortfall_to_date")),
    )


def match_json(report: MatchReport) -> dict[str, Any]:
    return {"as_of": report.as_of, "subgrants": match_table(report).records()}


def match_scope(report: MatchReport) -> str:
    return f"as of {report.as_of.isoformat()}"


def match_workbook(report: MatchReport, made: About) -> Workbook:
    table = match_table(report, formulas=True)
    return Workbook(
        (
            Sheet("Match", table, heading=(table.title,)),
            definitions_sheet(MATCH_DEFINITIONS),
            about_sheet(made),
        ),
        made_at=made.made_at,
    )
