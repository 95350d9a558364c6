"""Writing the ledger as a plain-text journal that hledger and ledger read.

One transaction per entry, its entry id as the transaction code, in date order (entries of
one day in id order), so ``hledger check ordereddates`` passes. Accounts:

    sources:SOURCE:AWARD                 minus each award's amount (where the money came from)
    remaining:AWARD:unallocated          what the award has not given to subgrants
    remaining:AWARD:SUBGRANT             what the subgrant has left
    disbursed:AWARD:SUBGRANT:CATEGORY    what the subgrant paid out, per category
    allocated:AWARD:SUBGRANT             what the award gave the subgrant
    allocated-offset:AWARD:SUBGRANT      minus the same: keeps each transaction balanced

so ``remaining:AWARD`` is the award's remaining balance, ``disbursed:AWARD`` what it paid
out, ``allocated:AWARD`` what it allocated, and the subaccounts give each subgrant's figures.
Every posting is real and every transaction sums to zero, so the whole journal balances to
zero; the commodity, every account and the comment tags are declared first, so ``hledger
check --strict`` and ``ledger --pedantic`` accept the file. A void posts the original's
postings with the opposite sign, on the original's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from fundtrack.money import plain

COMMODITY = "USD"
#: What an entry's comment lines are tagged with, as ``; reason: ...`` (hledger's
#: ``tag:reason``), declared in the header for ``ledger --pedantic``.
TAGS = ("reason", "reference", "memo")


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

    @classmethod
    def shape(
        cls, kind: str, source: str, award: str, subgrant: str | None, category: str | None
    ) -> JournalEntry:
        """An entry with only what names its accounts: for declaring them up front."""
        return cls(0, kind, date.min, Decimal(0), source, award, subgrant, category,
                   None, None, None, None, datetime.min, "", "")  # fmt: skip


def header(out: IO[str], fingerprint: tuple[int, str], accounts: Iterable[str]) -> None:
    """The file's opening: what it is, the fingerprint, the commodity and every account."""
    out.write(
        "; fundtrack ledger, one transaction per entry (the code is the entry id), in date\n"
        f"; order. Newest entry {fingerprint[0]}, hash {fingerprint[1]}.\n"
        f"commodity {COMMODITY}\n    format 1,000.00 {COMMODITY}\n\n"
    )
    out.writelines(f"account {account}\n" for account in sorted(set(accounts)))
    out.writelines(f"tag {tag}\n" for tag in TAGS)
    out.write("\n")


def accounts(e: JournalEntry) -> list[str]:
    """The accounts an entry like ``e`` posts to."""
    return [account for account, _ in postings(e)]


def postings(e: JournalEntry) -> list[tuple[str, Decimal]]:
    """(account, amount) pairs that sum to zero."""
    if e.kind == "award":
        return [
            (f"remaining:{e.award}:unallocated", e.amount),
            (f"sources:{e.source}:{e.award}", -e.amount),
        ]
    if e.kind == "subgrant":
        return [
            (f"remaining:{e.award}:{e.subgrant}", e.amount),
            (f"remaining:{e.award}:unallocated", -e.amount),
            (f"allocated:{e.award}:{e.subgrant}", e.amount),
            (f"allocated-offset:{e.award}:{e.subgrant}", -e.amount),
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
    for label, text in zip(TAGS, (e.reason, e.reference, e.memo), strict=True):
        if text:
            lines.append(f"    ; {label}: {_comment(text)}")
    for account, amount in postings(e):
        lines.append(f"    {account:<52}  {plain(amount):>16} {COMMODITY}")
    out.write("\n".join(lines) + "\n\n")
