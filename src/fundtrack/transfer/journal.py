"""The whole ledger, entry by entry, as a journal for hledger and ledger (see io/journal)."""

from __future__ import annotations

from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from fundtrack.io.journal import JournalEntry, header, write_entry
from fundtrack.ledger.chain import fingerprint
from fundtrack.models import Award, Category, Entry, Source, Subgrant
from fundtrack.money import from_cents

CHUNK = 5000


def write_journal(session: Session, out: IO[str]) -> int:
    """Write every entry, voids included, in id order; returns how many."""
    e: Any = Entry
    a: Any = Award
    src: Any = Source
    s: Any = aliased(Subgrant)
    c: Any = aliased(Category)
    query = (
        select(
            e.id,
            e.kind,
            e.entry_date,
            e.amount_cents,
            src.code,
            a.code,
            s.code,
            c.code,
            e.reverses_id,
            e.reason,
            e.reference,
            e.memo,
            e.recorded_at,
            e.recorded_by,
            e.hash,
        )
        .join(a, a.id == e.award_id)
        .join(src, src.id == a.source_id)
        .outerjoin(s, s.id == e.subgrant_id)
        .outerjoin(c, c.id == e.category_id)
        .order_by(e.id)
        .execution_options(yield_per=CHUNK)
    )
    header(out, fingerprint(session))
    count = 0
    for row in session.execute(query):
        write_entry(out, JournalEntry(row[0], row[1], row[2], from_cents(row[3]), *row[4:]))
        count += 1
    return count
