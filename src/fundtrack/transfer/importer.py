"""Importing a whole file of awards, subgrantees, subgrants, clients or disbursements.

A file is all or nothing: it is read inside the caller's one write transaction, every row is
checked with the same rule functions as the single-record commands (cumulatively, within the
file and against what is recorded), and if any row fails, ``ImportRefused`` lists every
problem and the transaction rolls back. The same file (by SHA-256) is never imported twice.

Disbursements stream (see ``fundtrack.transfer.bulk``); the other kinds are small files whose
rows go through the existing service functions one by one, each in a savepoint, so a bad row
is reported and the rows after it are still checked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from fundtrack.clock import utc_now
from fundtrack.errors import AlreadyExists, FundtrackError, InvalidInput
from fundtrack.identifiers import normalize_client_ref
from fundtrack.io.problems import ImportRefused, ProblemLog, RowProblem
from fundtrack.io.table import Records, TableFile
from fundtrack.models import Client, ImportBatch

__all__ = ["COLUMNS", "KINDS", "ImportRefused", "ImportSummary", "RowProblem", "import_file"]

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


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    by: str,
    new_clients: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every row of ``path`` as ``kind``, or nothing (raises ``ImportRefused``)."""
    if kind not in COLUMNS:
        raise InvalidInput(f"cannot import {kind!r}; choose one of {', '.join(KINDS)}")
    table = TableFile(path)
    digest = file_sha256(path)
    require_not_imported(session, path.name, digest)
    required, optional = COLUMNS[kind]
    records = table.records(required, optional)
    batch = Batch(
        path,
        kind,
        by,
        digest,
        records,
        ProblemLog(path.name, records.columns.header),
        table,
        progress,
    )
    try:
        if kind == "disbursements":
            from fundtrack.transfer.bulk import import_disbursements

            return import_disbursements(session, batch, new_clients=new_clients, dry_run=dry_run)
        if kind == "clients":
            return _import_clients(session, batch, dry_run=dry_run)
        return _import_small(session, batch, dry_run=dry_run)
    finally:
        records.close()


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


def _import_small(session: Session, batch: Batch, *, dry_run: bool) -> ImportSummary:
    from fundtrack.transfer.small_kinds import RECORDERS

    rows = [(line, cells) for line, cells in batch.records if batch.check_width(line, cells)]
    if not rows and not batch.problems.count:
        raise InvalidInput(f"{batch.file_name} has no {batch.kind} under its header")
    record = RECORDERS[batch.kind]
    outer = session.begin_nested()  # rolled back for a dry run
    batch_id = None if dry_run else batch.start(session, len(rows) + batch.problems.count)
    totals: dict[tuple[str | None, str | None], Decimal] = {}
    for line, cells in rows:
        savepoint = session.begin_nested()
        try:
            key, amount = record(session, batch, line, cells)
        except FundtrackError as error:
            savepoint.rollback()
            batch.problems.add(line, _blame(batch.kind, str(error)), str(error), cells)
            continue
        savepoint.commit()
        if amount is not None:
            totals[key] = totals.get(key, Decimal("0.00")) + amount
    batch.problems.refuse()
    if dry_run:
        outer.rollback()
    else:
        outer.commit()
    return ImportSummary(
        batch.kind,
        batch.file_name,
        len(rows),
        batch_id,
        [Total(award, subgrant, None, 1, amount) for (award, subgrant), amount in totals.items()],
        dry_run=dry_run,
    )


_BLAME = {
    "awards": (
        ("calendar", "fy"),
        ("no source", "source"),
        ("period", "start"),
        ("award number", "number"),
        ("award name", "name"),
        ("code", "code"),
        ("already exists", "code"),
    ),
    "subgrants": (
        ("no award", "award"),
        ("no subgrantee", "subgrantee"),
        ("budget", "budget"),
        ("no category", "budget"),
        ("period", "start"),
        ("code", "code"),
        ("already exists", "code"),
        ("unallocated", "amount"),
    ),
    "subgrantees": (("name", "name"), ("code", "code"), ("already exists", "code")),
}


def _blame(kind: str, message: str) -> str:
    """The column a service's message is about, for ``FILE:LINE: column: message``."""
    for word, column in _BLAME.get(kind, ()):
        if word in message:
            return column
    return "row"


def _import_clients(session: Session, batch: Batch, *, dry_run: bool) -> ImportSummary:
    known = set(session.execute(select(col(Client.ref))).scalars())
    seen: dict[str, int] = {}
    for line, cells in batch.records:
        if not batch.check_width(line, cells):
            continue
        try:
            ref = normalize_client_ref(batch.cell(cells, "client"))
        except FundtrackError as error:
            batch.problems.add(line, "client", str(error), cells)
            continue
        if ref in known:
            batch.problems.add(line, "client", f"client {ref!r} is already registered", cells)
        elif ref in seen:
            batch.problems.add(
                line, "client", f"client {ref!r} is already on line {seen[ref]}", cells
            )
        else:
            seen[ref] = line
    batch.problems.refuse()
    if not seen:
        raise InvalidInput(f"{batch.file_name} has no clients under its header")
    batch_id = None if dry_run else batch.start(session, len(seen))
    if not dry_run:
        add_clients(session, seen, batch_id=batch_id, by=batch.by)
    return ImportSummary(
        batch.kind, batch.file_name, len(seen), batch_id, clients_added=len(seen), dry_run=dry_run
    )


def add_clients(session: Session, refs: Iterable[str], *, batch_id: int | None, by: str) -> None:
    """Register many (already checked) client references at once, in sorted order."""
    now = utc_now()
    rows = [
        {"ref": ref, "batch_id": batch_id, "recorded_at": now, "recorded_by": by}
        for ref in sorted(refs)
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(Client.__table__), rows[start : start + 5000])  # type: ignore[attr-defined]
