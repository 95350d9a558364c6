"""The audit trail as a table: every entry with its names, when and by whom, and its hash.

``fundtrack log -o FILE.csv|.xlsx|.json`` writes it; an auditor traces each figure of a report to
these lines and checks the chain with the hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fundtrack.ledger.queries import EntryLine
from fundtrack.table import Column, Kind, Sheet, Table, Workbook

#: An entry's notes, as every listing of entries shows them.
NOTE_COLUMNS = (
    Column("Reference", "reference", Kind.TEXT, 16),
    Column("Memo", "memo", Kind.TEXT, 30),
)
#: When and by whom an entry was recorded, as every listing of entries shows it.
RECORDED_COLUMNS = (
    Column("Recorded (UTC)", "recorded_at", Kind.MOMENT, 20),
    Column("Recorded by", "recorded_by", Kind.TEXT, 14),
)
TRAIL_COLUMNS = (
    Column("Entry", "id", Kind.ID, 9),
    Column("Kind", "kind", Kind.TEXT, 14),
    Column("Voids entry", "reverses", Kind.ID, 11),
    Column("Date", "date", Kind.DATE, 12),
    Column("Amount", "amount", Kind.MONEY, 16),
    Column("Award", "award", Kind.TEXT, 18),
    Column("Subgrant", "subgrant", Kind.TEXT, 16),
    Column("Category", "category", Kind.TEXT, 20),
    Column("Client", "client", Kind.TEXT, 14),
    *NOTE_COLUMNS,
    Column("Reason", "reason", Kind.TEXT, 30),
    *RECORDED_COLUMNS,
    Column("Hash", "hash", Kind.TEXT, 66),
)


def trail_table(lines: Sequence[EntryLine]) -> Table:
    """A row per entry, oldest first, as recorded."""
    rows = [
        (
            *(line.id, line.kind, line.reverses, line.entry_date, line.amount, line.award),
            *(line.subgrant, line.category, line.client, line.reference, line.memo),
            *(line.reason, line.recorded_at, line.recorded_by, line.hash),
        )
        for line in lines
    ]
    return Table("Ledger entries", TRAIL_COLUMNS, rows)


def trail_workbook(lines: Sequence[EntryLine], made_at: datetime) -> Workbook:
    """One sheet with filter buttons; owner-only, as the trail names clients."""
    heading = ("Ledger entries: the audit trail", "CONFIDENTIAL: lists client references.")
    sheet = Sheet("Ledger entries", trail_table(lines), heading, "Entries")
    return Workbook((sheet,), made_at, private=True)


def trail_json(lines: Sequence[EntryLine]) -> list[dict[str, Any]]:
    """The one JSON form of the log (``log --json`` and ``log -o FILE.json``)."""
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "reverses": r.reverses,
            "date": r.entry_date,
            "amount": r.amount,
            "award": r.award,
            "subgrant": r.subgrant,
            "category": r.category,
            "client": r.client,
            "reference": r.reference,
            "memo": r.memo,
            "reason": r.reason,
            "recorded_at": r.recorded_at,
            "recorded_by": r.recorded_by,
        }
        for r in lines
    ]
