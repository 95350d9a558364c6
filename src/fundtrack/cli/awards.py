"""``award`` and ``subgrant``: appropriations and grants, and their parts for subgrantees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from fundtrack.cli.base import App, state
from fundtrack.cli.options import (
    Amount,
    AwardCode,
    End,
    FiscalYear,
    Json,
    OptionalFiscalYear,
    Start,
    SubgrantCode,
    given_percent,
)
from fundtrack.cli.output import print_json, print_records, print_table, say, warn
from fundtrack.dates import parse_date
from fundtrack.fiscal import Calendar, label, parse_fiscal_year
from fundtrack.money import format_money, parse_money, to_cents

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal

    from fundtrack.books.amendments import Amended, Amendment
    from fundtrack.books.awards import AwardView, Spending
    from fundtrack.books.subgrants import SubgrantView

AWARDS = "Appropriations and grants, by fiscal year."
SUBGRANTS = "Parts of awards given to subgrantees, with optional category budgets."
ADD_AWARD = "fundtrack award add CVRC-HT-FY20 --source CVRC-HT --fy FY20 --amount 150000"
award_app = App(help=AWARDS, example=ADD_AWARD)
subgrant_app = App(help=SUBGRANTS, example="fundtrack subgrant show LP-FY20")

_MONEY_COLUMNS = ("Amount", "Allocated", "Unallocated", "Disbursed", "Remaining", "Budget")


def _maybe_date(text: str | None, what: str) -> Any:
    return parse_date(text, what=what) if text is not None else None


def _spent(figures: Spending) -> tuple[Decimal, ...]:
    """A list row's money columns: amount, allocated (awards only), disbursed, remaining."""
    named = figures.figures()
    return tuple(named[k] for k in ("amount", "allocated", "disbursed", "remaining") if k in named)


Reason = Annotated[str, typer.Option("--reason", help="Why the terms change.")]
Effective = Annotated[
    str | None,
    typer.Option("--effective", help="The date it takes effect (default today; not later)."),
]
Budget = Annotated[
    list[str] | None,
    typer.Option("--budget", help="CATEGORY=MONEY; repeat for each budgeted category."),
]
Waiver = Annotated[
    str | None,
    typer.Option("--match-percent", help="A match waiver: a percent below the source's."),
]
NewTotal = Annotated[str | None, typer.Option("--amount", help="The new total.")]
Number = Annotated[str | None, typer.Option("--number", help="Award number.")]
AwardName = Annotated[str | None, typer.Option("--name", help="Descriptive name.")]


def amendment_json(a: Amendment) -> dict[str, Any]:
    return {
        "entry": a.entry_id,
        "effective": a.effective,
        "reason": a.reason,
        "recorded_by": a.recorded_by,
        "recorded_at": a.recorded_at,
        "amount_change": a.amount_change,
        "changes": [
            {"field": name, "from": before, "to": after}
            for name, (before, after) in a.changes.items()
        ],
    }


def _amendment_rows(found: list[Amendment]) -> list[tuple[Any, ...]]:
    return [
        (
            a.entry_id,
            a.effective,
            format_money(a.amount_change),
            "; ".join(f"{n}: {b} -> {t}" for n, (b, t) in a.changes.items()),
            a.reason,
            a.recorded_by,
        )
        for a in found
    ]


def _print_amendments(found: list[Amendment]) -> None:
    if found:
        print_table(
            "Amendments",
            ["Entry", "Effective", "Amount change", "Changed", "Reason", "By"],
            _amendment_rows(found),
        )


def _amend(
    ctx: typer.Context, what: str, effective: str | None, amend: Callable[..., Amended]
) -> None:
    """Record an amendment of an award or subgrant, dated ``--effective``, as one write by
    the user, and say what it changed."""
    st = state(ctx)
    on = _maybe_date(effective, "--effective")
    _say_amended(st.db.write(lambda s: amend(s, on, st.user)), what)


def _say_amended(done: Amended, what: str) -> None:
    change = format_money(done.change)
    sign = "+" if done.change > 0 else ""
    say(
        f"Entry {done.entry_id}: amended {what} {done.holder} ({', '.join(done.changed)}); "
        f"amount {format_money(done.amount)} ({sign}{change})."
    )
    for message in done.warnings:
        warn(message)


def award_json(a: AwardView) -> dict[str, Any]:
    described = ("source", "fiscal_year", "start", "end", "number", "name", "aln")
    return {
        "award": a.code,
        **{k: getattr(a, k) for k in described},
        **a.figures(),
        "subgrants": a.subgrants,
    }


