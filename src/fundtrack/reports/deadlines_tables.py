"""The deadlines as a table (terminal, CSV, workbook), as JSON, and as calendar events."""

from __future__ import annotations

from typing import Any

from fundtrack.reports.about import About, about_sheet, definitions_sheet
from fundtrack.reports.deadlines import Deadline, Deadlines
from fundtrack.source_rules import (
    FFATA_THRESHOLD,
    FINAL_REPORT_DAYS,
    REPORT_DUE_DAYS,
    RETENTION_YEARS,
    SUBRECIPIENT_CLOSEOUT_DAYS,
)
from fundtrack.table import Agenda, Column, Event, Kind, Sheet, Table, Workbook

#: The right-hand side of every event's UID: the same deadline, the same UID, in every file.
UID_DOMAIN = "deadlines.fundtrack"

DEADLINE_DEFINITIONS = (
    ("Listed", "Deadlines from the first day to the last, both included, by date and kind."),
    (
        "sf425",
        f"A federal award's SF-425 Federal Financial Report for each quarter of its period, "
        f"the last one included, due {REPORT_DUE_DAYS} days after the quarter ends (Jan 30, "
        "Apr 30, Jul 30, Oct 30).",
    ),
    (
        "performance",
        "A federal award's performance report: quarterly on the SF-425 dates for VOCA, "
        "semiannually (Jan 30, Jul 30) for other federal (discretionary) grants.",
    ),
    ("final-report", f"A federal award's final report, {FINAL_REPORT_DAYS} days after its end."),
    (
        "closeout",
        f"A federal award's closeout, {FINAL_REPORT_DAYS} days after its end; a subgrant of "
        f"one, {SUBRECIPIENT_CLOSEOUT_DAYS} days after the subgrant's end (2 CFR 200.344).",
    ),
    ("sar", "A VOCA subgrant's Subgrant Award Report, 90 days after its start."),
    (
        "ffata",
        f"A subgrant of a federal award of ${FFATA_THRESHOLD:,.2f} or more, reported under "
        "FFATA by the end of the month after it is made (its start) (2 CFR 170).",
    ),
    ("reversion", "A state award's last day: money unspent then reverts to the state."),
    (
        "retention",
        f"A federal award's records are kept {RETENTION_YEARS} years after its final report "
        "(2 CFR 200.334).",
    ),
)


def deadlines_table(report: Deadlines) -> Table:
    """The one table: a row per deadline (the terminal, CSV and the workbook draw it)."""
    columns = (
        Column("Date", "date", Kind.DATE, 12),
        Column("Kind", "kind", leave_out=2),
        Column("Award", "award"),
        Column("Subgrant", "subgrant", leave_out=1),
        Column("What", "what", max_width=90),
    )
    rows = [[d.date, d.kind, d.award, d.subgrant, d.what] for d in report.deadlines]
    return Table(_title(report), columns, rows)


def _title(report: Deadlines) -> str:
    return f"Deadlines from {report.first.isoformat()} to {report.last.isoformat()}"


def deadlines_scope(report: Deadlines) -> str:
    return f"{report.first.isoformat()} to {report.last.isoformat()}"


def deadlines_json(report: Deadlines) -> dict[str, Any]:
    """The one JSON form (``--json`` and ``-o FILE.json``)."""
    return {"deadlines": deadlines_table(report).records()}


def deadlines_workbook(report: Deadlines, made: About) -> Workbook:
    table = deadlines_table(report)
    return Workbook(
        (
            Sheet("Deadlines", table, (table.title,), "Deadlines"),
            definitions_sheet(DEADLINE_DEFINITIONS),
            about_sheet(made),
        ),
        made_at=made.made_at,
    )


def uid(deadline: Deadline) -> str:
    """The deadline's calendar UID, from its kind, award, subgrant and date (codes hold no
    slash, so no two deadlines share one)."""
    parts = (deadline.kind, deadline.award, deadline.subgrant or "", deadline.date.isoformat())
    return f"{'/'.join(parts)}@{UID_DOMAIN}"


def deadlines_agenda(report: Deadlines, made: About) -> Agenda:
    events = tuple(Event(d.date, d.what, uid(d), d.kind) for d in report.deadlines)
    return Agenda("fundtrack deadlines", events, made.made_at)
