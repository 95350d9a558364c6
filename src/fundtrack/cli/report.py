"""``report``: victims served, balances and the fiscal-year workbook.

Each command computes its report once (``fundtrack.reports``) in one read transaction and
then draws it: a table on the terminal, JSON with ``--json``, or a workbook with ``-o``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fundtrack.cli.base import App, guard_output, state
from fundtrack.cli.options import Json
from fundtrack.cli.output import print_json, print_table, say

if TYPE_CHECKING:
    from decimal import Decimal

    from fundtrack.reports.balances import Balances
    from fundtrack.reports.victims import VictimsServed

report_app = App(
    help="Victims served, remaining balances, and the fiscal-year workbook.",
    example="fundtrack report victims-served --fy FY16-FY20 -o victims-served.xlsx",
)

Calendar = Annotated[
    str | None,
    typer.Option(
        "--calendar",
        help="Bucket disbursements by the 'state' (July) or 'federal' (Oct.) year "
        "(default: federal for an FFY year, else state).",
    ),
]
Sources = Annotated[
    list[str] | None,
    typer.Option("--source", help="Only this funding source; repeat for several."),
]
Workbook = Annotated[
    str | None, typer.Option("-o", "--output", help="Write an Excel workbook (FILE.xlsx).")
]
AWARD_HEADER = "Award Source FY Ends Amount Allocated Unallocated Disbursed Remaining Spent Status"


def _made(path: Any) -> None:
    say(f"Wrote {path}.")


@report_app.command("victims-served")
def victims_served(
    ctx: typer.Context,
    fy: Annotated[
        str | None,
        typer.Option("--fy", help="Fiscal year or range: 2020, 2016..2020, FY16-FY20."),
    ] = None,
    calendar: Calendar = None,
    source: Sources = None,
    as_json: Json = False,
    output: Workbook = None,
) -> None:
    """Count the victims served per fiscal year by funding source.

    A client counts once per source and year when a disbursement that was not voided went
    to or for them; the last column counts each client once across sources. Without --fy,
    every year with disbursements is shown; over several years a last row counts each client
    once for the whole range.

    \b
    Example:
      fundtrack report victims-served --fy FY16-FY20
      fundtrack report victims-served --fy 2019..2021 --calendar federal --source VOCA --json
      fundtrack report victims-served --fy 2020 -o victims.xlsx
    """
    from fundtrack.fiscal import parse_fiscal_year_range, report_calendar
    from fundtrack.reports.about import about
    from fundtrack.reports.victims import victims_served as compute

    years = parse_fiscal_year_range(fy) if fy is not None else None
    implied = years.calendar if years is not None else None
    cal = report_calendar(implied, _calendar(calendar), fy=fy or "")
    db, target = state(ctx).db, _target(ctx, output)
    report, made = db.read(
        lambda s: (
            r := compute(
                s, years=years, calendar=cal, sources=source or (), by_subgrantee=bool(target)
            ),
            about(s, report="Victims served", scope=_victims_scope(r), database=db.display)
            if target
            else None,
        )
    )
    if target is not None and made is not None:
        from fundtrack.io.workbook_victims import write_victims_workbook

        _made(write_victims_workbook(report, made, target))
    elif as_json:
        print_json(victims_json(report))
    else:
        _victims_table(report)


@report_app.command("balances")
def balances(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count entries dated on or before this day (default today)."),
    ] = None,
    source: Sources = None,
    as_json: Json = False,
    output: Workbook = None,
) -> None:
    """Show what each award and subgrant holds, has disbursed and has left, with a status.

    Status: active; ends within 90 days; reverts (state) or lapses (federal) when the period
    ended with money unspent; fully spent.

    \b
    Example:
      fundtrack report balances --as-of 2020-06-30
      fundtrack report balances --source VOCA --json
      fundtrack report balances --as-of 2020-06-30 -o balances.xlsx
    """
    from fundtrack.dates import parse_date
    from fundtrack.reports.about import about
    from fundtrack.reports.balances import balances as compute

    day = parse_date(as_of, what="--as-of") if as_of is not None else date.today()
    db, target = state(ctx).db, _target(ctx, output)
    scope = f"as of {day.isoformat()}; sources: {', '.join(source) if source else 'all'}"
    report, made = db.read(
        lambda s: (
            compute(s, as_of=day, sources=source or ()),
            about(s, report="Balances", scope=scope, database=db.display) if target else None,
        )
    )
    if target is not None and made is not None:
        from fundtrack.io.workbook_balances import write_balances_workbook

        _made(write_balances_workbook(report, made, target))
    elif as_json:
        print_json(balances_json(report))
    else:
        _balances_tables(report)


@report_app.command("fiscal-year")
def fiscal_year(
    ctx: typer.Context,
    fy: Annotated[str, typer.Argument(metavar="FY", help="The fiscal year: 2020, FY2020, FY20.")],
    output: Annotated[
        str, typer.Option("-o", "--output", help="The workbook to write (FILE.xlsx).")
    ],
    calendar: Calendar = None,
) -> None:
    """Write one fiscal year's workbook: summary, victims served, balances, categories,
    the disbursement register (with client references; the file is made private), about.

    \b
    Example:
      fundtrack report fiscal-year FY2020 -o fy2020.xlsx
      fundtrack report fiscal-year FFY2019 -o ffy2019.xlsx
    """
    from fundtrack.fiscal import parse_fiscal_year, report_calendar
    from fundtrack.io.workbook_fiscal_year import write_fiscal_year_workbook
    from fundtrack.reports.about import about
    from fundtrack.reports.fiscal_year import fiscal_year_report

    year, named = parse_fiscal_year(fy)
    cal = report_calendar(named, _calendar(calendar), fy=fy)
    db, target = state(ctx).db, _target(ctx, output)
    report, made = db.read(
        lambda s: (
            r := fiscal_year_report(s, year, cal),
            about(
                s,
                report=f"Fiscal year {r.label}",
                scope=f"{r.label}: {r.start.isoformat()} to {r.end.isoformat()}, "
                f"{cal.value} calendar; balances as of {r.end.isoformat()}",
                database=db.display,
            ),
        )
    )
    _made(write_fiscal_year_workbook(report, made, target))


def _calendar(text: str | None) -> Any:
    """The calendar ``--calendar`` names, or None when it was not given."""
    from fundtrack.fiscal import parse_calendar

    return parse_calendar(text) if text is not None else None


def _target(ctx: typer.Context, output: str | None) -> Any:
    if output is None:
        return None
    from fundtrack.io.workbook_common import check_output

    target = check_output(output)
    guard_output(ctx, target)
    return target


def _victims_scope(report: VictimsServed) -> str:
    return (
        f"{report.range_label}, {report.calendar.value} calendar; "
        f"sources: {', '.join(report.sources)}"
    )


def victims_json(report: VictimsServed) -> dict[str, Any]:
    return {
        "calendar": report.calendar.value,
        "all_sources": report.all_label,
        "rows": [
            {"fiscal_year": r.fiscal_year, "source": r.source, "victims_served": r.victims_served}
            for r in report.rows
        ],
    }


def balances_json(report: Balances) -> dict[str, Any]:
    return {
        "as_of": report.as_of,
        "awards": [
            {
                "award": a.code,
                "source": a.source,
                "fiscal_year": a.fiscal_year,
                "start": a.start,
                "end": a.end,
                "amount": a.amount,
                "allocated": a.allocated,
                "unallocated": a.unallocated,
                "disbursed": a.disbursed,
                "remaining": a.remaining,
                "percent_spent": _percent_figure(a.percent_spent),
                "status": a.status,
                "subgrants": [
                    {
                        "subgrant": g.code,
                        "subgrantee": g.subgrantee,
                        "amount": g.amount,
                        "disbursed": g.disbursed,
                        "remaining": g.remaining,
                        "by_category": {c.category: c.disbursed for c in g.categories},
                    }
                    for g in a.subgrants
                ],
            }
            for a in report.awards
        ],
    }


def _victims_table(report: VictimsServed) -> None:
    from fundtrack.fiscal import label

    years: list[int | None] = list(report.years.years())
    if report.spans_years:
        years.append(None)
    numeric = [*report.sources, report.all_label]
    print_table(
        f"Victims served by funding source ({report.calendar.value} calendar)",
        ["Fiscal year", *numeric],
        [
            (
                label(y, report.calendar)
                if y is not None
                else f"{report.range_label} (unduplicated)",
                *(report.count(y, s) for s in report.sources),
                report.count(y, None),
            )
            for y in years
        ],
        money=numeric,
        caption="Each client counts once per source and year; the last column and the last "
        "row count each client once."
        if report.spans_years
        else "Each client counts once per source; the last column counts each client once.",
    )


def _balances_tables(report: Balances) -> None:
    money = ("Amount", "Allocated", "Unallocated", "Disbursed", "Remaining", "Budget", "Left")
    print_table(
        f"Award balances as of {report.as_of.isoformat()}",
        AWARD_HEADER.split(),
        [
            (
                *(a.code, a.source, a.fiscal_year, a.end, a.amount, a.allocated, a.unallocated),
                *(a.disbursed, a.remaining, _percent(a.percent_spent), a.status),
            )
            for a in report.awards
        ],
        money=(*money, "Spent", "FY"),
        optional=("Allocated", "Unallocated", "Ends", "Source", "FY", "Disbursed", "Spent"),
    )
    print_table(
        "Subgrants",
        ["Subgrant", "Award", "Subgrantee", "Amount", "Disbursed", "Remaining"],
        [
            (g.code, a.code, g.subgrantee, g.amount, g.disbursed, g.remaining)
            for a in report.awards
            for g in a.subgrants
        ],
        money=money,
        optional=("Award",),
    )
    print_table(
        "Disbursed by category",
        ["Subgrant", "Category", "Budget", "Disbursed", "Left"],
        [
            (g.code, c.category, c.budget, c.disbursed, c.remaining)
            for a in report.awards
            for g in a.subgrants
            for c in g.categories
        ],
        money=money,
    )


def _percent_figure(value: Decimal | None) -> str | None:
    """A percentage as its digits with one decimal (``"93.1"``), as the table shows it.

    Not through ``to_jsonable``: that would write it as money, with two decimals.
    """
    return None if value is None else f"{value:.1f}"


def _percent(value: Decimal | None) -> str:
    figure = _percent_figure(value)
    return "" if figure is None else f"{figure}%"
