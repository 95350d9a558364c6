"""The books as they stood at an earlier entry: what a report made with ``--as-recorded``
reads.

Inside one read transaction, every table of the books is shadowed by a temporary view of
the same name that holds only what entry N and the entries before it recorded. SQLite and
PostgreSQL both look a table's name up among the connection's temporary objects first, so
every report query, written for the live books, reads the books as they stood without a
line of it changing; the views end with the transaction, which is always rolled back.

What each view keeps:

- ``entry``: the entries up to N (a reversal recorded later is not there, so what it voids
  still stands); ``ledger_head``: entry N and its hash, the point the report names.
- ``*_version``: the term versions made by entries up to N; with them, ``ledger.terms``
  gives the terms in force then.
- ``award``, ``subgrant`` (and their budgets as created): those whose first award or
  subgrant entry is among them.
- ``source``, ``category``, ``subgrantee``, ``client``: those named by the terms of an entry
  up to N, kept as the highest id named and the ids below it that were not (none, unless
  two clerks made rows at once), so a view's test is one comparison per row however many
  clients the books hold. Rows that books kept before terms were hashed (schema 0006) are
  named first by the upgrade's snapshot, which cannot say when they were made: they count as
  there from the start, so reports of those years name every such source in their layout,
  with the figures their entries give.
- ``import_batch``: the files whose rows are among the entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from fundtrack.errors import InvalidInput
from fundtrack.ledger.append import fingerprint
from fundtrack.ledger.canonical import GENESIS
from fundtrack.ledger.terms import TABLES
from fundtrack.models import CATEGORY, CLIENT, SNAPSHOT, SOURCE, SUBGRANTEE

#: The ids below a table's highest named id that no entry up to N named (a temporary table).
UNNAMED = "fundtrack_unnamed_rows"
#: The tables whose rows exist once an entry's terms name them, and the fact kinds that do.
NAMED_BY_TERMS = ("source", "category", "subgrantee", "client")
_NAMING_KINDS = (SOURCE, CATEGORY, SUBGRANTEE, CLIENT, SNAPSHOT)
#: The term versions: a version exists once the entry that made it does.
VERSIONS = tuple(t.version.__tablename__ for t in TABLES.values() if t.version is not None)


def _kept(base: str, n: int, highest: dict[str, int]) -> dict[str, str]:
    """Each table's view: which of its rows the books held at entry ``n`` (``base``: the
    schema the tables live in, as SQL; ``highest``: each table's highest id named by
    terms)."""
    entries = f"{base}.entry"
    kept = {
        "entry": f"id <= {n}",
        "ledger_head": "",  # written out below: one row, entry n
        "award": f"EXISTS (SELECT 1 FROM {entries} e WHERE e.award_id = award.id "
        f"AND e.kind = 'award' AND e.id <= {n})",
        "subgrant": f"EXISTS (SELECT 1 FROM {entries} e WHERE e.subgrant_id = subgrant.id "
        f"AND e.kind = 'subgrant' AND e.id <= {n})",
        "subgrant_budget": f"EXISTS (SELECT 1 FROM {entries} e WHERE e.subgrant_id = "
        f"subgrant_budget.subgrant_id AND e.kind = 'subgrant' AND e.id <= {n})",
        "import_batch": f"EXISTS (SELECT 1 FROM {entries} e WHERE e.batch_id = "
        f"import_batch.id AND e.id <= {n})",
    }
    kept |= {table: f"entry_id <= {n}" for table in VERSIONS}
    kept |= {
        table: f"id <= {highest.get(table, 0)} AND id NOT IN (SELECT row_id FROM {UNNAMED} "
        f"WHERE table_name = '{table}')"
        for table in NAMED_BY_TERMS
    }
    return kept


#: Every table a view shadows; ``tests/ledger/test_as_recorded.py`` holds it to the schema.
SHADOWED = tuple(_kept("main", 0, {}))


def limit_to(session: Session, entry_id: int) -> tuple[int, str]:
    """Make ``session``'s transaction read the books as they stood at ``entry_id``; returns
    that entry's id and hash. Refused when the books hold no such entry.

    Call it first in a read transaction that may create temporary objects (``Database.read``
    with ``as_recorded=True``); on PostgreSQL the transaction is read-only from then on.
    """
    newest, _ = fingerprint(session)
    if not 0 <= entry_id <= newest:
        raise InvalidInput(
            f"--as-recorded {entry_id}: the books hold entries 1 to {newest}; give the entry a "
            "report names as its last (its JSON's as_recorded, its About sheet)"
        )
    dialect = session.get_bind().dialect.name
    base = "main" if dialect == "sqlite" else _quoted(_schema(session))
    highest = _list_unnamed_rows(session, entry_id)
    for table, condition in _kept(base, entry_id, highest).items():
        if table == "ledger_head":
            select = _head_at(base, entry_id)
        else:
            select = f"SELECT * FROM {base}.{table} WHERE {condition}"
        session.execute(text(f"CREATE TEMPORARY VIEW {table} AS {select}"))
    if dialect == "postgresql":
        session.execute(text("SET TRANSACTION READ ONLY"))
    return fingerprint(session)


def _head_at(base: str, n: int) -> str:
    """The ledger head's one row as it stood when entry ``n`` was the newest."""
    if n == 0:
        return f"SELECT 1 AS id, 0 AS entry_id, '{GENESIS}' AS hash"
    return f"SELECT 1 AS id, id AS entry_id, hash FROM {base}.entry WHERE id = {n}"


def _schema(session: Session) -> str:
    return str(session.execute(text("SELECT current_schema()")).scalar_one())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list_unnamed_rows(session: Session, entry_id: int) -> dict[str, int]:
    """Each table's highest id named by terms up to ``entry_id`` (or by the upgrade's
    snapshot, whenever it was taken); the ids below it that none named go to ``UNNAMED``."""
    named: dict[str, set[int]] = {table: set() for table in NAMED_BY_TERMS}
    for table, row_id in _named(session, entry_id):
        named[table].add(row_id)
    session.execute(
        text(
            f"CREATE TEMPORARY TABLE {UNNAMED} (table_name VARCHAR(20) NOT NULL, "
            "row_id BIGINT NOT NULL, PRIMARY KEY (table_name, row_id))"
        )
    )
    highest = {table: max(ids, default=0) for table, ids in named.items()}
    unnamed = [
        {"t": table, "i": int(row_id)}
        for table in NAMED_BY_TERMS
        for (row_id,) in session.execute(
            text(f"SELECT id FROM {table} WHERE id <= :top"), {"top": highest[table]}
        )
        if int(row_id) not in named[table]
    ]
    if unnamed:
        session.execute(text(f"INSERT INTO {UNNAMED} VALUES (:t, :i)"), unnamed)
    return highest


def _named(session: Session, entry_id: int) -> Iterator[tuple[str, int]]:
    kinds = ", ".join(f"'{kind}'" for kind in _NAMING_KINDS)
    query = text(
        f"SELECT kind, terms FROM entry WHERE kind IN ({kinds}) "
        f"AND (id <= :n OR kind = '{SNAPSHOT}') ORDER BY id"
    )
    for _kind, raw in session.execute(query.execution_options(yield_per=200), {"n": entry_id}):
        try:
            recorded: Any = json.loads(raw)
        except ValueError:  # unreadable terms: the chain check names the entry
            continue
        if not isinstance(recorded, dict):
            continue
        for table in NAMED_BY_TERMS:
            for row in recorded.get(table, ()):
                if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                    continue
                yield table, row["id"]
