"""The ``closed`` check: nothing was recorded in a closed year, or on a closed award.

For each close of a fiscal year, the entries recorded after it (by id) and before its reopen
(or to this day) must not be dated in the year, facts aside; for each standing-or-voided close
of an award, the entries recorded after it and before its void must not name the award, the
void itself aside. The rule is enforced when entries are appended; this check finds entries
put into the database some other way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from fundtrack.audit.findings import Books, Finding
from fundtrack.ledger import closed, kinds
from fundtrack.models import AWARD_CLOSE, CLOSE, Entry

NAME = "closed"
_e: Any = Entry
#: Findings named one by one per close; the rest are counted.
SHOWN = 20


def check_closed(books: Books) -> list[Finding]:
    return _in_closed_years(books) + _on_closed_awards(books)


def _in_closed_years(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    marks = closed.year_marks(books.session)
    for i, mark in enumerate(marks):
        if mark.kind != CLOSE:
            continue
        reopen = next((m.entry_id for m in marks[i + 1 :] if m.label == mark.label), None)
        query = select(_e.id, _e.entry_date).where(
            _e.id > mark.entry_id,
            _e.entry_date >= mark.start,
            _e.entry_date <= mark.end,
            _e.kind.not_in(kinds.fact_kinds()),
        )
        if reopen is not None:
            query = query.where(_e.id < reopen)
        until = f"before its reopen (entry {reopen})" if reopen else "and it is still closed"
        for entry_id, day in books.session.execute(query.order_by(_e.id).limit(SHOWN)):
            findings.append(
                Finding(
                    NAME,
                    f"dated {day} in {mark.label}, recorded after {mark.label} was closed by "
                    f"entry {mark.entry_id} {until}",
                    entry_id=int(entry_id),
                )
            )
    return findings


def _on_closed_awards(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    query = select(_e.id, _e.award_id, _e.reverses_id).where(_e.kind == AWARD_CLOSE)
    found = books.session.execute(query.order_by(_e.id)).all()
    voids = {int(reverses): int(entry_id) for entry_id, _a, reverses in found if reverses}
    for entry_id, award_id, reverses in found:
        if reverses is not None:
            continue
        later = select(_e.id).where(_e.award_id == award_id, _e.id > entry_id)
        undone = voids.get(int(entry_id))
        if undone is not None:
            later = later.where(_e.id < undone)
        for (late,) in books.session.execute(later.order_by(_e.id).limit(SHOWN)):
            findings.append(
                Finding(
                    NAME,
                    f"names an award closed by entry {entry_id}, and was recorded after it",
                    entry_id=int(late),
                )
            )
    return findings
