"""What a report says about itself: when it was made, from what, and by which fundtrack.

The time a report was made is the current UTC time to the second, or the time in
``FUNDTRACK_REPORT_TIME`` (ISO 8601, e.g. ``2020-07-15T09:00:00Z``) when it is set. Every
other cell of a workbook follows from the data and the arguments, so two runs with the same
``FUNDTRACK_REPORT_TIME`` on the same ledger produce the same cell contents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from fundtrack import __version__
from fundtrack.errors import InvalidInput
from fundtrack.ledger.append import fingerprint
from fundtrack.table import Sheet, key_values

REPORT_TIME_ENV = "FUNDTRACK_REPORT_TIME"


@dataclass(frozen=True)
class About:
    """Provenance of a report.

    Attributes:
      made_at: naive UTC, to the second.
      scope: what the report covers, in words (``FY2016-FY2020, state calendar``).
      database: where the books are, as ``Database.display`` shows it (never a password).
      newest_entry, ledger_hash: the ledger's fingerprint when the report was made.
    """

    report: str
    made_at: datetime
    scope: str
    database: str
    version: str
    newest_entry: int
    ledger_hash: str


def report_time() -> datetime:
    """``FUNDTRACK_REPORT_TIME`` if set, else now; naive UTC to the second."""
    raw = os.environ.get(REPORT_TIME_ENV, "").strip()
    if not raw:
        return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
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


def about(session: Session, *, report: str, scope: str, database: str) -> About:
    newest, ledger_hash = fingerprint(session)
    return About(report, report_time(), scope, database, __version__, newest, ledger_hash)


def about_sheet(made: About) -> Sheet:
    """The "About" sheet every workbook ends with: what, when, from which books and program."""
    return key_values(
        "About",
        [
            ("Report", made.report),
            ("Covers", made.scope),
            ("Made at (UTC)", made.made_at),
            ("Database", made.database),
            ("fundtrack version", made.version),
            ("Ledger: newest entry", made.newest_entry),
            ("Ledger fingerprint (SHA-256)", made.ledger_hash),
            (
                "Reproducing it",
                f"Run the same command on the same ledger with {REPORT_TIME_ENV} set to the "
                "time above: every cell comes out the same.",
            ),
        ],
    )


def definitions_sheet(pairs: tuple[tuple[str, str], ...]) -> Sheet:
    """The "Definitions" sheet: what each figure of the report means."""
    return key_values("Definitions", pairs)
