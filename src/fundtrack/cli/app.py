"""The root ``fundtrack`` command: global options and the table of commands.

Each command is named here with where it lives and its one-line help; its module is imported
only when it runs (``cli/lazy.py``), so a command pays for the libraries it uses and no more.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Annotated

import typer

from fundtrack import __version__
from fundtrack.cli.base import App, State
from fundtrack.cli.lazy import Lazy, lazy_group
from fundtrack.cli.options import By, Db

# One line per command: its name, "module:attribute" (a command function or a group of
# commands), and the line `fundtrack --help` shows (tests/cli/test_app.py holds it equal to
# the command's own help).
COMMANDS = {
    "init": Lazy(
        "fundtrack.cli.registry:init",
        "Create the database, or upgrade it to this version's schema.",
    ),
    "disburse": Lazy(
        "fundtrack.cli.ledger:disburse",
        "Record money paid to or for a client from a subgrant, and print the entry id.",
    ),
    "serve": Lazy(
        "fundtrack.cli.ledger:serve",
        "Record a client served without a payment (advocacy, case management), and print the "
        "entry id.",
    ),
    "match": Lazy(
        "fundtrack.cli.federal:match",
        "Record match a subgrantee supplied (cash or in kind), and print the entry id.",
    ),
    "drawdown": Lazy(
        "fundtrack.cli.federal:drawdown",
        "Record federal cash drawn down for an award, and print the entry id.",
    ),
    "void": Lazy(
        "fundtrack.cli.ledger:void",
        "Void an entry by recording its reversal with a reason (nothing is ever deleted).",
    ),
    "log": Lazy(
        "fundtrack.cli.ledger:log",
        "List the audit trail: every entry, its reference and reason, when and by whom.",
    ),
    "close": Lazy(
        "fundtrack.cli.closing:close",
        "Close a fiscal year that has ended: nothing dated in it can be recorded until it is "
        "reopened (disbursements, services, match, drawdowns, awards, subgrants, amendments, "
        "voids, imports), so reports made for it stay true.",
    ),
    "reopen": Lazy(
        "fundtrack.cli.closing:reopen",
        "Reopen a closed fiscal year, so entries dated in it can be recorded again.",
    ),
    "check": Lazy(
        "fundtrack.cli.check:check",
        "Check the books' integrity; print the fingerprint when all is well, else every problem.",
    ),
    "backup": Lazy(
        "fundtrack.cli.backup:backup",
        "Copy the SQLite database to FILE while clerks keep recording (owner-only, mode 0600).",
    ),
    "import": Lazy(
        "fundtrack.cli.transfer:import_command",
        "Import a whole file, or nothing: every row is checked first.",
    ),
    "export": Lazy(
        "fundtrack.cli.transfer:export_command",
        "Export records as CSV that `fundtrack import` reads back, or the ledger as a journal.",
    ),
    "demo": Lazy(
        "fundtrack.cli.demo:demo",
        "Build a demo ledger from the seed documents' published figures and write its reports.",
    ),
    "source": Lazy(
        "fundtrack.cli.registry:source_app",
        "Funding sources (CVRC-HT, VOCA, DOJ) and their fiscal calendars.",
    ),
    "award": Lazy("fundtrack.cli.awards:award_app", "Appropriations and grants, by fiscal year."),
    "subgrantee": Lazy(
        "fundtrack.cli.registry:subgrantee_app", "Service providers that receive subgrants."
    ),
    "subgrant": Lazy(
        "fundtrack.cli.awards:subgrant_app",
        "Parts of awards given to subgrantees, with optional category budgets.",
    ),
    "category": Lazy(
        "fundtrack.cli.registry:category_app",
        "Disbursement categories (rent, travel, civil-legal, ...).",
    ),
    "client": Lazy(
        "fundtrack.cli.registry:client_app",
        "Clients, known only by opaque references (never names).",
    ),
    "deadlines": Lazy(
        "fundtrack.cli.report:deadlines",
        "List what is due to funders: SF-425s, performance reports, final reports, closeouts, "
        "Subgrant Award Reports, FFATA reports, state reversions, the end of record retention.",
    ),
    # The report group is loaded through cli/federal.py, which adds `report match`, `sf425` and
    # `sefa` to the group cli/report.py declares.
    "report": Lazy(
        "fundtrack.cli.federal:report_app",
        "Victims served (by year, and by quarter for the PMT), remaining balances, and the "
        "fiscal-year workbook.",
    ),
}

app = App(
    cls=lazy_group(COMMANDS),
    help="Keep the books of New Mexico's human-trafficking victim funds: awards, subgrants, "
    "client disbursements, and the reports funders ask for.\n\n"
    "\b\nExample:\n  fundtrack demo\n  fundtrack --db books.db init\n"
    "  fundtrack --db books.db report balances --as-of 2020-06-30",
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fundtrack {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Db = None,
    by: By = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep the books of New Mexico's human-trafficking victim funds.

    --db and --by may also follow the command (fundtrack log --db books.db).

    \b
    Example:
      fundtrack --db books.db init
      fundtrack --db books.db award list
    """
    ctx.obj = State(location=db, by=by)


def main() -> None:
    """Console-script entry point.

    A command runs once and exits, so the cyclic garbage collector is paused while the
    libraries load, and the process ends without tearing down every module: together that
    saves a third of the start-up and shut-down time of a short command.
    """
    gc.disable()
    code = 0
    try:
        app(prog_name="fundtrack")
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)
