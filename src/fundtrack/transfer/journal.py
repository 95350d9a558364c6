"""The whole ledger, entry by entry, as a journal for hledger and ledger (see io/journal)."""

from __future__ import annotations

from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from fundtrack.io.journal import JournalEntry, accounts, header, write_entry
from fundtrack.ledger.chain import fingerprint
from fundtrack.models import Award, Category, Entry, Source, Subgrant
from fundtrack.money import from_cents

CHUNK = 5000


def write_journal(session: Session, out: IO[str]) -> int:
    """Write every entry, voids included, by date then id; returns how many."""
    e: Any = Entry
    a: Any = Award
    src: Any = Source
    s: Any = aliased(Subgrant)
    c: Any = aliased(Category)
    named_by = (e.kind, src.code, a.code, s.code, c.code)

    def joined(query: Any) -> Any:
        return (
            query.join(a, a.id == e.award_id)
            .join(src, src.id == a.source_id)
            .outerjoin(s, s.id == e.subgrant_id)
            .outerjoin(c, c.id == e.category_id)
        )

    shapes = session.execute(joined(select(*named_by).distinct())).all()
    declared = [name for shape in shapes for name in accounts(JournalEntry.shape(*shape))]
    header(out, fingerprint(session), declared)
    query = joined(
        select(e.id, e.kind, e.entry_date, e.amount_cents, *named_by[1:], e.reverses_id,
               e.reason, e.reference, e.memo, e.recorded_at, e.recorded_by, e.hash)
    ).order_by(e.entry_date, e.id).execution_options(yield_per=CHUNK)  # fmt: skip
    count = 0
    for row in session.execute(query):
        write_entry(out, JournalEntry(row[0], row[1], row[2], from_cents(row[3]), *row[4:]))
        count += 1
    return count