def subgrant_json(g: SubgrantView) -> dict[str, Any]:
    return {
        "subgrant": g.code,
        **{k: getattr(g, k) for k in ("award", "subgrantee", "start", "end", "purpose")},
        "match_percent": g.match_percent,
        "waiver": g.waiver_reason,
        **g.figures(),
        "by_category": [
            {
                "category": c.category,
                "budget": c.budget,
                "disbursed": c.disbursed,
                "remaining": c.remaining,
            }
            for c in g.categories
        ],
    }


@award_app.command("add")
def award_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short code, e.g. CVRC-HT-FY20.")],
    source: Annotated[str, typer.Option("--source", help="Funding source code.")],
    fy: FiscalYear,
    amount: Amount,
    start: Start = None,
    end: End = None,
    number: Number = None,
    name: AwardName = None,
    aln: Annotated[
        str | None, typer.Option("--aln", help="Assistance Listing, e.g. 16.575 (federal).")
    ] = None,
) -> None:
    """Record an appropriation or grant (for a federal one, --number is the FAIN).

    The period of performance defaults to the fiscal year in the source's calendar (VOCA:
    the award year plus three federal years); --start and --end override it.

    \b
    Example:
      fundtrack award add CVRC-HT-FY20 --source CVRC-HT --fy FY20 --amount 150000
      fundtrack award add VOCA-FFY20 --source VOCA --fy FFY20 --amount 1000000 \\
          --number 2020-V2-GX-0051 --aln 16.575
    """
    from fundtrack.books.awards import add_award

    st = state(ctx)
    (year, named), money = parse_fiscal_year(fy), parse_money(amount)
    first, last = _maybe_date(start, "--start"), _maybe_date(end, "--end")
    added = st.db.write(
        lambda s: add_award(
            s,
            code,
            source=source,
            fiscal_year=year,
            amount=money,
            start=first,
            end=last,
            number=number,
            name=name,
            aln=aln,
            by=st.user,
            calendar=named,
        )
    )
    fiscal = label(added.fiscal_year, Calendar(added.calendar))
    say(
        f"Recorded award {added.code}: {format_money(added.amount)} from {added.source}, "
        f"{fiscal}, {added.start}..{added.end}."
    )


@award_app.command("list")
def award_list(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    fy: OptionalFiscalYear = None,
    as_json: Json = False,
) -> None:
    """List awards with what each has allocated, disbursed and left.

    \b
    Example:
      fundtrack award list --source CVRC-HT --fy 2020
    """
    from fundtrack.books.awards import list_awards

    year, named = parse_fiscal_year(fy) if fy is not None else (None, None)
    rows = state(ctx).db.read(lambda s: list_awards(s, source=source, fiscal_year=year))
    print_records(
        "Awards",
        ["Award", "Source", "FY", "Period", "Amount", "Allocated", "Disbursed", "Remaining"],
        [a for a in rows if named is None or a.calendar == named],
        as_json=as_json,
        json_of=award_json,
        row_of=lambda a: (a.code, a.source, a.fiscal_year, f"{a.start}..{a.end}", *_spent(a)),
        money=_MONEY_COLUMNS,
        optional=("Period", "Allocated"),
    )


@award_app.command("show")
def award_show(
    ctx: typer.Context,
    code: AwardCode,
    as_json: Json = False,
) -> None:
    """Show one award and its figures.

    \b
    Example:
      fundtrack award show CVRC-HT-FY20
    """
    from fundtrack.books.award_amendments import award_amendments
    from fundtrack.books.awards import get_award, show_award

    a, found = state(ctx).db.read(
        lambda s: (show_award(s, code), award_amendments(s, get_award(s, code)))
    )
    if as_json:
        print_json({**award_json(a), "amendments": [amendment_json(x) for x in found]})
        return
    print_table(
        f"Award {a.code}",
        ["Field", "Value"],
        [
            ("Source", a.source),
            ("Fiscal year", a.fiscal_year),
            ("Period", f"{a.start}..{a.end}"),
            ("Number", a.number),
            ("Name", a.name),
            ("Amount", format_money(a.amount)),
            ("Allocated", format_money(a.allocated)),
            ("Unallocated", format_money(a.unallocated)),
            ("Disbursed", format_money(a.disbursed)),
            ("Remaining", format_money(a.remaining)),
            *[
                (name.capitalize(), format_money(value))
                for name, value in a.figures().items()
                if name in ("reverted", "lapsed")
            ],
            ("Subgrants", ", ".join(a.subgrants)),
        ],
    )
    _print_amendments(found)


