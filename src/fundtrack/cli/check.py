"""``check``: the integrity checks an auditor runs, silent but for the fingerprint when clean."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from fundtrack.cli.base import state
from fundtrack.cli.options import Json
from fundtrack.cli.output import print_json

if TYPE_CHECKING:
    from fundtrack.audit import Outcome

CHECK_NAMES = "schema, chain, balances, periods, voids, clients, permissions, integrity"


def check(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="[NAME]...", help=f"Checks to run (default: all): {CHECK_NAMES}."),
    ] = None,
    held: Annotated[
        str | None,
        typer.Option(
            "--fingerprint",
            metavar="ENTRY:HASH",
            help="A fingerprint from an earlier report: confirm the books up to it are unchanged.",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Check the books' integrity; print the fingerprint when all is well, else every problem.

    Exits 0 and prints one line, the newest entry's id and hash (the fingerprint an auditor
    keeps to confirm later that the books were not rewritten), when every check passes.
    Otherwise lists each finding with the entry or record it concerns and exits 1.
    With --fingerprint, also confirms that the entry it names still has that hash.

    \b
    Example:
      fundtrack check
      fundtrack check chain balances --json
      fundtrack check chain --fingerprint 1042:3f5a...(64 hex digits)
    """
    from fundtrack.audit import parse_fingerprint, run_checks
    from fundtrack.db.location import sqlite_path

    db = state(ctx).db
    path = sqlite_path(db.url)
    kept = parse_fingerprint(held) if held is not None else None
    outcome = db.read(
        lambda s: run_checks(s, names or [], sqlite_path=path, held=kept), check_schema=False
    )
    for note in outcome.notes:
        sys.stderr.write(f"Note: {note.line()}\n")
    if as_json:
        print_json(_as_json(outcome))
    else:
        _print(outcome)
    if not outcome.clean:
        raise typer.Exit(1)


def _print(outcome: Outcome) -> None:
    """Each finding, then the fingerprint when it can be trusted, then the count."""
    for finding in outcome.findings:
        sys.stdout.write(finding.line() + "\n")
    if _books_intact(outcome):
        sys.stdout.write(f"Fingerprint: entry {outcome.entry_id} {outcome.hash}\n")
    if not outcome.clean:
        count = len(outcome.findings)
        sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found in the books.\n")


def _books_intact(outcome: Outcome) -> bool:
    """True when the fingerprint can be trusted: nothing was found but how the file is
    shared (``permissions``), which says nothing about the entries."""
    return bool(outcome.hash) and all(f.check == "permissions" for f in outcome.findings)


def _as_json(outcome: Outcome) -> dict[str, object]:
    return {
        "clean": outcome.clean,
        "checks": outcome.checks,
        "fingerprint": {"entry": outcome.entry_id, "hash": outcome.hash},
        "findings": [
            {"check": f.check, "entry": f.entry_id, "record": f.record, "message": f.message}
            for f in outcome.findings
        ],
        "notes": [{"check": n.check, "message": n.message} for n in outcome.notes],
    }
