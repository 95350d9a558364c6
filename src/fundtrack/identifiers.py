"""Codes for records and opaque client references.

Codes (sources, awards, subgrants, subgrantees) are short names people type every day:
letters, digits, dashes, dots and underscores. Category codes are lower case
(``crisis-stabilization``); every other code is kept upper case, so ``lp-fy20`` and
``LP-FY20`` are the same subgrant.

Client references are opaque codes, never derived from personal data (28 CFR 94.115):
3 to 32 letters, digits and dashes with at least one letter. The letter rule keeps Social
Security numbers, birth dates and phone numbers out of the books. A reference that reads as a
birth date (an 8-digit run such as 19850412, 04121985 or 12041985; a month name with digits
such as 12APR1985) or as a name (two or more groups of three or more letters only, such as
MARIA-LOPEZ) is refused. This module is the one place references are checked; see
docs/privacy.md.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from fundtrack import clock
from fundtrack.errors import InvalidInput

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_CLIENT = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_SSN = re.compile(r"\b\d{3}[- ]?\d{2}[- ]?\d{4}\b")
_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_FULL_DATE = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}-(?:19|20)[0-9]{2})"
    r"(?![0-9])"
)

_EIGHT_DIGITS = re.compile(r"(?<![0-9])[0-9]{8}(?![0-9])")
_MONTH = (
    r"(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
#: A month name standing alone as a word, next to digits (12APR1985, APR-12-1985, MAY2).
_MONTH_WITH_DIGITS = re.compile(
    rf"(?:[0-9]-?(?<![A-Z]){_MONTH}(?![A-Z])|(?<![A-Z]){_MONTH}(?![A-Z])-?[0-9])"
)
_NAME_GROUP = re.compile(r"^[A-Z]{3,}$")

# No 0/O or 1/I/L: references get read aloud and copied by hand.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

FREE_TEXT_LIMIT = 200


def normalize_code(text: str, *, what: str) -> str:
    raw = str(text).strip()
    if not _CODE.match(raw):
        raise InvalidInput(
            f"{what} {raw!r} is not a valid code; use 1-40 letters, digits, dots, dashes "
            "or underscores, starting with a letter or digit (e.g. LP-FY20)"
        )
    return raw.upper()


def normalize_category(text: str) -> str:
    return normalize_code(text, what="category").lower()


def normalize_client_ref(text: str) -> str:
    """Validate a client reference and return it in upper case."""
    raw = str(text).strip()
    why = client_ref_problem(raw)
    if why:
        raise InvalidInput(
            f"client reference {raw!r} {why}; use an opaque code of 3-32 letters, digits and "
            "dashes with at least one letter (e.g. LP-0042) — never a name, birth date or SSN"
        )
    return raw.upper()


def client_ref_problem(ref: str) -> str | None:
    """Why ``ref`` is not an acceptable new client reference, or None.

    The reason never repeats the reference (``check clients`` reports it without the text).
    """
    raw = ref.strip()
    if not 3 <= len(raw) <= 32:
        return "is not 3-32 characters long"
    if not _CLIENT.match(raw):
        return "has characters other than letters, digits and single dashes"
    if not any(ch.isalpha() for ch in raw):
        return "has no letter (it could be an SSN, a birth date or a phone number)"
    if _SSN.search(raw):
        return "contains what looks like a Social Security number"
    upper = raw.upper()
    if _FULL_DATE.search(raw) or _MONTH_WITH_DIGITS.search(upper) or _birth_date_digits(upper):
        return "contains what looks like a date (it could be a birth date)"
    if sum(1 for group in upper.split("-") if _NAME_GROUP.match(group)) >= 2:
        return "looks like a name (two or more groups of letters only)"
    return None


def _birth_date_digits(ref: str) -> bool:
    """An 8-digit run that reads as a date from 1900 to today as YYYYMMDD, MMDDYYYY or
    DDMMYYYY."""
    last_year = clock.today().year
    for run in _EIGHT_DIGITS.findall(ref):
        for year, month, day in (
            (run[:4], run[4:6], run[6:]),
            (run[4:], run[:2], run[2:4]),
            (run[4:], run[2:4], run[:2]),
        ):
            if 1900 <= int(year) <= last_year and _is_date(int(year), int(month), int(day)):
                return True
    return False


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def client_ref_key(text: str) -> str:
    """A reference as it is looked up among recorded clients: trimmed, upper case.

    Not checked: references recorded before a rule was added keep working.
    """
    return str(text).strip().upper()


USER_LIMIT = 64


def check_user(text: str) -> str:
    """Who is recording (``--by``, ``FUNDTRACK_USER`` or the login name): one short line."""
    value = " ".join(str(text).split())
    if not value or len(value) > USER_LIMIT or not value.isprintable():
        raise InvalidInput(
            f"who is recording ({text!r}) must be 1-{USER_LIMIT} printable characters on one "
            "line; pass a short name with --by or FUNDTRACK_USER"
        )
    return value


def generate_client_ref() -> str:
    """A fresh random reference such as ``C-7KQ2-M9XD``, derived from nothing.

    Every group holds a digit, so no group reads as a name, and a draw that the reference
    rules would refuse (``MAY2``) is drawn again.
    """
    while True:
        ref = f"C-{_random_group()}-{_random_group()}"
        if client_ref_problem(ref) is None:
            return ref


def _random_group() -> str:
    while True:
        group = "".join(secrets.choice(_ALPHABET) for _ in range(4))
        if any(ch.isdigit() for ch in group):
            return group


def check_free_text(text: str | None, *, what: str, limit: int = FREE_TEXT_LIMIT) -> str | None:
    """Memos, references and reasons: short, and never an SSN or a date of birth."""
    if text is None:
        return None
    value = str(text).strip()
    if not value:
        return None
    if len(value) > limit:
        raise InvalidInput(
            f"{what} is {len(value)} characters; keep it to {limit} and leave "
            "case narratives out of fundtrack"
        )
    if _SSN.search(value):
        raise InvalidInput(f"{what} contains what looks like a Social Security number; remove it")
    if "\n" in value or "\r" in value:
        raise InvalidInput(f"{what} must be a single line")
    if not value.isprintable():
        raise InvalidInput(f"{what} contains control characters; type plain text")
    return value


def contains_ssn(text: str) -> bool:
    """True when ``text`` contains an SSN-shaped run (what ``check_free_text`` refuses)."""
    return bool(_SSN.search(text))


def looks_like_personal_data(text: str) -> bool:
    """True when ``text`` contains an SSN- or date-shaped run (used by the privacy check)."""
    return bool(_SSN.search(text) or _DATE.search(text))
