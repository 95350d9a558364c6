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
from datetime import date
from typing import IO, Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.io.csv_write import write_csv
from fundtrack.ledger import terms
from fundtrack.ledger.queries import standing_of_kind, sums_by_figure
from fundtrack.models import (
    DISBURSEMENT,
    SERVICE,
    awards,
    budgets,
    categories,
    clients,
    sources,
    subgrantees,
    subgrants,
)
from fundtrack.models import entries as _e
from fundtrack.money import from_cents, plain
from fundtrack.transfer.batch import COLUMNS

#: Kinds whose files carry client references: written readable by their owner only.
PRIVATE_KINDS = ("clients", "disbursements", "services")
STREAM_CHUNK = 5000


def export(session: Session, kind: str, out: IO[str]) -> int:
    """Write ``kind`` to ``out``; returns how many records (or journal entries) it wrote."""
    if kind == "ledger":
        from fundtrack.transfer.journal import write_journal

        return write_journal(session, out)
    required, optional = COLUMNS[kind]
    return write_csv(out, [*required, *optional], ROWS[kind](session))


def _terms(cents: int, start: date, end: date) -> list[str]:
    """An award's or a subgrant's amount and period, as its import reads them."""
    return [plain(from_cents(cents)), start.isoformat(), end.isoformat()]


def award_rows(session: Session) -> Iterator[list[Any]]:
    amounts = sums_by_figure(session, _e.award_id)
    query = select(
        awards.id,
        awards.code,
        sources.code,
        awards.fiscal_year,
        awards.start_date,
        awards.end_date,
        awards.number,
        awards.name,
    )
    for aid, code, source, fy, start, end, number, name in session.execute(
        query.join(sources, sources.id == awards.source_id).order_by(awards.id)
    ):
        if amounts[(aid, "awarded")] > 0:
            yield [code, source, fy, *_terms(amounts[(aid, "awarded")], start, end), number, name]


def subgrantee_rows(session: Session) -> Iterator[list[Any]]:
    now = terms.now("subgrantee")
    yield from (list(r) for r in session.execute(select(now.c.code, now.c.name).order_by(now.c.id)))


def subgrant_rows(session: Session) -> Iterator[list[Any]]:
    amounts = sums_by_figure(session, _e.subgrant_id)
    budget_items: dict[int, list[str]] = {}
    for sid, category, cents in session.execute(
        select(budgets.subgrant_id, categories.code, budgets.amount_cents)
        .join(categories, categories.id == budgets.category_id)
        .order_by(budgets.subgrant_id, categories.code)
    ):
        budget_items.setdefault(sid, []).append(f"{category}={plain(from_cents(cents))}")
    query = (
        select(
            subgrants.id,
            subgrants.code,
            awards.code,
            subgrantees.code,
            subgrants.start_date,
            subgrants.end_date,
        )
        .join(awards, awards.id == subgrants.award_id)
        .join(subgrantees, subgrantees.id == subgrants.subgrantee_id)
        .order_by(subgrants.id)
    )
    for sid, code, award, grantee, start, end in session.execute(query):
        if amounts[(sid, "allocated")] > 0:
            budget = "; ".join(budget_items.get(sid, []))
            yield [code, award, grantee, *_terms(amounts[(sid, "allocated")], start, end), budget]


def client_rows(session: Session) -> Iterator[list[Any]]:
    yield from (
        [ref] for ref in session.execute(select(clients.ref).order_by(clients.id)).scalars()
    )


def _standing_client_entries(kind: str, *amount: Any) -> Any:
    """The entries of ``kind`` that stand, in the order recorded and streamed: date,
    subgrant, client, category (empty where it has none), ``amount``, reference and memo."""
    return (
        select(_e.entry_date, subgrants.code, clients.ref, categories.code, *amount)
        .add_columns(_e.reference, _e.memo)
        .join(subgrants, subgrants.id == _e.subgrant_id)
        .join(clients, clients.id == _e.client_id)
        .outerjoin(categories, categories.id == _e.category_id)
        .where(standing_of_kind(kind))
        .order_by(_e.id)
        .execution_options(yield_per=STREAM_CHUNK)
    )


def disbursement_rows(session: Session) -> Iterator[list[Any]]:
    """Disbursements that stand: neither voided nor reversals, in the order recorded."""
    query = _standing_client_entries(DISBURSEMENT, _e.amount_cents)
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
    query = _standing_client_entries(SERVICE)
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