@award_app.command("amend")
def award_amend(
    ctx: typer.Context,
    code: AwardCode,
    reason: Reason,
    amount: NewTotal = None,
    start: Start = None,
    end: End = None,
    number: Number = None,
    name: AwardName = None,
    aln: Annotated[
        str | None, typer.Option("--aln", help="Assistance Listing, e.g. 16.575.")
    ] = None,
    effective: Effective = None,
) -> None:
    """Amend an award: supplemental money or a cut, a new period, number (FAIN), name or ALN.

    --amount is the new total; the change is recorded as one amendment entry, dated
    --effective, with the reason. Reports as of an earlier date use the terms then.

    \b
    Example:
      fundtrack award amend CVRC-HT-FY20 --amount 175000 --effective 2020-01-15 \\
          --reason "supplemental appropriation"
    """
    from fundtrack.books.award_amendments import amend_award

    money = parse_money(amount) if amount is not None else None
    first, last = _maybe_date(start, "--start"), _maybe_date(end, "--end")
    _amend(
        ctx, "award", effective,
        lambda s, on, by: amend_award(
            s, code, amount=money, start=first, end=last, number=number, name=name,
            aln=aln, effective=on, reason=reason, by=by,
        ),
    )  # fmt: skip


@award_app.command("close")
def award_close(
    ctx: typer.Context,
    code: AwardCode,
    reason: Annotated[str, typer.Option("--reason", help="Why, as the audit trail will show it.")],
    as_json: Json = False,
) -> None:
    """Close an award after its period (federal money: after the 90 days to liquidate too).

    Its unspent remainder is recorded as reverted (state money) or lapsed (federal money),
    and it takes no more entries; `report sf425 --final` can then be made. A mistaken close
    is undone with `fundtrack void ENTRY --reason ...`.

    \b
    Example:
      fundtrack award close CVRC-HT-FY20 --reason "period over, remainder reverts to the state"
    """
    from fundtrack.books.closing import close_award

    st = state(ctx)
    done = st.db.write(lambda s: close_award(s, code, reason=reason, by=st.user))
    if as_json:
        print_json({"entry": done.entry_id, "award": done.award, done.figure: done.remainder})
        return
    say(
        f"Closed award {done.award} (entry {done.entry_id}): {format_money(done.remainder)} "
        f"{done.figure}; it takes no more entries."
    )


@subgrant_app.command("add")
def subgrant_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short code, e.g. LP-FY20.")],
    award: Annotated[str, typer.Option("--award", help="The award it draws on.")],
    subgrantee: Annotated[str, typer.Option("--subgrantee", help="Subgrantee code.")],
    amount: Amount,
    start: Start = None,
    end: End = None,
    budget: Budget = None,
    purpose: Annotated[
        str, typer.Option("--purpose", help="services (default) or administration.")
    ] = "services",
    match_percent: Waiver = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the match is waived.")] = None,
) -> None:
    """Give part of an award to a subgrantee.

    The period defaults to the award's and must lie inside it. With --budget, disbursements
    are limited to the budgeted categories and amounts. An administration subgrant owes no
    match and, with the award's other administration subgrants, stays within the source's
    cap; --match-percent with --reason records a (partial) waiver of the source's match.

    \b
    Example:
      fundtrack subgrant add LP-FY20 --award CVRC-HT-FY20 --subgrantee LAPINON \\
          --amount 99811.69 --budget rent=40000 --budget travel=5000
      fundtrack subgrant add TLL-V20 --award VOCA-FFY20 --subgrantee LIFELINK \\
          --amount 200000 --match-percent 10 --reason "rural provider, OVC waiver 2020-3"
    """
    from fundtrack.books.subgrants import add_subgrant, parse_budgets

    st = state(ctx)
    waived = given_percent(match_percent, "--match-percent")
    money = parse_money(amount)
    budgets = parse_budgets(budget or [], option="--budget", example="e.g. --budget rent=1200")
    first, last = _maybe_date(start, "--start"), _maybe_date(end, "--end")
    added = st.db.write(
        lambda s: add_subgrant(
            s,
            code,
            award=award,
            subgrantee=subgrantee,
            amount=money,
            start=first,
            end=last,
            budgets=budgets,
            purpose=purpose,
            match_percent=waived,
            reason=reason,
            by=st.user,
        )
    )
    say(
        f"Recorded subgrant {added.code}: {format_money(added.amount)} from award "
        f"{added.award} to {added.subgrantee}, {added.start}..{added.end}."
    )


