"""A consistent copy of a live SQLite database, written as a private file.

SQLite's online backup copies every page inside one read transaction, so the copy is the
books as of one moment even while other clerks keep recording (WAL readers do not block
writers). The copy goes to a 0600 temporary file next to the target and is renamed into
place only once it is complete and passes SQLite's integrity check, so an interrupted
backup never leaves a half-written file, nor replaces a good older one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fundtrack.db.connection_errors import damaged, is_damage
from fundtrack.db.engine import BUSY_TIMEOUT_MS
from fundtrack.errors import AlreadyExists, DatabaseProblem, InvalidInput
from fundtrack.io.atomic import atomic_path, database_files, refuse_protected


@dataclass(frozen=True)
class Backup:
    """A finished backup: where it is, how big, and the fingerprint of the books it holds."""

    path: Path
    size: int
    entry_id: int | None
    hash: str | None


def backup_sqlite(source: Path, target: Path, *, force: bool = False) -> Backup:
    target = target.expanduser().absolute()
    refuse_protected(target, database_files(source), "the backup")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give the backup a file name, e.g. books.db")
    if target.exists() and not force:
        raise AlreadyExists(
            f"{target} already exists; choose another file name or pass --force to replace it"
        )
    if not target.parent.is_dir():
        raise InvalidInput(f"there is no folder {target.parent}; create it first")
    with atomic_path(target, private=True) as temporary:
        _copy(source, temporary)
    entry_id, newest = _fingerprint(target)
    return Backup(target, target.stat().st_size, entry_id, newest)


def _copy(source: Path, temporary: Path) -> None:
    """Copy ``source`` page by page into ``temporary``, refusing a damaged source."""
    live = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(temporary)
    try:
        _require_intact(live, source)
        live.backup(copy)
        # One self-contained file: no -wal or -shm file beside the copy.
        copy.execute("PRAGMA journal_mode=DELETE").fetchall()
        _require_intact(copy, source)
    except sqlite3.Error as error:
        if is_damage(str(error), source):
            raise DatabaseProblem(_refused(source, str(error))) from None
        raise DatabaseProblem(f"could not back up {source}: {error}; nothing was written") from None
    finally:
        copy.close()
        live.close()


def _require_intact(connection: sqlite3.Connection, source: Path) -> None:
    """Raise ``DatabaseProblem`` unless SQLite's quick check passes on ``connection``."""
    verdict = [str(row[0]) for row in connection.execute("PRAGMA quick_check(3)")]
    if verdict != ["ok"]:
        raise DatabaseProblem(_refused(source, "; ".join(verdict)))


def _refused(source: Path, finding: str) -> str:
    return damaged(str(source), finding, "no backup was written")


def _fingerprint(path: Path) -> tuple[int | None, str | None]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT entry_id, hash FROM ledger_head WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None, None
    finally:
        connection.close()
    return (int(row[0]), str(row[1])) if row else (None, None)
