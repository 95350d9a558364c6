"""What a report says about itself: when it was made, from what, and by which fundtrack.

The time a report was made is the current UTC time to the second, or the time in
``FUNDTRACK_REPORT_TIME`` (ISO 8601, e.g. ``2020-07-15T09:00:00Z``) when it is set. A fixed
time says so on the About sheet, next to the real time the file was written, in a cell of its
own: every other cell of a workbook follows from the data and the arguments, so two runs with
the same ``FUNDTRACK_REPORT_TIME`` on the same ledger differ in that one cell only.

Every report names the last entry it includes and that entry's hash (``as_recorded``): on
its About sheet and in its JSON, as ``"as_recorded": {"entry": N, "hash": "..."}``. On books
with no entry yet that is entry 0 and the chain's genesis hash (64 zeros), the values the
ledger head starts from. The JSON carries no time at all, so a report's JSON is the same
bytes whenever it is made from the same entries with the same arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from fundtrack import __version__, clock
from fundtrack.errors import InvalidInput
from fundtrack.ledger.append import fingerprint
from fundtrack.table import Sheet, key_values

REPORT_TIME_ENV = "FUNDTRACK_REPORT_TIME"


@dataclass(frozen=True)
class AsRecorded:
    """The last entry a report includes and its hash: the books as the report saw them.

    Attributes:
      entry: the entry's id (0 when the books have no entry).
      hash: its SHA-256, as the chain stores it (the genesis hash for entry 0).
    """

    entry: int
    hash: str

    def json(self) -> dict[str, Any]:
        return {"entry": self.entry, "hash": self.hash}


@dataclass(frozen=True)
class About:
    """Provenance of a report.

    Attributes:
      made_at: the report's time, naive UTC to the second: ``FUNDTRACK_REPORT_TIME`` when
        ``time_fixed``, else the clock.
      scope: what the report covers, in words (``FY2016-FY2020, state calendar``).
      database: where the books are, as ``Database.display`` shows it (never a password).
      as_recorded: the last entry the report includes, and its hash.
      written_at: the clock when the report was made, whatever ``FUNDTRACK_REPORT_TIME`` says.
      time_fixed: whether ``made_at`` was fixed by ``FUNDTRACK_REPORT_TIME``.
    """

    report: str
    made_at: datetime
    scope: str
    database: str
    version: str
    as_recorded: AsRecorded
    written_at: datetime
    time_fixed: bool = False


def fixed_report_time() -> datetime | None:
    """The time ``FUNDTRACK_REPORT_TIME`` fixes, naive UTC to the second; None when unset."""
    raw = os.environ.get(REPORT_TIME_ENV, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{REPORT_TIME_ENV}={raw!r} is not a time I can read; write it like "
            "2020-07-15T09:00:00Z, or unset it to use the current time"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def report_today() -> date:
    """The day a report is made on: the date of ``FUNDTRACK_REPORT_TIME`` when it is set,
    else today. Every "today" of a report (balances' default day, statuses, forecasts, the
    current fiscal year) is this day, so a report remade with the same time says the same."""
    fixed = fixed_report_time()
    return fixed.date() if fixed is not None else clock.today()


def as_recorded(session: Session) -> AsRecorded:
    """The last entry a report computed in ``session``'s transaction includes.

    It is the ledger's head as that transaction sees it, read beside the report's figures so
    the two cannot disagree. This is the one place the point is decided: a report made as
    the books stood at an earlier entry sets it here.
    """
    entry, digest = fingerprint(session)
    return AsRecorded(entry, digest)


def about(session: Session, *, report: str, scope: str, database: str) -> About:
    fixed, now = fixed_report_time(), clock.utc_now()
    made_at = now if fixed is None else fixed
    return About(
        report,
        made_at,
        scope,
        database,
        __version__,
        as_recorded(session),
        written_at=now,
        time_fixed=fixed is not None,
    )


def about_sheet(made: About) -> Sheet:
    """The "About" sheet every workbook ends with: what, when, from which books and program."""
    return key_values(
        "About",
        [
            ("Report", made.report),
            ("Covers", made.scope),
            ("Made at (UTC)", made.made_at),
            ("Time fixed by", _time_fixed_by(made)),
            ("Written at (UTC)", made.written_at),
            ("Database", made.database),
            ("fundtrack version", made.version),
            ("Last entry included", made.as_recorded.entry),
            ("Its hash (SHA-256)", made.as_recorded.hash),
            (
                "Reproducing it",
                f"Run the same command with --as-recorded {made.as_recorded.entry}:"
                f"{made.as_recorded.hash} and {REPORT_TIME_ENV} set to the time made at: it "
                "reads the books as they stood at the last entry above, and every cell comes "
                "out the same but Written at.",
            ),
        ],
    )


def _time_fixed_by(made: About) -> str:
    if made.time_fixed:
        return f"{REPORT_TIME_ENV}: Made at is not when this file was written; Written at is"
    return "nothing: Made at is when this file was written, by the clock"


def definitions_sheet(pairs: tuple[tuple[str, str], ...]) -> Sheet:
    """The "Definitions" sheet: what each figure of the report means."""
    return key_values("Definitions", pairs)