@subgrant_app.command("list")
def subgrant_list(
    ctx: typer.Context,
    award: Annotated[str | None, typer.Option("--award", help="Only this award's.")] = None,
    as_json: Json = False,
) -> None:
    """List subgrants with what each has disbursed and left.

    \b
    Example:
      fundtrack subgrant list --award CVRC-HT-FY20
    """
    from fundtrack.books.subgrants import list_subgrants

    print_records(
        "Subgrants",
        ["Subgrant", "Award", "Subgrantee", "Period", "Amount", "Disbursed", "Remaining"],
        state(ctx).db.read(lambda s: list_subgrants(s, award=award)),
        as_json=as_json,
        json_of=subgrant_json,
        row_of=lambda g: (g.code, g.award, g.subgrantee, f"{g.start}..{g.end}", *_spent(g)),
        money=_MONEY_COLUMNS,
        optional=("Period", "Award"),
    )


@subgrant_app.command("show")
def subgrant_show(
    ctx: typer.Context,
    code: SubgrantCode,
    as_json: Json = False,
) -> None:
    """Show one subgrant, with disbursements per category against its budget.

    \b
    Example:
      fundtrack subgrant show LP-FY20
    """
    from fundtrack.books.subgrant_amendments import budget_moved_percent, subgrant_amendments
    from fundtrack.books.subgrants import get_subgrant, show_subgrant

    def read(s: Any) -> Any:
        found = get_subgrant(s, code)
        g = show_subgrant(s, code)
        moved = budget_moved_percent(s, found, to_cents(g.amount))
        return g, subgrant_amendments(s, found), moved

    g, found, moved = state(ctx).db.read(read)
    if as_json:
        amended = {"amendments": [amendment_json(x) for x in found]}
        print_json({**subgrant_json(g), "budget_moved_percent": moved, **amended})
        return
    say(f"Subgrant {g.code}: {g.subgrantee_name}, award {g.award}, {g.start}..{g.end}")
    print_table(
        "By category",
        ["Category", "Budget", "Disbursed", "Remaining"],
        [(c.category, c.budget, c.disbursed, c.remaining) for c in g.categories]
        + [("Subgrant total", g.amount, g.disbursed, g.remaining)],
        money=_MONEY_COLUMNS,
    )
    if moved is not None and found:
        say(f"Budget moved between categories by revisions: {moved}% of the amount")
    _print_amendments(found)


@subgrant_app.command("amend")
def subgrant_amend(
    ctx: typer.Context,
    code: SubgrantCode,
    reason: Reason,
    amount: NewTotal = None,
    end: End = None,
    budget: Budget = None,
    match_percent: Waiver = None,
    effective: Effective = None,
) -> None:
    """Amend a subgrant: an increase or cut, a no-cost extension, a budget revision, a waiver.

    --amount is the new total; --budget sets one category's figure (repeat it). For a
    federal source's subgrant, budget moves past 10% of its amount across revisions are
    recorded with a warning that prior approval may be required (2 CFR 200.308).
    --match-percent records a full (0) or partial waiver of the source's match, with --reason
    as the waiver's reason; reports as of a date before --effective use the match then.

    \b
    Example:
      fundtrack subgrant amend LP-FY20 --end 2020-06-30 --budget rent=45000 \\
          --budget travel=0 --reason "budget revision approved 2020-01-10"
      fundtrack subgrant amend TLL-V20 --match-percent 10 --effective 2020-01-01 \\
          --reason "OVC waiver 2020-3"
    """
    from fundtrack.books.subgrant_amendments import amend_subgrant
    from fundtrack.books.subgrants import parse_budgets

    waived = given_percent(match_percent, "--match-percent")
    money = parse_money(amount) if amount is not None else None
    budgets = parse_budgets(budget or [], option="--budget", example="e.g. --budget rent=1200")
    last = _maybe_date(end, "--end")
    _amend(
        ctx, "subgrant", effective,
        lambda s, on, by: amend_subgrant(
            s, code, amount=money, end=last, budgets=budgets, match_percent=waived,
            effective=on, reason=reason, by=by,
        ),
    )  # fmt: skip
