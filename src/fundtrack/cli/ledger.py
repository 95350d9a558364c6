"""``disburse``, ``serve``, ``void`` and ``log``: the entries clerks record all day."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fundtrack.cli.base import guard_output, state
from fundtrack.cli.options import Json
from fundtrack.cli.output import print_json, print_table, say, warn
from fundtrack.dates import parse_date
from fundtrack.errors import InvalidInput
from fundtrack.money import format_money, parse_money

if TYPE_CHECKING:
    from fundtrack.books.disbursements import Recorded
    from fundtrack.ledger.queries import EntryLine

Reference = Annotated[str | None, typer.Option("--reference", help="Check or voucher number.")]
Memo = Annotated[
    str | None,
    typer.Option("--memo", help="Short note about the payment; never about the client's story."),
]
NewClient = Annotated[
    bool, typer.Option("--new-client", help="Register the client reference if it is new.")
]
AllowDuplicates = Annotated[
    bool,
    typer.Option(
        "--allow-duplicates", help="Record it even if it repeats a standing disbursement exactly."
    ),
]


def disburse(
    ctx: typer.Context,
    subgrant: Annotated[str, typer.Option("--subgrant", help="Subgrant paying.")],
    client: Annotated[str, typer.Option("--client", help="Client reference (opaque code).")],
    category: Annotated[str, typer.Option("--category", help="Category code, e.g. rent.")],
    amount: Annotated[str, typer.Option("--amount", help="Money, e.g. 1234.56.")],
    on: Annotated[str, typer.Option("--date", help="Date paid: 2020-01-15 or 1/15/2020.")],
    reference: Reference = None,
    memo: Memo = None,
    new_client: NewClient = False,
    allow_duplicates: AllowDuplicates = False,
    incurred: Annotated[
        str | None,
        typer.Option(
            "--incurred",
            help="Paid after a federal subgrant's period (up to 90 days): the date inside "
            "it the cost was incurred.",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Record money paid to or for a client from a subgrant, and print the entry id.

    A federal subgrant may pay, up to 90 days after its period ends, a cost incurred inside
    it (2 CFR 200.344): give --incurred; reports date the payment by --date.

    \b
    Example:
      fundtrack disburse --subgrant LP-FY20 --client LP-0042 --category rent \\
          --amount 850 --date 2019-11-01 --reference CHK-1182
      fundtrack disburse --subgrant TLL-V17 --client TLL-0042 --category rent \\
          --amount 850 --date 2020-11-15 --incurred 2020-09-28
    """
    from fundtrack.books.disbursements import disburse as record

    st = state(ctx)
    money, day = parse_money(amount), parse_date(on)
    cost_date = parse_date(incurred, what="--incurred") if incurred is not None else None
    done = st.db.write(
        lambda s: record(
            s,
            subgrant=subgrant,
            client=client,
            category=category,
            amount=money,
            on=day,
            reference=reference,
            memo=memo,
            new_client=new_client,
            allow_duplicates=allow_duplicates,
            incurred=cost_date,
            by=st.user,
        )
    )
    _show_disbursed(done, category, as_json)


def serve(
    ctx: typer.Context,
    subgrant: Annotated[str, typer.Option("--subgrant", help="Subgrant serving.")],
    client: Annotated[str, typer.Option("--client", help="Client reference (opaque code).")],
    on: Annotated[str, typer.Option("--date", help="Date served: 2020-01-15 or 1/15/2020.")],
    category: Annotated[
        str | None, typer.Option("--category", help="Category code, if the service has one.")
    ] = None,
    reference: Reference = None,
    memo: Memo = None,
    new_client: NewClient = False,
    as_json: Json = False,
) -> None:
    """Record a client served without a payment (advocacy, case management), and print the entry id.

    It counts the client as served, like a disbursement, and moves no money.

    \b
    Example:
      fundtrack serve --subgrant DOJ-TLL-FY19 --client TLL-0042 --date 2019-11-01
    """
    from fundtrack.books.services import serve as record

    st = state(ctx)
    day = parse_date(on)
    done = st.db.write(
        lambda s: record(
            s,
            subgrant=subgrant,
            client=client,
            on=day,
            category=category,
            reference=reference,
            memo=memo,
            new_client=new_client,
            by=st.user,
        )
    )
    if as_json:
        print_json(
            {"entry": done.entry_id, "subgrant": done.subgrant, "client": done.client}
            | {"category": done.category, "new_client": done.new_client}
        )
        return
    new = " (new client)" if done.new_client else ""
    area = f" in {done.category}" if done.category else ""
    say(
        f"Entry {done.entry_id}: service for {done.client}{new} from {done.subgrant}{area} "
        f"on {day.isoformat()}; no money moved."
    )


def void(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(metavar="ENTRY-ID", help="The entry to reverse.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is voided.")],
    as_json: Json = False,
) -> None:
    """Void an entry by recording its reversal with a reason (nothing is ever deleted).

    \b
    Example:
      fundtrack void 1042 --reason "keyed $850 instead of $580"
    """
    from fundtrack.books.voids import void as reverse

    st = state(ctx)
    entry_id = _entry_id(entry)
    done = st.db.write(lambda s: reverse(s, entry_id, reason=reason, by=st.user))
    if as_json:
        print_json({"entry": done.entry_id, "voids": entry_id, "amount": done.amount})
        return
    say(f"Entry {done.entry_id}: voided entry {entry_id} ({format_money(done.amount)}).")


