"""Test support: throwaway databases on SQLite or PostgreSQL, a CLI runner, snapshots.

By default every test gets its own SQLite file. Set ``FUNDTRACK_TEST_DATABASE_URL`` to a
PostgreSQL URL (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) and the
same tests run against that server instead, each in a throwaway database cloned from an
initialised template. When the variable is set and the server cannot be reached, the tests
fail; they never skip.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from fundtrack.cli.app import app

TEST_URL_ENV = "FUNDTRACK_TEST_DATABASE_URL"


def postgres_admin_url() -> str | None:
    url = os.environ.get(TEST_URL_ENV)
    if not url:
        return None
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def backend() -> str:
    return "postgresql" if postgres_admin_url() else "sqlite"


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    url = postgres_admin_url()
    assert url is not None
    with psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


class Databases:
    """Makes throwaway databases on the selected backend."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.created: list[str] = []
        self.template: str | None = None

    def blank(self) -> str:
        """A location where no fundtrack database exists yet."""
        if backend() == "sqlite":
            return str(self.scratch / f"blank-{uuid.uuid4().hex[:8]}" / "books.db")
        name = f"ft_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        admin = postgres_admin_url()
        assert admin is not None
        return _with_database(admin, name)

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
        name = f"ft_{uuid.uuid4().hex[:12]}"
        template_name = self.template.rsplit("/", 1)[1]
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        self.created.append(name)
        admin = postgres_admin_url()
        assert admin is not None
        return _with_database(admin, name)

    def drop_all(self) -> None:
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
