"""The balances workbook: awards, subgrants and categories as of a date, with formulas.

Amounts are numbers; what follows from them is a formula an auditor can trace: unallocated
= amount - allocated, remaining = amount - disbursed, spent = disbursed / amount, and each
total is a ``SUM`` over the rows above it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from fundtrack.fiscal import label
from fundtrack.io.workbook_about import BALANCE_DEFINITIONS, about_sheet, definitions_sheet
from fundtrack.io.workbook_common import (
    DATE,
    ID,
    MONEY,
    PERCENTAGE,
    Column,
    Formula,
    Sheet,
    new_workbook,
    save,
)
from fundtrack.reports.about import About
from fundtrack.reports.balances import Balances

AWARD_COLUMNS = [
    Column("Award"),
    Column("Source"),
    Column("Fiscal year", ID, 11),
    Column("Start", DATE, 12),
    Column("End", DATE, 12),
    Column("Amount", MONEY, 16),
    Column("Allocated", MONEY, 16),
    Column("Unallocated", MONEY, 16),
    Column("Disbursed", MONEY, 16),
    Column("Remaining", MONEY, 16),
    Column("Spent", PERCENTAGE, 9),
    Column("Status"),
]


def awards_sheet(workbook: Workbook, report: Balances, *, title: str = "Balances") -> Sheet:
    sheet = Sheet(
        workbook,
        title,
        AWARD_COLUMNS,
        heading=[f"Award balances as of {report.as_of.isoformat()}"],
        table="AwardBalances",
    )
    for a in report.awards:
        r = sheet.row
        sheet.append(
            [
                a.code,
                a.source,
                label(a.fiscal_year, a.calendar),
                a.start,
                a.end,
                a.amount,
                a.allocated,
                Formula(f"=F{r}-G{r}"),
                a.disbursed,
                Formula(f"=F{r}-I{r}"),
                Formula(f'=IF(F{r}=0,"",I{r}/F{r})'),
                a.status,
            ]
        )
    sheet.total_row("Total", [6, 7, 8, 9, 10])
    return sheet


def subgrants_sheet(workbook: Workbook, report: Balances) -> Sheet:
    sheet = Sheet(
        workbook,
        "Subgrants",
        [
            Column("Subgrant"),
            Column("Award"),
            Column("Subgrantee"),
            Column("Name"),
            Column("Start", DATE, 12),
            Column("End", DATE, 12),
            Column("Amount", MONEY, 16),
            Column("Disbursed", MONEY, 16),
            Column("Remaining", MONEY, 16),
        ],
        heading=[f"Subgrant balances as of {report.as_of.isoformat()}"],
        table="SubgrantBalances",
    )
    for a in report.awards:
        for g in a.subgrants:
            r = sheet.row
            sheet.append(
                [
                    g.code,
                    a.code,
                    g.subgrantee,
                    g.subgrantee_name,
                    g.start,
                    g.end,
                    g.amount,
                    g.disbursed,
                    Formula(f"=G{r}-H{r}"),
                ]
            )
    sheet.total_row("Total", [7, 8, 9])
    return sheet


def categories_sheet(workbook: Workbook, report: Balances) -> Sheet:
    sheet = Sheet(
        workbook,
        "Subgrant categories",
        [
            Column("Subgrant"),
            Column("Category"),
            Column("Budget", MONEY, 16),
            Column("Disbursed", MONEY, 16),
            Column("Budget left", MONEY, 16),
        ],
        heading=[
            f"Disbursed per category as of {report.as_of.isoformat()}, against the budget "
            "where one is set"
        ],
        table="SubgrantCategories",
    )
    for a in report.awards:
        for g in a.subgrants:
            for c in g.categories:
                r = sheet.row
                left = None if c.budget is None else Formula(f"=C{r}-D{r}")
                sheet.append([g.code, c.category, c.budget, c.disbursed, left])
    sheet.total_row("Total", [4])
    return sheet


def write_balances_workbook(report: Balances, about: About, path: str | Path) -> Path:
    workbook = new_workbook()
    awards_sheet(workbook, report)
    subgrants_sheet(workbook, report)
    categories_sheet(workbook, report)
    definitions_sheet(workbook, BALANCE_DEFINITIONS)
    about_sheet(workbook, about)
    return save(workbook, path, made_at=about.made_at, private=False)
