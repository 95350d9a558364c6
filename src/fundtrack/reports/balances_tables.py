"""The balances report as tables: on screen, in CSV, as JSON, and as a workbook.

In the workbook amounts are numbers and what follows from them is a formula an auditor can
trace, stored with its value: unallocated = amount - allocated, remaining = amount -
disbursed, spent = disbursed / amount, and each total a ``SUM`` over the rows above it. The
lapse forecast is a formula too, over its inputs shown beside it (disbursed in the last 90
days, rate days, days left) and remaining: ``MAX(0, ROUND(remaining - last 90 days * days
left / rate days, 2))``; the rows at risk are highlighted. On screen, in CSV and in JSON the
forecast is the figure alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fundtrack.fiscal import label
from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.balances import AT_RISK, AwardBalance, Balances
from fundtrack.table import Column, Derived, Highlight, Kind, Sheet, Table, Total, Workbook

MONEY = Kind.MONEY

BALANCE_DEFINITIONS = (
    ("As of", "Every figure sums the entries dated on or before the as-of date."),
    ("Amount", "What the award (or subgrant) holds."),
    ("Allocated", "Given to subgrants. Unallocated = Amount - Allocated."),
    ("Disbursed", "Paid to or for clients, net of voids. Remaining = Amount - Disbursed."),
    ("Spent", "Disbursed as a share of the amount."),
    (
        "Disbursed last 90 days",
        "Disbursed in the 90 days up to the as-of date, that day included.",
    ),
    (
        "Rate days",
        "The days the last 90 days' spending is spread over: 90, or fewer for an award that "
        "started less than 90 days before the as-of date (its start day counts as day 1).",
    ),
    ("Days left", "End of the period - as-of date; 0 once the period has ended."),
    (
        "Forecast unspent",
        "What would be left at the end of the period at the recent pace: Remaining - "
        "Disbursed last 90 days / Rate days x Days left, never below $0.00, rounded half up "
        "to the cent.",
    ),
    ("Status: fully spent", "Nothing remains."),
    (
        "Status: reverts / lapses",
        "The period of performance ended before the as-of date with money unspent: a state "
        "appropriation reverts, a federal award lapses.",
    ),
    (
        "Status: at risk",
        "Forecast unspent is above $0.00 and the period's last day is the as-of date or one "
        "of the 180 days after it (highlighted in the workbook).",
    ),
    (
        "Status: ends within 90 days",
        "The period's last day is the as-of date or one of the 90 days after it, and the "
        "recent pace spends what remains.",
    ),
    (
        "Status: active",
        "The period ends more than 90 days after the as-of date, and it is not at risk.",
    ),
    ("Status: voided", "The award's own amount was voided."),
)


def _spent(a: AwardBalance) -> Decimal | None:
    """The share spent as the table shows it (``0.931`` for 93.1%), None when nothing."""
    return None if a.percent_spent is None else a.percent_spent / 100


def _year(a: AwardBalance) -> str:
    """The award's fiscal year as its calendar names it: ``FY2020`` or ``FFY2019``."""
    return label(a.fiscal_year, a.calendar)


def screen_tables(report: Balances) -> list[Table]:
    """Awards, subgrants and categories as the terminal shows them (narrow columns first out)."""
    awards = (
        Column("Award", "award"),
        Column("Source", "source", leave_out=4),
        Column("FY", "fiscal_year", Kind.ID, leave_out=5),
        Column("Ends", "end", Kind.DATE, leave_out=3),
        Column("Amount", "amount", MONEY),
        Column("Allocated", "allocated", MONEY, leave_out=1),
        Column("Unallocated", "unallocated", MONEY, leave_out=2),
        Column("Disbursed", "disbursed", MONEY, leave_out=6),
        Column("Remaining", "remaining", MONEY),
        Column("Forecast", "forecast_unspent", MONEY),
        Column("Spent", "spent", Kind.PERCENT, leave_out=7),
        Column("Status", "status"),
    )
    award_rows = [
        [
            *(a.code, a.source, a.fiscal_year, a.end, a.amount, a.allocated, a.unallocated),
            *(a.disbursed, a.remaining, a.forecast.unspent, _spent(a), a.status),
        ]
        for a in report.awards
    ]
    subgrants = (
        Column("Subgrant", "subgrant"),
        Column("Award", "award", leave_out=1),
        Column("Subgrantee", "subgrantee"),
        Column("Amount", "amount", MONEY),
        Column("Disbursed", "disbursed", MONEY),
        Column("Remaining", "remaining", MONEY),
    )
    subgrant_rows = [
        [g.code, a.code, g.subgrantee, g.amount, g.disbursed, g.remaining]
        for a in report.awards
        for g in a.subgrants
    ]
    caption = (
        "Forecast: what would be left unspent when the period ends, at the pace of the last "
        "90 days; at risk: some, and the end within 180 days."
    )
    return [
        Table(
            f"Award balances as of {report.as_of.isoformat()}", awards, award_rows, caption=caption
        ),
        Table("Subgrants", subgrants, subgrant_rows),
        _categories(report, "Disbursed by category", "Left", totalled=False),
    ]


