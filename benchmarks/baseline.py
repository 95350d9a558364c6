"""The baselines: what the database itself does with plain DB-API calls, in a process of its own.

``plain`` is what a user would do instead of fundtrack: read the import CSV with the ``csv``
module and load it with one ``executemany`` into a table of its own columns with one index
(the subgrant and reference, as a user looking up payments would add), in a fresh database
with the same WAL and ``synchronous=FULL`` settings.

``insert`` (the storage floor) reads the same CSV file `fundtrack import` reads and inserts
the same rows into the same ``entry`` table (same columns, indexes, foreign keys and, on
SQLite, the same WAL and ``synchronous=FULL`` settings) with one ``executemany`` in one
transaction, after registering the file's new clients the same way. It does no checking and
no hash chain: placeholders go in the hash columns.

``hashall`` reads every entry row in id order and SHA-256s each row's values: the least a
pass that verifies a hash chain can do (the floor of ``check chain``).

``balances`` and ``victims`` run the aggregate queries that compute the figures of ``report
balances`` and ``report victims-served`` and print them as JSON, so the baseline also pays
for fetching and printing its answer.

    python benchmarks/baseline.py plain   DATABASE FILE.csv
    python benchmarks/baseline.py insert  DATABASE FILE.csv
    python benchmarks/baseline.py hashall DATABASE
    python benchmarks/baseline.py balances DATABASE AS-OF
    python benchmarks/baseline.py victims DATABASE

DATABASE is a SQLite file or a ``postgresql://`` URL (psycopg).
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime
from typing import Any


def connect(database: str) -> tuple[Any, str]:
    if database.startswith("postgresql"):
        import psycopg

        return psycopg.connect(database), "postgresql"
    import sqlite3

    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    return connection, "sqlite"


def run(connection: Any, dialect: str, sql: str, params: Any = ()) -> list[Any]:
    if dialect == "postgresql":
        sql = sql.replace("?", "%s")
    return list(connection.execute(sql, params).fetchall())


PLAIN_TABLE = (
    "CREATE TABLE payment (day DATE NOT NULL, subgrant TEXT NOT NULL, client TEXT NOT NULL, "
    "category TEXT NOT NULL, amount_cents BIGINT NOT NULL, reference TEXT, memo TEXT)"
)


def plain(database: str, path: str) -> None:
    """The CSV loaded as it is into a table with one index, as a user would load it."""
    connection, dialect = connect(database)
    mark = "%s" if dialect == "postgresql" else "?"
    if dialect == "sqlite":
        connection.execute("BEGIN IMMEDIATE")
    connection.execute(PLAIN_TABLE)
    connection.execute("CREATE INDEX ix_payment_reference ON payment (subgrant, reference)")

    def rows() -> Any:
        with open(path, newline="", encoding="utf-8") as data:
            found = csv.reader(data)
            next(found)
            for day, subgrant, client, category, amount, reference, memo in found:
                whole, _, cents = amount.partition(".")
                cents_in = int(whole) * 100 + int(cents or 0)
                yield day, subgrant, client, category, cents_in, reference or None, memo or None

    marks = ", ".join([mark] * 7)
    connection.cursor().executemany(f"INSERT INTO payment VALUES ({marks})", rows())
    connection.commit() if dialect == "postgresql" else connection.execute("COMMIT")
    connection.close()


def hashall(database: str) -> None:
    """Every entry row read in id order and its values SHA-256ed; prints the last digest."""
    import hashlib

    connection, _ = connect(database)
    digest = ""
    for row in connection.execute("SELECT * FROM entry ORDER BY id"):
        digest = hashlib.sha256(repr(row).encode()).hexdigest()
    print(digest)


def insert(database: str, path: str) -> None:
    connection, dialect = connect(database)
    mark = "%s" if dialect == "postgresql" else "?"
    if dialect == "sqlite":
        connection.execute("BEGIN IMMEDIATE")
    grants = {
        code: (sid, aid)
        for sid, code, aid in run(connection, dialect, "SELECT id, code, award_id FROM subgrant")
    }
    categories = dict(run(connection, dialect, "SELECT code, id FROM category"))
    clients = dict(run(connection, dialect, "SELECT ref, id FROM client"))
    with open(path, newline="", encoding="utf-8") as data:
        rows = csv.reader(data)
        next(rows)
        new = sorted({row[2] for row in rows} - clients.keys())
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
    cursor = connection.cursor()
    cursor.executemany(
        f"INSERT INTO client (ref, recorded_at, recorded_by) VALUES ({mark}, {mark}, {mark})",
        [(ref, now, "baseline") for ref in new],
    )
    clients = dict(run(connection, dialect, "SELECT ref, id FROM client"))
    first = int(run(connection, dialect, "SELECT COALESCE(MAX(id), 0) FROM entry")[0][0])
    columns = (
        "id, kind, amount_cents, entry_date, award_id, subgrant_id, category_id, client_id, "
        "reference, memo, recorded_at, recorded_by, prev_hash, hash"
    )

    def entries() -> Any:
        with open(path, newline="", encoding="utf-8") as data:
            rows = csv.reader(data)
            next(rows)
            for number, (day, subgrant, client, category, amount, reference, memo) in enumerate(
                rows, start=first + 1
            ):
                sid, aid = grants[subgrant]
                whole, _, cents = amount.partition(".")
                yield (
                    number,
                    "disbursement",
                    int(whole) * 100 + int(cents or 0),
                    day,
                    aid,
                    sid,
                    categories[category],
                    clients[client],
                    reference or None,
                    memo or None,
                    now,
                    "baseline",
                    "",
                    "",
                )

    marks = ", ".join([mark] * 14)
    cursor.executemany(f"INSERT INTO entry ({columns}) VALUES ({marks})", entries())
    connection.commit() if dialect == "postgresql" else connection.execute("COMMIT")
    connection.close()


def balances(database: str, as_of: str) -> None:
    connection, dialect = connect(database)
    awards = run(
        connection,
        dialect,
        "SELECT a.id, a.code, s.code, a.fiscal_year, a.start_date, a.end_date FROM award a "
        "JOIN source s ON s.id = a.source_id WHERE a.start_date <= ? "
        "ORDER BY a.fiscal_year, a.code",
        (as_of,),
    )
    by_award = run(
        connection,
        dialect,
        "SELECT award_id, kind, SUM(amount_cents) FROM entry WHERE entry_date <= ? "
        "GROUP BY award_id, kind",
        (as_of,),
    )
    subgrants = run(
        connection,
        dialect,
        "SELECT g.id, g.award_id, g.code, t.code, t.name FROM subgrant g "
        "JOIN subgrantee t ON t.id = g.subgrantee_id WHERE g.start_date <= ? ORDER BY g.code",
        (as_of,),
    )
    by_subgrant = run(  # amounts, disbursed and disbursed per category, in one pass
        connection,
        dialect,
        "SELECT subgrant_id, kind, category_id, SUM(amount_cents) FROM entry "
        "WHERE subgrant_id IS NOT NULL AND entry_date <= ? GROUP BY subgrant_id, kind, category_id",
        (as_of,),
    )
    budgets = run(
        connection, dialect, "SELECT subgrant_id, category_id, amount_cents FROM subgrant_budget"
    )
    print(
        json.dumps(
            {
                "awards": awards,
                "by_award": by_award,
                "subgrants": subgrants,
                "by_subgrant": by_subgrant,
                "budgets": budgets,
            },
            default=str,
        )
    )


def victims(database: str) -> None:
    connection, dialect = connect(database)
    if dialect == "sqlite":
        year = "CAST(substr(e.entry_date, 1, 4) AS INTEGER)"
        month = "CAST(substr(e.entry_date, 6, 2) AS INTEGER)"
    else:
        year = "CAST(EXTRACT(year FROM e.entry_date) AS INTEGER)"
        month = "CAST(EXTRACT(month FROM e.entry_date) AS INTEGER)"
    fy = f"({year} + CASE WHEN {month} >= 7 THEN 1 ELSE 0 END)"
    counted = (  # not a reversal and not voided, as fundtrack's reports/sql.py counts
        "e.kind = 'disbursement' AND e.id NOT IN (SELECT id FROM entry WHERE reverses_id IS "
        "NOT NULL UNION ALL SELECT reverses_id FROM entry WHERE reverses_id IS NOT NULL)"
    )
    served = (  # the ledger scanned once into distinct (year, source, client), as fundtrack does
        f"WITH served AS (SELECT DISTINCT {fy} AS fy, a.source_id AS source, e.client_id AS client "
        f"FROM entry e JOIN award a ON a.id = e.award_id WHERE {counted}) "
    )
    figures = run(
        connection,
        dialect,
        served + "SELECT fy, source, COUNT(*) FROM served GROUP BY fy, source "
        "UNION ALL SELECT fy, NULL, COUNT(DISTINCT client) FROM served GROUP BY fy "
        "UNION ALL SELECT NULL, source, COUNT(DISTINCT client) FROM served GROUP BY source "
        "UNION ALL SELECT NULL, NULL, COUNT(DISTINCT client) FROM served",
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    verb, *arguments = sys.argv[1:]
    verbs: dict[str, Any] = {
        "plain": plain,
        "insert": insert,
        "hashall": hashall,
        "balances": balances,
        "victims": victims,
    }
    verbs[verb](*arguments)
