"""The ledger as a list: every entry, with when and by whom it was recorded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from fundtrack.ledger.queries import EntryLine, entry_lines, entry_lines_query
from fundtrack.models import Entry

_e: Any = Entry


def entries(
    session: Session, *, since: date | None = None, limit: int | None = None
) -> list[EntryLine]:
    """Every entry recorded on or after ``since`` (all when ``None``), oldest first."""
    conditions = []
    if since is not None:
        conditions.append(_e.recorded_at >= datetime.combine(since, datetime.min.time()))
    query = entry_lines_query(*conditions)
    if limit is not None:
        query = query.limit(limit)
    return list(entry_lines(session, query))
