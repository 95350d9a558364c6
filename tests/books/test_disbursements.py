"""``fundtrack disburse``: the same payment is not recorded twice by accident."""

from __future__ import annotations

from support import Cli, snapshot

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
    result = books.ok(*PAY)
    assert result.stderr == ""


def test_a_reused_reference_with_other_details_is_recorded_with_a_warning(books: Cli) -> None:
    first = books.json(*PAY)["entry"]
    other = [*PAY]
    other[other.index("850")] = "120"
    result = books.ok(*other)
    assert result.stderr == (
        f"Warning: reference 'CHK-1182' was already used on subgrant LP-FY20 by entry {first}; "
        "recorded anyway (one check can pay for two things) — void it if it is a mistake\n"
    )
    assert result.stdout.startswith(f"Entry {first + 1}: $120.00 rent for LP-0001")
