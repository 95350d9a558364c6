"""The PMT report as tables: on screen, in CSV, as JSON, and as a workbook.

The workbook has a sheet for all subgrantees together, one per subgrantee, the counting rules
(Definitions) and where the figures come from (About). A public copy (``Public``) shows each
hidden count as ``<11`` (null in JSON) and says so on every sheet.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.pmt import AREAS, Counts, PmtReport
from fundtrack.reports.suppression import Public, public_sheets
from fundtrack.table import Column, Kind, Sheet, Table, Workbook

ALL_SUBGRANTEES = "All subgrantees (unduplicated)"

PMT_DEFINITIONS = (
    (
        "Served",
        "Distinct clients with at least one disbursement dated in the quarter that was not "
        "voided. A client served twice in a quarter counts once.",
    ),
    ("New", "Served in the quarter and not earlier in the same fiscal year."),
    ("Continuing", "Served in the quarter and earlier in the same fiscal year."),
    (
        "Year",
        "Each client counts once for the whole fiscal year: the year's served equals the sum "
        "of the quarters' new, and can be less than the sum of the quarters' served.",
    ),
    (
        "Service area",
        "Each category belongs to one PMT service area (`fundtrack category list` shows "
        "which); a category without one counts under 'unspecified'. A client who received "
        "help in two areas counts in both.",
    ),
    (
        ALL_SUBGRANTEES,
        "Each client counts once however many subgrantees served them, so it can be less "
        "than the sum of the subgrantees' figures.",
    ),
    (
        "Quarters",
        "Federal: Q1 October-December ... Q4 July-September; state: Q1 July-September ... "
        "Q4 April-June.",
    ),
    (
        "Not in fundtrack",
        "Victimization types and demographics: fundtrack keeps nothing about a client but an "
        "opaque reference.",
    ),
)


def area_key(area: str) -> str:
    """A column key for a service area: ``shelter_housing_services``."""
    return re.sub(r"[^a-z]+", "_", area.lower()).strip("_")


def _columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("From", "start", Kind.DATE),
        Column("To", "end", Kind.DATE),
        Column("Served", "served", Kind.COUNT, 10),
        Column("New", "new", Kind.COUNT, 10),
        Column("Continuing", "continuing", Kind.COUNT, 12),
        *(Column(area, area_key(area), Kind.COUNT, 16, leave_out=1) for area in AREAS),
    )


def _rows(report: PmtReport, counts: Counts, public: Public | None) -> list[list[Any]]:
    scope = counts.subgrantee

    def cell(row: Hashable, column: str, value: int) -> Any:
        return public.shown((scope, row, column), value) if public else value

    rows: list[list[Any]] = []
    for q in counts.quarters:
        n = q.quarter.number
        rows.append(
            [
                q.quarter.label,
                q.quarter.start,
                q.quarter.end,
                cell(n, "served", q.served),
                cell(n, "new", q.new),
                cell(n, "continuing", q.continuing),
                *(cell(n, area, q.by_service_area[area]) for area in AREAS),
            ]
        )
    first, last = counts.quarters[0].quarter, counts.quarters[-1].quarter
    rows.append(
        [
            f"{report.label} (unduplicated)",
            first.start,
            last.end,
            cell("year", "served", counts.served),
            None,
            None,
            *(cell("year", area, counts.by_service_area[area]) for area in AREAS),
        ]
    )
    return rows


def _who(counts: Counts) -> str:
    return ALL_SUBGRANTEES if counts.subgrantee is None else f"{counts.subgrantee} ({counts.name})"


def quarter_table(report: PmtReport, counts: Counts, public: Public | None = None) -> Table:
    """A row per quarter and the year row, for all subgrantees or one."""
    title = f"Victims served by quarter, {report.label}: {_who(counts)}"
    if public:
        title += f" (public copy: <{public.below} hides small counts)"
    return Table(title, _columns(Column("Quarter", "quarter")), _rows(report, counts, public))


def screen_tables(report: PmtReport, public: Public | None = None) -> list[Table]:
    return [quarter_table(report, c, public) for c in (report.total, *report.subgrantees)]


def pivot_table(report: PmtReport, public: Public | None = None) -> Table:
    """The finest grain, for CSV: a row per subgrantee (all first) and quarter or year."""
    columns = (Column("Subgrantee", "subgrantee"), *_columns(Column("Period", "period")))
    rows = [
        [counts.subgrantee or ALL_SUBGRANTEES, *row]
        for counts in (report.total, *report.subgrantees)
        for row in _rows(report, counts, public)
    ]
    return Table(f"Victims served by quarter, {report.label}", columns, rows)


def _counts_json(counts: Counts, public: Public | None) -> dict[str, Any]:
    scope = counts.subgrantee

    def figure(row: Hashable, column: str, value: int) -> int | None:
        return public.json((scope, row, column), value) if public else value

    quarters = [
        {
            "quarter": q.quarter.number,
            "start": q.quarter.start.isoformat(),
            "end": q.quarter.end.isoformat(),
            "served": figure(q.quarter.number, "served", q.served),
            "new": figure(q.quarter.number, "new", q.new),
            "continuing": figure(q.quarter.number, "continuing", q.continuing),
            "by_service_area": {
                a: figure(q.quarter.number, a, n) for a, n in q.by_service_area.items()
            },
        }
        for q in counts.quarters
    ]
    year = {
        "served": figure("year", "served", counts.served),
        "by_service_area": {a: figure("year", a, n) for a, n in counts.by_service_area.items()},
    }
    return {"quarters": quarters, "year": year}


def pmt_json(report: PmtReport, public: Public | None = None) -> dict[str, Any]:
    """The one JSON form of the report (``--json`` and ``-o FILE.json``)."""
    head: dict[str, Any] = {"suppressed_below": public.below} if public else {}
    return {
        **head,
        "calendar": report.calendar.value,
        "fiscal_year": report.fiscal_year,
        **_counts_json(report.total, public),
        "subgrantees": [
            {"subgrantee": c.subgrantee, **_counts_json(c, public)} for c in report.subgrantees
        ],
    }


def pmt_workbook(report: PmtReport, made: About, public: Public | None = None) -> Workbook:
    """A sheet for all subgrantees, one per subgrantee, Definitions and About."""
    sheets = [
        Sheet(
            "All subgrantees" if c.subgrantee is None else c.subgrantee,
            table := quarter_table(report, c, public),
            (
                table.title,
                f"{report.calendar.value} calendar; sources: {', '.join(report.sources)}",
            ),
        )
        for c in (report.total, *report.subgrantees)
    ]
    sheets += [definitions_sheet(PMT_DEFINITIONS), about_sheet(made)]
    return Workbook(tuple(public_sheets(sheets, public)), made_at=made.made_at)


def pmt_scope(report: PmtReport) -> str:
    """What the report covers, in words, for its About sheet."""
    return f"{report.label}, {report.calendar.value} calendar; sources: {', '.join(report.sources)}"
