"""The SF-425 worksheet as tables: on screen, in CSV, as JSON, and as a workbook laid out
like the form: a row per line with its definition, 10c, 10g, 10h and 10k as formulas over
the lines they follow from, with their computed values."""

from __future__ import annotations

from typing import Any

from fundtrack.reports.about import About, about_sheet
from fundtrack.reports.sf425 import FORMULAS, LINES, Sf425
from fundtrack.table import Column, Derived, Kind, Sheet, Table, Workbook

_COLUMNS = (
    Column("Line", "line"),
    Column("Amount", "amount", Kind.MONEY),
    Column("What it holds", "definition", max_width=90),
)


def _title(report: Sf425) -> str:
    final = ", final report" if report.final else ""
    return f"SF-425 worksheet: award {report.award}, {report.quarter}{final}"


def _amount(report: Sf425, line: str, formulas: bool) -> Any:
    value = report.lines[line]
    if formulas and line in FORMULAS:
        left, sign, right = FORMULAS[line]
        return Derived(f"{{amount@{left}}}{sign}{{amount@{right}}}", value)
    return value


def lines_table(report: Sf425, *, formulas: bool = False) -> Table:
    return Table(
        _title(report),
        _COLUMNS,
        [[line, _amount(report, line, formulas), what] for line, what in LINES],
        caption="Program income (10l-10o) is not tracked.",
    )


def sf425_json(report: Sf425) -> dict[str, Any]:
    return {
        "award": report.award,
        "quarter": report.quarter,
        "final": report.final,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "lines": dict(report.lines),
    }


def sf425_scope(report: Sf425) -> str:
    return (
        f"award {report.award}, {report.quarter}: {report.period_start.isoformat()} to "
        f"{report.period_end.isoformat()}{', final report' if report.final else ''}"
    )


def sf425_workbook(report: Sf425, made: About) -> Workbook:
    heading = (
        _title(report),
        f"Cumulative from {report.period_start.isoformat()} to {report.period_end.isoformat()}"
        "; 10f reads subawards as obligations from their period's start; program income "
        "(10l-10o) is not tracked.",
    )
    table = lines_table(report, formulas=True)
    return Workbook(
        (Sheet("SF-425", table, heading=heading, form=True), about_sheet(made)),
        made_at=made.made_at,
    )
