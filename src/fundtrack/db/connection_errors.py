"""One clear line for each way a PostgreSQL connection fails.

libpq reports a failed connection as ``connection failed: connection to server at "HOST",
port N failed: REASON``; the reason is what a user needs, together with what to do about it.
The URL is always shown redacted.
"""

from __future__ import annotations

import re
from pathlib import Path

from fundtrack.db.location import redact

_FATAL = re.compile(r"^.*?failed:\s*(?:FATAL:\s*)?", re.DOTALL)
_DOCS = "docs/deployment.md"


def reason(detail: str) -> str:
    """The part of libpq's message after its "connection to server ... failed:" preamble."""
    text = " ".join(detail.split())
    while True:
        shorter = _FATAL.sub("", text, count=1)
        if shorter == text or not shorter:
            return text
        text = shorter


def explain(url: str, detail: str) -> str:
    """What went wrong connecting to ``url`` and what to do, on one line."""
    from sqlalchemy.engine import make_url

    where = redact(url)
    why = reason(detail)
    parsed = make_url(url)
    user, database = parsed.username or "(your login name)", parsed.database or "(default)"
    if "does not exist" in why and why.startswith("database"):
        return (
            f"the PostgreSQL server has no database {database!r} ({where}); create it "
            f"(createdb -O OWNER {database}) or correct the name in --db / FUNDTRACK_DB"
        )
    if "password authentication failed" in why or "no password supplied" in why:
        return (
            f"PostgreSQL refused the login of {user!r} at {where}: wrong or missing password; "
            f"put it in ~/.pgpass, a service file or PGPASSWORD (see {_DOCS})"
        )
    if why.startswith("role") or "pg_hba.conf" in why or "authentication" in why:
        return (
            f"PostgreSQL refused the login of {user!r} at {where}: {why}; ask the database "
            f"administrator for access (see {_DOCS})"
        )
    if "SSL" in why or "certificate" in why:
        return f"cannot open a TLS connection to {where}: {why}; see TLS in {_DOCS}"
    return (
        f"cannot connect to PostgreSQL at {where}: {why}; check the host and port in "
        "--db / FUNDTRACK_DB and that the server is running"
    )


#: What SQLite says when a page of the file is not what it wrote.
MALFORMED = "database disk image is malformed"
NOT_A_DATABASE = "file is not a database"
SQLITE_HEADER = b"SQLite format 3\x00"


def is_damage(detail: str, path: Path | None = None) -> bool:
    """True when SQLite's message says the file's pages are damaged.

    "file is not a database" also answers a file that never was one (a spreadsheet passed
    as --db); it counts as damage only when the file starts as a SQLite database does.
    """
    lowered = detail.lower()
    if MALFORMED in lowered:
        return True
    if NOT_A_DATABASE not in lowered:
        return False
    if path is None:
        return True
    try:
        with path.open("rb") as head:
            return head.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def damaged(where: str, detail: str, outcome: str = "") -> str:
    """The one line for a damaged SQLite file: what SQLite found, what the command did not
    do (``outcome``, e.g. "nothing was changed") and what to do."""
    why = " ".join(detail.replace("*** in database main ***", "").split()).rstrip(".")
    done = f"{outcome} — " if outcome else ""
    return (
        f"{where} is damaged (SQLite: {why}); {done}restore your latest backup (the copies "
        "`fundtrack backup FILE` makes) and record again what came after it"
    )
