"""The ``integrity`` check: are the database's pages as the database wrote them?

On SQLite it runs ``PRAGMA integrity_check``, which reads every page of the file: a page
damaged by a failing disk, a copy cut short or a program writing into the file shows up
here, even where no other check reads it (an index, a free page). On PostgreSQL the server
guards its own pages (with data checksums, each page is verified as it is read) and a full
scan needs the owner's ``pg_amcheck``; the check says so as a note instead of finding
anything.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fundtrack.audit.findings import Books, Finding
from fundtrack.db.connection_errors import damaged

#: At most this many of SQLite's messages are reported; one is enough to know.
SHOWN = 10


def check_integrity(books: Books) -> list[Finding]:
    if books.dialect != "sqlite":
        return [_postgres_note(books)]
    where = str(books.sqlite_path) if books.sqlite_path else "the database"
    try:
        verdict = [
            str(row)
            for row in books.session.execute(text(f"PRAGMA integrity_check({SHOWN})")).scalars()
        ]
    except DBAPIError as error:
        verdict = [" ".join(str(error.orig or error).split())]
    if verdict == ["ok"]:
        return []
    return [Finding("integrity", damaged("the file", "; ".join(verdict)), record=where)]


def _postgres_note(books: Books) -> Finding:
    checksums = books.session.execute(text("SHOW data_checksums")).scalar()
    if checksums == "on":
        how = "the server verifies each page's checksum as it reads it"
    else:
        how = "this cluster has no data checksums, so damaged pages go unnoticed until read"
    return Finding(
        "integrity",
        f"on PostgreSQL {how}; for a full scan the owner runs pg_amcheck (docs/deployment.md)",
        note=True,
    )
