"""The victims-served report as tables: on screen, in CSV, as JSON, and as a workbook.

The workbook has the counts with their bar chart, the counts by subgrantee, the counting
rules (Definitions) and where the figures come from (About).
"""

from __future__ import annotations

from typing import Any

from fundtrack.fiscal import label
from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.suppression import Grid, Public, make_public, public_sheets
from fundtrack.reports.victims import ALL_SOURCES, VictimsServed
from fundtrack.table import Chart, Column, Kind, Sheet, Table, Workbook

VICTIMS_DEFINITIONS = (
    (
        "Victim served",
        "A client counts once for a fiscal year and funding source when at least one "
        "disbursement funded by that source, dated in that fiscal year and not voided, went "
        "to or for them.",
    ),
    (
        ALL_SOURCES,
        "Each client counts once, however many sources served them, so this figure can be "
        "less than the sum of the sources' figures. It is a count of distinct clients, not "
        "a total of the columns.",
    ),
    (
        "Range row",
        "Over several fiscal years, the last row counts each client once per source (and once "
        "overall) for the whole range.",
    ),
    (
        "Voided disbursement",
        "A disbursement reversed with `fundtrack void` does not count; a client whose only "
        "disbursement was voided is not counted.",
    ),
    (
        "Fiscal year",
        "State FY: July 1 to June 30; federal FFY: October 1 to September 30; both named by "
        "the year they end. Disbursements are bucketed by their date in the report's calendar.",
    ),
    ("Clients", "Clients are opaque references; no report shows them except the register."),
)


def year_label(report: VictimsServed, year: int | None) -> str:
    """``FY2020``, or ``FY2017-FY2019 (unduplicated)`` (with an en dash) for the range row."""
    if year is None:
        return f"{report.range_label} (unduplicated)"
    return label(year, report.calendar)


def source_label(report: VictimsServed, source: str | None) -> str:
    """The source's code, or the unduplicated column's heading (``report.all_label``)."""
    return report.all_label if source is None else source


def victims_public(report: VictimsServed, below: int) -> Public:
    """What a public copy hides."""
    return make_public(victims_grid(report), below)


def victims_grid(report: VictimsServed) -> Grid:
    """The counts keyed ("count", year, source) and ("by", year, subgrantee); the all-sources
    column and the range row count each client once over the sources, years and subgrantees
    they stand for."""
    grid = Grid()
    grid.values |= {("count", r.fiscal_year, r.source): r.victims_served for r in report.rows}
    grid.values |= {
        ("by", r.fiscal_year, r.subgrantee): r.victims_served for r in report.by_subgrantee
    }
    years: list[int | None] = [*report.years.years(), *([None] if report.spans_years else [])]
    for year in years:
        grid.add_bound(("count", year, None), [("count", year, s) for s in report.sources])
        mine = [("by", year, r.subgrantee) for r in report.by_subgrantee if r.fiscal_year == year]
        grid.add_bound(("count", year, None), mine)
    if report.spans_years:
        for source in (*report.sources, None):
            grid.add_bound(("count", None, source), [("count", y, source) for y in years[:-1]])
    return grid


def _shown(public: Public | None, key: tuple[Any, ...], value: int) -> Any:
    return public.shown(key, value) if public else value


def counts_table(report: VictimsServed, public: Public | None = None) -> Table:
    """A row per fiscal year (and the range row), a column per source, unduplicated last."""
    years: list[int | None] = list(report.years.years())
    if report.spans_years:
        years.append(None)
    columns = (
        Column("Fiscal year", "fiscal_year"),
        *(Column(source, source, Kind.COUNT, 12) for source in report.sources),
        Column(report.all_label, "all_sources", Kind.COUNT, 16),
    )
    rows = [
        [
            year_label(report, y),
            *(_shown(public, ("count", y, s), report.count(y, s)) for s in report.sources),
            _shown(public, ("count", y, None), report.count(y, None)),
        ]
        for y in years
    ]
    caption = (
        "Each client counts once per source and year; the last column and the last row count "
        "each client once."
        if report.spans_years
        else "Each client counts once per source; the last column counts each client once."
    )
    title = f"Victims served by funding source ({report.calendar.value} calendar)"
    if public:
        title += f" (public copy: {public.mark} hides small counts)"
    return Table(title, columns, rows, caption=caption)


