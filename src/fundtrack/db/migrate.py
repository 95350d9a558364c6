"""Creating and upgrading databases with Alembic (imported only by ``fundtrack init``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, text
from sqlmodel import Session

from fundtrack.db import Database
from fundtrack.db.location import sqlite_path
from fundtrack.db.schema import HEAD, REVISIONS, current_revision, newer_schema

T = TypeVar("T")

#: The advisory lock key ``fundtrack init`` holds on PostgreSQL while it migrates.
INIT_LOCK = 0x66756E64  # "fund"

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def prepare_sqlite_file(db: Database) -> None:
    """A new SQLite file is private: 0600, in a folder made 0700 if fundtrack creates it."""
    path = sqlite_path(db.url)
    if path is None or path.exists():
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:  # another `fundtrack init` made it a moment ago
        return
    os.close(fd)


def upgrade(
    db: Database, *, then: Callable[[Session], T], target: str = "head"
) -> tuple[str | None, str, T]:
    """Bring the schema to ``target`` and run ``then`` in the same transaction.

    Returns (revision before, revision after, what ``then`` returned). Either all of it
    happens or none of it does.
    """
    from alembic import command

    from fundtrack.db.engine import WRITE_OPTION

    prepare_sqlite_file(db)
    engine = db.engine.execution_options(**{WRITE_OPTION: True})
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # Two `fundtrack init` at once: the second waits, then finds nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INIT_LOCK})
        before = current_revision(connection)
        if before is not None and before not in REVISIONS:
            raise newer_schema(db.display, before)
        command.upgrade(alembic_config(connection), target)
        after = current_revision(connection) or HEAD
        session = Session(bind=connection, autoflush=False)
        result = then(session)
        session.flush()
    return before, after, result
