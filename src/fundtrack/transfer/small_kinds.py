"""Recording one row of an awards, subgrantees, subgrants, services or match file as the
commands do.

Each recorder reads its row's cells with the parsers the commands use (a problem in any cell
is reported against that cell), then calls the service function the single-record command
calls. It returns what the row adds, for the import summary.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from fundtrack.books.awards import add_award
from fundtrack.books.match import record_match
from fundtrack.books.services import serve
from fundtrack.books.subgrantees import add_subgrantee
from fundtrack.books.subgrants import add_subgrant, parse_budgets
from fundtrack.dates import parse_date
from fundtrack.errors import FundtrackError
from fundtrack.fiscal import parse_fiscal_year
from fundtrack.money import parse_money
from fundtrack.transfer.batch import Batch

Key = tuple[str | None, str | None]
Recorder = Callable[[Session, "Batch", int, list[str]], tuple[Key, Decimal | None]]


def _text(value: str) -> str:
    return value


def _optional_date(what: str) -> Callable[[str], Any]:
    return lambda text: parse_date(text, what=what) if text else None


def _amount(text: str) -> Decimal:
    return parse_money(text, what="amount")


#: The period of performance's cells, read as the commands' --start and --end.
PERIOD = {"start": _optional_date("start"), "end": _optional_date("end")}


def parse_budget(text: str) -> dict[str, Decimal]:
    """``rent=40000; travel=5000`` as {category: amount}; empty text is no budget."""
    items = list(filter(None, (part.strip() for part in text.split(";"))))
    return parse_budgets(items, option="the budget", example="write e.g. rent=40000; travel=5000")


def _cells(
    batch: Batch, line: int, cells: list[str], parsers: dict[str, Callable[[str], Any]]
) -> dict[str, Any] | None:
    """Each cell read by its parser; ``None`` (and problems logged) when any cannot be read."""
    values: dict[str, Any] = {}
    ok = True
    for name, parse in parsers.items():
        try:
            values[name] = parse(batch.cell(cells, name))
        except FundtrackError as error:
            batch.problems.add(line, name, str(error), cells)
            ok = False
    return values if ok else None


def record_award(
    session: Session, batch: Batch, line: int, cells: list[str]
) -> tuple[Key, Decimal | None]:
    parsers = {"code": _text, "source": _text, "fy": parse_fiscal_year, "amount": _amount}
    v = _cells(batch, line, cells, {**parsers, **PERIOD, "number": _text, "name": _text})
    if v is None:
        return (None, None), None
    added = add_award(
        session,
        v["code"],
        source=v["source"],
        fiscal_year=v["fy"].year,
        calendar=v["fy"].calendar,
        amount=v["amount"],
        start=v["start"],
        end=v["end"],
        number=v["number"] or None,
        name=v["name"] or None,
        by=batch.by,
        batch_id=batch.id,
    )
    return (added.code, None), added.amount


def record_subgrantee(
    session: Session, batch: Batch, line: int, cells: list[str]
) -> tuple[Key, Decimal | None]:
    add_subgrantee(session, batch.cell(cells, "code"), batch.cell(cells, "name"), by=batch.by)
    return (None, None), None


def record_subgrant(
    session: Session, batch: Batch, line: int, cells: list[str]
) -> tuple[Key, Decimal | None]:
    v = _cells(batch, line, cells, {"amount": _amount, **PERIOD, "budget": parse_budget})
    if v is None:
        return (None, None), None
    added = add_subgrant(
        session,
        batch.cell(cells, "code"),
        award=batch.cell(cells, "award"),
        subgrantee=batch.cell(cells, "subgrantee"),
        amount=v["amount"],
        start=v["start"],
        end=v["end"],
        budgets=v["budget"],
        by=batch.by,
        batch_id=batch.id,
    )
    return (added.award, added.code), added.amount


def record_service(
    session: Session, batch: Batch, line: int, cells: list[str]
) -> tuple[Key, Decimal | None]:
    v = _cells(batch, line, cells, {"date": lambda t: parse_date(t, what="service date")})
    if v is None:
        return (None, None), None
    served = serve(
        session,
        subgrant=batch.cell(cells, "subgrant"),
        client=batch.cell(cells, "client"),
        on=v["date"],
        category=batch.cell(cells, "category") or None,
        reference=batch.cell(cells, "reference") or None,
        memo=batch.cell(cells, "memo") or None,
        new_client=batch.new_clients,
        batch_id=batch.id,
        by=batch.by,
    )
    return (None, served.subgrant), None


def record_match_row(
    session: Session, batch: Batch, line: int, cells: list[str]
) -> tuple[Key, Decimal | None]:
    v = _cells(
        batch, line, cells, {"date": lambda t: parse_date(t, what="match date"), "amount": _amount}
    )
    if v is None:
        return (None, None), None
    recorded = record_match(
        session,
        subgrant=batch.cell(cells, "subgrant"),
        amount=v["amount"],
        on=v["date"],
        kind=batch.cell(cells, "kind"),
        reference=batch.cell(cells, "reference") or None,
        memo=batch.cell(cells, "memo") or None,
        by=batch.by,
        batch_id=batch.id,
    )
    return (None, recorded.holder), recorded.amount


RECORDERS: dict[str, Recorder] = {
    "awards": record_award,
    "subgrantees": record_subgrantee,
    "subgrants": record_subgrant,
    "services": record_service,
    "match": record_match_row,
}
