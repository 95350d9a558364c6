"""The federal terms of sources, awards, subgrantees and subgrants, read and checked.

A source's match percent is of the *total project cost*: for federal dollars F and match
percent P the match required is F x P / (100 - P), rounded up to the cent (VOCA's 20% of the
total is 25% of the federal dollars). A subgrant owes its source's percent unless a waiver
records a lower one with a reason; an administration subgrant owes none. Administration
subgrants of one award together stay within the source's cap percent of the award's amount
(34 U.S.C. 20103(b)(3)). An award names its Assistance Listing (``16.575``), a subgrantee its
Unique Entity ID (12 characters).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from sqlmodel import Session

from fundtrack.errors import InvalidInput, RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import terms
from fundtrack.models import ADMINISTRATION, SERVICES, Award, Source, Subgrant

_HUNDRED = Decimal(100)
PURPOSES = (SERVICES, ADMINISTRATION)
_ALN = re.compile(r"[0-9]{2}\.[0-9]{3}")
_UEI = re.compile(r"[A-Z0-9]{12}")


def check_aln(text: str | None) -> str | None:
    """An Assistance Listing number, ``NN.NNN`` (VOCA victim assistance: 16.575)."""
    if text is None:
        return None
    aln = text.strip()
    if not _ALN.fullmatch(aln):
        raise InvalidInput(
            f"--aln {text!r} is not an Assistance Listing; write NN.NNN, e.g. 16.575"
        )
    return aln


def check_uei(text: str | None) -> str | None:
    """A Unique Entity ID: 12 letters and digits (any case, kept upper case)."""
    if text is None:
        return None
    uei = text.strip().upper()
    if not _UEI.fullmatch(uei):
        raise InvalidInput(
            f"--uei {text!r} is not a Unique Entity ID; write its 12 letters and digits as "
            "SAM.gov shows them"
        )
    return uei


def check_purpose(text: str) -> str:
    purpose = text.strip().lower()
    if purpose not in PURPOSES:
        raise InvalidInput(f"--purpose {text!r} is not services or administration; write one")
    return purpose


def admin_cap_cents(source: Source, award_cents: int) -> int | None:
    """The most an award's administration subgrants may hold together: the source's cap
    percent of the award's amount, rounded down to the cent (None: no cap)."""
    if source.admin_cap_percent is None:
        return None
    exact = Decimal(award_cents) * Decimal(source.admin_cap_percent) / _HUNDRED
    return int(exact.to_integral_value(rounding=ROUND_FLOOR))


def parse_percent(text: str, *, what: str) -> Decimal:
    """A percent typed as ``20`` or ``12.5``: at least 0, below 100, at most two decimals."""
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value < _HUNDRED or value != round(value, 2):
        raise InvalidInput(
            f"{what} {text!r} is not a percent from 0 to below 100 with at most two "
            "decimals; write e.g. 20 or 12.5"
        )
    return value


def percent_text(value: Decimal) -> str:
    """A percent as stored and shown: ``20``, ``12.5``."""
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def required_cents(federal_cents: int, percent: Decimal | None) -> int:
    """The match required on ``federal_cents``: F x P / (100 - P), rounded up to the cent."""
    if percent is None or not percent or federal_cents <= 0:
        return 0
    exact = Decimal(federal_cents) * percent / (_HUNDRED - percent)
    return int(exact.to_integral_value(rounding=ROUND_CEILING))


def source_percent(source: Source) -> Decimal | None:
    return None if source.match_percent is None else Decimal(source.match_percent)


def subgrant_percent(session: Session, subgrant: Subgrant) -> Decimal | None:
    """The match percent a subgrant owes: none for administration, its waiver's, or its
    source's."""
    if subgrant.purpose == ADMINISTRATION:
        return None
    if subgrant.match_percent is not None:
        return Decimal(subgrant.match_percent)
    award = session.get(Award, subgrant.award_id)
    assert award is not None
    source = terms.current(session, Source, award.source_id)
    assert source is not None
    return source_percent(source)


def waiver(
    source: Source, percent: Decimal | None, reason: str | None
) -> tuple[str | None, str | None]:
    """A subgrant's ``--match-percent`` and ``--reason`` as stored: a waiver lower than the
    source's percent, with its reason; (None, None) when no percent is given."""
    if percent is None:
        if reason is not None:
            raise InvalidInput("--reason explains a match waiver; give --match-percent too")
        return None, None
    owed = source_percent(source)
    if owed is None or percent >= owed:
        raise RuleViolation(
            f"--match-percent {percent_text(percent)} is not below source {source.code}'s "
            f"match of {percent_text(owed) if owed is not None else 'none'}%; a subgrant's "
            "percent only records a waiver (lower), never more"
        )
    why = check_free_text(reason, what="reason")
    if not why:
        raise InvalidInput("a match waiver needs a reason; pass --reason 'why it was waived'")
    return percent_text(percent), why
