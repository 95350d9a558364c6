"""Exact money: parsing, storage as integer cents, and formatting.

Every amount in fundtrack passes through this module. Amounts are ``Decimal`` in Python and
integer cents in the database; a float never touches one. Parsing accepts what clerks type
(``1234.56``, ``$1,234.56``, ``1234.5``) and refuses anything that is not an exact, positive
amount of dollars and cents (``12.345``, ``-5``, ``1e3``, ``NaN``, empty).
"""

from __future__ import annotations

import re
from decimal import Decimal

from fundtrack.errors import InvalidInput

CENT = Decimal("0.01")
#: The largest amount fundtrack records: below 10**15 cents, so every figure stays exact in
#: a spreadsheet cell (IEEE doubles hold 15 significant digits).
MAX_CENTS = 99_999_999_999_999

_AMOUNT = re.compile(r"^\$?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d{1,2}))?$", re.ASCII)
_EXAMPLES = "write it like 1234.56 or $1,234.56"


def parse_money(text: str, *, what: str = "amount", allow_zero: bool = False) -> Decimal:
    """Read an amount typed by a person and return it as an exact ``Decimal``.

    Raises ``InvalidInput`` with a message that names ``what`` for anything that is not a
    positive amount with at most two decimals.
    """
    return from_cents(parse_cents(text, what=what, allow_zero=allow_zero))


def parse_cents(text: str, *, what: str = "amount", allow_zero: bool = False) -> int:
    """``parse_money`` straight to integer cents, for the importer's million rows."""
    if isinstance(text, float):  # defensive: floats are never money
        raise TypeError("money must not be a float")
    raw = str(text).strip()
    if not raw:
        raise InvalidInput(f"{what} is empty; {_EXAMPLES}")
    if raw.startswith("-") or raw.startswith("$-") or raw.startswith("("):
        raise InvalidInput(
            f"{what} {raw!r} is negative; amounts are positive "
            "(to correct an entry, void it with `fundtrack void`)"
        )
    match = _AMOUNT.match(raw)
    if match is None:
        if re.fullmatch(r"\$?[0-9,]*\.[0-9]{3,}", raw):
            raise InvalidInput(f"{what} {raw!r} has more than two decimals; round it to cents")
        raise InvalidInput(f"{what} {raw!r} is not an amount of money; {_EXAMPLES}")
    whole, frac = match.group("whole", "frac")
    cents = int(whole.replace(",", "")) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
    if cents > MAX_CENTS:
        raise InvalidInput(
            f"{what} {raw!r} is too large; the most fundtrack records is "
            f"{format_money(from_cents(MAX_CENTS))}"
        )
    if cents == 0 and not allow_zero:
        raise InvalidInput(f"{what} must be more than $0.00")
    return cents


def to_cents(amount: Decimal) -> int:
    """Convert an exact amount to integer cents; refuses fractions of a cent."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(f"amount {amount} has a fraction of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Convert integer cents from the database to an exact ``Decimal`` with two places."""
    return (Decimal(int(cents)) / 100).quantize(CENT)


def format_money(amount: Decimal) -> str:
    """``$1,234.56``; negative amounts (reversals) as ``-$1,234.56``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def plain(amount: Decimal) -> str:
    """``1234.56``: the form for JSON, CSV and journals."""
    return f"{amount.quantize(CENT):f}"
