"""The rules of the books as plain functions over plain values.

Single-record commands and the bulk importer call the same functions, so a rule reads the
same wherever it is enforced. Each raises ``RuleViolation`` with a message that says what is
wrong and what the user can do.
"""

from __future__ import annotations

from datetime import date

from fundtrack.errors import RuleViolation
from fundtrack.money import format_money, from_cents


def _money(cents: int) -> str:
    return format_money(from_cents(cents))


def period_text(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def require_date_in_period(what: str, day: date, holder: str, start: date, end: date) -> None:
    """``day`` must fall inside ``holder``'s period of performance."""
    if start <= day <= end:
        return
    side = "before" if day < start else "after"
    raise RuleViolation(
        f"{what} {day.isoformat()} is {side} {holder}'s period of performance "
        f"{period_text(start, end)}; use a date inside it or a subgrant whose period covers it"
    )


def require_period_inside(
    what: str, start: date, end: date, holder: str, outer_start: date, outer_end: date
) -> None:
    """The period ``start..end`` must lie inside ``holder``'s ``outer_start..outer_end``."""
    if start > end:
        raise RuleViolation(
            f"{what} period {period_text(start, end)} ends before it starts; swap the dates"
        )
    if outer_start <= start and end <= outer_end:
        return
    raise RuleViolation(
        f"{what} period {period_text(start, end)} is not inside {holder}'s period "
        f"{period_text(outer_start, outer_end)}; choose dates within it"
    )


def require_funds(
    holder: str,
    available_cents: int,
    amount_cents: int,
    *,
    left_word: str = "left",
    noun: str = "this disbursement",
    fix: str = "record a smaller amount or draw on another subgrant",
) -> None:
    """``amount_cents`` must not exceed what ``holder`` has available."""
    if amount_cents <= available_cents:
        return
    raise RuleViolation(
        f"{holder} has {_money(available_cents)} {left_word}; {noun} is "
        f"{_money(amount_cents)} — {fix}"
    )


#: What makes two disbursements the same payment.
SAME_PAYMENT = "same subgrant, client, category, amount, date and reference"


def require_not_repeated(earlier: str | None) -> None:
    """A disbursement may not repeat ``earlier`` (``entry 12`` or ``line 3``) exactly."""
    if earlier is None:
        return
    raise RuleViolation(
        f"this disbursement repeats {earlier} ({SAME_PAYMENT}); if it really was paid twice, "
        "record it with --allow-duplicates"
    )


def reference_reused(reference: str, subgrant: str, entry_id: int) -> str:
    """The warning for a reference already used on the subgrant by a different payment."""
    return (
        f"reference {reference!r} was already used on subgrant {subgrant} by entry {entry_id}; "
        "recorded anyway (one check can pay for two things) — void it if it is a mistake"
    )
