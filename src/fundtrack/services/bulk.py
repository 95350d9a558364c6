"""Importing disbursements in bulk: two streaming passes over the file, flat memory.

Pass one checks every row with the rules ``fundtrack disburse`` uses, keeping only a running
total per subgrant and per subgrant category and the set of client references. Pass two, only
when every row passed, reads the file again and appends the entries to the hash-chained
ledger in chunks (``chain.append_stream``), all inside the caller's one transaction. No ORM
object is made per row.

On PostgreSQL every award and subgrant row is locked first (in id order, as every writer
does), so no other clerk can draw on a subgrant between the check and the insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlmodel import Session

from fundtrack.dates import parse_date
from fundtrack.errors import FundtrackError, InvalidInput, NotFound, RuleViolation
from fundtrack.identifiers import (
    check_free_text,
    normalize_category,
    normalize_client_ref,
    normalize_code,
)
from fundtrack.models import DISBURSEMENT, Award, Category, Client, Entry, Subgrant, SubgrantBudget
from fundtrack.money import from_cents, parse_money, to_cents
from fundtrack.services import chain, locks, rules
from fundtrack.services.clock import utc_now
from fundtrack.services.lookup import suggestion

if TYPE_CHECKING:
    from fundtrack.services.importer import Batch, ImportSummary

REPORT_EVERY = 2048
#: SQLite page cache while entries are inserted, in KiB (the default is 2 MB).
CACHE_KIB = 96 * 1024


@dataclass
class Grant:
    """What pass one needs to know about a subgrant, and what the file has drawn so far."""

    id: int
    code: str
    award_id: int
    award: str
    start: date
    end: date
    left: int
    budgets: dict[int, int]
    spent: dict[int, int] = field(default_factory=dict)


class Books:
    """The structure of the books, loaded once: subgrants, categories, clients."""

    def __init__(self, session: Session) -> None:
        s: Any = Subgrant
        a: Any = Award
        e: Any = Entry
        b: Any = SubgrantBudget
        award_ids = list(session.execute(select(a.id)).scalars())
        locks.lock_awards(session, award_ids)
        locks.lock_subgrants(session, session.execute(select(s.id)).scalars())
        amounts: dict[tuple[int, str], int] = {
            (int(sid), kind): int(cents)
            for sid, kind, cents in session.execute(
                select(e.subgrant_id, e.kind, func.sum(e.amount_cents))
                .where(e.subgrant_id.is_not(None))
                .group_by(e.subgrant_id, e.kind)
            )
        }
        spent = self._spent_by_category(session)
        budgets: dict[int, dict[int, int]] = {}
        for sid, cid, cents in session.execute(
            select(b.subgrant_id, b.category_id, b.amount_cents)
        ):
            budgets.setdefault(int(sid), {})[int(cid)] = int(cents)
        self.grants: dict[str, Grant] = {}
        for sid, code, award_id, award, start, end in session.execute(
            select(s.id, s.code, s.award_id, a.code, s.start_date, s.end_date).join(
                a, a.id == s.award_id
            )
        ):
            left = amounts.get((sid, "subgrant"), 0) - amounts.get((sid, DISBURSEMENT), 0)
            self.grants[code] = Grant(
                sid, code, award_id, award, start, end, left, budgets.get(sid, {}), {}
            )
            self.grants[code].spent = spent.get(sid, {})
        c: Any = Category
        self.categories: dict[str, int] = {k: v for k, v in session.execute(select(c.code, c.id))}
        self.category_codes = {v: k for k, v in self.categories.items()}
        r: Any = Client
        self.clients: dict[str, int] = {k: v for k, v in session.execute(select(r.ref, r.id))}

    @staticmethod
    def _spent_by_category(session: Session) -> dict[int, dict[int, int]]:
        e: Any = Entry
        spent: dict[int, dict[int, int]] = {}
        for sid, cid, cents in session.execute(
            select(e.subgrant_id, e.category_id, func.sum(e.amount_cents))
            .where(e.kind == DISBURSEMENT)
            .group_by(e.subgrant_id, e.category_id)
        ):
            spent.setdefault(int(sid), {})[int(cid)] = int(cents)
        return spent

    def grant(self, text: str) -> Grant:
        code = normalize_code(text, what="subgrant")
        found = self.grants.get(code)
        if found is None:
            hint = suggestion(code, list(self.grants)) or "; `fundtrack subgrant list` shows them"
            raise NotFound(f"no subgrant {code!r}{hint}")
        return found

    def category(self, text: str) -> int:
        code = normalize_category(text)
        found = self.categories.get(code)
        if found is None:
            hint = suggestion(code, list(self.categories)) or (
                "; `fundtrack category list` shows them"
            )
            raise NotFound(f"no category {code!r}{hint}")
        return found


class Memo:
    """A parser with a memory: a file repeats its dates, amounts, codes and clients."""

    def __init__(self, parse: Callable[[str], Any], limit: int = 100_000) -> None:
        self.parse, self.limit = parse, limit
        self.known: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        found = self.known.get(text, _MISSING)
        if found is _MISSING:
            try:
                found = self.parse(text)
            except FundtrackError as error:
                found = error
            if len(self.known) < self.limit:
                self.known[text] = found
        if isinstance(found, FundtrackError):
            raise type(found)(str(found))
        return found


_MISSING = object()


class Parsers:
    """The commands' parsers for each column, in ``FIELDS`` order."""

    def __init__(self, books: Books) -> None:
        self.date = Memo(lambda text: parse_date(text, what="date"))
        self.grant = Memo(books.grant)
        self.category = Memo(books.category)
        self.client = Memo(normalize_client_ref)
        self.cents = Memo(lambda text: to_cents(parse_money(text, what="amount")))
        self.columns: tuple[Callable[[str], Any], ...] = (
            self.date,
            self.grant,
            self.category,
            self.client,
            self.cents,
            lambda text: check_free_text(text, what="reference"),
            lambda text: check_free_text(text, what="memo"),
        )


