"""Part of the ``chain`` check: the state of the books rebuilt from the chain's terms.

Every entry that carries terms (facts, amendments, awards and subgrants since schema 0006,
the upgrade's snapshot) is read in id order and replayed, the latest entry winning for each
row; the result must be the tables as they stand (rows as created, each with its latest
version). Every version row must also say what the entry that made it says. Each difference
is one finding naming the table, the row's code, the field and both values; a row the chain
never recorded, or one it recorded that the table lacks, is one too. Memory grows with the
number of rows of those tables, never with the number of entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from fundtrack.audit.findings import Books, Finding
from fundtrack.ledger import closed, terms

NAME = "chain"
BATCH = 1000

Key = Any
#: table -> key -> (the row as the chain last recorded it, the entry that did).
Replayed = dict[str, dict[Key, tuple[dict[str, Any], int]]]


def check_state(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    versions = _version_rows(books)
    replayed: Replayed = {name: {} for name in terms.TABLES}
    codes: dict[str, dict[Any, Key]] = {name: {} for name in terms.TABLES}
    for entry_id, recorded in _terms(books, findings):
        findings.extend(
            _unknown(entry_id, table)
            for table in recorded
            if table not in terms.TABLES and table != closed.TERMS_KEY
        )
        for table in (name for name in terms.TABLES if name in recorded):
            for row in recorded[table]:
                key = _key(table, row, codes)
                replayed[table][key] = (row, entry_id)
                if "code" in row:
                    codes[table][row["code"]] = key
                made = versions.pop((table, entry_id, key), None)
                if made is not None:
                    findings.extend(_differences(table, row, made, entry_id, "version"))
    findings.extend(_unmatched_versions(versions))
    for table in terms.TABLES:
        findings.extend(_compare(books, table, replayed))
    return findings


def _terms(books: Books, findings: list[Finding]) -> Iterator[tuple[int, dict[str, Any]]]:
    query = text("SELECT id, terms FROM entry WHERE terms IS NOT NULL ORDER BY id")
    for entry_id, raw in books.session.execute(query.execution_options(yield_per=BATCH)):
        try:
            recorded = json.loads(raw)
        except ValueError:
            recorded = None
        if not isinstance(recorded, dict):
            findings.append(
                Finding(NAME, "its terms are not readable terms", entry_id=int(entry_id))
            )
            continue
        yield int(entry_id), recorded


def _key(table: str, row: dict[str, Any], codes: dict[str, dict[Any, Key]]) -> Key:
    """A row's identity: its id; a budget's, its subgrant's and category's ids (found by the
    codes the chain recorded for them)."""
    if table != "budget":
        return row.get("id")
    subgrant, category = row.get("subgrant"), row.get("category")
    return (codes["subgrant"].get(subgrant, subgrant), codes["category"].get(category, category))


def _label(table: str, row: dict[str, Any]) -> str:
    if table == "budget":
        return f"budget {row.get('subgrant')} {row.get('category')}"
    if table == "client":
        return f"client {row.get('ref')}"
    return f"{table} {row.get('code')}"


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _differences(
    table: str, chain: dict[str, Any], found: dict[str, Any], entry_id: int, where: str
) -> list[Finding]:
    """One finding per field whose ``where`` value (table or version) differs from the
    chain's."""
    findings = []
    for field, value in found.items():
        if field in chain and chain[field] != value:
            findings.append(
                Finding(
                    NAME,
                    f"{field} is {_shown(value)} in the {where} but {_shown(chain[field])} "
                    f"in the chain (entry {entry_id})",
                    record=_label(table, chain),
                )
            )
    return findings


def _compare(books: Books, table: str, replayed: Replayed) -> list[Finding]:
    findings: list[Finding] = []
    chain = replayed[table]
    for key, row in _table_rows(books, table):
        recorded = chain.pop(key, None)
        if recorded is None:
            findings.append(
                Finding(
                    NAME,
                    "is in the table but was never recorded in the chain; it was added "
                    "behind fundtrack's back",
                    record=_label(table, row),
                )
            )
            continue
        findings.extend(_differences(table, recorded[0], row, recorded[1], "table"))
    for row, entry_id in chain.values():
        findings.append(
            Finding(
                NAME,
                f"was recorded in the chain (entry {entry_id}) but is not in the table; it "
                "was removed or renumbered",
                record=_label(table, row),
            )
        )
    return findings


def _table_rows(books: Books, table: str) -> Iterator[tuple[Key, dict[str, Any]]]:
    """The table's current rows by value, each with its key."""
    if table != "budget":
        for row in terms.rows(books.session, table):
            yield row["id"], row
        return
    state = terms.now("budget")
    sub: Any = aliased(terms.TABLES["subgrant"].model)
    cat: Any = aliased(terms.TABLES["category"].model)
    query = (
        select(state.c.subgrant_id, state.c.category_id, sub.code, cat.code, state.c.amount_cents)
        .join(sub, sub.id == state.c.subgrant_id)
        .join(cat, cat.id == state.c.category_id)
    )
    for sid, cid, subgrant, category, cents in books.session.execute(query):
        yield (sid, cid), {"subgrant": subgrant, "category": category, "amount_cents": cents}


def _version_rows(books: Books) -> dict[tuple[str, int, Key], dict[str, Any]]:
    """Every version row, by (table, the entry that made it, the row's key)."""
    found: dict[tuple[str, int, Key], dict[str, Any]] = {}
    for name, table in terms.TABLES.items():
        if table.version is None:
            continue
        v: Any = table.version
        columns = [getattr(v, field) for field in table.versioned]
        keys = [v.subgrant_id, v.category_id] if name == "budget" else [getattr(v, f"{name}_id")]
        for row in books.session.execute(select(v.entry_id, *keys, *columns)):
            key = tuple(row[1:3]) if name == "budget" else row[1]
            values = row[1 + len(keys) :]
            found[(name, int(row[0]), key)] = {
                field: terms.plain(value)
                for field, value in zip(table.versioned, values, strict=True)
            }
    return found


def _unmatched_versions(versions: dict[tuple[str, int, Key], dict[str, Any]]) -> list[Finding]:
    return [
        Finding(
            NAME,
            f"a {table} version names entry {entry_id}, whose terms do not hold it; it was "
            "added behind fundtrack's back",
            record=f"{table} {key}",
        )
        for (table, entry_id, key) in versions
    ]


def _unknown(entry_id: int, table: str) -> Finding:
    return Finding(NAME, f"its terms name {table!r}, which is no table of terms", entry_id=entry_id)
