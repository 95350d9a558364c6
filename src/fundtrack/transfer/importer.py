"""Importing a whole file of awards, subgrantees, subgrants, clients, disbursements or services.

A file is all or nothing: it is read inside the caller's one write transaction, every row is
checked with the same rule functions as the single-record commands (cumulatively, within the
file and against what is recorded), and if any row fails, ``ImportRefused`` lists every
problem and the transaction rolls back. The same file (by SHA-256) is never imported twice.

Disbursements stream (see ``fundtrack.transfer.bulk``); the other kinds (services included:
a provider's year of them is thousands of rows, not millions) are files whose
rows go through the existing service functions one by one, each in a savepoint, so a bad row
is reported and the rows after it are still checked.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.errors import FundtrackError, InvalidInput
from fundtrack.identifiers import normalize_client_ref
from fundtrack.io.problems import ImportRefused, ProblemLog, RowProblem
from fundtrack.io.table import TableFile
from fundtrack.ledger import rules, terms
from fundtrack.models import CLIENT, Client
from fundtrack.transfer.batch import (
    COLUMNS,
    KINDS,
    Batch,
    ImportSummary,
    Progress,
    Total,
    add_clients,
    file_sha256,
    require_not_imported,
)
from fundtrack.transfer.bulk import import_disbursements
from fundtrack.transfer.small_kinds import RECORDERS

__all__ = ["COLUMNS", "KINDS", "ImportRefused", "ImportSummary", "RowProblem", "import_file"]


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    by: str,
    new_clients: bool = False,
    allow_duplicates: bool = False,
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
        new_clients=new_clients,
    )
    try:
        if kind == "disbursements":
            return import_disbursements(
                session,
                batch,
                new_clients=new_clients,
                allow_duplicates=allow_duplicates,
                dry_run=dry_run,
            )
        if kind == "clients":
            return _import_clients(session, batch, dry_run=dry_run)
        return _import_small(session, batch, dry_run=dry_run)
    finally:
        records.close()


def _import_small(session: Session, batch: Batch, *, dry_run: bool) -> ImportSummary:
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
            batch.problems.add(line, rules.field_of(error), str(error), cells)
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
        ids = add_clients(session, seen, batch_id=batch_id, by=batch.by)
        terms.record(session, CLIENT, {"client": ids.values()}, by=batch.by, batch_id=batch_id)
    return ImportSummary(
        batch.kind, batch.file_name, len(seen), batch_id, clients_added=len(seen), dry_run=dry_run
    )
