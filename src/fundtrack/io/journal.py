"""Writing the ledger as a plain-text journal that hledger and ledger read.

One transaction per entry, its entry id as the transaction code. Accounts:

    sources:SOURCE:AWARD                 minus each award's amount (where the money came from)
    remaining:AWARD:unallocated          what the award has not given to subgrants
    remaining:AWARD:SUBGRANT             what the subgrant has left
    disbursed:AWARD:SUBGRANT:CATEGORY    what the subgrant paid out, per category
    (allocated:AWARD:SUBGRANT)           a virtual posting: what the award gave the subgrant

so ``remaining:AWARD`` is the award's remaining balance, ``disbursed:AWARD`` what it paid
out, ``allocated:AWARD`` what it allocated, and the subaccounts give each subgrant's figures.
A void posts the original's postings with the opposite sign, on the original's date. Which
accounts an entry posts to is its kind's business (``fundtrack.ledger.kinds``); this module
only writes the text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import IO

from fundtrack.money import plain

COMMODITY = "USD"


def header(out: IO[str], fingerprint: tuple[int, str]) -> None:
    out.write(
        "; fundtrack ledger, one transaction per entry (the code is the entry id).\n"
        f"; Newest entry {fingerprint[0]}, hash {fingerprint[1]}.\n"
        f"commodity 1,000.00 {COMMODITY}\n\n"
    )


def comment(text: str) -> str:
    """Text on one line, as a journal comment holds it."""
    return " ".join(text.split())


def write_transaction(
    out: IO[str],
    *,
    code: int,
    day: date,
    title: str,
    notes: list[str],
    postings: list[tuple[str, Decimal]],
) -> None:
    """One transaction: its date, code and title, comment lines, then its postings."""
    lines = [f"{day.isoformat()} * ({code}) {title}"]
    lines.extend(f"    ; {note}" for note in notes)
    for account, amount in postings:
        lines.append(f"    {account:<52}  {plain(amount):>16} {COMMODITY}")
    out.write("\n".join(lines) + "\n\n")
