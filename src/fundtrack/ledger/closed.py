"""Closed fiscal years and closed awards: the rule every append passes, and late entries.

A ``close`` entry closes a fiscal year (its terms hold the year by value: label, calendar,
first and last day) until a ``reopen`` entry for the same year. While it is closed, no entry
dated in it may be appended, whatever its kind or source: a disbursement, service, match or
drawdown, an award or subgrant (dated at their start), an amendment (dated when it takes
effect), or a void (a reversal carries the date of the entry it voids). Facts (dated the day
they are recorded) are not refused by date. An award with a standing ``award-close`` takes no
entry at all but the void of that close.

``append.append`` and ``append.BulkAppender`` call ``Guard`` for every row, after locking the
ledger head, so no command and no import can go around the rule. The same pass counts entries
dated in a fiscal year that has ended (in the calendar of the entry's award's source) but is
not closed; ``LateEntries`` turns the count into one warning for the whole command, which
``Database.write`` hands to the command line once the transaction commits.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack import fiscal
from fundtrack.clock import today
from fundtrack.ledger import kinds, rules
from fundtrack.models import AWARD_CLOSE, CLOSE, REOPEN, Award, Entry, Source, SourceVersion

#: The key of a close's or reopen's terms: ``{"fiscal_year": [{label, calendar, start, end}]}``.
TERMS_KEY = "fiscal_year"
#: Where ``Database.write`` finds what a committed transaction wants said (``messages()``).
NOTICES = "notices"


@dataclass(frozen=True)
class YearMark:
    """One close or reopen of a fiscal year, as the ledger recorded it."""

    kind: str
    label: str
    calendar: fiscal.Calendar
    start: date
    end: date
    entry_id: int
    on: date
    by: str
    reason: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def refusal(self, day: date) -> str:
        return (
            f"{day.isoformat()} is in {self.label}, closed by entry {self.entry_id} on "
            f"{self.on.isoformat()} by {self.by}: reopen it with `fundtrack reopen "
            f"{self.label} --reason ...` first"
        )


def year_terms(label: str, calendar: fiscal.Calendar, start: date, end: date) -> dict:
    """A fiscal year by value, as a close or reopen records it."""
    row = {"label": label, "calendar": calendar.value, "start": start.isoformat()}
    return {TERMS_KEY: [{**row, "end": end.isoformat()}]}


def year_marks(session: Session) -> list[YearMark]:
    """Every close and reopen, in the order they were recorded."""
    e: Any = Entry
    query = (
        select(e.id, e.kind, e.terms, e.recorded_at, e.recorded_by, e.reason)
        .where(e.kind.in_((CLOSE, REOPEN)))
        .order_by(e.id)
    )
    marks = []
    for entry_id, kind, raw, at, by, reason in session.execute(query):
        [year] = json.loads(raw)[TERMS_KEY]
        marks.append(
            YearMark(
                str(kind),
                year["label"],
                fiscal.Calendar(year["calendar"]),
                date.fromisoformat(year["start"]),
                date.fromisoformat(year["end"]),
                int(entry_id),
                at.date(),
                str(by),
                str(reason),
            )
        )
    return marks


def year_states(session: Session) -> dict[str, YearMark]:
    """Each year ever closed -> its latest close or reopen (closed when that is a close)."""
    return {mark.label: mark for mark in year_marks(session)}


def closed_years(session: Session) -> list[YearMark]:
    """The closes that stand: no reopen of the same year since."""
    return [mark for mark in year_states(session).values() if mark.kind == CLOSE]


@dataclass(frozen=True)
class AwardClose:
    """The standing close of an award."""

    entry_id: int
    on: date
    by: str

    def refusal(self, code: str) -> str:
        return (
            f"award {code} was closed by entry {self.entry_id} on {self.on.isoformat()} by "
            f"{self.by} and takes no more entries; void entry {self.entry_id} first if the "
            "close was a mistake"
        )


def closed_awards(session: Session) -> dict[int, AwardClose]:
    """Award id -> its standing close (an ``award-close`` no reversal points at)."""
    e: Any = Entry
    query = select(e.id, e.award_id, e.recorded_at, e.recorded_by, e.reverses_id).where(
        e.kind == AWARD_CLOSE
    )
    found = session.execute(query.order_by(e.id)).all()
    voided = {int(row[4]) for row in found if row[4] is not None}
    return {
        int(award): AwardClose(int(entry_id), at.date(), str(by))
        for entry_id, award, at, by, reverses in found
        if reverses is None and entry_id not in voided
    }


class LateEntries:
    """Entries dated in fiscal years that have ended but are not closed, counted per year."""

    def __init__(self) -> None:
        self.years: Counter[tuple[int, fiscal.Calendar]] = Counter()
        self.first: date | None = None

    def count(self, day: date, calendar: fiscal.Calendar) -> None:
        self.years[(fiscal.fiscal_year_of(day, calendar), calendar)] += 1
        if self.first is None:
            self.first = day

    def messages(self) -> list[str]:
        if not self.years:
            return []
        counted = sorted((fiscal.label(y, c), n) for (y, c), n in self.years.items())
        which = " or ".join(sorted({c.value for _y, c in self.years}))
        label = counted[0][0]
        how = f"close it with `fundtrack close {label} --reason ...`"
        total = sum(self.years.values())
        if total == 1 and self.first is not None:
            return [
                f"{self.first.isoformat()} is in {label} (the {which} calendar of its award's "
                f"source), which has ended and is not closed: reports already made for "
                f"{label} will change; once its books are final, {how}"
            ]
        counts = ", ".join(f"{year}: {n}" for year, n in counted)
        return [
            f"{total} entries are dated in fiscal years that have ended and are not closed "
            f"({counts}; in the {which} calendar of each award's source): reports already "
            f"made for those years will change; once a year is final, {how}"
        ]


def late_entries(session: Session) -> LateEntries:
    """This transaction's count of late entries (its ``messages()`` said once it commits)."""
    late = session.info.get(NOTICES)
    if not isinstance(late, LateEntries):
        late = session.info[NOTICES] = LateEntries()
    return late


