"""Federal money: ``match`` and ``drawdown``, and the reports ``match``, ``sf425`` and
``sefa`` (registered on ``report``)."""

from __future__ import annotations

from typing import Annotated

import typer

from fundtrack.cli.base import state
from fundtrack.cli.options import Amount, AwardCode, Json, Output
from fundtrack.cli.output import print_json, say
from fundtrack.cli.report import AsOf, AsRecordedAt, Forms, as_of_day, make_report, report_app
from fundtrack.dates import parse_date
from fundtrack.money import format_money, parse_money

Reference = Annotated[
    str | None, typer.Option("--reference", help="Check, voucher or document number.")
]
On = Annotated[str, typer.Option("--date", help="Date: 2020-01-15 or 1/15/2020.")]


def match(
    ctx: typer.Context,
    subgrant: Annotated[str, typer.Option("--subgrant", help="Subgrant the match is for.")],
    amount: Amount,
    on: On,
    kind: Annotated[str, typer.Option("--kind", help="cash or in-kind.")],
    reference: Reference = None,
    memo: Annotated[str | None, typer.Option("--memo", help="A short note.")] = None,
    as_json: Json = False,
) -> None:
    """Record match a subgrantee supplied (cash or in kind), and print the entry id.

    The date must fall inside the subgrant's period; administration subgrants carry no
    match. A match is never counted as the award's spending; `void` reverses it.

    \b
    Example:
      fundtrack match --subgrant TLL-V20 --amount 2500 --date 2020-03-31 --kind in-kind \\
          --reference "volunteer hours, March"
    """
    from fundtrack.books.match import record_match

    st = state(ctx)
    money, day = parse_money(amount), parse_date(on)
    done = st.db.write(
        lambda s: record_match(
            s,
            subgrant=subgrant,
            amount=money,
            on=day,
            kind=kind,
            reference=reference,
            memo=memo,
            by=st.user,
        )
    )
    if as_json:
        print_json({"entry": done.entry_id, "amount": done.amount, "subgrant": done.holder})
        return
    say(f"Entry {done.entry_id}: {format_money(done.amount)} {kind} match for {done.holder}.")


def drawdown(
    ctx: typer.Context,
    award: AwardCode,
    amount: Amount,
    on: On,
    reference: Reference = None,
    as_json: Json = False,
) -> None:
    """Record federal cash drawn down for an award, and print the entry id.

    What is drawn never exceeds the award's amount; `void` reverses a drawdown.

    \b
    Example:
      fundtrack drawdown VOCA-FFY20 --amount 150000 --date 2020-01-10 --reference ASAP-0113
    """
    from fundtrack.books.drawdowns import record_drawdown

    st = state(ctx)
    money, day = parse_money(amount), parse_date(on)
    done = st.db.write(
        lambda s: record_drawdown(s, award, amount=money, on=day, reference=reference, by=st.user)
    )
    if as_json:
        print_json(
            {"entry": done.entry_id, "amount": done.amount, "award": done.holder}
            | {"undrawn": done.remaining}
        )
        return
    say(
        f"Entry {done.entry_id}: {format_money(done.amount)} drawn for {done.holder}; "
        f"{format_money(done.remaining)} not yet drawn."
    )


@report_app.command("match")
def match_report(
    ctx: typer.Context,
    as_of: AsOf = None,
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """Show the match each subgrant owes and has recorded, and its shortfall to date.

    Required = federal dollars x P / (100 - P), rounded up to the cent, for the match
    percent P of the total project cost: on the amount, and to date on what was disbursed.

    \b
    Example:
      fundtrack report match --as-of 2020-06-30
      fundtrack report match --json
      fundtrack report match -o match.xlsx
      fundtrack report match --as-of 2020-06-30 --as-recorded 812 -o match.xlsx
    """
    from fundtrack.reports import match_tables as shown
    from fundtrack.reports.match import match_report as compute

    day = as_of_day(as_of)
    make_report(
        ctx, output, as_json, lambda s: compute(s, as_of=day), ("Match", shown.match_scope),
        Forms.one_table(shown.match_json, shown.match_table, shown.match_workbook),
        at=as_recorded_at,
    )  # fmt: skip


@report_app.command("sf425")
def sf425(
    ctx: typer.Context,
    award: Annotated[str, typer.Argument(help="A federal award's code.")],
    quarter: Annotated[
        str, typer.Option("--quarter", help="FFY2020-Q2 (federal) or FY2020-Q3 (state).")
    ],
    final: Annotated[
        bool, typer.Option("--final", help="The final report, after the award's end.")
    ] = False,
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """The SF-425 Federal Financial Report worksheet: lines 10a-10k for one award.

    Cumulative from the award's start to the quarter's end. 10f counts what is allocated to
    subgrants whose period has started and not yet disbursed; --final shows it as 0 and the
    rest in 10h. Program income (10l-10o) is not tracked.

    \b
    Example:
      fundtrack report sf425 VOCA-FFY20 --quarter FFY2020-Q2
      fundtrack report sf425 VOCA-FFY20 --quarter FFY2020-Q2 -o sf425.xlsx
      fundtrack report sf425 VOCA-FFY17 --quarter FFY2021-Q1 --final --json
      fundtrack report sf425 VOCA-FFY20 --quarter FFY2020-Q2 --as-recorded 812 -o sf425.xlsx
    """
    from fundtrack.fiscal import parse_quarter
    from fundtrack.reports import sf425_tables as shown
    from fundtrack.reports.sf425 import sf425 as compute

    chosen = parse_quarter(quarter)
    make_report(
        ctx, output, as_json, lambda s: compute(s, award, chosen, final=final),
        ("SF-425 worksheet", shown.sf425_scope),
        Forms.one_table(shown.sf425_json, shown.lines_table, shown.sf425_workbook),
        at=as_recorded_at,
    )  # fmt: skip


@report_app.command("sefa")
def sefa(
    ctx: typer.Context,
    fy: Annotated[str, typer.Option("--fy", help="The state fiscal year: FY2020 or 2020.")],
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """The schedule of expenditures of federal awards for a state fiscal year.

    Per Assistance Listing and award: federal money disbursed in the year, and the part
    passed through to subrecipients (services subgrants); per subgrantee, what was passed
    through to it.

    \b
    Example:
      fundtrack report sefa --fy FY2020
      fundtrack report sefa --fy 2020 -o sefa-fy2020.xlsx
      fundtrack report sefa --fy 2020 --as-recorded 812 -o sefa-fy2020.xlsx
    """
    from fundtrack.errors import InvalidInput
    from fundtrack.fiscal import Calendar, parse_fiscal_year
    from fundtrack.reports import sefa_tables as shown
    from fundtrack.reports.sefa import sefa as compute

    year, named = parse_fiscal_year(fy)
    if named is Calendar.FEDERAL:
        raise InvalidInput(
            f"--fy {fy} is a federal year; the schedule covers the state fiscal year: "
            f"write FY{year}"
        )
    make_report(
        ctx, output, as_json, lambda s: compute(s, year), ("SEFA", shown.sefa_scope),
        Forms(shown.sefa_json, shown.screen_tables, shown.awards_table, shown.sefa_workbook),
        at=as_recorded_at,
    )  # fmt: skip
