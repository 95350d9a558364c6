"""Importing disbursements in bulk: one streaming pass over the file, flat memory.

Every row is checked with the rules ``fundtrack disburse`` uses, against the books and the
file's earlier rows, keeping only a running total per subgrant and per subgrant category.
While no row has failed, each checked row goes straight on to the hash-chained ledger
(``append.BulkAppender``, in chunks, new clients registered first); once one fails, the rest
are still checked, so that every problem is reported, and the caller's one transaction rolls
everything back. No ORM object is made per row.

On PostgreSQL every award and subgrant row is locked first (in id order, as every writer
does), so no other clerk can draw on a subgrant while the file goes in.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books.lookup import suggestion
from fundtrack.dates import parse_entry_date
from fundtrack.errors import FundtrackError, InvalidInput, NotFound, RuleViolation
from fundtrack.identifiers import (
    check_free_text,
    client_ref_key,
    normalize_category,
    normalize_client_ref,
    normalize_code,
)
from fundtrack.ledger import locks, queries, rules, terms
from fundtrack.models import (
    Award,
    Category,
    Client,
    Entry,
    Subgrant,
)
from fundtrack.money import from_cents, parse_cents
from fundtrack.transfer.batch import Batch, ImportSummary, Total
from fundtrack.transfer.bulk_write import LedgerWriter
from fundtrack.transfer.repeats import Repeats

REPORT_EVERY = 2048


@dataclass
class Grant(rules.Drawn):
    """A subgrant as the check sees it: what it allows, less what the file has drawn so far."""

    id: int
    award_id: int
    award: str


class Books:
    """The structure of the books, loaded once: subgrants, categories, clients."""

    def __init__(self, session: Session) -> None:
        s: Any = Subgrant
        a: Any = Award
        award_ids = list(session.execute(select(a.id)).scalars())
        locks.lock_awards(session, award_ids)
        locks.lock_subgrants(session, session.execute(select(s.id)).scalars())
        amounts = queries.sums_by_figure(session, Entry.subgrant_id)
        spent = queries.disbursed_by_subgrant_category(session)
        budgets: dict[int, dict[int, int]] = {}
        in_force: Any = terms.now("budget")
        for sid, cid, cents in session.execute(
            select(in_force.c.subgrant_id, in_force.c.category_id, in_force.c.amount_cents)
        ):
            budgets.setdefault(int(sid), {})[int(cid)] = int(cents)
        self.grants: dict[str, Grant] = {}
        g: Any = terms.now("subgrant").c
        for sid, code, award_id, award, start, end in session.execute(
            select(g.id, g.code, g.award_id, a.code, g.start_date, g.end_date).join(
                a, a.id == g.award_id
            )
        ):
            left = amounts[(sid, "allocated")] - amounts[(sid, "disbursed")]
            drawn = (code, start, end, left, budgets.get(sid, {}), spent.get(sid, {}))
            self.grants[code] = Grant(*drawn, sid, award_id, award)
        c: Any = Category
        self.categories: dict[str, int] = {k: v for k, v in session.execute(select(c.code, c.id))}
        self.category_codes = {v: k for k, v in self.categories.items()}
        r: Any = Client
        self.clients: dict[str, int] = {k: v for k, v in session.execute(select(r.ref, r.id))}

    def grant(self, text: str) -> Grant:
        code = normalize_code(text, what="subgrant")
        found = self.grants.get(code)
        if found is None:
            hint = suggestion(code, list(self.grants)) or "; `fundtrack subgrant list` shows them"
            raise NotFound(f"no subgrant {code!r}{hint}")
        return found

    def client(self, text: str) -> str:
        """A recorded reference as it is (even one the rules would now refuse); a new one
        is checked."""
        key = client_ref_key(text)
        return key if key in self.clients else normalize_client_ref(text)

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
    """A parser with a memory: a file repeats its dates, amounts, codes and clients.

    ``known`` holds what was read well (never ``None``); a value that fails is parsed again
    each time it appears, so that every row names its own problem.
    """

    def __init__(self, parse: Callable[[str], Any], limit: int = 100_000) -> None:
        self.parse, self.limit = parse, limit
        self.known: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        found = self.known.get(text)
        if found is None:
            found = self.parse(text)
            if len(self.known) < self.limit:
                self.known[text] = found
        return found


class Parsers:
    """The commands' parsers for each column, in ``FIELDS`` order."""

    def __init__(self, books: Books) -> None:
        self.date = Memo(lambda text: parse_entry_date(text, what="date"))
        self.grant = Memo(books.grant)
        self.category = Memo(books.category)
        self.client = Memo(books.client)
        self.cents = Memo(lambda text: parse_cents(text, what="amount"))
        self.columns: tuple[Callable[[str], Any], ...] = (
            self.date,
            self.grant,
            self.category,
            self.client,
            self.cents,
            _reference,
            _memo,
        )


