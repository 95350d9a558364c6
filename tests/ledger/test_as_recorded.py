"""The views ``--as-recorded`` reads through shadow every table of the books."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from fundtrack.db.location import resolve_url
from fundtrack.ledger.as_recorded import SHADOWED
from support import Cli


def test_every_table_of_the_books_is_seen_as_it_stood(cli: Cli) -> None:
    """A table added later without a view would be read as it stands now, silently."""
    engine = create_engine(resolve_url(cli.url), poolclass=NullPool)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert set(SHADOWED) == tables
