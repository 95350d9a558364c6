"""The rules of the books as plain functions over plain values.

Single-record commands and the bulk importer call the same functions, so a rule reads the
same wherever it is enforced. A broken rule raises ``Problem``: a ``RuleViolation`` whose
message says what is wrong and what the user can do, and which names the field (the import
file's column, the command's option) it concerns. ``concerning`` names the field of any
other error raised while one value is being looked at, so the importer never has to guess
a column from a message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from fundtrack.errors import FundtrackError, RuleViolation
from fundtrack.money import format_money, from_cents

#: What makes two disbursements the same payment.
SAME_PAYMENT = "same subgrant, client, category, amount, date and reference"


class Problem(RuleViolation):
    """A broken rule, with the field it concerns (``amount``, ``date``, ``start``, ...)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@contextmanager
def concerning(field: str) -> Iterator[None]:
    """Name ``field`` as the subject of any error raised inside, unless it names one."""
    try:
        yield
    except FundtrackError as error:
        if getattr(error, "field", None) is None:
            error.field = field  # type: ignore[attr-defined]
        raise


def field_of(error: FundtrackError, default: str = "row") -> str:
    """The field an error concerns; ``default`` when it names none (a whole row)."""
    return str(getattr(error, "field", None) or default)


def _money(cents: int) -> str:
    return format_money(from_cents(cents))


def period_text(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def require_date_in_period(
    what: str, day: date, holder: str, start: date, end: date, *, field: str = "date"
) -> None:
    """``day`` must fall inside ``holder``'s period of performance."""
    if start <= day <= end:
        return
    side = "before" if day < start else "after"
    raise Problem(
        f"{what} {day.isoformat()} is {side} {holder}'s period of performance "
        f"{period_text(start, end)}; use a date inside it or a subgrant whose period covers it",
        field,
    )


def require_period_inside(
    what: str,
    start: date,
    end: date,
    holder: str,
    outer_start: date,
    outer_end: date,
    *,
    field: str = "start",
) -> None:
    """The period ``start..end`` must lie inside ``holder``'s ``outer_start..outer_end``."""
    if start > end:
        raise Problem(
            f"{what} period {period_text(start, end)} ends before it starts; swap the dates",
            field,
        )
    if outer_start <= start and end <= outer_end:
        return
    raise Problem(
        f"{what} period {period_text(start, end)} is not inside {holder}'s period "
        f"{period_text(outer_start, outer_end)}; choose dates within it",
        field,
    )


def require_funds(
    holder: str,
    available_cents: int,
    amount_cents: int,
    *,
    left_word: str = "left",
    noun: str = "this disbursement",
    fix: str = "record a smaller amount or draw on another subgrant",
    field: str = "amount",
) -> None:
    """``amount_cents`` must not exceed what ``holder`` has available."""
    if amount_cents <= available_cents:
        return
    raise Problem(
        f"{holder} has {_money(available_cents)} {left_word}; {noun} is "
        f"{_money(amount_cents)} — {fix}",
        field,
    )


@dataclass
class Drawn:
    """What a subgrant allows and has paid, as a disbursement is checked against it.

    Attributes:
      code: the subgrant's code.
      start, end: its period of performance.
      left_cents: its amount less what it has disbursed.
      budgets: budget per category id in cents; empty when it has no budget.
      spent: cents disbursed per category id.
    """

    code: str
    start: date
    end: date
    left_cents: int
    budgets: dict[int, int]
    spent: dict[int, int]


def require_disbursement(
    grant: Drawn, day: date, category_id: int, category: str, cents: int
) -> None:
    """The rules of ``fundtrack disburse``: the subgrant's period, budget and money left."""
    budgets = grant.budgets
    if (
        grant.start <= day <= grant.end
        and cents <= grant.left_cents
        and (not budgets or cents <= budgets.get(category_id, -1) - grant.spent.get(category_id, 0))
    ):
        return  # the common case, decided in one expression (an import checks a million)
    require_date_in_period(
        "disbursement date", day, f"subgrant {grant.code}", grant.start, grant.end
    )
    if grant.budgets:
        if category_id not in grant.budgets:
            raise Problem(
                f"subgrant {grant.code} has no budget for {category}; record it in a budgeted "
                "category or against another subgrant",
                "category",
            )
        require_funds(
            f"subgrant {grant.code}'s {category} budget",
            grant.budgets[category_id] - grant.spent.get(category_id, 0),
            cents,
        )
    require_funds(f"subgrant {grant.code}", grant.left_cents, cents)


#: Days after a subgrant's period in which a federal subgrant may still pay the costs it
#: incurred inside it (2 CFR 200.344: subrecipients liquidate within 90 days).
LIQUIDATION_DAYS = 90


def require_liquidation(grant: Drawn, paid: date, incurred: date, *, federal: bool) -> None:
    """A payment dated ``paid`` for a cost ``incurred`` inside the subgrant's period: allowed
    up to ``LIQUIDATION_DAYS`` after the period ends, and only on a federal subgrant."""
    holder = f"subgrant {grant.code}"
    if not federal:
        raise Problem(
            f"--incurred is for federal subgrants, which may pay costs for {LIQUIDATION_DAYS} "
            f"days after their period; {holder} is not federal — leave --incurred out",
            "incurred",
        )
    require_date_in_period(
        "cost incurred", incurred, holder, grant.start, grant.end, field="incurred"
    )
    last = grant.end + timedelta(days=LIQUIDATION_DAYS)
    if not incurred <= paid <= last:
        raise Problem(
            f"payment date {paid} is outside {holder}'s liquidation period {incurred}..{last} "
            f"(from the cost incurred to {LIQUIDATION_DAYS} days after the period ends "
            f"{grant.end}); use a date inside it",
            "date",
        )


def require_service(grant: Drawn, day: date) -> None:
    """The rules of ``fundtrack serve``: those of a disbursement that do not concern money."""
    require_date_in_period("service date", day, f"subgrant {grant.code}", grant.start, grant.end)


def require_not_repeated(earlier: str | None) -> None:
    """A disbursement may not repeat ``earlier`` (``entry 12`` or ``line 3``) exactly."""
    if earlier is None:
        return
    raise Problem(
        f"this disbursement repeats {earlier} ({SAME_PAYMENT}); if it really was paid twice, "
        "record it with --allow-duplicates",
        "row",
    )


def reference_reused(reference: str, subgrant: str, earlier: str) -> str:
    """The warning for a reference already used on the subgrant by a different payment
    (``earlier``: ``entry 12``, or ``line 3`` of the same file)."""
    return (
        f"reference {reference!r} was already used on subgrant {subgrant} by {earlier}; "
        "recorded anyway (one check can pay for two things) — void it if it is a mistake"
    )