def _reference(text: str) -> str | None:
    return check_free_text(text, what="reference") if text else None


def _memo(text: str) -> str | None:
    return check_free_text(text, what="memo") if text else None


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
    session: Session, batch: Batch, *, new_clients: bool, allow_duplicates: bool, dry_run: bool
) -> ImportSummary:
    books = Books(session)
    table = batch.table  # rows to expect: as many again as the bytes still to read
    repeats = Repeats(
        session,
        allow=allow_duplicates,
        expect=lambda so_far: so_far * table.total // max(table.done, 1),
    )
    parsers = Parsers(books)
    pick = _picker(batch)
    totals: dict[tuple[int, int], list[int]] = {}
    new: set[str] = set()
    rows = 0
    with ExitStack() as stack:
        writer = None if dry_run else stack.enter_context(LedgerWriter.open(session, batch, books))
        what = "Checking" if dry_run else "Importing"
        for rows, (line, cells) in enumerate(batch.records, start=1):
            row = _check(batch, books, parsers, pick, line, cells, new_clients, new, repeats)
            if row is not None:
                tally = totals.setdefault((row.grant.id, row.category_id), [0, 0])
                tally[0] += 1
                tally[1] += row.cents
                if writer is not None and not batch.problems.count:
                    writer.add(row)
            if rows % REPORT_EVERY == 0:
                batch.report(batch.table.done, batch.table.total, what)
        batch.problems.refuse()
        if rows == 0:
            raise InvalidInput(f"{batch.file_name} has no disbursements under its header")
        if writer is not None:
            writer.close(rows)
    return ImportSummary(
        batch.kind,
        batch.file_name,
        rows,
        None if writer is None else writer.batch_id,
        _totals(books, totals),
        len(new),
        dry_run=dry_run,
        duplicates=repeats.allowed,
        warnings=_reused(batch, books, repeats),
    )


#: Reused references named one by one in the summary; the rest are counted.
SHOWN_WARNINGS = 10


def _reused(batch: Batch, books: Books, repeats: Repeats) -> tuple[str, ...]:
    """The warnings for rows that reuse a reference on their subgrant, the first few named."""
    codes = {g.id: g.code for g in books.grants.values()}
    shown = [
        f"{batch.file_name}:{line}: "
        + rules.reference_reused(reference, codes[subgrant_id], earlier)
        for line, subgrant_id, reference, earlier in repeats.reused[:SHOWN_WARNINGS]
    ]
    more = len(repeats.reused) - SHOWN_WARNINGS
    if more > 0:
        shown.append(f"{batch.file_name}: {more} more rows reuse a reference on their subgrant")
    return tuple(shown)


def _totals(books: Books, totals: dict[tuple[int, int], list[int]]) -> list[Total]:
    """What the file adds per subgrant and category, in subgrant and category order."""
    codes = {g.id: g for g in books.grants.values()}
    return [
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


def _check(
    batch: Batch,
    books: Books,
    parsers: Parsers,
    pick: Callable[[list[str]], list[str]],
    line: int,
    cells: list[str],
    new_clients: bool,
    new: set[str],
    repeats: Repeats,
) -> Row | None:
    """Check one row against the books and the rows before it; log its problems."""
    if not batch.check_width(line, cells):
        return None
    text = pick(cells)
    try:
        row = Row(
            parsers.grant(text[1]),
            parsers.category(text[2]),
            parsers.client(text[3]),
            parsers.cents(text[4]),
            parsers.date(text[0]),
            _reference(text[5]),
            _memo(text[6]),
        )
    except FundtrackError:
        row = None
    client = row.client if row is not None else _log_cells(batch, parsers, line, cells, text)
    if client is not None and client not in books.clients:
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
    if row is None:
        return None
    try:
        rules.require_not_repeated(repeats.earlier(row, line))
        _draw(row, books)
    except RuleViolation as error:
        batch.problems.add(line, rules.field_of(error), str(error), cells)
        return None
    return row


def _log_cells(
    batch: Batch, parsers: Parsers, line: int, cells: list[str], text: list[str]
) -> str | None:
    """A row with a bad value: log each bad value in its own column; returns the client
    reference when it is a good one."""
    client = None
    for name, parse, cell in zip(FIELDS, parsers.columns, text, strict=True):
        try:
            value = parse(cell)
        except FundtrackError as error:
            batch.problems.add(line, name, str(error), cells)
            continue
        if name == "client":
            client = value
    return client


def _draw(row: Row, books: Books) -> None:
    """The rules of ``fundtrack disburse``, counting the file's earlier rows."""
    grant, cents, category_id = row.grant, row.cents, row.category_id
    category = books.category_codes[category_id]
    rules.require_disbursement(grant, row.day, category_id, category, cents)
    grant.left_cents -= cents
    grant.spent[category_id] = grant.spent.get(category_id, 0) + cents
