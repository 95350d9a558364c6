"""Exporting the books: CSV files that ``fundtrack import`` reads back, and the journal.

Each CSV kind has exactly the columns its import takes, money as plain decimals, dates in
ISO form and user text neutralised against spreadsheet formulas. What is exported is the
books as they stand: an award or subgrant appears with its amount net of voids, and one that
was voided (net $0.00) is left out, as are voided disbursements and their reversals. So
importing the export into a fresh database reproduces every balance and every live record;
the void history itself is in ``export ledger``, which writes every entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.io.csv_write import write_csv
from fundtrack.ledger.queries import standing_of_kind, sums_by_kind
from fundtrack.models import (
    AWARD,
    DISBURSEMENT,
    SERVICE,
    SUBGRANT,
    Award,
    Category,
    Client,
    Entry,
    Source,
    Subgrant,
    SubgrantBudget,
    Subgrantee,
)
from fundtrack.money import from_cents, plain
from fundtrack.transfer.batch import COLUMNS

#: Kinds whose files carry client references: written readable by their owner only.
PRIVATE_KINDS = ("clients", "disbursements", "services")
STREAM_CHUNK = 5000

_e: Any = Entry
_source: Any = Source
_category: Any = Category
_client: Any = Client


def export(session: Session, kind: str, out: IO[str]) -> int:
    """Write ``kind`` to ``out``; returns how many records (or journal entries) it wrote."""
    if kind == "ledger":
        from fundtrack.transfer.journal import write_journal

        return write_journal(session, out)
    required, optional = COLUMNS[kind]
    return write_csv(out, [*required, *optional], ROWS[kind](session))


def award_rows(session: Session) -> Iterator[list[Any]]:
    a: Any = Award
    amounts = sums_by_kind(session, _e.award_id)
    query = select(
        a.id, a.code, _source.code, a.fiscal_year, a.start_date, a.end_date, a.number, a.name
    )
    for aid, code, source, fy, start, end, number, name in session.execute(
        query.join(Source, _source.id == a.source_id).order_by(a.id)
    ):
        if amounts[(aid, AWARD)] > 0:
            yield [
                code,
                source,
                fy,
                plain(from_cents(amounts[(aid, AWARD)])),
                start.isoformat(),
                end.isoformat(),
                number,
                name,
            ]


def subgrantee_rows(session: Session) -> Iterator[list[Any]]:
    g: Any = Subgrantee
    yield from (list(r) for r in session.execute(select(g.code, g.name).order_by(g.id)))


def subgrant_rows(session: Session) -> Iterator[list[Any]]:
    s: Any = Subgrant
    a: Any = Award
    g: Any = Subgrantee
    amounts = sums_by_kind(session, _e.subgrant_id)
    budgets: dict[int, list[str]] = {}
    b: Any = SubgrantBudget
    for sid, category, cents in session.execute(
        select(b.subgrant_id, _category.code, b.amount_cents)
        .join(Category, _category.id == b.category_id)
        .order_by(b.subgrant_id, _category.code)
    ):
        budgets.setdefault(sid, []).append(f"{category}={plain(from_cents(cents))}")
    query = (
        select(s.id, s.code, a.code, g.code, s.start_date, s.end_date)
        .join(a, a.id == s.award_id)
        .join(g, g.id == s.subgrantee_id)
        .order_by(s.id)
    )
    for sid, code, award, grantee, start, end in session.execute(query):
        if amounts[(sid, SUBGRANT)] > 0:
            yield [
                code,
                award,
                grantee,
                plain(from_cents(amounts[(sid, SUBGRANT)])),
                start.isoformat(),
                end.isoformat(),
                "; ".join(budgets.get(sid, [])),
            ]


def client_rows(session: Session) -> Iterator[list[Any]]:
    c: Any = Client
    yield from ([ref] for ref in session.execute(select(c.ref).order_by(c.id)).scalars())


def disbursement_rows(session: Session) -> Iterator[list[Any]]:
    """Disbursements that stand: neither voided nor reversals, in the order recorded."""
    s: Any = Subgrant
    query = (
        select(
            _e.entry_date,
            s.code,
            _client.ref,
            _category.code,
            _e.amount_cents,
            _e.reference,
            _e.memo,
        )
        .join(s, s.id == _e.subgrant_id)
        .join(Client, _client.id == _e.client_id)
        .join(Category, _category.id == _e.category_id)
        .where(standing_of_kind(DISBURSEMENT))
        .order_by(_e.id)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    for day, subgrant, client, category, cents, reference, memo in session.execute(query):
        yield [
            day.isoformat(),
            subgrant,
            client,
            category,
            plain(from_cents(cents)),
            reference,
            memo,
        ]


def service_rows(session: Session) -> Iterator[list[Any]]:
    """Services that stand, in the order recorded; a service without a category leaves it empty."""
    s: Any = Subgrant
    query = (
        select(_e.entry_date, s.code, _client.ref, _category.code, _e.reference, _e.memo)
        .join(s, s.id == _e.subgrant_id)
        .join(Client, _client.id == _e.client_id)
        .outerjoin(Category, _category.id == _e.category_id)
        .where(standing_of_kind(SERVICE))
        .order_by(_e.id)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    for day, subgrant, client, category, reference, memo in session.execute(query):
        yield [day.isoformat(), subgrant, client, category, reference, memo]


ROWS = {
    "awards": award_rows,
    "subgrantees": subgrantee_rows,
    "subgrants": subgrant_rows,
    "clients": client_rows,
    "disbursements": disbursement_rows,
    "services": service_rows,
}