def _categories(report: Balances, title: str, left: str, *, totalled: bool = True) -> Table:
    columns = (
        Column("Subgrant", "subgrant"),
        Column("Category", "category"),
        Column("Budget", "budget", MONEY, 16),
        Column("Disbursed", "disbursed", MONEY, 16),
        Column(left, "left", MONEY, 16),
    )
    rows = [
        [
            g.code,
            c.category,
            c.budget,
            c.disbursed,
            None if c.budget is None else Derived("{budget}-{disbursed}", c.remaining),
        ]
        for a in report.awards
        for g in a.subgrants
        for c in g.categories
    ]
    return Table(title, columns, rows, Total("Total", ("disbursed",)) if totalled else None)


def awards_table(report: Balances) -> Table:
    columns = (
        Column("Award", "award"),
        Column("Source", "source"),
        Column("Fiscal year", "fiscal_year", Kind.TEXT, 11),
        Column("Start", "start", Kind.DATE, 12),
        Column("End", "end", Kind.DATE, 12),
        Column("Amount", "amount", MONEY, 16),
        Column("Allocated", "allocated", MONEY, 16),
        Column("Unallocated", "unallocated", MONEY, 16),
        Column("Disbursed", "disbursed", MONEY, 16),
        Column("Remaining", "remaining", MONEY, 16),
        Column("Spent", "spent", Kind.PERCENT, 9),
        *FORECAST_COLUMNS,
        Column("Status", "status"),
    )
    rows = [
        [
            *(a.code, a.source, _year(a), a.start, a.end, a.amount, a.allocated),
            Derived("{amount}-{allocated}", a.unallocated),
            a.disbursed,
            Derived("{amount}-{disbursed}", a.remaining),
            Derived('IF({amount}=0,"",{disbursed}/{amount})', _share(a.disbursed, a.amount)),
            *(a.forecast.recent, a.forecast.rate_days, a.forecast.days_left),
            Derived(FORECAST_FORMULA, a.forecast.unspent),
            a.status,
        ]
        for a in report.awards
    ]
    summed = ("amount", "allocated", "unallocated", "disbursed", "remaining", "forecast_unspent")
    return Table(
        f"Award balances as of {report.as_of.isoformat()}", columns, rows, Total("Total", summed)
    )


#: The lapse forecast's inputs and the forecast, as the workbook shows them.
FORECAST_COLUMNS = (
    Column("Disbursed last 90 days", "disbursed_last_90_days", MONEY, 16),
    Column("Rate days", "rate_days", Kind.COUNT, 9),
    Column("Days left", "days_left", Kind.COUNT, 9),
    Column("Forecast unspent", "forecast_unspent", MONEY, 16),
)
FORECAST_FORMULA = "MAX(0,ROUND({remaining}-{disbursed_last_90_days}*{days_left}/{rate_days},2))"


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part / whole


def subgrants_table(report: Balances) -> Table:
    columns = (
        Column("Subgrant", "subgrant"),
        Column("Award", "award"),
        Column("Subgrantee", "subgrantee"),
        Column("Name", "name"),
        Column("Start", "start", Kind.DATE, 12),
        Column("End", "end", Kind.DATE, 12),
        Column("Amount", "amount", MONEY, 16),
        Column("Disbursed", "disbursed", MONEY, 16),
        Column("Remaining", "remaining", MONEY, 16),
    )
    rows = [
        [
            *(g.code, a.code, g.subgrantee, g.subgrantee_name, g.start, g.end),
            *(g.amount, g.disbursed, Derived("{amount}-{disbursed}", g.remaining)),
        ]
        for a in report.awards
        for g in a.subgrants
    ]
    total = Total("Total", ("amount", "disbursed", "remaining"))
    return Table(f"Subgrant balances as of {report.as_of.isoformat()}", columns, rows, total)


