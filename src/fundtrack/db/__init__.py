"""The database: where it is, how to connect, and the one transaction primitive.

Transaction policy (also in docs/design.md): a command is one unit of work. ``Database.write``
runs a function inside one transaction that commits when the function returns and rolls back
when it raises; on PostgreSQL it retries the whole function a few times after a
serialization failure or deadlock. ``Database.read`` runs a function in a read transaction
that is always rolled back and sees one snapshot of the books (on PostgreSQL REPEATABLE
READ, READ ONLY; a SQLite transaction always does). Services flush; they never commit.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from fundtrack.db.location import redact, resolve_url, sqlite_path
from fundtrack.errors import DatabaseProblem

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

T = TypeVar("T")

RETRIES = 6
_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
UNIQUE_VIOLATION = "23505"
INSUFFICIENT_PRIVILEGE = "42501"


class Database:
    """One fundtrack database, named by a path or a SQLAlchemy URL."""

    def __init__(self, location: str | None = None) -> None:
        self.url = resolve_url(location)
        self._engine: Engine | None = None
        self._read_only_engine: Engine | None = None
        self._checked = False
        #: What committed transactions asked to be said (late entries), for the command line.
        self.notices: list[str] = []

    @property
    def display(self) -> str:
        """Where the database is, safe to print (no password)."""
        path = sqlite_path(self.url)
        return str(path) if path else redact(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from fundtrack.db.engine import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    def _engine_for(self, *, write: bool) -> Engine:
        """The engine for a unit of work: a read on a SQLite file this user cannot write
        opens it read-only, so an auditor's copy can be read where it lies."""
        from fundtrack.db.engine import cannot_write, make_engine

        path = sqlite_path(self.url)
        if write or path is None or not cannot_write(path):
            return self.engine
        if self._read_only_engine is None:
            self._read_only_engine = make_engine(self.url, read_only=True)
        return self._read_only_engine

    def dispose(self) -> None:
        for engine in (self._engine, self._read_only_engine):
            if engine is not None:
                engine.dispose()

    def exists(self) -> bool:
        path = sqlite_path(self.url)
        return path is None or path.exists()

    def write(self, work: Callable[[Session], T], *, check_schema: bool = True) -> T:
        """Run ``work`` in one write transaction; commit on return, roll back on error.

        On PostgreSQL a serialization failure or deadlock re-runs the whole of ``work`` (up
        to ``RETRIES`` attempts), and so does a unique-key clash once: two clerks adding the
        same new client at the same moment is a race, and on the second run the service sees
        the committed row and answers as it always does.
        """
        for attempt in range(RETRIES):
            try:
                return self._run(work, write=True, check_schema=check_schema)
            except Exception as error:
                if not self._retryable(error, attempt) or attempt == RETRIES - 1:
                    raise self._translate(error) from error
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        raise AssertionError("unreachable")

    def guard(self, work: Callable[[], T]) -> T:
        """Run ``work`` (which manages its own transaction), translating driver errors."""
        try:
            return work()
        except Exception as error:
            raise self._translate(error) from error

    def read(
        self, work: Callable[[Session], T], *, check_schema: bool = True, temporary: bool = False
    ) -> T:
        """Run ``work`` in a read transaction that is always rolled back.

        ``check_schema=False`` is for ``fundtrack check``, which reports an out-of-date schema
        as a finding instead of refusing to look. ``temporary``: ``work`` first creates
        temporary views (``ledger.as_recorded``), so on PostgreSQL the transaction starts
        writable and ``work`` makes it read-only once they are made.
        """
        try:
            return self._run(work, write=False, check_schema=check_schema, temporary=temporary)
        except Exception as error:
            raise self._translate(error) from error

    def _run(
        self,
        work: Callable[[Session], T],
        *,
        write: bool,
        check_schema: bool,
        temporary: bool = False,
    ) -> T:
        from sqlmodel import Session

        from fundtrack.db.engine import SNAPSHOT_OPTION, TEMPORARY_OPTION, WRITE_OPTION

        self._require_file()
        options = {WRITE_OPTION: write, SNAPSHOT_OPTION: not write, TEMPORARY_OPTION: temporary}
        engine = self._engine_for(write=write).execution_options(**options)
        with Session(engine, autoflush=False, expire_on_commit=False) as session:
            session.begin()
            try:
                if check_schema and not self._checked:
                    from fundtrack.db.schema import require_head

                    require_head(session.connection(), self.display)
                    self._checked = True
                result = work(session)
                if write:
                    session.commit()
                    said = session.info.get("notices")
                    self.notices.extend(said.messages() if said is not None else [])
                else:
                    session.rollback()
                return result
            except BaseException:
                session.rollback()
                raise

    def _require_file(self) -> None:
        if not self.exists():
            raise DatabaseProblem(
                f"there is no fundtrack database at {self.display}; run `fundtrack init` "
                "to create one, or point --db / FUNDTRACK_DB at yours"
            )

    @staticmethod
    def _retryable(error: BaseException, attempt: int = 0) -> bool:
        sqlstate = _sqlstate(error)
        return sqlstate in _RETRYABLE_SQLSTATES or (sqlstate == UNIQUE_VIOLATION and attempt == 0)

    def _translate(self, error: Exception) -> Exception:
        """Turn driver errors a user can act on into ``DatabaseProblem``; keep the rest."""
        from sqlalchemy.exc import DBAPIError, OperationalError

        if not isinstance(error, DBAPIError):
            return error
        detail = " ".join(str(error.orig or error).split("\n")[0].split())
        if _sqlstate(error) in _RETRYABLE_SQLSTATES:
            return DatabaseProblem(
                f"other clerks kept the books busy through {RETRIES} attempts; "
                "nothing was recorded — run the command again"
            )
        if _sqlstate(error) == INSUFFICIENT_PRIVILEGE:
            return DatabaseProblem(
                f"{detail}; the login role used for {self.display} may not do this — "
                "see the roles in docs/deployment.md (migrations need the owner role)"
            )
        if self.is_sqlite:
            if "readonly" in detail or "read-only" in detail:
                return DatabaseProblem(
                    f"{self.display} is read-only for you ({detail}); nothing was recorded — "
                    "ask for write access, or record in the books you can write"
                )
            if "locked" in detail or "busy" in detail:
                return DatabaseProblem(
                    f"{self.display} stayed locked by another writer; nothing was recorded — "
                    "try again in a moment"
                )
            from fundtrack.db.connection_errors import damaged, is_damage

            if is_damage(detail, sqlite_path(self.url)):
                return DatabaseProblem(damaged(self.display, detail, "nothing was changed"))
            if "not a database" in detail or "unable to open" in detail:
                return DatabaseProblem(
                    f"{self.display} is not a fundtrack database ({detail}); "
                    "point --db / FUNDTRACK_DB at your books, or run `fundtrack init` on a new path"
                )
            return error
        if isinstance(error, OperationalError) and _sqlstate(error) is None:
            from fundtrack.db.connection_errors import explain

            return DatabaseProblem(explain(self.url, detail))
        return error


def _sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


def current_user() -> str:
    """Who is recording: ``FUNDTRACK_USER`` or the operating-system user."""
    user = os.environ.get("FUNDTRACK_USER")
    if user:
        return user
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