def subgrantee_table(report: VictimsServed, public: Public | None = None) -> Table:
    columns = (
        Column("Fiscal year", "fiscal_year"),
        Column("Subgrantee", "subgrantee"),
        Column("Name", "name"),
        Column("Victims served", "victims_served", Kind.COUNT, 14),
    )
    rows = [
        [
            year_label(report, r.fiscal_year),
            r.subgrantee,
            r.name,
            _shown(public, ("by", r.fiscal_year, r.subgrantee), r.victims_served),
        ]
        for r in report.by_subgrantee
    ]
    return Table(f"Victims served by subgrantee, {report.range_label}", columns, rows)


def pivot_table(report: VictimsServed, public: Public | None = None) -> Table:
    """The finest grain, for CSV: a row per fiscal year and source, as in the JSON."""
    columns = (
        Column("Fiscal year", "fiscal_year"),
        Column("Source", "source"),
        Column("Victims served", "victims_served", Kind.COUNT),
    )
    rows = [
        [
            year_label(report, r.fiscal_year),
            source_label(report, r.source),
            _shown(public, ("count", r.fiscal_year, r.source), r.victims_served),
        ]
        for r in report.rows
    ]
    return Table(f"Victims served, {report.range_label}", columns, rows)


def victims_json(report: VictimsServed, public: Public | None = None) -> dict[str, Any]:
    """The one JSON form of the report (``--json`` and ``-o FILE.json``); in a public copy,
    a hidden count is null and ``suppressed_below`` comes first."""

    def figure(year: int | None, source: str | None, value: int) -> int | None:
        return public.json(("count", year, source), value) if public else value

    head: dict[str, Any] = {"suppressed_below": public.below} if public else {}
    return {
        **head,
        "calendar": report.calendar.value,
        "all_sources": report.all_label,
        "rows": [
            {
                "fiscal_year": r.fiscal_year,
                "source": r.source,
                "victims_served": figure(r.fiscal_year, r.source, r.victims_served),
            }
            for r in report.rows
        ],
    }


def victims_sheets(report: VictimsServed, public: Public | None = None) -> tuple[Sheet, Sheet]:
    """The counts with their chart, and the counts by subgrantee."""
    counts = counts_table(report, public)
    chart = Chart(
        f"Victims served by funding source, {report.range_label}",
        category="fiscal_year",
        series=tuple(report.sources),
        rows=len(report.years),
        x_title="Fiscal year",
        y_title="Victims served",
    )
    heading = (
        f"Victims served by funding source, {report.range_label} "
        f"({report.calendar.value} calendar)",
        "Distinct clients with at least one disbursement that was not voided.",
    )
    by_subgrantee = subgrantee_table(report, public)
    return (
        Sheet("Victims served", counts, heading, "VictimsServed", chart),
        Sheet("By subgrantee", by_subgrantee, (by_subgrantee.title,), "BySubgrantee"),
    )


def victims_workbook(report: VictimsServed, made: About, public: Public | None = None) -> Workbook:
    sheets = [
        *victims_sheets(report, public),
        definitions_sheet(VICTIMS_DEFINITIONS),
        about_sheet(made),
    ]
    return Workbook(tuple(public_sheets(sheets, public)), made_at=made.made_at)


def victims_scope(report: VictimsServed) -> str:
    """What the report covers, in words, for its About sheet."""
    return (
        f"{report.range_label}, {report.calendar.value} calendar; "
        f"sources: {', '.join(report.sources)}"
    )
