"""Random text where people type: only a one-line ``Error:``, never a traceback or a write.

Every parser of what clerks type raises nothing but ``FundtrackError`` subclasses, and
``disburse`` given random values either records one entry or changes nothing and says why in
one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fundtrack.dates import parse_date
from fundtrack.errors import FundtrackError
from fundtrack.fiscal import parse_fiscal_year, parse_fiscal_year_range
from fundtrack.identifiers import (
    check_free_text,
    normalize_category,
    normalize_client_ref,
    normalize_code,
)
from fundtrack.money import parse_money
from support import Cli, snapshot

MONEY_LIKE = st.from_regex(r"\A[-$(]?[0-9,. eE]{0,24}[)]?\Z")
DATE_LIKE = st.one_of(
    st.from_regex(r"\A[0-9]{1,5}[-/. ][0-9]{1,3}[-/. ][0-9]{1,5}\Z"),
    st.from_regex(r"\A(Jan|February|Sept|Feb|mar|DEC)[a-z]{0,6} [0-9]{1,12},? [0-9]{1,12}\Z"),
    st.from_regex(r"\A[0-9]{1,12} [A-Za-z]{3,9} [0-9]{4,12}\Z"),
)
FISCAL_LIKE = st.from_regex(r"\A(f|F|ff|FFY|fy)?[ ]?[0-9]{0,6}([-.]{1,2}(fy|FY)?[0-9]{0,6})?\Z")
CODE_LIKE = st.from_regex(r"\A[A-Za-z0-9 ._/-]{0,45}\Z")
ANY_TEXT = st.text(max_size=80)

PARSERS: dict[str, tuple[Callable[[str], Any], st.SearchStrategy[str]]] = {
    "money": (parse_money, MONEY_LIKE),
    "date": (parse_date, DATE_LIKE),
    "fiscal year": (parse_fiscal_year, FISCAL_LIKE),
    "fiscal year range": (parse_fiscal_year_range, FISCAL_LIKE),
    "client reference": (normalize_client_ref, CODE_LIKE),
    "code": (lambda text: normalize_code(text, what="code"), CODE_LIKE),
    "category": (normalize_category, CODE_LIKE),
    "memo": (lambda text: check_free_text(text, what="memo"), st.text(max_size=260)),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parsers_refuse_random_text_with_fundtrack_errors_only(name: str) -> None:
    parse, shaped = PARSERS[name]

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(ANY_TEXT, shaped))
    def run(text: str) -> None:
        try:
            parse(text)
        except FundtrackError as error:
            message = str(error)
            assert message and "\n" not in message.strip()

    run()


def field(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(known), ANY_TEXT, CODE_LIKE)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    subgrant=field(["LP-FY20", "NMILC-FY20", "lp-fy20"]),
    client=field(["LP-0001", "LP-0002"]),
    category=field(["rent", "travel", "civil-legal", "Rent"]),
    amount=st.one_of(MONEY_LIKE, ANY_TEXT, st.sampled_from(["850", "$1,200.50", "12.345"])),
    on=st.one_of(DATE_LIKE, ANY_TEXT, st.sampled_from(["2019-11-01", "11/15/2019"])),
    reference=st.one_of(st.none(), ANY_TEXT),
    memo=st.one_of(st.none(), ANY_TEXT),
    new_client=st.booleans(),
)
@example(
    subgrant="LP-FY20",
    client="LP-0001",
    category="rent",
    amount="850",
    on="2019-11-01",
    reference="CHK-1",
    memo="a\x00b",  # PostgreSQL cannot store NUL: refused in one line, nothing written
    new_client=False,
)
def test_disburse_with_random_values_records_one_entry_or_nothing(
    books: Cli,
    subgrant: str,
    client: str,
    category: str,
    amount: str,
    on: str,
    reference: str | None,
    memo: str | None,
    new_client: bool,
) -> None:
    args = [
        "disburse",
        f"--subgrant={subgrant}",
        f"--client={client}",
        f"--category={category}",
        f"--amount={amount}",
        f"--date={on}",
    ]
    args += [f"--reference={reference}"] if reference is not None else []
    args += [f"--memo={memo}"] if memo is not None else []
    args += ["--new-client"] if new_client else []
    before = snapshot(books.url)
    result = books.run(*args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 0:
        assert result.stdout.startswith("Entry ")
        assert books.run("check", "chain", "balances", "periods").exit_code == 0
        return
    assert result.exit_code in (1, 2)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert snapshot(books.url) == before


ROW = st.tuples(
    st.one_of(DATE_LIKE, ANY_TEXT, st.just("2019-11-01")),
    field(["LP-FY20", "NMILC-FY20"]),
    field(["LP-0001", "LP-0002"]),
    field(["rent", "travel", "civil-legal"]),
    st.one_of(MONEY_LIKE, ANY_TEXT, st.just("10")),
    ANY_TEXT,
    ANY_TEXT,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(ROW, min_size=1, max_size=6), new_clients=st.booleans())
@example(
    rows=[("2019-11-01", "LP-FY20", "LP-0001", "rent", "10", "CHK-1", "first month")] * 2,
    new_clients=False,
)
@example(
    rows=[
        ("2019-11-01", "LP-FY20", "LP-0002", "rent", "10", "CHK-1", ""),
        ("2019-11-01", "LP-FY20", "LP-0001", "rent", "10", "CHK-2", "=cmd|' /C calc'!A0\x00"),
    ],
    new_clients=True,
)
def test_import_of_random_rows_is_all_or_nothing(
    books: Cli,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, ...]],
    new_clients: bool,
) -> None:
    import csv

    path = tmp_path_factory.mktemp("import") / "random.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "subgrant", "client", "category", "amount", "reference", "memo"])
        writer.writerows(rows)
    before = snapshot(books.url)
    args = ["import", "disbursements", str(path)] + (["--new-clients"] if new_clients else [])
    result = books.run(*args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 0:
        assert books.run("check", "chain", "balances", "periods", "clients").exit_code == 0
        return
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ") or "Error: " in result.stderr
    assert snapshot(books.url) == before
