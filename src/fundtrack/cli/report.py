"""``report``: victims served, balances and the fiscal-year workbook; and ``deadlines``.

Each command computes its report once (``fundtrack.reports``) in one read transaction and
then draws it (the fiscal year's inside that transaction, since its register streams from
it): tables on the terminal, JSON with ``--json``, or a file with ``-o`` whose
extension picks the form: ``.xlsx`` (the workbook), ``.csv`` (the report's finest-grained
table) or ``.json`` (the same JSON as ``--json``); ``deadlines`` also writes ``.ics``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from fundtrack.cli.base import App, guard_output, state
from fundtrack.cli.options import Json, Output
from fundtrack.cli.output import draw_table, print_json, say

if TYPE_CHECKING:
    from fundtrack.reports.about import About, AsRecorded
    from fundtrack.table import Agenda, Table, Workbook

#: The last entry the report being made includes: ``_computed`` notes it, ``_deliver`` puts
#: it in the JSON. A command makes one report, so it is noted once and taken once.
_as_recorded: ContextVar[AsRecorded | None] = ContextVar("as_recorded", default=None)

report_app = App(
    help="Victims served (by year, and by quarter for the PMT), remaining balances, and the "
    "fiscal-year workbook.",
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
YearRange = Annotated[
    str | None,
    typer.Option("--fy", help="Fiscal year or range: 2020, 2016..2020, FY16-FY20."),
]
PublicCopy = Annotated[
    bool,
    typer.Option(
        "--public",
        help="A copy to publish: counts from 1 to 10 (and any that would give one away) "
        "shown as <11. Not for reports to OVC or the state funder.",
    ),
]
SuppressBelow = Annotated[
    int | None,
    typer.Option(
        "--suppress-below", metavar="N", help="With --public: hide counts below N (default 11)."
    ),
]
PmtYear = Annotated[
    str, typer.Option("--fy", help="The fiscal year: FFY2020 (federal), FY2020 or 2020.")
]
Subgrantees = Annotated[
    list[str] | None,
    typer.Option("--subgrantee", help="Only this subgrantee; repeat for several."),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Count entries dated on or before this day (default today)."),
]
AsRecordedAt = Annotated[
    str | None,
    typer.Option(
        "--as-recorded",
        metavar="ENTRY-ID|ID:HASH",
        help="The report as the books stood at this entry: the last entry a filed copy names "
        "(its JSON's as_recorded, its About sheet). With :HASH the books up to it are "
        "verified first.",
    ),
]
QuarterCalendar = Annotated[
    str | None,
    typer.Option("--calendar", help="Quarters of the 'federal' (default) or 'state' year."),
]


@report_app.command("victims-served")
def victims_served(
    ctx: typer.Context,
    fy: YearRange = None,
    calendar: Calendar = None,
    source: Sources = None,
    public: PublicCopy = False,
    suppress_below: SuppressBelow = None,
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
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
      fundtrack report victims-served -o victims.csv
      fundtrack report victims-served --fy FY16-FY20 --public -o victims-public.xlsx
      fundtrack report victims-served --fy FY16-FY20 --as-recorded 812 -o victims.xlsx
    """
    from fundtrack.fiscal import parse_fiscal_year_range, report_calendar
    from fundtrack.reports import victims_tables as shown
    from fundtrack.reports.victims import victims_served as compute

    years = parse_fiscal_year_range(fy) if fy is not None else None
    implied = years.calendar if years is not None else None
    cal = report_calendar(implied, _calendar(calendar), fy=fy or "")
    below = _threshold(public, suppress_below)
    target = _target(ctx, output)
    wanted: dict[str, Any] = {"years": years, "calendar": cal, "sources": source or ()}
    wanted["by_subgrantee"] = bool(target) or below is not None  # a public copy hides by them
    report, made = _computed(
        ctx,
        target,
        lambda s: compute(s, **wanted),
        "Victims served",
        shown.victims_scope,
        at=as_recorded_at,
    )
    hidden = shown.victims_public(report, below) if below is not None else None
    _deliver(
        target,
        as_json,
        json_form=lambda: shown.victims_json(report, hidden),
        screen=lambda: [shown.counts_table(report, hidden)],
        finest=lambda: shown.pivot_table(report, hidden),
        workbook=lambda: shown.victims_workbook(report, _known(made), hidden),
    )


