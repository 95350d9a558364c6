"""The whole ledger, entry by entry, as a journal for hledger and ledger (see io/journal).

Each entry posts as its kind says (``fundtrack.ledger.kinds``); a kind the registry does not
know is refused rather than posted as something else. A kind that moves no money (a service)
has no postings, so it is written as a comment block: the journal keeps every entry and hledger
and ledger see no transaction. The facts (sources, categories, subgrantees, clients, snapshots)
are comment blocks too; a client entry's block names no reference, as a disbursement's does not.
"""

from __future__ import annotations

from typing import IO

from sqlmodel import Session

from fundtrack.io.journal import TAGS, comment, header, write_note, write_transaction
from fundtrack.ledger import kinds
from fundtrack.ledger.append import fingerprint
from fundtrack.ledger.queries import EntryLine, account_names, entry_lines, entry_lines_query
from fundtrack.models import CLIENT


def write_journal(session: Session, out: IO[str]) -> int:
    """Write every entry, voids included, by date then id; returns how many."""
    declared = [
        account for kind, names in account_names(session) for account in kinds.accounts(kind, names)
    ]
    header(out, fingerprint(session), declared)
    count = 0
    for line in entry_lines(session, entry_lines_query(by_date=True)):
        write_entry(out, line)
        count += 1
    return count


def write_entry(out: IO[str], e: EntryLine) -> None:
    """One entry as a journal transaction, its id as the transaction code."""
    if e.reverses is not None:
        title = f"void of entry {e.reverses}"
    elif e.kind == CLIENT:
        title = "client registered (the journal names no client)"
    else:
        title = " ".join(filter(None, (e.kind, e.subgrant or e.award, e.category)))
    notes = [
        f"recorded {e.recorded_at:%Y-%m-%dT%H:%M:%SZ} by {comment(e.recorded_by)}, hash {e.hash}"
    ]
    for label, text in zip(TAGS, (e.reason, e.reference, e.memo), strict=True):
        if text:
            notes.append(f"{label}: {comment(text)}")
    names = {"source": e.source, "award": e.award, "subgrant": e.subgrant, "category": e.category}
    postings = kinds.postings(e.kind, e.amount, names)
    if not postings:
        write_note(out, code=e.id, day=e.entry_date, title=title, notes=notes)
        return
    write_transaction(out, code=e.id, day=e.entry_date, title=title, notes=notes, postings=postings)
