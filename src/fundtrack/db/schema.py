"""Which schema revision a database is at, checked without importing Alembic.

Alembic owns the migrations (``fundtrack/migrations``), but loading it costs a few hundred
milliseconds, so every ordinary command reads ``alembic_version`` directly and compares it
with ``REVISIONS``. A test keeps this list equal to Alembic's history.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from fundtrack.errors import DatabaseProblem

#: Every migration, oldest first; the last one is the schema this program writes.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD = REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, or None when it was never initialised."""
    try:
        with connection.begin_nested():
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError:
        return None
    return row[0] if row else None


def require_head(connection: Connection, where: str) -> None:
    """Refuse to work on a database that is not at this program's schema."""
    revision = current_revision(connection)
    if revision == HEAD:
        return
    if revision is None:
        raise DatabaseProblem(f"{where} is not a fundtrack database yet; run `fundtrack init`")
    if revision in REVISIONS:
        raise DatabaseProblem(
            f"{where} has an older schema ({revision}, this fundtrack needs {HEAD}); "
            "back it up, then run `fundtrack init` to upgrade it"
        )
    raise newer_schema(where, revision)


def newer_schema(where: str, revision: str) -> DatabaseProblem:
    """The refusal for a database that a newer fundtrack has already upgraded."""
    return DatabaseProblem(
        f"{where} was written by a newer fundtrack (schema {revision}, this one knows up to "
        f"{HEAD}); upgrade fundtrack before using it"
    )
