"""Exact money: what clerks may type, how it is shown, and that the database keeps every cent."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundtrack.errors import InvalidInput
from fundtrack.money import MAX_CENTS, format_money, from_cents, parse_money, plain, to_cents
from support import Cli

cents = st.integers(min_value=1, max_value=MAX_CENTS)
amounts = cents.map(from_cents)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1,234", "1234.00"),
        (" 0.01 ", "0.01"),
        ("$999,999,999,999.99", "999999999999.99"),
    ],
)
def test_what_clerks_type_is_read_exactly(text: str, amount: str) -> None:
    parsed = parse_money(text)
    assert parsed == Decimal(amount)
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12.345", "amount '12.345' has more than two decimals; round it to cents"),
        ("-5", "amount '-5' is negative; amounts are positive (to correct an entry, void it "
         "with `fundtrack void`)"),
        ("$-5", "amount '$-5' is negative; amounts are positive (to correct an entry, void it "
         "with `fundtrack void`)"),
        ("1e3", "amount '1e3' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("NaN", "amount 'NaN' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("inf", "amount 'inf' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("", "amount is empty; write it like 1234.56 or $1,234.56"),
        ("abc", "amount 'abc' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("1,23", "amount '1,23' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("٣", "amount '٣' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("\uff11\uff12", "amount '\uff11\uff12' is not an amount of money; write it like "
         "1234.56 or $1,234.56"),  # full-width digits
        ("0.00", "amount must be more than $0.00"),
        ("1,000,000,000,000.00", "amount '1,000,000,000,000.00' is too large; the most "
         "fundtrack records is $999,999,999,999.99"),
    ],
)  # fmt: skip
def test_anything_else_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_money(text)
    assert str(refused.value) == message


def test_zero_is_allowed_where_asked_and_floats_never() -> None:
    assert parse_money("0", allow_zero=True) == Decimal("0.00")
    with pytest.raises(TypeError):
        parse_money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_cents(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        to_cents(Decimal("0.001"))


def test_formatting() -> None:
    assert format_money(Decimal("1234.5")) == "$1,234.50"
    assert format_money(Decimal("-850")) == "-$850.00"
    assert plain(Decimal("1234.5")) == "1234.50"
    assert plain(Decimal("-0.1")) == "-0.10"


@given(cents)
def test_cents_survive_every_form(c: int) -> None:
    amount = from_cents(c)
    assert to_cents(amount) == c
    assert parse_money(format_money(amount)) == amount
    assert parse_money(plain(amount)) == amount


@given(amounts)
def test_formats_have_the_documented_shape(amount: Decimal) -> None:
    shown = format_money(amount)
    assert shown.startswith("$") and shown[-3] == "."
    assert format_money(-amount) == "-" + shown
    whole, frac = plain(amount).split(".")
    assert whole.isdigit() and len(frac) == 2
    assert shown.replace("$", "").replace(",", "") == plain(amount)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=3, max_value=6))
def test_more_than_two_decimals_is_refused_never_rounded(units: int, places: int) -> None:
    text = f"{Decimal(units).scaleb(-places):.{places}f}"
    with pytest.raises(InvalidInput) as refused:
        parse_money(text)
    assert str(refused.value) == f"amount {text!r} has more than two decimals; round it to cents"


@given(st.text(max_size=12))
def test_parse_money_returns_cents_or_refuses(text: str) -> None:
    try:
        amount = parse_money(text)
    except InvalidInput as refused:
        assert "\n" not in str(refused)
        return
    assert 0 < to_cents(amount) <= MAX_CENTS


_examples = itertools.count(1)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.integers(min_value=1, max_value=MAX_CENTS // 4), min_size=1, max_size=4))
def test_amounts_round_trip_through_the_database(cli: Cli, paid: list[int]) -> None:
    """parse -> entries in a real database -> sums and format: every cent comes back."""
    n = next(_examples)
    total = from_cents(sum(paid))
    cli.ok("award", "add", f"A{n}", "--source", "DOJ", "--fy", "2020", "--amount",
           format_money(total))  # fmt: skip
    cli.ok("subgrantee", "add", f"G{n}", "--name", "Provider")
    cli.ok("subgrant", "add", f"S{n}", "--award", f"A{n}", "--subgrantee", f"G{n}",
           "--amount", plain(total))  # fmt: skip
    if n == 1:
        cli.ok("client", "add", "LP-0001")
    for i, c in enumerate(paid):  # each its own voucher: equal amounts are not repeats
        done = cli.json("disburse", "--subgrant", f"S{n}", "--client", "LP-0001",
                        "--category", "rent", "--amount", plain(from_cents(c)),
                        "--date", "2020-01-15", "--reference", f"V-{i}")  # fmt: skip
        assert done["amount"] == plain(from_cents(c))
    entries = cli.json("log")[-len(paid) :]
    assert [parse_money(e["amount"]) for e in entries] == [from_cents(c) for c in paid]
    shown = cli.json("subgrant", "show", f"S{n}")
    assert (shown["amount"], shown["disbursed"], shown["remaining"]) == (
        plain(total),
        plain(total),
        "0.00",
    )
    assert format_money(total) in cli.ok("award", "show", f"A{n}").stdout
