"""``demo``: the seed documents' published figures in a fresh ledger, with both reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fundtrack.cli.base import state
from fundtrack.cli.output import draw_table, say
from fundtrack.money import format_money

if TYPE_CHECKING:
    from fundtrack.demo import DemoBooks


def demo(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", metavar="DIR", help="Folder for the demo database and workbooks."),
    ] = Path("fundtrack-demo"),
) -> None:
    """Build a demo ledger from the seed documents' published figures and write its reports.

    Records New Mexico's human-trafficking awards (CVRC-HT, VOCA, DOJ), the subgrants, the
    disbursements behind the published totals and the services behind the published counts
    through `fundtrack import`, prints the balances
    and victims served, and writes victims-served.xlsx, balances.xlsx and
    fiscal-year-FY2020.xlsx into DIR. Per-client detail is synthetic; the totals and counts
    are the published ones. Re-running rebuilds DIR's demo files from scratch; your own
    database (--db, FUNDTRACK_DB) is never touched.

    \b
    Example:
      fundtrack demo
      fundtrack demo --out /tmp/fundtrack-demo
      fundtrack --db fundtrack-demo/demo.db report victims-served --fy FY19-FY21
    """
    from fundtrack.db.location import resolve_url
    from fundtrack.demo import AS_OF, build_demo, write_reports
    from fundtrack.reports.balances_tables import screen_tables
    from fundtrack.reports.victims_tables import counts_table

    st = state(ctx)
    books = build_demo(out, protected_url=resolve_url(st.location), by=st.by or "demo")
    _say_built(books)
    reports = write_reports(books)
    say(f"\nBalances as of {AS_OF.isoformat()}, the end of the years the seeds report on:")
    for table in (*screen_tables(reports.balances), counts_table(reports.victims)):
        draw_table(table)
    for path in reports.workbooks:
        say(f"Wrote {path}.")
    say(f"Explore it: fundtrack --db {books.database} report balances --as-of {AS_OF}")


def _say_built(books: DemoBooks) -> None:
    counts = {s.kind: s.clients_added or s.rows for s in books.imported}
    paid = next(s.amount for s in books.imported if s.kind == "disbursements")
    say(
        f"Built the demo ledger {books.database} from the seed documents' figures: "
        f"{counts['awards']} awards, {counts['subgrantees']} subgrantees, "
        f"{counts['subgrants']} subgrants, {counts['clients']} clients, "
        f"{counts['disbursements']} disbursements ({format_money(paid)}), "
        f"{counts['services']} services without payment."
    )
    say(
        "Amounts and counts are the published ones; which client got what is synthetic "
        "(data/README.md in the repository says what and why). Money the seeds do not "
        "report as spent stays unspent."
    )
