"""What every import shares: the file being imported, its columns and its summary.

``importer`` reads a file of any kind through these; ``bulk`` and ``bulk_write`` stream
disbursements with them, and ``small_kinds`` records the other kinds' rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from fundtrack.clock import utc_now
from fundtrack.errors import AlreadyExists
from fundtrack.io.problems import ProblemLog
from fundtrack.io.table import Records, TableFile
from fundtrack.models import Client, ImportBatch

#: Required and optional columns of each kind: the single-record commands' option names.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "awards": (("code", "source", "fy", "amount"), ("start", "end", "number", "name")),
    "subgrantees": (("code", "name"), ()),
    "subgrants": (("code", "award", "subgrantee", "amount"), ("start", "end", "budget")),
    "clients": (("client",), ()),
    "disbursements": (
        ("date", "subgrant", "client", "category", "amount"),
        ("reference", "memo"),
    ),
    "services": (("date", "subgrant", "client"), ("category", "reference", "memo")),
    "match": (("date", "subgrant", "kind", "amount"), ("reference", "memo")),
}
KINDS = tuple(COLUMNS)

#: ``progress(what, done, total)``: what is being done, and how far it has got.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Total:
    """What a file adds to one award, subgrant or subgrant category."""

    award: str | None
    subgrant: str | None
    category: str | None
    rows: int
    amount: Decimal


@dataclass(frozen=True)
class ImportSummary:
    """What a file added (or, with ``dry_run``, would add)."""

    kind: str
    file_name: str
    rows: int
    batch_id: int | None
    totals: list[Total] = field(default_factory=list)
    clients_added: int = 0
    dry_run: bool = False
    #: Disbursements recorded although they repeat another exactly (``allow_duplicates``).
    duplicates: int = 0
    #: What was recorded but may be a mistake (a reference reused for another payment).
    warnings: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return sum((t.amount for t in self.totals), Decimal("0.00"))


@dataclass
class Batch:
    """One file being imported: where it is, who imports it, and its problems so far."""

    path: Path
    kind: str
    by: str
    sha256: str
    records: Records
    problems: ProblemLog
    table: TableFile
    progress: Progress | None = None
    id: int | None = None
    #: Whether a client reference not yet registered is registered (``--new-clients``).
    new_clients: bool = False

    @property
    def file_name(self) -> str:
        return self.path.name

    def cell(self, cells: list[str], name: str) -> str:
        index = self.records.columns.positions.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def check_width(self, line: int, cells: list[str]) -> bool:
        """A value beyond the last named column would be lost: report it."""
        width = len(self.records.columns.header)
        if len(cells) <= width:
            return True
        extra = [i for i in range(width, len(cells)) if cells[i]]
        if extra:
            self.problems.add(
                line,
                "row",
                f"column {extra[0] + 1} has a value but no header; name the column or "
                "delete the value",
                cells,
            )
        return not extra

    def start(self, session: Session, rows: int) -> int:
        """Record the batch (the file's name, hash and row count); returns its id."""
        record = ImportBatch(
            kind=self.kind,
            file_name=self.file_name[:260],
            sha256=self.sha256,
            rows=rows,
            recorded_at=utc_now(),
            recorded_by=self.by,
        )
        session.add(record)
        session.flush()
        assert record.id is not None
        self.id = record.id
        return record.id

    def report(self, done: int, total: int, what: str = "Checking") -> None:
        if self.progress is not None:
            self.progress(what, done, total)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def require_not_imported(session: Session, file_name: str, digest: str) -> None:
    b: Any = ImportBatch
    earlier = session.execute(
        select(b.id, b.file_name, b.kind, b.recorded_at, b.recorded_by, b.rows).where(
            b.sha256 == digest
        )
    ).first()
    if earlier is not None:
        raise AlreadyExists(
            f"{file_name} was already imported as batch {earlier[0]} ({earlier[1]}, "
            f"{earlier[5]} {earlier[2]}) on {earlier[3]:%Y-%m-%d %H:%M} UTC by {earlier[4]}; "
            "nothing was imported — import only new files"
        )


def add_clients(
    session: Session, refs: Iterable[str], *, batch_id: int | None, by: str
) -> dict[str, int]:
    """Register many (already checked) client references at once, in sorted order; returns
    their ids. The caller records them in one ``client`` fact entry."""
    now = utc_now()
    rows = [
        {"ref": ref, "batch_id": batch_id, "recorded_at": now, "recorded_by": by}
        for ref in sorted(refs)
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(Client.__table__), rows[start : start + 5000])  # type: ignore[attr-defined]
    r: Any = Client
    ids: dict[str, int] = {}
    for start in range(0, len(rows), 5000):
        chunk = [row["ref"] for row in rows[start : start + 5000]]
        found = session.execute(select(r.ref, r.id).where(r.ref.in_(chunk)))
        ids.update((str(ref), int(i)) for ref, i in found)
    return ids


def client_terms(ids: dict[str, int]) -> dict[str, list[dict]]:
    """New clients as the terms of their fact entry."""
    return {"client": [{"id": i, "ref": ref} for ref, i in sorted(ids.items(), key=lambda p: p[1])]}
