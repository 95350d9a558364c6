"""``init`` and the named lists: sources, categories, subgrantees, clients."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from operator import attrgetter
from typing import Annotated, Any

import typer

from fundtrack.cli.base import App, state
from fundtrack.cli.options import Json, Name, given_percent
from fundtrack.cli.output import print_records, say, warn

SOURCES = "Funding sources (CVRC-HT, VOCA, DOJ) and their fiscal calendars."
CATEGORIES = "Disbursement categories (rent, travel, civil-legal, ...)."
SUBGRANTEES = "Service providers that receive subgrants."
CLIENTS = "Clients, known only by opaque references (never names)."
source_app = App(help=SOURCES, example="fundtrack source list")
category_app = App(help=CATEGORIES, example='fundtrack category add childcare --name "Child care"')
subgrantee_app = App(
    help=SUBGRANTEES, example='fundtrack subgrantee add LIFELINK --name "The Life Link"'
)
client_app = App(help=CLIENTS, example="fundtrack client add LP-0042")


def list_command(
    app: App,
    about: str,
    example: str,
    read: str,
    title: str,
    columns: dict[str, Callable[[Any], Any]],
    json_of: Callable[[Any], dict[str, Any]],
) -> None:
    """Give ``app`` its ``list`` command: ``about`` and ``example`` are its help, ``read``
    (``module:function``, imported when the command runs) returns the records, and
    ``columns`` maps each table heading to the cell it shows of a record."""

    def list_records(ctx: typer.Context, as_json: Json = False) -> None:
        module, function = read.split(":")
        records = state(ctx).db.read(getattr(import_module(module), function))
        cells = list(columns.values())
        print_records(
            title,
            list(columns),
            records,
            as_json=as_json,
            json_of=json_of,
            row_of=lambda r: tuple(cell(r) for cell in cells),
        )

    list_records.__doc__ = f"{about}\n\n\b\nExample:\n  {example}\n"
    app.command("list")(list_records)


list_command(
    source_app,
    "List funding sources.",
    "fundtrack source list --json",
    "fundtrack.books.sources:list_sources",
    "Funding sources",
    {
        "Code": attrgetter("code"),
        "Name": attrgetter("name"),
        "Calendar": attrgetter("calendar"),
        "Extra years": attrgetter("extra_years"),
    },
    lambda r: {k: getattr(r, k) for k in ("code", "name", "calendar", "extra_years")},
)
list_command(
    category_app,
    "List disbursement categories.",
    "fundtrack category list",
    "fundtrack.books.categories:list_categories",
    "Categories",
    {
        "Code": attrgetter("code"),
        "Name": attrgetter("name"),
        "Service area": lambda r: r.service_area or "unspecified",
    },
    lambda r: {k: getattr(r, k) for k in ("code", "name", "service_area")},
)
list_command(
    subgrantee_app,
    "List subgrantees.",
    "fundtrack subgrantee list",
    "fundtrack.books.subgrantees:list_subgrantees",
    "Subgrantees",
    {"Code": attrgetter("code"), "Name": attrgetter("name")},
    lambda r: {"code": r.code, "name": r.name},
)
list_command(
    client_app,
    "List client references with how many disbursements each has had (voids not counted).",
    "fundtrack client list --json",
    "fundtrack.books.clients:list_clients",
    "Clients",
    {
        "Client": attrgetter("ref"),
        "Disbursements": attrgetter("disbursements"),
        "Recorded": attrgetter("recorded_at"),
        "By": attrgetter("recorded_by"),
    },
    lambda r: {
        "client": r.ref,
        "disbursements": r.disbursements,
        "recorded_at": r.recorded_at,
        "recorded_by": r.recorded_by,
    },
)


def init(ctx: typer.Context) -> None:
    """Create the database, or upgrade it to this version's schema.

    Also records the three funding sources of the seeds (CVRC-HT on the state calendar, VOCA
    and DOJ on the federal one) and the seven categories, where they are missing.

    \b
    Example:
      fundtrack --db books.db init
    """
    from fundtrack.books.sources import seed
    from fundtrack.db.migrate import upgrade

    st = state(ctx)
    done = st.db.guard(lambda: upgrade(st.db, then=lambda s: seed(s, by=st.user)))
    before, after, (sources, categories) = done.before, done.after, done.result
    if before is None:
        say(
            f"Created a fundtrack database at {st.db.display} (schema {after}) with "
            f"{sources} funding sources and {categories} categories; see `fundtrack source list`."
        )
    elif before != after:
        say(f"Upgraded {st.db.display} from schema {before} to {after}.")
    else:
        say(f"{st.db.display} is up to date (schema {after}).")
    if done.warning:
        warn(done.warning)


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short code, e.g. HHS.")],
    name: Name,
    calendar: Annotated[
        str, typer.Option("--calendar", help="state (Jul-Jun) or federal (Oct-Sep).")
    ],
    extra_years: Annotated[
        int,
        typer.Option(
            "--extra-years", help="Fiscal years after the award year that funds stay available."
        ),
    ] = 0,
    match_percent: Annotated[
        str | None,
        typer.Option(
            "--match-percent", help="Match its subgrants owe, as a percent of the total cost."
        ),
    ] = None,
    admin_cap_percent: Annotated[
        str | None,
        typer.Option(
            "--admin-cap-percent", help="Most of each award for administration, in percent."
        ),
    ] = None,
) -> None:
    """Add a funding source.

    --match-percent is of the total project cost (VOCA: 20, so 25% of the federal dollars);
    --admin-cap-percent limits each award's administration subgrants (VOCA: 5).

    \b
    Example:
      fundtrack source add HHS --name "HHS Office on Trafficking in Persons" --calendar federal
      fundtrack source add OVC-HT --name "OVC trafficking grants" --calendar federal \\
          --match-percent 25
    """
    from fundtrack.books.sources import add_source
    from fundtrack.fiscal import parse_calendar

    st = state(ctx)
    cal = parse_calendar(calendar)
    match = given_percent(match_percent, "--match-percent")
    cap = given_percent(admin_cap_percent, "--admin-cap-percent")
    added = st.db.write(
        lambda s: add_source(
            s,
            code,
            name,
            cal,
            extra_years=extra_years,
            match_percent=match,
            admin_cap_percent=cap,
            by=st.user,
        )
    )
    say(f"Added source {added.code} ({added.calendar} calendar).")


@category_app.command("add")
def category_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Lower-case code, e.g. childcare.")],
    name: Name,
    service_area: Annotated[
        str | None,
        typer.Option(
            "--service-area",
            help="The PMT service area it counts under, e.g. 'Shelter/housing services' "
            "(default: unspecified).",
        ),
    ] = None,
) -> None:
    """Add a disbursement category.

    The federal performance report (report pmt) counts clients per service area: one of
    'Information & referral', 'Personal advocacy/accompaniment', 'Emotional support or safety
    services', 'Shelter/housing services', 'Criminal/civil justice system assistance'.

    \b
    Example:
      fundtrack category add childcare --name "Child care"
      fundtrack category add hotel --name "Hotel stays" --service-area "Shelter/housing services"
    """
    from fundtrack.books.categories import add_category

    st = state(ctx)
    added = st.db.write(
        lambda s: add_category(s, code, name, service_area=service_area, by=st.user)
    )
    say(f"Added category {added.code}.")


@subgrantee_app.command("add")
def subgrantee_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short code, e.g. LIFELINK.")],
    name: Name,
    uei: Annotated[
        str | None, typer.Option("--uei", help="Its federal Unique Entity ID (12 characters).")
    ] = None,
) -> None:
    """Add a subgrantee (a service provider).

    \b
    Example:
      fundtrack subgrantee add LIFELINK --name "The Life Link" --uei LL1234567890
    """
    from fundtrack.books.subgrantees import add_subgrantee

    st = state(ctx)
    added = st.db.write(lambda s: add_subgrantee(s, code, name, uei=uei, by=st.user))
    say(f"Added subgrantee {added.code} ({added.name}).")


@client_app.command("add")
def client_add(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(
            help="The subgrantee's opaque reference (letters, digits, dashes). "
            "Leave it out to have one generated."
        ),
    ] = None,
) -> None:
    """Register a client by an opaque reference, or generate a random one and print it.

    Never use a name, birth date, SSN or anything derived from them.

    \b
    Example:
      fundtrack client add LP-0042
      fundtrack client add            # prints a new reference such as C-7KQ2-M9XD
    """
    from fundtrack.books.clients import add_client

    st = state(ctx)
    added = st.db.write(lambda s: add_client(s, ref, by=st.user))
    say(added)


Reason = Annotated[
    str, typer.Option("--reason", help="Why it changes (kept in the ledger with who and when).")
]
NewName = Annotated[str | None, typer.Option("--name", help="Its new name.")]


def _amend(
    ctx: typer.Context,
    what: str,
    amend: Callable[[Any, str], tuple[int, Any]],
    described: Callable[[Any], str] = lambda now: "",
) -> None:
    """Record an amendment of a named list's entry as one write by the user, and say its
    entry and what it is now (``described`` adds to its name)."""
    st = state(ctx)
    entry_id, now = st.db.write(lambda s: amend(s, st.user))
    say(f"Entry {entry_id}: {what} {now.code} is now {now.name!r}{described(now)}.")


@source_app.command("amend")
def source_amend(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The source's code, e.g. VOCA.")],
    reason: Reason,
    name: NewName = None,
    calendar: Annotated[
        str | None, typer.Option("--calendar", help="state or federal (only before any award).")
    ] = None,
    extra_years: Annotated[
        int | None,
        typer.Option("--extra-years", help="Fiscal years funds stay available after the award's."),
    ] = None,
    match_percent: Annotated[
        str | None, typer.Option("--match-percent", help="Match of the total project cost.")
    ] = None,
    admin_cap_percent: Annotated[
        str | None, typer.Option("--admin-cap-percent", help="Administration cap per award.")
    ] = None,
) -> None:
    """Change a source's name, calendar, extra years, match or administration cap; its code
    never changes.

    The change is a ledger entry with the reason, who and when. The calendar and extra years
    cannot change once the source has awards.

    \b
    Example:
      fundtrack source amend DOJ --name "DOJ Office for Victims of Crime" --reason "renamed"
      fundtrack source amend VOCA --admin-cap-percent 7 --reason "VOCA Fix Act of 2021"
    """
    from fundtrack.books.sources import amend_source
    from fundtrack.fiscal import parse_calendar

    cal = parse_calendar(calendar) if calendar is not None else None
    match = given_percent(match_percent, "--match-percent")
    cap = given_percent(admin_cap_percent, "--admin-cap-percent")
    _amend(
        ctx,
        "source",
        lambda s, by: amend_source(
            s, code, name=name, calendar=cal, extra_years=extra_years, match_percent=match,
            admin_cap_percent=cap, reason=reason, by=by,
        ),
        lambda now: f" ({now.calendar} calendar, {now.extra_years} extra years)",
    )  # fmt: skip


@category_app.command("amend")
def category_amend(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The category's code, e.g. rent.")],
    reason: Reason,
    name: NewName = None,
    service_area: Annotated[
        str | None,
        typer.Option("--service-area", help="The PMT service area it counts under from now."),
    ] = None,
) -> None:
    """Change a category's name or service area; its code never changes.

    \b
    Example:
      fundtrack category amend travel --service-area "Personal advocacy/accompaniment" \\
        --reason "PMT guidance"
    """
    from fundtrack.books.categories import amend_category

    _amend(
        ctx,
        "category",
        lambda s, by: amend_category(
            s, code, name=name, service_area=service_area, reason=reason, by=by
        ),
        lambda now: f" ({now.service_area or 'unspecified'})",
    )


@subgrantee_app.command("amend")
def subgrantee_amend(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The subgrantee's code, e.g. LIFELINK.")],
    reason: Reason,
    name: NewName = None,
    uei: Annotated[
        str | None, typer.Option("--uei", help="Its Unique Entity ID (12 characters).")
    ] = None,
) -> None:
    """Change a subgrantee's name or UEI; its code never changes.

    \b
    Example:
      fundtrack subgrantee amend LIFELINK --name "The Life Link, Inc." --reason "incorporated"
      fundtrack subgrantee amend LIFELINK --uei LL1234567890 --reason "registered in SAM.gov"
    """
    from fundtrack.books.subgrantees import amend_subgrantee

    _amend(
        ctx,
        "subgrantee",
        lambda s, by: amend_subgrantee(s, code, name=name, uei=uei, reason=reason, by=by),
    )
