"""``close`` and ``reopen``: fiscal years whose books are final (``award close`` is with the
other award commands, in ``cli/awards.py``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fundtrack.cli.base import fail, state
from fundtrack.cli.options import Json
from fundtrack.cli.output import print_records, say

Year = Annotated[
    str | None,
    typer.Argument(help="The fiscal year: FY2020 (state, July-June) or FFY2020 (federal)."),
]
Reason = Annotated[str, typer.Option("--reason", help="Why, as the audit trail will show it.")]
CalendarOption = Annotated[
    str | None,
    typer.Option(
        "--calendar",
        help="Read FY2020 in the 'state' (default) or 'federal' calendar; FFY2020 is federal.",
    ),
]


def _calendar(text: str | None) -> Any:
    from fundtrack.fiscal import parse_calendar

    return parse_calendar(text) if text is not None else None


def close(
    ctx: typer.Context,
    year: Year = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why, as the audit trail will show it.")
    ] = None,
    calendar: CalendarOption = None,
    listing: Annotated[
        bool, typer.Option("--list", help="Show each closed or reopened year instead.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Close a fiscal year that has ended: nothing dated in it can be recorded until it is
    reopened (disbursements, services, match, drawdowns, awards, subgrants, amendments,
    voids, imports), so reports made for it stay true.

    \b
    Example:
      fundtrack close FY2020 --reason "books final; FY2020 report filed 2020-09-01"
      fundtrack close FFY2020 --reason "SF-425 final filed"
      fundtrack close --list
    """
    if listing:
        _list(ctx, as_json)
        return
    if year is None or reason is None:
        raise fail("name the year and say why: fundtrack close FY2020 --reason '...'", 2)
    from fundtrack.books.closing import close_year

    st = state(ctx)
    cal = _calendar(calendar)
    entry = st.db.write(lambda s: close_year(s, year, calendar=cal, reason=reason, by=st.user))
    say(f"Closed {_label(year, cal)} (entry {entry}); reopen it with `fundtrack reopen`.")


def reopen(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(help="The closed fiscal year: FY2020 or FFY2020.")],
    reason: Reason,
    calendar: CalendarOption = None,
) -> None:
    """Reopen a closed fiscal year, so entries dated in it can be recorded again.

    \b
    Example:
      fundtrack reopen FY2020 --reason "late invoice from LAPINON, approved by the director"
    """
    from fundtrack.books.closing import reopen_year

    st = state(ctx)
    cal = _calendar(calendar)
    entry = st.db.write(lambda s: reopen_year(s, year, calendar=cal, reason=reason, by=st.user))
    say(f"Reopened {_label(year, cal)} (entry {entry}); close it again once its books are final.")


def _label(year: str, calendar: Any) -> str:
    from fundtrack.books.closing import read_year

    return read_year(year, calendar).label


def _list(ctx: typer.Context, as_json: bool) -> None:
    from fundtrack.books.closing import year_list

    marks = state(ctx).db.read(year_list)
    print_records(
        "Closed years",
        ["Year", "Calendar", "Period", "State", "Entry", "On", "By", "Reason"],
        marks,
        as_json=as_json,
        json_of=lambda m: {
            "year": m.label,
            "calendar": m.calendar.value,
            "start": m.start,
            "end": m.end,
            "state": "closed" if m.kind == "close" else "reopened",
            "entry": m.entry_id,
            "on": m.on,
            "by": m.by,
            "reason": m.reason,
        },
        row_of=lambda m: (
            m.label,
            m.calendar.value,
            f"{m.start}..{m.end}",
            "closed" if m.kind == "close" else "reopened",
            m.entry_id,
            m.on,
            m.by,
            m.reason,
        ),
    )