@report_app.command("pmt")
def pmt(
    ctx: typer.Context,
    fy: PmtYear,
    source: Sources = None,
    subgrantee: Subgrantees = None,
    calendar: QuarterCalendar = None,
    public: PublicCopy = False,
    suppress_below: SuppressBelow = None,
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """Count victims served by quarter for OVC's Performance Measurement Tool (PMT).

    Per quarter: served, new (not served earlier in the fiscal year), continuing, and clients
    per service area; a year row counting each client once; the same for each subgrantee.
    Voided disbursements never count.

    \b
    Example:
      fundtrack report pmt --fy FFY2020
      fundtrack report pmt --fy 2020 --source VOCA --subgrantee LIFELINK --json
      fundtrack report pmt --fy FY2020 --calendar state -o pmt-fy2020.xlsx
      fundtrack report pmt --fy FFY2020 --public -o pmt-public.csv
      fundtrack report pmt --fy FFY2020 --as-recorded 812 --json
    """
    from fundtrack.fiscal import Calendar as Calendars
    from fundtrack.fiscal import parse_fiscal_year, report_calendar
    from fundtrack.reports import pmt_tables as shown
    from fundtrack.reports.pmt import pmt_grid, pmt_report
    from fundtrack.reports.suppression import make_public

    year, named = parse_fiscal_year(fy)
    cal = report_calendar(named, _calendar(calendar), fy=fy, default=Calendars.FEDERAL)
    below = _threshold(public, suppress_below)
    target = _target(ctx, output)
    report, made = _computed(
        ctx,
        target,
        lambda s: pmt_report(s, year, cal, sources=source or (), subgrantees=subgrantee or ()),
        "PMT: victims served by quarter",
        shown.pmt_scope,
        at=as_recorded_at,
    )
    hidden = make_public(pmt_grid(report), below) if below is not None else None
    _deliver(
        target,
        as_json,
        json_form=lambda: shown.pmt_json(report, hidden),
        screen=lambda: shown.screen_tables(report, hidden),
        finest=lambda: shown.pivot_table(report, hidden),
        workbook=lambda: shown.pmt_workbook(report, _known(made), hidden),
    )


def _computed(
    ctx: typer.Context,
    target: Path | None,
    compute: Callable[[Any], Any],
    name: str,
    scope: Callable[[Any], str],
    at: str | None = None,
) -> tuple[Any, About | None]:
    """A report computed in one read transaction (``at``: as the books stood at that entry),
    with the last entry it includes (which ``_deliver`` puts in its JSON) and its About when
    it goes to a file."""
    from fundtrack.reports.about import about, as_recorded

    db = state(ctx).db

    def read(session: Any) -> tuple[Any, About | None]:
        report = compute(session)
        _as_recorded.set(as_recorded(session))
        if target is None:
            return report, None
        return report, about(session, report=name, scope=scope(report), database=db.display)

    return _read(ctx, at, read)


class Forms(NamedTuple):
    """How a computed report is drawn: its JSON, its tables on the terminal, its finest table
    (``.csv``), its workbook (``.xlsx``) and, where it has one, its calendar (``.ics``)."""

    json_form: Callable[[Any], Any]
    screen: Callable[[Any], Sequence[Table]]
    finest: Callable[[Any], Table]
    workbook: Callable[[Any, About], Workbook]
    calendar: Callable[[Any, About], Agenda] | None = None

    @classmethod
    def one_table(
        cls,
        json_form: Callable[[Any], Any],
        table: Callable[[Any], Table],
        workbook: Callable[[Any, About], Workbook],
        calendar: Callable[[Any, About], Agenda] | None = None,
    ) -> Forms:
        """A report that is one table, on the terminal and in a ``.csv`` alike."""
        return cls(json_form, lambda report: [table(report)], table, workbook, calendar)


def make_report(
    ctx: typer.Context,
    output: str | None,
    as_json: bool,
    compute: Callable[[Any], Any],
    about: tuple[str, Callable[[Any], str]],
    forms: Forms,
    *,
    at: str | None,
    formats: tuple[str, ...] | None = None,
) -> None:
    """A report command's work once its arguments are read: check the ``-o`` file, compute
    the report (``at``: as the books stood at that entry), draw it in the form asked for.
    ``about`` is the report's name and its scope, as a file's About sheet gives them."""
    target = _target(ctx, output, formats)
    name, scope = about
    report, made = _computed(ctx, target, compute, name, scope, at=at)
    agenda = forms.calendar
    _deliver(
        target,
        as_json,
        json_form=lambda: forms.json_form(report),
        screen=lambda: forms.screen(report),
        finest=lambda: forms.finest(report),
        workbook=lambda: forms.workbook(report, _known(made)),
        calendar=None if agenda is None else lambda: agenda(report, _known(made)),
    )


def as_of_day(as_of: str | None) -> Any:
    """The day ``--as-of`` names, or the report's today when it is left out."""
    from fundtrack.dates import parse_date
    from fundtrack.reports.about import report_today

    return parse_date(as_of, what="--as-of") if as_of is not None else report_today()


def _read(ctx: typer.Context, at: str | None, work: Callable[[Any], Any]) -> Any:
    """Run ``work`` in one read transaction, on the books as they stood at ``at`` (an entry
    id, or ``ID:HASH`` verified first) when it is given."""
    db = state(ctx).db
    if at is None:
        return db.read(work)
    entry, held = _point(at)

    def limited(session: Any) -> Any:
        from fundtrack.ledger.as_recorded import limit_to

        limit_to(session, entry)
        if held is not None:
            from fundtrack.audit.as_recorded import verify_fingerprint

            verify_fingerprint(session, (entry, held))
        return work(session)

    return db.read(limited, temporary=True)


def _point(text: str) -> tuple[int, str | None]:
    """``--as-recorded``: an entry id, or a fingerprint ``ID:HASH``."""
    if text.strip().isdigit():
        return int(text.strip()), None
    from fundtrack.audit import parse_fingerprint
    from fundtrack.errors import InvalidInput

    try:
        return parse_fingerprint(text)
    except InvalidInput:
        raise InvalidInput(
            f"--as-recorded {text.strip()[:80]!r} is neither an entry id nor ID:HASH; copy "
            "the last entry a report names (its JSON's as_recorded, its About sheet), e.g. "
            "--as-recorded 812 or --as-recorded 812:<64 hex digits>"
        ) from None


def _threshold(public: bool, suppress_below: int | None) -> int | None:
    """The public copy's threshold, or None for a full report."""
    from fundtrack.errors import InvalidInput
    from fundtrack.reports.suppression import PUBLIC_THRESHOLD

    if suppress_below is not None and not public:
        raise InvalidInput(
            "--suppress-below sets the threshold of a public copy; add --public, or leave it out"
        )
    if suppress_below is not None and not 2 <= suppress_below <= 1000:
        raise InvalidInput(f"--suppress-below {suppress_below} is out of range; use 2 to 1000")
    if not public:
        return None
    return PUBLIC_THRESHOLD if suppress_below is None else suppress_below


@report_app.command("balances")
def balances(
    ctx: typer.Context,
    as_of: AsOf = None,
    source: Sources = None,
    as_json: Json = False,
    output: Output = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """Show what each award and subgrant holds, has disbursed and has left, with a status.

    Forecast unspent: what each award would leave unspent when its period ends, at the pace
    of its last 90 days. Status, the first that applies: fully spent; reverts (state) or
    lapses (federal) when the period ended with money unspent; at risk (a forecast above
    $0.00 and the end within 180 days); ends within 90 days; active.

    \b
    Example:
      fundtrack report balances --as-of 2020-06-30
      fundtrack report balances --source VOCA --json
      fundtrack report balances --as-of 2020-06-30 -o balances.xlsx
      fundtrack report balances -o balances.csv
      fundtrack report balances --as-of 2020-06-30 --as-recorded 812:3f5a... -o balances.xlsx
    """
    from fundtrack.reports import balances_tables as shown
    from fundtrack.reports.balances import balances as compute

    day = as_of_day(as_of)
    scope = f"as of {day.isoformat()}; sources: {', '.join(source) if source else 'all'}"
    make_report(
        ctx, output, as_json, lambda s: compute(s, as_of=day, sources=source or ()),
        ("Balances", lambda _: scope),
        Forms(shown.balances_json, shown.screen_tables, shown.pivot_table, shown.balances_workbook),
        at=as_recorded_at,
    )  # fmt: skip


@report_app.command("fiscal-year")
def fiscal_year(
    ctx: typer.Context,
    fy: Annotated[str, typer.Argument(metavar="FY", help="The fiscal year: 2020, FY2020, FY20.")],
    output: Output = None,
    calendar: Calendar = None,
    as_json: Json = False,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """One fiscal year: summary, victims served, balances, categories, the disbursement
    register (with client references; files are made private), about.

    Balances are as of the year's last day, or today while the year has not ended. On the
    terminal, the summary and the money by category; with -o FILE.xlsx the whole workbook,
    with -o FILE.csv the disbursement register.

    \b
    Example:
      fundtrack report fiscal-year FY2020 -o fy2020.xlsx
      fundtrack report fiscal-year FFY2019 -o ffy2019.xlsx
      fundtrack report fiscal-year 2020 --json
      fundtrack report fiscal-year FY2020 --as-recorded 812 -o fy2020-as-filed.xlsx
    """
    from fundtrack.fiscal import parse_fiscal_year, report_calendar
    from fundtrack.reports import fiscal_year_tables as shown
    from fundtrack.reports.about import about, as_recorded, report_today
    from fundtrack.reports.fiscal_year import fiscal_year_report

    year, named = parse_fiscal_year(fy)
    cal = report_calendar(named, _calendar(calendar), fy=fy)
    db, target = state(ctx).db, _target(ctx, output)
    today = report_today()

    def read_and_draw(session: Any) -> None:
        # Drawn inside the read transaction: the register streams from it (one snapshot for
        # the summary, the totals and the register's rows).
        report = fiscal_year_report(session, year, cal, today=today)
        _as_recorded.set(as_recorded(session))
        made = (
            about(
                session,
                report=f"Fiscal year {report.label}",
                scope=shown.fiscal_year_scope(report),
                database=db.display,
            )
            if target
            else None
        )
        _deliver(
            target,
            as_json,
            json_form=lambda: shown.fiscal_year_json(report),
            screen=lambda: [shown.summary_table(report), shown.category_table(report)],
            finest=lambda: shown.register_table(report),
            workbook=lambda: shown.fiscal_year_workbook(report, _known(made)),
            private=True,
        )

    _read(ctx, as_recorded_at, read_and_draw)


#: How far ahead ``deadlines`` looks unless told: a year holds every quarterly and semiannual
#: report, every subaward's SAR and FFATA date, and a state year's reversion.
DEADLINE_WINDOW = 365
#: The longest window ``deadlines`` takes: a hundred years.
LONGEST_WINDOW = 36500


def deadlines(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="The first day to list (default today)."),
    ] = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", metavar="DAYS", help=f"Days ahead to list (default {DEADLINE_WINDOW})."
        ),
    ] = DEADLINE_WINDOW,
    as_json: Json = False,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Write FILE.ics (a calendar), FILE.xlsx, FILE.csv or FILE.json.",
        ),
    ] = None,
    as_recorded_at: AsRecordedAt = None,
) -> None:
    """List what is due to funders: SF-425s, performance reports, final reports, closeouts,
    Subgrant Award Reports, FFATA reports, state reversions, the end of record retention.

    Which of them an award owes follows from its source: state (reversion), VOCA (a formula
    grant passed through) or other federal (a discretionary grant). With -o FILE.ics a
    calendar file to load into Outlook or Google Calendar; loading a newer one updates the
    events instead of adding them twice.

    \b
    Example:
      fundtrack deadlines
      fundtrack deadlines --from 2020-07-01 --within 90 --json
      fundtrack deadlines --within 730 -o deadlines.ics
      fundtrack deadlines -o deadlines.xlsx
      fundtrack deadlines --from 2020-07-01 --as-recorded 812
    """
    from fundtrack.dates import parse_date
    from fundtrack.errors import InvalidInput
    from fundtrack.io.output import CALENDAR_FORMATS
    from fundtrack.reports import deadlines_tables as shown
    from fundtrack.reports.about import report_today
    from fundtrack.reports.deadlines import deadlines as compute

    day = parse_date(first, what="--from") if first is not None else report_today()
    if within < 1:
        raise InvalidInput(
            f"--within {within} lists no days; give 1 or more (default {DEADLINE_WINDOW})"
        )
    if within > LONGEST_WINDOW:
        raise InvalidInput(
            f"--within {within} is beyond any deadline; give at most {LONGEST_WINDOW} (100 years)"
        )
    make_report(
        ctx, output, as_json, lambda s: compute(s, first=day, within=within),
        ("Deadlines", shown.deadlines_scope),
        Forms.one_table(
            shown.deadlines_json, shown.deadlines_table, shown.deadlines_workbook,
            shown.deadlines_agenda,
        ),
        at=as_recorded_at, formats=CALENDAR_FORMATS,
    )  # fmt: skip


