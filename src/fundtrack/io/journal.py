"""Writing the ledger as a plain-text journal that hledger and ledger read.

One transaction per entry, its entry id as the transaction code. Accounts:

    sources:SOURCE:AWARD                 minus each award's amount (where the money came from)
    remaining:AWARD:unallocated          what the award has not given to subgrants
    remaining:AWARD:SUBGRANT             what the subgrant has left
    disbursed:AWARD:SUBGRANT:CATEGORY    what the subgrant paid out, per category
    (allocated:AWARD:SUBGRANT)           a virtual posting: what the award gave the subgrant

so ``remaining:AWARD`` is the award's remaining balance, ``disbursed:AWARD`` what it paid
out, ``allocated:AWARD`` what it allocated, and the subaccounts give each subgrant's figures.
A void posts the original's postings with the opposite sign, on the original's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from fundtrack.money import plain

COMMODITY = "USD"


@dataclass(frozen=True)
class JournalEntry:
    """One ledger entry, with the codes its accounts are named by."""

    id: int
    kind: str
    day: date
    amount: Decimal
    source: str
    award: str
    subgrant: str | None
    category: str | None
    reverses: int | None
    reason: str | None
    reference: str | None
    memo: str | None
    recorded_at: datetime
    recorded_by: str
    hash: str


def header(out: IO[str], fingerprint: tuple[int, str]) -> None:
    out.write(
        "; fundtrack ledger, one transaction per entry (the code is the entry id).\n"
        f"; Newest entry {fingerprint[0]}, hash {fingerprint[1]}.\n"
        f"commodity 1,000.00 {COMMODITY}\n\n"
    )


def postings(e: JournalEntry) -> list[tuple[str, Decimal]]:
    """(account, amount) pairs; a name in parentheses is a virtual posting."""
    if e.kind == "award":
        return [
            (f"remaining:{e.award}:unallocated", e.amount),
            (f"sources:{e.source}:{e.award}", -e.amount),
        ]
    if e.kind == "subgrant":
        return [
            (f"remaining:{e.award}:{e.subgrant}", e.amount),
            (f"remaining:{e.award}:unallocated", -e.amount),
            (f"(allocated:{e.award}:{e.subgrant})", e.amount),
        ]
    return [
        (f"disbursed:{e.award}:{e.subgrant}:{e.category}", e.amount),
        (f"remaining:{e.award}:{e.subgrant}", -e.amount),
    ]


def _comment(text: str) -> str:
    return " ".join(text.split())


def write_entry(out: IO[str], e: JournalEntry) -> None:
    if e.reverses is not None:
        title = f"void of entry {e.reverses}"
    else:
        title = " ".join(filter(None, (e.kind, e.subgrant or e.award, e.category)))
    lines = [f"{e.day.isoformat()} * ({e.id}) {title}"]
    lines.append(
        f"    ; recorded {e.recorded_at:%Y-%m-%dT%H:%M:%SZ} by {_comment(e.recorded_by)}, "
        f"hash {e.hash}"
    )
    for label, text in (("reason", e.reason), ("reference", e.reference), ("memo", e.memo)):
        if text:
            lines.append(f"    ; {label}: {_comment(text)}")
    for account, amount in postings(e):
        lines.append(f"    {account:<52}  {plain(amount):>16} {COMMODITY}")
    out.write("\n".join(lines) + "\n\n")
