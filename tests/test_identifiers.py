"""Codes, opaque client references, free text and who is recording."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundtrack.errors import InvalidInput
from fundtrack.identifiers import (
    check_free_text,
    check_user,
    generate_client_ref,
    normalize_category,
    normalize_client_ref,
    normalize_code,
)

BIRTH_DATE = "contains what looks like a date (it could be a birth date)"
NAME = "looks like a name (two or more groups of letters only)"
RULE = (
    "use an opaque code of 3-32 letters, digits and dashes with at least one letter (e.g. "
    "LP-0042) — never a name, birth date or SSN"
)


def test_codes_are_upper_case_and_categories_lower_case() -> None:
    assert normalize_code(" lp-fy20 ", what="subgrant") == "LP-FY20"
    assert normalize_code("NM_ILC.2020", what="subgrantee") == "NM_ILC.2020"
    assert normalize_category("Crisis-Stabilization") == "crisis-stabilization"


@pytest.mark.parametrize("text", ["", "-LP", "LP FY20", "LP/FY20", "A" * 41, "LP\u00e9"])
def test_bad_codes_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_code(text, what="subgrant code")
    assert str(refused.value) == (
        f"subgrant code {text.strip()!r} is not a valid code; use 1-40 letters, digits, dots, "
        "dashes or underscores, starting with a letter or digit (e.g. LP-FY20)"
    )


@pytest.mark.parametrize(
    "ref",
    ["LP-0042", "lp-0042", "C-7KQ2-M9XD", "ABC", "X" * 32, "LP-2020-0042", "LL-2019-0001",
     "LP-010120", "C-001", "K-00001", "LP-12345678", "LP-20991231", "LP-MARIA-0001", "SMAYR-7"],
)  # fmt: skip
def test_opaque_references_are_accepted(ref: str) -> None:
    assert normalize_client_ref(ref) == ref.upper()


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("Maria Lopez", "has characters other than letters, digits and single dashes"),
        ("Maria.Lopez", "has characters other than letters, digits and single dashes"),
        ("123-45-6789", "has no letter (it could be an SSN, a birth date or a phone number)"),
        ("1990-04-02", "has no letter (it could be an SSN, a birth date or a phone number)"),
        ("505-555-0142", "has no letter (it could be an SSN, a birth date or a phone number)"),
        ("A-123-45-6789", "contains what looks like a Social Security number"),
        ("LP-1990-04-02", "contains what looks like a date (it could be a birth date)"),
        ("C-4-2-1990", "contains what looks like a date (it could be a birth date)"),
        ("LP", "is not 3-32 characters long"),
        ("X" * 33, "is not 3-32 characters long"),
        ("-LP1", "has characters other than letters, digits and single dashes"),
        ("LP1-", "has characters other than letters, digits and single dashes"),
        ("LP-19850412", BIRTH_DATE),  # YYYYMMDD
        ("LP-04121985", BIRTH_DATE),  # MMDDYYYY
        ("LP-25121985", BIRTH_DATE),  # DDMMYYYY
        ("K19000101X", BIRTH_DATE),
        ("LP-12APR1985", BIRTH_DATE),
        ("lp-12apr1985", BIRTH_DATE),
        ("LP-APR-12-1985", BIRTH_DATE),
        ("C-SEPTEMBER-5", BIRTH_DATE),
        ("JOHN-SMITH-1985", NAME),
        ("MARIA-LOPEZ", NAME),
        ("lp-maria-lopez", NAME),
    ],
)
def test_references_that_could_identify_a_person_are_refused(ref: str, why: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_client_ref(ref)
    assert str(refused.value) == f"client reference {ref!r} {why}; {RULE}"


@given(st.integers(min_value=0, max_value=50))
def test_generated_references_are_valid_and_unambiguous(_: int) -> None:
    ref = generate_client_ref()
    assert re.fullmatch(
        r"C-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}", ref
    )
    assert normalize_client_ref(ref) == ref
    assert all(any(ch.isdigit() for ch in group) for group in ref.split("-")[1:])


def test_a_birth_year_runs_from_1900_to_this_year() -> None:
    """An 8-digit run of a later year cannot be a birth date: it is an ordinary number."""
    from datetime import date

    from fundtrack.clock import today_is

    with today_is(date(2020, 1, 1)):
        assert normalize_client_ref("LP-20210101") == "LP-20210101"
        assert normalize_client_ref("LP-18991231") == "LP-18991231"
    with today_is(date(2021, 1, 1)), pytest.raises(InvalidInput) as refused:
        normalize_client_ref("LP-20210101")
    assert str(refused.value) == f"client reference 'LP-20210101' {BIRTH_DATE}; {RULE}"


def test_generated_groups_that_read_as_a_month_are_drawn_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fundtrack import identifiers

    draws = iter("MAY27KQ27KQ2M9XD")  # C-MAY2-7KQ2 is refused, then drawn again
    monkeypatch.setattr(identifiers.secrets, "choice", lambda _: next(draws))
    assert generate_client_ref() == "C-7KQ2-M9XD"


def test_free_text() -> None:
    assert check_free_text(None, what="memo") is None
    assert check_free_text("  ", what="memo") is None
    assert check_free_text(" CHK-1182 ", what="reference") == "CHK-1182"
    for text, message in [
        ("SSN 123 45 6789", "memo contains what looks like a Social Security number; remove it"),
        ("x" * 201, "memo is 201 characters; keep it to 200 and leave case narratives out of "
         "fundtrack"),
        ("two\nlines", "memo must be a single line"),
        ("rent\x1b[2J", "memo contains control characters; type plain text"),
        ("rent\tMarch", "memo contains control characters; type plain text"),
    ]:  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            check_free_text(text, what="memo")
        assert str(refused.value) == message


def test_who_is_recording() -> None:
    assert check_user(" maria.g ") == "maria.g"
    assert check_user("Maria\tG") == "Maria G"
    for bad in ("", "   ", "x" * 65, "bell\x07"):
        with pytest.raises(InvalidInput):
            check_user(bad)