#: The columns of a disbursement, in the order they are read.
FIELDS = ("date", "subgrant", "category", "client", "amount", "reference", "memo")


def _picker(batch: Batch) -> Callable[[list[str]], list[str]]:
    """A function from a row's cells to its ``FIELDS`` values ("" for a missing column)."""
    positions = batch.records.columns.positions
    width = len(batch.records.columns.header)
    indexes = [positions.get(name, width) for name in FIELDS]

    def pick(cells: list[str]) -> list[str]:
        padded = cells + [""] * (width + 1 - len(cells))
        return [padded[i] for i in indexes]

    return pick


@dataclass
class Row:
    """One checked row, ready to be written."""

    grant: Grant
    category_id: int
    client: str
    cents: int
    day: date
    reference: str | None
    memo: str | None


def import_disbursements(
    session: Session, batch: Batch, *, new_clients: bool, dry_run: bool
) -> ImportSummary:
    from fundtrack.services.importer import ImportSummary, Total, add_clients

    books = Books(session)
    parsers = Parsers(books)
    pick = _picker(batch)
    totals: dict[tuple[int, int], list[int]] = {}
    new: set[str] = set()
    rows = 0
    for rows, (line, cells) in enumerate(batch.records, start=1):
        row = _check(batch, books, parsers, pick, line, cells, new_clients, new)
        if row is not None:
            tally = totals.setdefault((row.grant.id, row.category_id), [0, 0])
            tally[0] += 1
            tally[1] += row.cents
        if rows % REPORT_EVERY == 0:
            batch.report(batch.table.done, batch.table.total)
    batch.problems.refuse()
    if rows == 0:
        raise InvalidInput(f"{batch.file_name} has no disbursements under its header")
    codes = {g.id: g for g in books.grants.values()}
    summary = [
        Total(
            codes[sid].award,
            codes[sid].code,
            books.category_codes[cid],
            count,
            from_cents(cents),
        )
        for (sid, cid), (count, cents) in sorted(
            totals.items(), key=lambda item: (codes[item[0][0]].code, item[0][1])
        )
    ]
    batch_id = None
    if not dry_run:
        batch_id = batch.start(session, rows)
        add_clients(session, new, batch_id=batch_id, by=batch.by)
        if new:
            r: Any = Client
            query = select(r.ref, r.id).where(r.batch_id == batch_id)
            books.clients.update((k, v) for k, v in session.execute(query))
        _write(session, batch, books, parsers, rows)
    return ImportSummary(
        batch.kind, batch.file_name, rows, batch_id, summary, len(new), dry_run=dry_run
    )


