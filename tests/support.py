"""Test support: throwaway databases on SQLite or PostgreSQL, a CLI runner, snapshots.

By default every test gets its own SQLite file. Set ``FUNDTRACK_TEST_DATABASE_URL`` to a
PostgreSQL URL (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) and the
same tests run against that server instead, each in a throwaway database cloned from an
initialised template, named ``FUNDTRACK_TEST_DATABASE_PREFIX`` + a counter and dropped when
the run ends. When the variable is set and the server cannot be reached, the run stops with
an error before any test; nothing is skipped. Tests marked ``postgres`` need the server and
are skipped on the SQLite run only (CI runs both).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from fundtrack.cli.app import app

TEST_URL_ENV = "FUNDTRACK_TEST_DATABASE_URL"
PREFIX_ENV = "FUNDTRACK_TEST_DATABASE_PREFIX"
#: Test databases of this run are named PREFIX + a counter, so a run's leftovers can be found.
PREFIX = os.environ.get(PREFIX_ENV) or f"ft_{uuid.uuid4().hex[:8]}_"


def require_tool(name: str) -> str:
    """The path of the program ``name``; where it is not installed, skip the test, except in CI.

    Tests marked ``libreoffice`` or ``hledger`` promise to run in CI, which sets the
    environment variable ``CI`` (``.ci/run`` does, and so do the usual CI services), so
    there a missing program fails the test instead of skipping it.
    """
    path = shutil.which(name)
    if path is not None:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed, and CI must run this test", pytrace=False)
    pytest.skip(f"{name} is not installed (CI installs it and runs this test)")


#: LibreOffice's setting "recalculate Excel 2007 and newer files on load: always" (0). Its
#: default is never: a converted workbook would keep the writer's cached values unchecked.
_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculating_profile(folder: Path) -> str:
    """A fresh LibreOffice profile in ``folder`` that recalculates every formula of an xlsx
    file it opens, as ``soffice``'s ``-env:UserInstallation=...`` argument."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_ALWAYS_RECALCULATE, encoding="utf-8")
    return f"-env:UserInstallation=file://{folder}"


def postgres_admin_url() -> str | None:
    url = os.environ.get(TEST_URL_ENV)
    if not url:
        return None
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def backend() -> str:
    return "postgresql" if postgres_admin_url() else "sqlite"


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead (query parameters kept)."""
    head, mark, query = url.partition("?")
    base, _, _ = head.rpartition("/")
    return f"{base}/{name}{mark}{query}"


def database_name(url: str) -> str:
    return url.partition("?")[0].rsplit("/", 1)[1]


def libpq_url(url: str) -> str:
    """The form psycopg and libpq accept (no ``+psycopg`` driver name)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def connect(url: str | None = None, *, autocommit: bool = True) -> Any:
    """A raw psycopg connection to ``url`` (default: the server's admin database)."""
    import psycopg

    target = url or postgres_admin_url()
    assert target is not None
    return psycopg.connect(libpq_url(target), autocommit=autocommit, connect_timeout=10)


def server_problem() -> str | None:
    """Why the PostgreSQL test server cannot be used, or None when it can."""
    try:
        with connect() as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # ImportError, OperationalError: all mean "cannot test"
        return " ".join(str(error).split())
    return None


def _admin(sql: str) -> None:
    with connect() as connection:
        connection.execute(sql)  # type: ignore[arg-type]