def _show_disbursed(done: Recorded, category: str, as_json: bool) -> None:
    """Warnings on stderr, then the entry: one line, or JSON."""
    for message in done.warnings:
        warn(message)
    if as_json:
        print_json(
            {"entry": done.entry_id, "amount": done.amount, "subgrant": done.holder}
            | {"remaining": done.remaining, "new_client": done.new_client}
        )
        return
    new = " (new client)" if done.new_client else ""
    say(
        f"Entry {done.entry_id}: {format_money(done.amount)} {category} for {done.client}{new} "
        f"from {done.holder}; {format_money(done.remaining)} left."
    )


def _entry_id(text: str) -> int:
    raw = text.strip().lstrip("#")
    if not raw.isascii() or not raw.isdigit():
        raise InvalidInput(
            f"entry id {text!r} is not a number; `fundtrack log` lists the entries and their ids"
        )
    return int(raw)


TrailFile = Annotated[
    str | None,
    typer.Option(
        "-o", "--output", help="Write the whole trail, with hashes, to FILE.csv|.xlsx|.json."
    ),
]


def _trail_file(ctx: typer.Context, output: str | None) -> Path | None:
    """The ``-o`` file, checked before the ledger is read; never the database itself."""
    if output is None:
        return None
    from fundtrack.io.output import output_file

    target = output_file(output, (".csv", ".xlsx", ".json"))
    guard_output(ctx, target)
    return target


def _write_trail(target: Path, rows: list[EntryLine]) -> None:
    from fundtrack.clock import utc_now
    from fundtrack.io.output import write_output
    from fundtrack.reports.audit_trail import trail_json, trail_table, trail_workbook

    written = write_output(
        target,
        workbook=lambda: trail_workbook(rows, utc_now()),
        table=lambda: trail_table(rows),
        json=lambda: trail_json(rows),
        private=True,
    )
    say(f"Wrote {written}.")


def _kind(kind: str, reverses: int | None) -> str:
    short = {"disbursement": "paid"}.get(kind, kind)
    return f"void #{reverses}" if reverses is not None else short


Since = Annotated[
    str | None,
    typer.Option("--since", help="Only entries recorded on or after this date (UTC)."),
]
Limit = Annotated[int | None, typer.Option("--limit", min=1, help="Only the first (oldest) N.")]
Last = Annotated[
    int | None, typer.Option("--last", min=1, help="Only the newest N (still listed oldest first).")
]
OfAward = Annotated[str | None, typer.Option("--award", help="Only this award's entries.")]
OfSubgrant = Annotated[str | None, typer.Option("--subgrant", help="Only this subgrant's entries.")]
OfClient = Annotated[str | None, typer.Option("--client", help="Only entries for this client.")]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Only entries of this kind (award, subgrant, disbursement, service, "
        "award-amendment, a fact such as client...) or void ones.",
    ),
]
From = Annotated[str | None, typer.Option("--from", help="Only entries dated on or after this.")]
To = Annotated[str | None, typer.Option("--to", help="Only entries dated on or before this.")]
LOG_COLUMNS = (
    "Id Kind Date Amount Account Category Client Reference Reason",
    "Recorded (UTC)",
    "By",
)


def log(
    ctx: typer.Context,
    since: Since = None,
    limit: Limit = None,
    last: Last = None,
    award: OfAward = None,
    subgrant: OfSubgrant = None,
    client: OfClient = None,
    kind: Kind = None,
    first_day: From = None,
    last_day: To = None,
    as_json: Json = False,
    output: TrailFile = None,
) -> None:
    """List the audit trail: every entry, its reference and reason, when and by whom.

    With -o, the file holds every column of the trail, hashes included (owner-only).

    \b
    Example:
      fundtrack log --since 2020-07-01 --json
      fundtrack log --subgrant LP-FY20 --from 2019-07-01 --to 2020-06-30
      fundtrack log --kind void --last 20
      fundtrack log -o trail.xlsx
    """
    from fundtrack.ledger.log import LogFilter, entries

    if limit is not None and last is not None:
        raise InvalidInput("--limit keeps the oldest entries and --last the newest; give one")
    where = LogFilter(
        award=award,
        subgrant=subgrant,
        client=client,
        kind=kind,
        first_day=parse_date(first_day, what="--from") if first_day else None,
        last_day=parse_date(last_day, what="--to") if last_day else None,
        since=parse_date(since, what="--since") if since else None,
        last=last,
    )
    target = _trail_file(ctx, output)
    rows = state(ctx).db.read(lambda s: entries(s, limit=limit, where=where))
    if target is not None:
        return _write_trail(target, rows)
    if as_json:
        from fundtrack.reports.audit_trail import trail_json

        print_json(trail_json(rows))
        return
    _log_table(rows)


def _log_table(rows: list[EntryLine]) -> None:
    print_table(
        "Ledger entries",
        [*LOG_COLUMNS[0].split(" "), *LOG_COLUMNS[1:]],
        [
            (
                *(r.id, _kind(r.kind, r.reverses), r.entry_date, r.amount),
                *(r.subgrant or r.award, r.category, r.client, r.reference, r.reason),
                *(r.recorded_at, r.recorded_by),
            )
            for r in rows
        ],
        money=("Amount",),
        optional=("Reason", "Recorded (UTC)", "By", "Reference", "Client"),
    )
