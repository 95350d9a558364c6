"""The victims-served workbook: the table, its bar chart, by subgrantee, definitions, about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from fundtrack.fiscal import label
from fundtrack.io.workbook_about import VICTIMS_DEFINITIONS, about_sheet, definitions_sheet
from fundtrack.io.workbook_common import NUMBER, Column, Sheet, col, new_workbook, save
from fundtrack.reports.about import About
from fundtrack.reports.victims import VictimsServed

ALL_SOURCES = "All sources (unduplicated)"


def year_label(report: VictimsServed, year: int | None) -> str:
    """``FY2020``, or ``FY2017-FY2019 (unduplicated)`` (with an en dash) for the range row."""
    if year is None:
        return f"{report.range_label} (unduplicated)"
    return label(year, report.calendar)


def victims_sheet(workbook: Workbook, report: VictimsServed) -> Sheet:
    """One row per fiscal year, one column per source, the unduplicated column last."""
    columns = [Column("Fiscal year")]
    columns += [Column(source, NUMBER, 12) for source in report.sources]
    columns.append(Column(report.all_label, NUMBER, 16))
    sheet = Sheet(
        workbook,
        "Victims served",
        columns,
        heading=[
            f"Victims served by funding source, {report.range_label} "
            f"({report.calendar.value} calendar)",
            "Distinct clients with at least one disbursement that was not voided.",
        ],
        table="VictimsServed",
    )
    years: list[int | None] = list(report.years.years())
    if report.spans_years:
        years.append(None)
    for year in years:
        counts: list[Any] = [report.count(year, source) for source in report.sources]
        sheet.append([year_label(report, year), *counts, report.count(year, None)])
    sheet.finish_table()
    _chart(sheet, report)
    return sheet


def _chart(sheet: Sheet, report: VictimsServed) -> None:
    """A clustered bar chart: fiscal years on the axis, one series per source."""
    if not report.sources:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = f"Victims served by funding source, {report.range_label}"
    chart.y_axis.title = "Victims served"
    chart.x_axis.title = "Fiscal year"
    chart.y_axis.majorGridlines = None
    first, last = sheet.first_data_row, sheet.first_data_row + len(report.years) - 1
    data = Reference(
        sheet.ws, min_col=2, max_col=1 + len(report.sources), min_row=sheet.header_row, max_row=last
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 18, 9
    sheet.ws.add_chart(chart, f"{col(len(sheet.columns) + 2)}{sheet.header_row}")


def subgrantee_sheet(workbook: Workbook, report: VictimsServed) -> Sheet:
    sheet = Sheet(
        workbook,
        "By subgrantee",
        [
            Column("Fiscal year"),
            Column("Subgrantee"),
            Column("Name"),
            Column("Victims served", NUMBER, 14),
        ],
        heading=[f"Victims served by subgrantee, {report.range_label}"],
        table="BySubgrantee",
    )
    for row in report.by_subgrantee:
        sheet.append(
            [year_label(report, row.fiscal_year), row.subgrantee, row.name, row.victims_served]
        )
    sheet.finish_table()
    return sheet


def write_victims_workbook(report: VictimsServed, about: About, path: str | Path) -> Path:
    workbook = new_workbook()
    victims_sheet(workbook, report)
    subgrantee_sheet(workbook, report)
    definitions_sheet(workbook, VICTIMS_DEFINITIONS)
    about_sheet(workbook, about)
    return save(workbook, path, made_at=about.made_at, private=False)
