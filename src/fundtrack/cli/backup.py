"""``backup``: a consistent, private copy of a live SQLite database."""

from __future__ import annotations

from typing import Annotated

import typer

from fundtrack.cli.base import state
from fundtrack.cli.output import say
from fundtrack.errors import DatabaseProblem


def backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write the copy.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it already exists.")
    ] = False,
) -> None:
    """Copy the SQLite database to FILE while clerks keep recording (owner-only, mode 0600).

    The copy is the books as of one moment, checked by SQLite before it replaces anything.
    On PostgreSQL use pg_dump instead.

    \b
    Example:
      fundtrack backup /media/usb/books-2020-07-01.db
    """
    from pathlib import Path

    from fundtrack.db.backup import backup_sqlite
    from fundtrack.db.location import sqlite_path

    db = state(ctx).db
    source = sqlite_path(db.url)
    if source is None:
        raise DatabaseProblem(
            "fundtrack backup copies SQLite files; for PostgreSQL use pg_dump, e.g. "
            "pg_dump --format=custom --file=books.dump DBNAME"
        )
    if not db.exists():
        raise DatabaseProblem(
            f"there is no fundtrack database at {db.display}; point --db / FUNDTRACK_DB at yours"
        )
    done = backup_sqlite(source, Path(file), force=force)
    where = f"entry {done.entry_id} {done.hash}" if done.hash else "no ledger yet"
    say(f"Backed up {db.display} to {done.path} ({done.size:,} bytes; fingerprint: {where}).")