def _calendar(text: str | None) -> Any:
    """The calendar ``--calendar`` names, or None when it was not given."""
    from fundtrack.fiscal import parse_calendar

    return parse_calendar(text) if text is not None else None


def _target(
    ctx: typer.Context, output: str | None, formats: tuple[str, ...] | None = None
) -> Path | None:
    """The ``-o`` file, checked before anything is computed: a format fundtrack writes, a
    folder that can be written, and never the database or its companion files."""
    if output is None:
        return None
    from fundtrack.io.output import output_file

    target = output_file(output) if formats is None else output_file(output, formats)
    guard_output(ctx, target)
    return target


def _known(made: About | None) -> About:
    assert made is not None, "a file's About is computed with its report"
    return made


def _deliver(
    target: Path | None,
    as_json: bool,
    *,
    json_form: Callable[[], Any],
    screen: Callable[[], Sequence[Table]],
    finest: Callable[[], Table],
    workbook: Callable[[], Workbook],
    calendar: Callable[[], Agenda] | None = None,
    private: bool = False,
) -> None:
    """Draw a computed report: into ``target`` (format by extension), as JSON, or as tables.

    The JSON, printed or written, names the last entry the report includes (``as_recorded``,
    left by ``_computed``), whatever the report."""
    if target is not None:
        from fundtrack.io.output import write_output

        written = write_output(
            target,
            workbook=workbook,
            table=finest,
            json=lambda: _recorded_json(json_form()),
            calendar=calendar,
            private=private,
        )
        say(f"Wrote {written}.")
    elif as_json:
        print_json(_recorded_json(json_form()))
    else:
        for table in screen():
            draw_table(table)


def _recorded_json(form: dict[str, Any]) -> dict[str, Any]:
    """A report's JSON with ``"as_recorded": {"entry": N, "hash": "..."}`` last."""
    point = _as_recorded.get()
    assert point is not None, "a report is computed by _computed, which notes its last entry"
    _as_recorded.set(None)
    return {**form, "as_recorded": point.json()}
