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
postings with the opposite sign, on the original's date. Which accounts an entry posts to is
its kind's business (``fundtrack.ledger.kinds``); this module only writes the text. An entry
that moves no money (a service) is a comment block in the same place, ``; 2019-11-01 (17)
service ...``, so the file still lists every entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import IO

from fundtrack.money import plain

COMMODITY = "USD"
#: What an entry's comment lines are tagged with, as ``; reason: ...`` (hledger's
#: ``tag:reason``), declared in the header for ``ledger --pedantic``.
TAGS = ("reason", "reference", "memo")


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


def write_note(out: IO[str], *, code: int, day: date, title: str, notes: list[str]) -> None:
    """An entry that moves no money: its date, code, title and notes, all as comment lines."""
    lines = [f"; {day.isoformat()} ({code}) {comment(title)} (no money moved)"]
    lines.extend(f";     {note}" for note in notes)
    out.write("\n".join(lines) + "\n\n")
