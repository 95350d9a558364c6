"""Creating and upgrading databases with Alembic (imported only by ``fundtrack init``)."""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, text
from sqlmodel import Session

from fundtrack.db import Database
from fundtrack.db.location import default_path, sqlite_path
from fundtrack.db.schema import HEAD, REVISIONS, current_revision, newer_schema
from fundtrack.errors import DatabaseProblem

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


@dataclass(frozen=True)
class Upgrade(Generic[T]):
    """What ``upgrade`` did.

    Attributes:
      before: the schema revision the database was at, None when it was new.
      after: the revision it is at now.
      result: what the unit of work run with the upgrade returned.
      warning: something the user should fix that did not stop the upgrade, or None.
    """

    before: str | None
    after: str
    result: T
    warning: str | None = None


def prepare_sqlite_file(db: Database) -> str | None:
    """A new SQLite file is private: 0600, in a folder made 0700 if fundtrack creates it.

    Only the default data folder is created; a folder named with ``--db`` or ``FUNDTRACK_DB``
    must exist (a typo in it should not scatter books over the disk). A folder that already
    exists is left as it is; when other users of the computer can open it, the warning
    returned says so and how to fix it (``check permissions`` would report it later). An
    existing file is refused when it holds tables that are not fundtrack's. Returns None
    when there is nothing to say.
    """
    path = sqlite_path(db.url)
    if path is None:
        return None
    if path.exists():
        refuse_foreign_tables(path)
        return None
    folder = path.parent
    if not folder.exists():
        if path != default_path().expanduser().resolve():
            raise DatabaseProblem(
                f"the folder {folder} does not exist; create it first (`mkdir -p "
                f"{shlex.quote(str(folder))}`) or check the path in --db or FUNDTRACK_DB"
            )
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:  # another `fundtrack init` made it a moment ago
        return None
    os.close(fd)
    return open_folder_warning(folder)


def refuse_foreign_tables(path: Path) -> None:
    """Refuse a SQLite file that holds tables other than fundtrack's: ``init`` would mix the
    books into another program's data. The file is only read (read-only open)."""
    import sqlite3

    from fundtrack.models import SQLModel

    ours = {*SQLModel.metadata.tables, "alembic_version"}
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            names = [row[0] for row in connection.execute(_TABLES)]
        finally:
            connection.close()
    except sqlite3.Error:
        return  # not a database fundtrack can read: the upgrade reports it in its own words
    foreign = sorted(name for name in names if name not in ours)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if foreign[5:] else "")
        raise DatabaseProblem(
            f"{path} holds tables that are not fundtrack's ({shown}); `fundtrack init` will not "
            "mix the books into another program's database: give --db a new file"
        )


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"


def open_folder_warning(folder: Path) -> str | None:
    """Why a database in ``folder`` is not private, or None when only its owner can open it."""
    mode = stat.S_IMODE(folder.stat().st_mode)
    if not mode & 0o077:
        return None
    return (
        f"the folder {folder} is mode {mode:04o}, open to other users of this computer; "
        f"run `chmod 700 {shlex.quote(str(folder))}`, or keep the books in a private folder"
    )


def upgrade(db: Database, *, then: Callable[[Session], T], target: str = "head") -> Upgrade[T]:
    """Bring the schema to ``target`` and run ``then`` in the same transaction.

    Either all of it happens or none of it does.
    """
    from alembic import command

    from fundtrack.db.engine import WRITE_OPTION

    warning = prepare_sqlite_file(db)
    engine = db.engine.execution_options(**{WRITE_OPTION: True})
    with engine.connect() as connection:
        # A migration that rebuilds a table others refer to (SQLite's way of changing a
        # constraint) needs foreign keys off while it runs; each such migration checks them
        # itself before it ends (``PRAGMA foreign_key_check``).
        _sqlite_foreign_keys(connection, "OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Two `fundtrack init` at once: the second waits, then finds nothing to do.
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": INIT_LOCK}
                    )
                before = current_revision(connection)
                if before is not None and before not in REVISIONS:
                    raise newer_schema(db.display, before)
                command.upgrade(alembic_config(connection), target)
                after = current_revision(connection) or HEAD
                session = Session(bind=connection, autoflush=False)
                result = then(session)
                session.flush()
        finally:
            _sqlite_foreign_keys(connection, "ON")
    return Upgrade(before, after, result, warning)


def _sqlite_foreign_keys(connection: Connection, state: str) -> None:
    if connection.dialect.name == "sqlite":
        # On the driver's own connection: outside any transaction, where the pragma works.
        raw: Any = connection.connection.dbapi_connection
        raw.execute(f"PRAGMA foreign_keys={state}")
