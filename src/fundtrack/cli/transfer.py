"""``import`` and ``export``: whole files in, everything out (CSV and a plain-text journal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fundtrack.cli.base import guard_output, state
from fundtrack.cli.options import Json
from fundtrack.cli.output import print_json, print_table, say, warn
from fundtrack.errors import InvalidInput
from fundtrack.money import format_money

if TYPE_CHECKING:
    from fundtrack.io.problems import ImportRefused
    from fundtrack.transfer.importer import ImportSummary

IMPORT_KINDS = (
    "awards",
    "subgrantees",
    "subgrants",
    "clients",
    "disbursements",
    "services",
    "match",
)
SHOWN_PROBLEMS = 50


DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Check everything and show the totals; write nothing.")
]
NewClients = Annotated[
    bool, typer.Option("--new-clients", help="Register client references that are new.")
]
AllowDuplicates = Annotated[
    bool,
    typer.Option(
        "--allow-duplicates",
        help="Record disbursements that repeat a standing one, or another row, exactly.",
    ),
]
ErrorsOut = Annotated[
    Path | None,
    typer.Option(
        "--errors-out",
        metavar="FILE",
        help="Also write the file's rows to FILE (.csv or .xlsx), each failing one with its"
        " problems, to correct there and import again.",
    ),
]


def import_command(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help=f"What the file holds: {', '.join(IMPORT_KINDS)}.")
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv file or .xlsx workbook.")],
    dry_run: DryRun = False,
    new_clients: NewClients = False,
    allow_duplicates: AllowDuplicates = False,
    errors_out: ErrorsOut = None,
    as_json: Json = False,
) -> None:
    """Import a whole file, or nothing: every row is checked first.

    Columns are the single-record commands' option names, in any order and any case
    (disbursements: date, subgrant, client, category, amount, reference, memo). Lines that
    start with # above the header are comments. Problems are named as FILE:LINE: column,
    where LINE is the line a spreadsheet shows (the header is line 1). A column named
    problem, where --errors-out writes each failing row's problems, is ignored.

    \b
    Example:
      fundtrack import disbursements lapinon-2020-01.csv --dry-run
      fundtrack import disbursements lapinon-2020-01.csv --new-clients --errors-out bad.csv
      fundtrack import match lifelink-match-2020.csv
    """
    from fundtrack.io.problems import ImportRefused
    from fundtrack.transfer.importer import import_file

    st = state(ctx)
    kind = _kind(kind, IMPORT_KINDS)
    if errors_out is not None:
        guard_output(ctx, errors_out, file, option="--errors-out")
    try:
        with _progress() as progress:
            summary = st.db.write(
                lambda s: import_file(
                    s,
                    kind,
                    file,
                    by=st.user,
                    new_clients=new_clients,
                    allow_duplicates=allow_duplicates,
                    dry_run=dry_run,
                    progress=progress,
                )
            )
    except ImportRefused as refused:
        _show_problems(refused, errors_out, file)
        raise
    _show_summary(summary, as_json, errors_out)


def _kind(kind: str, kinds: tuple[str, ...]) -> str:
    wanted = kind.strip().lower()
    if wanted not in kinds:
        import difflib

        close = difflib.get_close_matches(wanted, kinds, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise InvalidInput(f"unknown kind {kind!r}; {hint}choose one of {', '.join(kinds)}")
    return wanted


def _show_problems(refused: ImportRefused, errors_out: Path | None, file: Path) -> None:
    for problem in refused.problems[:SHOWN_PROBLEMS]:
        sys.stderr.write(f"{problem}\n")
    if refused.count > SHOWN_PROBLEMS:
        where = f"; {errors_out} lists them all" if errors_out else "; --errors-out FILE lists all"
        sys.stderr.write(f"... and {refused.count - SHOWN_PROBLEMS} more problems{where}\n")
    if errors_out is not None:
        from fundtrack.io.problems import write_problems

        write_problems(errors_out, refused.header, refused.problems, source=file)


def _show_summary(summary: ImportSummary, as_json: bool, errors_out: Path | None) -> None:
    for message in summary.warnings:
        warn(message)
    if errors_out is not None:  # no problems: the errors file is emptied
        from fundtrack.io.problems import write_problems

        write_problems(errors_out, [], [])
    if as_json:
        print_json(_summary_json(summary))
        return
    money = f" ({format_money(summary.amount)})" if summary.totals else ""
    clients = f"; {summary.clients_added} new clients" if summary.clients_added else ""
    if summary.duplicates:
        clients += f"; {summary.duplicates} deliberate repeats (--allow-duplicates)"
    if summary.dry_run:
        say(
            f"Checked {summary.rows} {summary.kind}{money} in {summary.file_name}{clients}: "
            "all can be recorded; nothing was written (--dry-run)."
        )
    else:
        say(
            f"Imported {summary.rows} {summary.kind}{money} from {summary.file_name} as batch "
            f"{summary.batch_id}{clients}."
        )
    if summary.totals:
        print_table(
            "Totals",
            ["Award", "Subgrant", "Category", "Rows", "Amount"],
            [(t.award, t.subgrant, t.category, t.rows, t.amount) for t in summary.totals],
            money=("Amount",),
        )


def _summary_json(summary: ImportSummary) -> dict[str, object]:
    totals = [
        {"award": t.award, "subgrant": t.subgrant, "category": t.category, "rows": t.rows,
         "amount": t.amount}
        for t in summary.totals
    ]  # fmt: skip
    return {
        "kind": summary.kind,
        "file": summary.file_name,
        "rows": summary.rows,
        "batch": summary.batch_id,
        "dry_run": summary.dry_run,
        "amount": summary.amount if summary.totals else None,
        "clients_added": summary.clients_added,
        "duplicates": summary.duplicates,
        "warnings": list(summary.warnings),
        "totals": totals,
    }


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total or None)
            bar.update(tasks[what], completed=done, total=total or None)

        yield update


EXPORT_KINDS = (*IMPORT_KINDS, "ledger")


def export_command(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help=f"What to export: {', '.join(EXPORT_KINDS)}.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
) -> None:
    """Export records as CSV that `fundtrack import` reads back, or the ledger as a journal.

    `export ledger` writes a plain-text journal (one transaction per entry, entry id as its
    code) that hledger and ledger read. Files with client references are written readable
    by their owner only. Voided disbursements are left out of `export disbursements`.

    \b
    Example:
      fundtrack export disbursements -o disbursements.csv
      fundtrack export ledger -o books.journal && hledger -f books.journal balance
    """
    from fundtrack.transfer.exporter import PRIVATE_KINDS, export

    kind = _kind(kind, EXPORT_KINDS)
    db = state(ctx).db
    if output is None:
        db.read(lambda s: export(s, kind, sys.stdout))
        return
    from fundtrack.io.atomic import atomic_output

    guard_output(ctx, output)
    with atomic_output(output, "w", private=kind in PRIVATE_KINDS, newline="") as out:
        count = db.read(lambda s: export(s, kind, out))
    say(f"Wrote {count} {'entries' if kind == 'ledger' else kind} to {output}.")
