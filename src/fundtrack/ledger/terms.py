"""Terms by value: the facts that give entries their meaning, as the chain records them.

A source, category, subgrantee, client, award, subgrant or budget is written once, as it
was created; a change to one is a row of its ``*_version`` table keyed by the entry that
made it, and the row's *current* state is its latest version (the highest entry id) over
the row as created. This module is the one place that state is read (``now``: a subquery
per table with the table's own column names, which every reader joins instead of the bare
table) and the one place a row is written as terms (``TABLES``: each table's fields by
value, codes rather than ids for what a row names). The writers (``record``), the upgrade's
snapshot and the chain check all read it from here; a new field is one line in ``TABLES``.

Terms are ``{"<table>": [row, ...], ...}`` encoded as canonical JSON text (sorted keys, no
spaces, text as written), which the entry's hash covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, insert, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session

from fundtrack.clock import today, utc_now
from fundtrack.errors import RuleViolation
from fundtrack.ledger import append
from fundtrack.models import (
    SNAPSHOT,
    Award,
    AwardVersion,
    BudgetVersion,
    Category,
    CategoryVersion,
    Client,
    Entry,
    Source,
    SourceVersion,
    Subgrant,
    Subgrantee,
    SubgranteeVersion,
    SubgrantVersion,
    budgets,
)


@dataclass(frozen=True)
class Table:
    """One table as terms: its model, its version table and the fields it writes.

    Attributes:
      fields: the terms' field names, in order. A field named after another table in
        ``refers`` holds that row's code (an award's ``source``); ``id`` and ``code`` are
        the row's own.
      versioned: the columns a version row may change (the rest never change).
      refers: field -> (the column holding the id, the table it names).
    """

    name: str
    model: Any
    version: Any
    fields: tuple[str, ...]
    versioned: tuple[str, ...]
    refers: tuple[tuple[str, str, str], ...] = ()


#: Every table whose rows are terms, in the order a snapshot lists them.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "source",
            Source,
            SourceVersion,
            ("id", "code", "name", "calendar", "extra_years", "match_percent", "admin_cap_percent"),
            ("name", "calendar", "extra_years", "match_percent", "admin_cap_percent"),
        ),
        Table(
            "category",
            Category,
            CategoryVersion,
            ("id", "code", "name", "service_area"),
            ("name", "service_area"),
        ),
        Table(
            "subgrantee",
            Subgrantee,
            SubgranteeVersion,
            ("id", "code", "name", "uei"),
            ("name", "uei"),
        ),
        Table("client", Client, None, ("id", "ref"), ()),
        Table(
            "award",
            Award,
            AwardVersion,
            (
                *("id", "code", "source", "fiscal_year", "start_date", "end_date", "number"),
                *("name", "aln"),
            ),
            ("start_date", "end_date", "number", "name", "aln"),
            (("source", "source_id", "source"),),
        ),
        Table(
            "subgrant",
            Subgrant,
            SubgrantVersion,
            (
                *("id", "code", "award", "subgrantee", "start_date", "end_date", "purpose"),
                *("match_percent", "waiver_reason"),
            ),
            ("start_date", "end_date", "purpose", "match_percent", "waiver_reason"),
            (("award", "award_id", "award"), ("subgrantee", "subgrantee_id", "subgrantee")),
        ),
        Table(
            "budget",
            None,
            BudgetVersion,
            ("subgrant", "category", "amount_cents"),
            ("amount_cents",),
            (("subgrant", "subgrant_id", "subgrant"), ("category", "category_id", "category")),
        ),
    )
}


def _latest(version: Any, *keys: tuple[Any, Any], as_of: date | None = None) -> Any:
    """The highest entry id among ``version``'s rows for the row whose key columns equal
    ``keys`` ((version column, row column) pairs): the version in force.

    The one place a version is chosen. ``as_of``: in force on that day, counting only the
    versions whose entry is dated on or before it (an amendment takes effect on its entry
    date; amendments of one row are dated in the order they are recorded, so the highest
    id is also the latest in force).
    """
    later: Any = aliased(version)
    query = select(func.max(later.entry_id)).where(
        *(getattr(later, column) == value for column, value in keys)
    )
    return _dated(query, later, as_of).scalar_subquery()


def _dated(query: Any, version: Any, as_of: date | None) -> Any:
    """``query`` over ``version`` rows limited to those whose entry is dated by ``as_of``."""
    if as_of is None:
        return query
    made: Any = aliased(Entry)
    return query.where(exists().where(made.id == version.entry_id, made.entry_date <= as_of))


def now(name: str, as_of: date | None = None) -> Any:
    """The current state of table ``name``: a subquery with the table's own columns (budgets:
    ``subgrant_id``, ``category_id``, ``amount_cents``), each row's latest version applied
    (``as_of``: the terms in force on that day)."""
    if name == "budget":
        return _budgets_now(as_of)
    table = TABLES[name]
    model: Any = table.model
    if table.version is None:
        return select(model).subquery(f"{name}_now")
    v: Any = aliased(table.version)
    key = f"{name}_id"
    newest = _latest(table.version, (key, model.id), as_of=as_of)
    columns = [
        case((v.entry_id.is_not(None), getattr(v, c.name)), else_=c).label(c.name)
        if c.name in table.versioned
        else c
        for c in model.__table__.columns
    ]
    return (
        select(*columns)
        .outerjoin(v, and_(getattr(v, key) == model.id, v.entry_id == newest))
        .subquery(f"{name}_now")
    )


def _budgets_now(as_of: date | None) -> Any:
    b: Any = budgets
    v: Any = aliased(BudgetVersion)
    later: Any = aliased(BudgetVersion)
    pair = (("subgrant_id", v.subgrant_id), ("category_id", v.category_id))
    revised = select(v.subgrant_id, v.category_id, v.amount_cents).where(
        v.entry_id == _latest(BudgetVersion, *pair, as_of=as_of)
    )
    revisions = select(later.entry_id).where(
        later.subgrant_id == b.subgrant_id, later.category_id == b.category_id
    )
    unrevised = select(b.subgrant_id, b.category_id, b.amount_cents).where(
        ~_dated(revisions, later, as_of).exists()
    )
    return union_all(revised, unrevised).subquery("budget_now")


def current(session: Session, model: Any, row_id: int | None, as_of: date | None = None) -> Any:
    """Row ``row_id`` of ``model``'s table as it stands now (``as_of``: in force on that day),
    as a detached object (never added to the session, so nothing is ever written back)."""
    state = now(model.__tablename__, as_of)
    found = session.execute(select(state).where(state.c.id == row_id)).mappings().one()
    return model(**found)


def _select_by_value(name: str) -> Any:
    """The current rows of table ``name`` with the fields of ``TABLES[name]``, by value."""
    table = TABLES[name]
    state = now(name)
    columns: list[Any] = []
    joins: list[tuple[Any, Any]] = []
    refers = {field: (column, other) for field, column, other in table.refers}
    for field in table.fields:
        if field in refers:
            column, other = refers[field]
            named: Any = aliased(TABLES[other].model)
            joins.append((named, named.id == state.c[column]))
            columns.append(named.code.label(field))
        else:
            columns.append(state.c[field])
    query = select(*columns).select_from(state)
    for named, on in joins:
        query = query.join(named, on)
    return query, state


def rows(session: Session, name: str, ids: Iterable[int] | None = None) -> Iterator[dict]:
    """The current rows of table ``name`` by value (``ids``: only those; for budgets, the
    subgrants' ids), in key order."""
    query, state = _select_by_value(name)
    key = state.c.subgrant_id if name == "budget" else state.c.id
    if ids is not None:
        query = query.where(key.in_(list(ids)))
    order = (state.c.subgrant_id, state.c.category_id) if name == "budget" else (state.c.id,)
    for found in session.execute(query.order_by(*order).execution_options(yield_per=5000)):
        yield {field: plain(value) for field, value in found._mapping.items()}


def plain(value: Any) -> Any:
    """A column's value as terms hold it (dates as ISO text)."""
    if isinstance(value, datetime):
        raise TypeError("terms hold no times")
    return value.isoformat() if isinstance(value, date) else value


def encode(terms: dict[str, list[dict]]) -> str:
    """Terms as canonical JSON text: what the entry's hash covers."""
    return json.dumps(terms, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def terms_of(session: Session, tables: Mapping[str, Iterable[int]]) -> dict[str, list[dict]]:
    """The current rows of each named table's ids, by value."""
    return {name: list(rows(session, name, ids)) for name, ids in tables.items()}


def original(
    session: Session,
    kind: str,
    row: Any,
    cents: int,
    names: Mapping[str, int],
    tables: Mapping[str, Iterable[int]],
    batch_id: int | None,
) -> dict[str, Any]:
    """The entry that records a new award or subgrant (``row``, just stored), ready for
    ``append``: its amount, dated the start of its period, naming its ``names`` columns,
    with the current rows of ``tables`` by value, recorded when and by whom the row was."""
    return {
        "kind": kind,
        "amount_cents": cents,
        "entry_date": row.start_date,
        "terms": encode(terms_of(session, tables)),
        **names,
        "recorded_at": row.recorded_at,
        "recorded_by": row.recorded_by,
        "batch_id": batch_id,
    }


def fact(
    kind: str,
    terms: dict[str, list[dict]],
    *,
    on: date,
    by: str,
    at: datetime,
    reason: str | None = None,
    batch_id: int | None = None,
) -> dict[str, Any]:
    """A fact entry's row, ready for ``append``: no award, no amount, its terms by value."""
    return {
        "kind": kind,
        "amount_cents": 0,
        "entry_date": on,
        "reason": reason,
        "batch_id": batch_id,
        "terms": encode(terms),
        "recorded_at": at,
        "recorded_by": by,
    }


def record(
    session: Session,
    kind: str,
    tables: Mapping[str, Iterable[int]],
    *,
    by: str,
    reason: str | None = None,
    batch_id: int | None = None,
) -> int:
    """Append one ``kind`` entry recording the current rows of ``tables``; returns its id."""
    session.flush()
    row = fact(
        kind,
        terms_of(session, tables),
        on=today(),
        by=by,
        at=utc_now(),
        reason=reason,
        batch_id=batch_id,
    )
    [entry_id] = append.append(session, [row])
    return entry_id


def every_row(session: Session) -> dict[str, list[dict]]:
    """Every row of every table by value, as it stands: what a snapshot records."""
    return {name: list(rows(session, name)) for name in TABLES}


def amend(
    session: Session,
    kind: str,
    table: str,
    row_id: int,
    changes: Mapping[str, Any],
    *,
    reason: str,
    by: str,
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """Change the terms of one row: a ``kind`` entry with the row's new version by value and
    the reason, and the version row it keys. ``changes`` holds new values (``None``: keep).

    Returns the entry's id and the row before and after. A change that changes nothing is
    refused.
    """
    spec = TABLES[table]
    [before] = rows(session, table, [row_id])
    after = {**before, **{f: v for f, v in changes.items() if v is not None}}
    if after == before:
        raise RuleViolation(
            f"{table} {before['code']} already has these terms; nothing to amend — give the "
            "values that change"
        )
    row = fact(kind, {table: [after]}, on=today(), by=by, at=utc_now(), reason=reason)
    [entry_id] = append.append(session, [row])
    version = {f: after[f] for f in spec.versioned}
    session.execute(
        insert(spec.version), [{"entry_id": entry_id, f"{table}_id": row_id, **version}]
    )
    return entry_id, before, after


#: Why the upgrade's snapshot was taken, as its entry says.
SNAPSHOT_REASON = "upgrade to schema 0006: terms as found"


def snapshot_if_upgraded(session: Session, *, by: str) -> int | None:
    """Books kept before schema 0006 get one ``snapshot`` entry of every term by value.

    Such books have rows but no entry hashed in version 2 (no entry carries terms yet). The
    snapshot certifies the terms as they were found: a change made before the upgrade cannot
    be told apart from the terms as recorded. Returns the entry's id, or None when the books
    need none (new books, or ones already upgraded).
    """
    from sqlalchemy import text

    recorded = session.execute(text("SELECT 1 FROM entry WHERE version > 1 LIMIT 1")).first()
    if recorded is not None:
        return None
    found = every_row(session)
    if not any(found.values()):
        return None
    row = fact(SNAPSHOT, found, on=today(), by=by, at=utc_now(), reason=SNAPSHOT_REASON)
    [entry_id] = append.append(session, [row])
    return entry_id


def budgets_in_force(
    session: Session, subgrant_id: int, as_of: date | None = None
) -> dict[int, int]:
    """A subgrant's budget per category id in cents, as in force (``as_of``: on that day);
    empty when it has no budget."""
    state = now("budget", as_of)
    found = session.execute(
        select(state.c.category_id, state.c.amount_cents).where(state.c.subgrant_id == subgrant_id)
    ).all()
    return {int(category): int(cents) for category, cents in found}
