"""Codes for records and opaque client references.

Codes (sources, awards, subgrants, subgrantees) are short names people type every day:
letters, digits, dashes, dots and underscores. Category codes are lower case
(``crisis-stabilization``); every other code is kept upper case, so ``lp-fy20`` and
``LP-FY20`` are the same subgrant.

Client references are opaque codes, never derived from personal data (28 CFR 94.115):
3 to 32 letters, digits and dashes with at least one letter. The letter rule keeps Social
Security numbers, birth dates and phone numbers out of the books; names are refused because
they contain spaces or other characters.
"""

from __future__ import annotations

import re
import secrets

from fundtrack.errors import InvalidInput

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_CLIENT = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_SSN = re.compile(r"\b\d{3}[- ]?\d{2}[- ]?\d{4}\b")
_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_FULL_DATE = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}-(?:19|20)[0-9]{2})"
    r"(?![0-9])"
)

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
    why = _client_ref_problem(raw)
    if why:
        raise InvalidInput(
            f"client reference {raw!r} {why}; use an opaque code of 3-32 letters, digits and "
            "dashes with at least one letter (e.g. LP-0042) — never a name, birth date or SSN"
        )
    return raw.upper()


def _client_ref_problem(raw: str) -> str | None:
    if not 3 <= len(raw) <= 32:
        return "is not 3-32 characters long"
    if not _CLIENT.match(raw):
        return "has characters other than letters, digits and single dashes"
    if not any(ch.isalpha() for ch in raw):
        return "has no letter (it could be an SSN, a birth date or a phone number)"
    if _SSN.search(raw):
        return "contains what looks like a Social Security number"
    if _FULL_DATE.search(raw):
        return "contains what looks like a date (it could be a birth date)"
    return None


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
    """A fresh random reference such as ``C-7KQ2-M9XD``, derived from nothing."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"C-{chars[:4]}-{chars[4:]}"


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