def source_calendar(session: Session, award_id: int) -> fiscal.Calendar:
    """The calendar of the award's source: its latest version, else the row as created (a
    source's calendar cannot change once it has awards)."""
    source_id = session.execute(
        select(col(Award.source_id)).where(col(Award.id) == award_id)
    ).scalar_one()
    v: Any = SourceVersion
    found = session.execute(
        select(v.calendar).where(v.source_id == source_id).order_by(v.entry_id.desc()).limit(1)
    ).scalar()
    if found is None:
        found = session.execute(
            select(col(Source.calendar)).where(col(Source.id) == source_id)
        ).scalar_one()
    return fiscal.Calendar(found)


class Guard:
    """The rule of closed years and closed awards, read once per append under the head lock."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.years = closed_years(session)
        self.awards = closed_awards(session)
        self.facts = frozenset(kinds.fact_kinds())
        self.late = late_entries(session)
        # award id -> (its source's calendar, the last day of the latest ended fiscal year)
        self._ended: dict[int, tuple[fiscal.Calendar, date]] = {}
        self.refused = 0
        self.first_refusal: str | None = None

    def check(self, row: dict[str, Any]) -> None:
        """Refuse ``row`` (an entry's columns) if the rule forbids it; count it if late."""
        kind, day, award_id = row["kind"], row["entry_date"], row.get("award_id")
        if award_id is not None and award_id in self.awards:
            self._refuse_closed_award(award_id, kind, row.get("reverses_id"))
        if kind in self.facts:
            return
        self.check_date(day, award_id)

    def check_date(self, day: date, award_id: int | None) -> str | None:
        """Raise for ``day`` in a closed year (or, counting, return the refusal); count it
        when it falls in an ended year of ``award_id``'s source calendar."""
        for mark in self.years:
            if mark.covers(day):
                raise rules.Problem(mark.refusal(day), "date")
        if award_id is None:
            return None
        calendar, ended = self._ended.get(award_id) or self._ended_for(award_id)
        if day <= ended:
            self.late.count(day, calendar)
        return None

    def count_refusal(self, day: date, award_id: int) -> bool:
        """For an import: remember the first refused row and count them, without raising."""
        try:
            self.check_date(day, award_id)
            if award_id in self.awards:
                self._refuse_closed_award(award_id, "", None)
        except rules.Problem as problem:
            self.refused += 1
            if self.first_refusal is None:
                self.first_refusal = str(problem)
            return True
        return False

    def _refuse_closed_award(self, award_id: int, kind: str, reverses: int | None) -> None:
        close = self.awards[award_id]
        if kind == AWARD_CLOSE and reverses == close.entry_id:
            return  # undoing the close itself
        code = self.session.execute(
            select(col(Award.code)).where(col(Award.id) == award_id)
        ).scalar_one()
        raise rules.Problem(close.refusal(str(code)), "award")

    def _ended_for(self, award_id: int) -> tuple[fiscal.Calendar, date]:
        calendar = source_calendar(self.session, award_id)
        now = today()
        ended = fiscal.fiscal_year_start(fiscal.fiscal_year_of(now, calendar), calendar)
        self._ended[award_id] = (calendar, ended - timedelta(days=1))
        return self._ended[award_id]