class Databases:
    """Makes throwaway databases on the selected backend."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.created: list[str] = []
        self.template: str | None = None
        self._dropper: ThreadPoolExecutor | None = None
        self.counter = 0

    def blank(self) -> str:
        """A location where no fundtrack database exists yet."""
        if backend() == "sqlite":
            # A private folder of its own: `init` creates only the default data folder.
            folder = self.scratch / f"blank-{uuid.uuid4().hex[:8]}"
            folder.mkdir(mode=0o700)
            return str(folder / "books.db")
        name = self._new_name()
        _admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        admin = postgres_admin_url()
        assert admin is not None
        return with_database(admin, name)

    def _new_name(self) -> str:
        self.counter += 1
        return f"{PREFIX}{self.counter}"

    def initialised(self) -> str:
        """A new database at the latest schema with the seed sources and categories."""
        if self.template is None:
            self.template = self.blank()
            result = CliRunner().invoke(app, ["--db", self.template, "--by", "setup", "init"])
            assert result.exit_code == 0, result.output
        if backend() == "sqlite":
            target = self.scratch / f"db-{uuid.uuid4().hex[:8]}" / "books.db"
            target.parent.mkdir(mode=0o700)
            shutil.copy(self.template, target)
            target.chmod(0o600)
            return str(target)
        name = self._new_name()
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{database_name(self.template)}"')
        self.created.append(name)
        admin = postgres_admin_url()
        assert admin is not None
        return with_database(admin, name)

    def discard(self, url: str) -> None:
        """Drop a test's database in the background (a drop waits for a checkpoint)."""
        if backend() != "postgresql":
            return
        if self._dropper is None:
            self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop")
        name = database_name(url)
        self.created.remove(name)
        self._dropper.submit(_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        if self._dropper is not None:
            self._dropper.shutdown(wait=True)
        for name in reversed(self.created):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Cli:
    """Runs ``fundtrack`` in-process against one database, as user ``clerk``."""

    url: str
    runner: CliRunner

    def run(self, *args: str, by: str = "clerk", env: dict[str, str] | None = None) -> Any:
        return self.runner.invoke(app, ["--db", self.url, "--by", by, *args], env=env)

    def ok(self, *args: str, **kwargs: Any) -> Any:
        """Run a command that must succeed; fail the test with its output otherwise."""
        result = self.run(*args, **kwargs)
        assert result.exit_code == 0, f"{args} failed: {result.stderr or result.output}"
        return result

    def json(self, *args: str) -> Any:
        import json

        return json.loads(self.ok(*args, "--json").stdout)

    def as_recorded(self) -> dict[str, Any]:
        """What a report made now names as the last entry it includes: the ledger's head."""
        from fundtrack.db import Database
        from fundtrack.ledger.append import fingerprint

        entry, digest = Database(self.url).read(fingerprint)
        return {"entry": entry, "hash": digest}

    def entry(self, *args: str, **kwargs: Any) -> int:
        """Run a recording command that must succeed; the entry id it printed."""
        return entry_of(self.ok(*args, **kwargs))

    def entries(self, kind: str) -> list[int]:
        """The ids of the entries of ``kind``, oldest first, as ``log --kind`` lists them."""
        return [line["id"] for line in self.json("log", "--kind", kind)]


class Entries(NamedTuple):
    """The ids of the ``books`` fixture's entries (and tests/audit ``paid``'s payment), found
    in the log as its user finds them."""

    award: int  # CVRC-HT-FY20's award entry
    lp: int  # subgrant LP-FY20 (budgets rent, travel, relocation, crisis stabilization)
    nmilc: int  # subgrant NMILC-FY20
    paid: int  # the $850.00 rent for LP-0001 from LP-FY20 (0: none yet)


def entries_of(books: Any) -> Entries:
    log = books.json("log")

    def first(kind: str, code: str | None = None) -> int:
        return next(
            e["id"]
            for e in log
            if e["kind"] == kind and code in (None, e["subgrant"] or e["award"])
        )

    return Entries(
        first("award"), first("subgrant", "LP-FY20"), first("subgrant", "NMILC-FY20"),
        first("disbursement") if any(e["kind"] == "disbursement" for e in log) else 0,
    )  # fmt: skip


def entry_of(result: Any) -> int:
    """The entry a recording command printed (``Entry N: ...``), as its user reads it."""
    found = re.search(r"^Entry (\d+):", result.stdout, re.MULTILINE)
    assert found, f"no entry in: {result.stdout!r}"
    return int(found.group(1))


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for asserting that a refused command changed nothing."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import NullPool

    from fundtrack.db.location import resolve_url

    engine = create_engine(resolve_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}"'))),
                    key=repr,
                )
                for table in tables
            }
    finally:
        engine.dispose()


def wait_for_lock_waiter(url: str, timeout: float = 15.0) -> None:
    """Return once some session on ``url``'s database waits for a lock (PostgreSQL).

    SQLite cannot be asked, so there it simply gives the other process a moment to reach
    its ``BEGIN IMMEDIATE``.
    """
    import time

    if not url.startswith("postgresql"):
        time.sleep(1.5)
        return
    deadline = time.monotonic() + timeout
    with connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [database_name(url)],
            ).fetchone()
            if waiting and waiting[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"no session on {database_name(url)} started waiting for a lock")


def damage_page(path: Path, object_name: str, *, at: int = 0, size: int = 12) -> int:
    """Overwrite ``size`` bytes at ``at`` of the first page of the table or index named
    ``object_name`` in the SQLite file ``path``, as a failing disk would; returns the page."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (page,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (object_name,)
        ).fetchone()
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size + at
    data[start : start + size] = b"\xa5" * size
    path.write_bytes(bytes(data))
    return int(page)


def small_sqlite_books(folder: Path) -> Cli:
    """SQLite books in ``folder`` (made private): one award, one subgrant, one $10 payment."""
    folder.mkdir(mode=0o700)
    books = Cli(str(folder / "books.db"), CliRunner(env={"COLUMNS": "120"}))
    books.ok("init")
    books.ok("award", "add", "A-FY20", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "9000")
    books.ok("subgrantee", "add", "LAPINON", "--name", "La Pinon")
    books.ok("subgrant", "add", "LP-FY20", "--award", "A-FY20", "--subgrantee", "LAPINON",
             "--amount", "9000")  # fmt: skip
    books.ok("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
             "--amount", "10", "--date", "2019-11-01", "--new-client")  # fmt: skip
    return books


def recalculated(path: Path, tmp_path: Path) -> Any:
    """Open ``path`` in LibreOffice (which computes every formula) and load the results."""
    import subprocess

    from openpyxl import load_workbook

    out = tmp_path / "recalculated"
    subprocess.run(
        ["soffice", recalculating_profile(tmp_path / "lo-profile"), "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return load_workbook(out / path.name, data_only=True)
