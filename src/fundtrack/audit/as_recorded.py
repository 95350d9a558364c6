"""A fingerprint given with ``--as-recorded ID:HASH``, verified before a report is made.

The report reads the books as they stood at entry ID (``ledger.as_recorded``); in that same
transaction the ``chain`` check runs over what it reads: every entry up to ID hashed again
and linked, entry ID's hash equal to HASH, and the terms those entries carry equal to the
tables the report reads. Books kept before terms were hashed (schema 0006) carry no terms in
their early entries; at such a point only the entries are verified.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from fundtrack.audit.chain import check_links
from fundtrack.audit.findings import Books
from fundtrack.audit.state import check_state
from fundtrack.errors import RuleViolation


def verify_fingerprint(session: Session, held: tuple[int, str]) -> None:
    """Refuse, with the first thing found, books that do not hold ``held`` as they stood."""
    books = Books(session, held=held)
    findings = check_links(books)
    if _terms_recorded(session):
        findings += check_state(books)
    if findings:
        more = (
            f" (and {len(findings) - 1} more: run `fundtrack check chain`)" if findings[1:] else ""
        )
        raise RuleViolation(
            f"--as-recorded {held[0]}:{held[1][:12]}…: the books do not verify as they stood "
            f"at entry {held[0]}: {findings[0].line()}{more}; no report was made"
        )


def _terms_recorded(session: Session) -> bool:
    return (
        session.execute(text("SELECT 1 FROM entry WHERE terms IS NOT NULL LIMIT 1")).first()
        is not None
    )
