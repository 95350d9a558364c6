"""Disbursements: dates that cannot be right, client references that could identify someone,
and the same payment recorded twice by accident.

``books`` (tests/conftest.py) holds CVRC-HT-FY20 with LP-FY20 (2019-07-01..2020-06-30) and
client LP-0001. ``today_is`` fixes the day fundtrack believes it is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from fundtrack.clock import today_is
from fundtrack.db.location import resolve_url
from refusals import assert_untouched
from support import Cli, snapshot

RULE = (
    "use an opaque code of 3-32 letters, digits and dashes with at least one letter (e.g. "
    "LP-0042) — never a name, birth date or SSN"
)
BIRTH_DATE = "contains what looks like a date (it could be a birth date)"
NAME = "looks like a name (two or more groups of letters only)"
IMPORT_REFUSED = (
    "Error: {n} in {file} (on {lines}); nothing was imported — correct the lines named and "
    "import the file again\n"
)


def pay(on: str, client: str = "LP-0001", *extra: str) -> tuple[str, ...]:
    return ("disburse", "--subgrant", "LP-FY20", "--client", client, "--category", "rent",
            "--amount", "100", "--date", on, *extra)  # fmt: skip


def refused_import(problems: list[str], file: str, lines: int) -> str:
    n = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
    at = f"{lines} line" + ("s" if lines > 1 else "")
    return "".join(f"{p}\n" for p in problems) + IMPORT_REFUSED.format(n=n, file=file, lines=at)


def disbursements_of(cli: Cli, ref: str) -> int:
    [count] = [c["disbursements"] for c in cli.json("client", "list") if c["client"] == ref]
    return int(count)


def record_client_of_an_earlier_version(url: str, ref: str) -> None:
    """A reference recorded before today's rules, straight into the client table."""
    engine = create_engine(resolve_url(url), poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO client (ref, recorded_at, recorded_by) VALUES (:r, :at, 'clerk')"),
            {"r": ref, "at": "2019-01-01 00:00:00"},
        )
    engine.dispose()


def test_a_disbursement_dated_after_today_is_refused(books: Cli) -> None:
    with today_is(date(2020, 3, 1)):
        assert_untouched(
            books,
            pay("2020-03-02"),
            "Error: disbursement date 2020-03-02 is in the future (today is 2020-03-01); "
            "record it on or after the day it happens\n",
        )
        assert books.json(*pay("2020-03-01"))["amount"] == "100.00"


def test_an_import_row_dated_after_today_is_refused(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "march.csv"
    file.write_text(
        "date,subgrant,client,category,amount\n"
        "2020-03-01,LP-FY20,LP-0001,rent,10\n"
        "2020-03-02,LP-FY20,LP-0001,rent,10\n"
    )
    with today_is(date(2020, 3, 1)):
        assert_untouched(
            books,
            ("import", "disbursements", str(file)),
            refused_import(
                [
                    "march.csv:3: date: 2020-03-02 is in the future (today is 2020-03-01); "
                    "record it on or after the day it happens"
                ],
                "march.csv",
                1,
            ),
        )


def test_day_first_dates_and_excel_serials_get_a_hint(books: Cli, tmp_path: Path) -> None:
    assert_untouched(
        books,
        pay("15/08/2019"),
        "Error: date '15/08/2019' is written day first, which fundtrack does not read (it "
        "reads 1/15/2020 as January 15); write 2019-08-15\n",
    )
    file = tmp_path / "aug.csv"
    file.write_text(
        "date,subgrant,client,category,amount\n"
        "15/08/2019,LP-FY20,LP-0001,rent,10\n"
        "43692,LP-FY20,LP-0001,rent,10\n"
    )
    assert_untouched(
        books,
        ("import", "disbursements", str(file)),
        refused_import(
            [
                "aug.csv:2: date: '15/08/2019' is written day first, which fundtrack does "
                "not read (it reads 1/15/2020 as January 15); write 2019-08-15",
                "aug.csv:3: date: '43692' looks like an Excel date serial number "
                "(2019-08-15); format the column as dates in the spreadsheet, or write "
                "2019-08-15",
            ],
            "aug.csv",
            2,
        ),
    )


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("LP-19850412", BIRTH_DATE),
        ("LP-04121985", BIRTH_DATE),
        ("LP-12APR1985", BIRTH_DATE),
        ("JOHN-SMITH-1985", NAME),
        ("MARIA-LOPEZ", NAME),
    ],
)
def test_new_references_shaped_like_a_birth_date_or_a_name_are_refused(
    books: Cli, tmp_path: Path, ref: str, why: str
) -> None:
    message = f"client reference {ref!r} {why}; {RULE}"
    assert_untouched(books, ("client", "add", ref), f"Error: {message}\n")
    assert_untouched(books, pay("2020-03-01", ref, "--new-client"), f"Error: {message}\n")
    clients = tmp_path / "clients.csv"
    clients.write_text(f"client\nLP-0042\n{ref}\n")
    assert_untouched(
        books,
        ("import", "clients", str(clients)),
        refused_import([f"clients.csv:3: client: {message[7:]}"], "clients.csv", 1),
    )
    paid = tmp_path / "paid.csv"
    paid.write_text(f"date,subgrant,client,category,amount\n2020-03-01,LP-FY20,{ref},rent,10\n")
    assert_untouched(
        books,
        ("import", "disbursements", str(paid), "--new-clients"),
        refused_import([f"paid.csv:2: client: {message[7:]}"], "paid.csv", 1),
    )