def _check(
    batch: Batch,
    books: Books,
    parsers: Parsers,
    pick: Callable[[list[str]], list[str]],
    line: int,
    cells: list[str],
    new_clients: bool,
    new: set[str],
) -> Row | None:
    """Check one row against the books and the rows before it; log its problems."""
    if not batch.check_width(line, cells):
        return None
    values: list[Any] = []
    for name, parse, cell in zip(FIELDS, parsers.columns, pick(cells), strict=True):
        try:
            values.append(parse(cell))
        except FundtrackError as error:
            batch.problems.add(line, name, str(error), cells)
            values.append(_MISSING)
    day, grant, category, client, cents, reference, memo = values
    if client is not _MISSING and client not in books.clients:
        if new_clients:
            new.add(client)
        else:
            batch.problems.add(
                line,
                "client",
                f"no client {client!r}; check the reference, or import with "
                "--new-clients to register the file's new clients",
                cells,
            )
            return None
    if _MISSING in values:
        return None
    row = Row(grant, category, client, cents, day, reference, memo)
    try:
        _draw(row, books)
    except RuleViolation as error:
        column = "date" if "period" in str(error) else "amount"
        batch.problems.add(line, column, str(error), cells)
        return None
    return row


def _draw(row: Row, books: Books) -> None:
    """The period and money rules of ``fundtrack disburse``, counting the file's earlier rows."""
    grant = row.grant
    rules.require_date_in_period(
        "disbursement date", row.day, f"subgrant {grant.code}", grant.start, grant.end
    )
    if grant.budgets:
        category = books.category_codes[row.category_id]
        if row.category_id not in grant.budgets:
            raise RuleViolation(
                f"subgrant {grant.code} has no budget for {category}; record it in a budgeted "
                "category or against another subgrant"
            )
        spent = grant.spent.get(row.category_id, 0)
        rules.require_funds(
            f"subgrant {grant.code}'s {category} budget",
            grant.budgets[row.category_id] - spent,
            row.cents,
        )
    rules.require_funds(f"subgrant {grant.code}", grant.left, row.cents)
    grant.left -= row.cents
    grant.spent[row.category_id] = grant.spent.get(row.category_id, 0) + row.cents


def _write(session: Session, batch: Batch, books: Books, parsers: Parsers, total: int) -> None:
    """Pass two: read the file again and append its entries to the ledger in chunks."""
    from fundtrack.services.importer import file_sha256

    with _roomy_cache(session):
        written = chain.append_stream(session, _entries(batch, books, parsers, total))
    if written != total or file_sha256(batch.path) != batch.sha256:
        raise InvalidInput(
            f"{batch.file_name} changed while it was being imported; nothing was imported — "
            "close it in other programs and import it again"
        )


@contextmanager
def _roomy_cache(session: Session) -> Iterator[None]:
    """On SQLite, a bigger page cache while the entries go in: a large transaction that
    overflows the default 2 MB cache rewrites index pages over and over."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = session.execute(text("PRAGMA cache_size")).scalar_one()
    session.execute(text(f"PRAGMA cache_size=-{CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size={int(before)}"))


def _entries(batch: Batch, books: Books, parsers: Parsers, total: int) -> Iterator[dict[str, Any]]:
    now, by, batch_id = utc_now(), batch.by, batch.id
    clients = books.clients
    pick = _picker(batch)
    records = batch.table.records(*_columns(batch.kind))
    try:
        for count, (_line, cells) in enumerate(records, start=1):
            text = pick(cells)
            grant: Grant = parsers.grant(text[1])
            yield {
                "kind": DISBURSEMENT,
                "amount_cents": parsers.cents(text[4]),
                "entry_date": parsers.date(text[0]),
                "award_id": grant.award_id,
                "subgrant_id": grant.id,
                "category_id": parsers.category(text[2]),
                "client_id": clients[parsers.client(text[3])],
                "reference": check_free_text(text[5], what="reference"),
                "memo": check_free_text(text[6], what="memo"),
                "batch_id": batch_id,
                "recorded_at": now,
                "recorded_by": by,
            }
            if count % REPORT_EVERY == 0:
                batch.report(count, total, "Recording")
    finally:
        records.close()


def _columns(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from fundtrack.services.importer import COLUMNS

    return COLUMNS[kind]
