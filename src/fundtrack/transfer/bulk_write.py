"""Writing a bulk import's checked disbursements to the ledger as the file is read.

``fundtrack.transfer.bulk`` checks each row; while no row has failed it hands the row to a
``LedgerWriter``, which registers the file's new clients and appends the entries through
``append.BulkAppender``, in chunks, inside the caller's one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text, update
from sqlmodel import Session

from fundtrack.clock import today, utc_now
from fundtrack.errors import InvalidInput
from fundtrack.ledger import append, terms
from fundtrack.models import CLIENT, ImportBatch
from fundtrack.transfer.batch import Batch, add_clients, client_terms, file_sha256

if TYPE_CHECKING:
    from fundtrack.transfer.bulk import Books, Row

#: SQLite page cache while entries are inserted, in KiB (the default is 2 MB).
CACHE_KIB = 96 * 1024


class LedgerWriter:
    """Checked rows go into the ledger as the file is read, all inside the one transaction.

    Rows wait in a short queue so that the file's new clients are registered (in sorted
    order, a chunk at a time) before the entries that name them. If a later row fails, the
    caller stops adding and raises, and the transaction takes everything back.
    """

    def __init__(self, session: Session, batch: Batch, books: Books) -> None:
        self.session, self.batch, self.books = session, batch, books
        self.batch_id = batch.start(session, 0)
        self.appender = append.BulkAppender(
            session, batch_id=self.batch_id, recorded_at=utc_now(), by=batch.by
        )
        self.queue: list[Row] = []

    @classmethod
    @contextmanager
    def open(cls, session: Session, batch: Batch, books: Books) -> Iterator[LedgerWriter]:
        with _roomy_cache(session):
            yield cls(session, batch, books)

    def add(self, row: Row) -> None:
        self.queue.append(row)
        if len(self.queue) >= append.CHUNK:
            self.flush()

    def flush(self) -> None:
        clients = self.books.clients
        unknown = sorted({row.client for row in self.queue} - clients.keys())
        if unknown:
            self._register(unknown)
        add = self.appender.add
        for row in self.queue:
            grant = row.grant
            add(
                row.day,
                row.cents,
                grant.award_id,
                grant.id,
                row.category_id,
                clients[row.client],
                row.reference,
                row.memo,
            )
        self.queue = []

    def _register(self, refs: list[str]) -> None:
        """Register new clients and record them in one ``client`` fact entry, ahead of the
        disbursements that name them."""
        ids = add_clients(self.session, refs, batch_id=self.batch_id, by=self.batch.by)
        self.books.clients.update(ids)
        self.appender.add_entry(
            terms.fact(
                CLIENT,
                client_terms(ids),
                on=today(),
                by=self.batch.by,
                at=self.appender.recorded_at,
                batch_id=self.batch_id,
            )
        )

    def close(self, rows: int) -> None:
        """Write what is queued, move the ledger head, and record the batch's row count."""
        self.flush()
        written = self.appender.close()
        if written != rows or file_sha256(self.batch.path) != self.batch.sha256:
            raise InvalidInput(
                f"{self.batch.file_name} changed while it was being imported; nothing was "
                "imported — close it in other programs and import it again"
            )
        b: Any = ImportBatch
        self.session.execute(update(b).where(b.id == self.batch_id).values(rows=rows))


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
