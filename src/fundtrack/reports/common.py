"""Looking up what a report is about: sources, and the ``--source`` filter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.lookup import find
from fundtrack.models import Source


def chosen_sources(session: Session, codes: tuple[str, ...] | list[str] = ()) -> dict[int, str]:
    """Source id -> code for the sources named (every source when none is), ordered by code.

    An unknown code is refused with a suggestion, like every other command.
    """
    s: Any = Source
    if not codes:
        rows = session.execute(select(s.id, s.code).order_by(s.code)).all()
        return {int(i): str(c) for i, c in rows}
    found: dict[int, str] = {}
    for code in codes:
        source = find(session, Source, code, what="source")
        assert source.id is not None
        found[source.id] = source.code
    return dict(sorted(found.items(), key=lambda item: item[1]))