def balances_sheets(report: Balances) -> tuple[Sheet, ...]:
    """Awards, subgrants and their categories, each with totals."""
    awards, subgrants = awards_table(report), subgrants_table(report)
    categories = _categories(
        report,
        f"Disbursed per category as of {report.as_of.isoformat()}, against the budget where "
        "one is set",
        "Budget left",
    )
    return (
        Sheet(
            "Balances",
            awards,
            (awards.title,),
            "AwardBalances",
            highlight=Highlight("status", AT_RISK),
        ),
        Sheet("Subgrants", subgrants, (subgrants.title,), "SubgrantBalances"),
        Sheet("Subgrant categories", categories, (categories.title,), "SubgrantCategories"),
    )


def balances_workbook(report: Balances, made: About) -> Workbook:
    return Workbook(
        (*balances_sheets(report), definitions_sheet(BALANCE_DEFINITIONS), about_sheet(made)),
        made_at=made.made_at,
    )


def pivot_table(report: Balances) -> Table:
    """The finest grain, for CSV: a row per subgrant and category, with its award's figures.

    A subgrant with nothing in any category has one row with the category empty, and an
    award without subgrants one row with the subgrant empty.
    """
    columns = (
        *(Column(h, k) for h, k in (("Award", "award"), ("Source", "source"))),
        Column("Fiscal year", "fiscal_year"),
        Column("Award start", "award_start", Kind.DATE),
        Column("Award end", "award_end", Kind.DATE),
        *(Column(f"Award {w}", f"award_{w}", MONEY) for w in AWARD_FIGURES),
        Column("Award forecast unspent", "award_forecast_unspent", MONEY),
        Column("Status", "status"),
        *(Column(h, k) for h, k in (("Subgrant", "subgrant"), ("Subgrantee", "subgrantee"))),
        *(Column(f"Subgrant {w}", f"subgrant_{w}", MONEY) for w in SUBGRANT_FIGURES),
        Column("Category", "category"),
        Column("Category budget", "category_budget", MONEY),
        Column("Category disbursed", "category_disbursed", MONEY),
    )
    return Table(f"Balances as of {report.as_of.isoformat()}", columns, _pivot_rows(report))


AWARD_FIGURES = ("amount", "allocated", "unallocated", "disbursed", "remaining")
SUBGRANT_FIGURES = ("amount", "disbursed", "remaining")


def _pivot_rows(report: Balances) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for a in report.awards:
        award = [a.code, a.source, _year(a), a.start, a.end]
        award += [a.amount, a.allocated, a.unallocated, a.disbursed, a.remaining]
        award += [a.forecast.unspent, a.status]
        if not a.subgrants:
            rows.append([*award, *[None] * 8])
        for g in a.subgrants:
            subgrant = [g.code, g.subgrantee, g.amount, g.disbursed, g.remaining]
            lines = [[c.category, c.budget, c.disbursed] for c in g.categories]
            rows += [[*award, *subgrant, *line] for line in lines or [[None] * 3]]
    return rows


def balances_json(report: Balances) -> dict[str, Any]:
    """The one JSON form of the report (``--json`` and ``-o FILE.json``)."""
    return {"as_of": report.as_of, "awards": [_award_json(a) for a in report.awards]}


def _award_json(a: AwardBalance) -> dict[str, Any]:
    return {
        "award": a.code,
        "source": a.source,
        "fiscal_year": a.fiscal_year,
        "start": a.start,
        "end": a.end,
        **a.figures(),
        "percent_spent": _percent_figure(a.percent_spent),
        "forecast_unspent": a.forecast.unspent,
        "status": a.status,
        "subgrants": [
            {
                "subgrant": g.code,
                "subgrantee": g.subgrantee,
                **g.figures(),
                "by_category": {c.category: c.disbursed for c in g.categories},
            }
            for g in a.subgrants
        ],
    }


def _percent_figure(value: Decimal | None) -> str | None:
    """A percentage as its digits with one decimal (``"93.1"``), as the table shows it.

    Written out here: as a ``Decimal`` the JSON writer would take it for money.
    """
    return None if value is None else f"{value:.1f}"