@pytest.mark.parametrize("ref", ["LP-0042", "LL-2019-0001", "LP-010120", "C-001", "K-00001"])
def test_opaque_references_are_still_accepted(books: Cli, ref: str) -> None:
    books.ok("client", "add", ref)
    books.ok(*pay("2020-03-01", ref))
    assert disbursements_of(books, ref) == 1


def test_a_reference_recorded_before_the_rules_keeps_working_and_check_lists_it(
    books: Cli, tmp_path: Path
) -> None:
    record_client_of_an_earlier_version(books.url, "LP-19850412")
    paid = books.ok(*pay("2020-03-01", "lp-19850412")).stdout
    assert "for LP-19850412 " in paid
    file = tmp_path / "march.csv"
    file.write_text(
        "date,subgrant,client,category,amount\n2020-03-02,LP-FY20,LP-19850412,rent,10\n"
    )
    books.ok("import", "disbursements", str(file))
    assert disbursements_of(books, "LP-19850412") == 2
    check = books.run("check", "clients")
    assert check.exit_code == 1
    [finding] = check.stdout.splitlines()
    assert finding.startswith("clients: client #")
    assert finding.endswith(
        f": its reference {BIRTH_DATE}; `client add` refuses such references now, so record "
        "the client's next disbursements under a new opaque one (see docs/privacy.md)"
    )
    assert "19850412" not in check.output


def test_an_unknown_client_is_never_answered_with_another_clients_reference(books: Cli) -> None:
    books.ok("client", "add", "LP-0042")
    assert_untouched(
        books,
        pay("2020-03-01", "LP-0043"),
        "Error: no client 'LP-0043'; check the reference, or pass --new-client if this is a "
        "client's first disbursement\n",
    )


def test_every_group_of_a_generated_reference_holds_a_digit(books: Cli) -> None:
    for _ in range(20):
        ref = books.ok("client", "add").stdout.strip()
        assert all(any(ch.isdigit() for ch in group) for group in ref.split("-")[1:]), ref


PAY = ("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
       "--amount", "850", "--date", "2019-11-01", "--reference", "CHK-1182")  # fmt: skip


def test_an_exact_repeat_is_refused_naming_the_entry(books: Cli) -> None:
    first = books.json(*PAY)["entry"]
    before = snapshot(books.url)
    result = books.run(*PAY)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: this disbursement repeats entry {first} (same subgrant, client, category, "
        "amount, date and reference); if it really was paid twice, record it with "
        "--allow-duplicates\n"
    )
    assert snapshot(books.url) == before


def test_a_deliberate_repeat_is_recorded_with_allow_duplicates(books: Cli) -> None:
    first = books.json(*PAY)["entry"]
    again = books.json(*PAY, "--allow-duplicates")["entry"]
    assert again == first + 1
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "1700.00"


def test_a_voided_payment_may_be_recorded_again(books: Cli) -> None:
    first = books.json(*PAY)["entry"]
    books.ok("void", str(first), "--reason", "check lost")
    with today_is(date(2020, 6, 30)):  # in FY2020: not a late entry, no warning
        result = books.ok(*PAY)
    assert result.stderr == ""


def test_a_reused_reference_with_other_details_is_recorded_with_a_warning(books: Cli) -> None:
    first = books.json(*PAY)["entry"]
    other = [*PAY]
    other[other.index("850")] = "120"
    with today_is(date(2020, 6, 30)):  # in FY2020: the reference's warning alone
        result = books.ok(*other)
    assert result.stderr == (
        f"Warning: reference 'CHK-1182' was already used on subgrant LP-FY20 by entry {first}; "
        "recorded anyway (one check can pay for two things) — void it if it is a mistake\n"
    )
    assert result.stdout.startswith(f"Entry {first + 1}: $120.00 rent for LP-0001")
