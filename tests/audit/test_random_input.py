"""Random text where people type: only a one-line ``Error:``, never a traceback or a write.

Every parser of what clerks type raises nothing but ``FundtrackError`` subclasses;
``disburse`` given random values either records one entry of the typed amount or changes
nothing and says why in one line; a file of random rows of any kind is imported whole or
not at all.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
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
from fundtrack.ledger import kinds
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


def optional(known: list[str], *shaped: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """An optional column: often empty, sometimes a good value, sometimes anything."""
    return st.one_of(st.just(""), st.sampled_from(known), ANY_TEXT, *shaped)


def typed(amount: str) -> Decimal:
    """The amount a clerk typed, read without fundtrack's parser (it was accepted, so it is
    ``[$]digits[,ddd...][.cc]``)."""
    return Decimal(amount.strip().removeprefix("$").replace(",", ""))


def no_traceback(result: Any) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def write_csv(folder: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    path = folder / "random.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def data_rows(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """The rows an import reads: a row whose every cell is blank is no row."""
    return [row for row in rows if any(cell.strip() for cell in row)]


def new_entries(books: Cli, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries that move money or serve a client added since ``before``; the facts among
    them (a new client, subgrantee...) are left out, and each of those must be a fact kind."""
    after = books.json("log")
    assert after[: len(before)] == before  # append-only: nothing earlier changed
    added = after[len(before) :]
    facts = [entry for entry in added if entry["kind"] in kinds.fact_kinds()]
    assert [entry["kind"] for entry in facts].count("client") <= 1  # one per command or file
    return [entry for entry in added if entry not in facts]


def refused_in_one_error_line(result: Any, file_name: str) -> None:
    """The problems, one ``FILE:LINE: column: message`` line each, then one ``Error:`` line."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    *problems, last = result.stderr.removesuffix("\n").split("\n")
    assert last.startswith("Error: "), result.stderr
    assert all(line.startswith(f"{file_name}:") for line in problems), result.stderr


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
@example(
    subgrant="lp-fy20",
    client="LP-0002",
    category="Rent",
    amount="$1,200.50",
    on="11/15/2019",
    reference=None,
    memo=None,
    new_client=True,
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
    log = books.json("log")
    result = books.run(*args)
    no_traceback(result)
    if result.exit_code == 0:
        [entry] = new_entries(books, log)
        assert result.stdout.startswith(f"Entry {entry['id']}: ")
        assert entry["kind"] == "disbursement"
        assert Decimal(entry["amount"]) == typed(amount)
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
    header = ["date", "subgrant", "client", "category", "amount", "reference", "memo"]
    path = write_csv(tmp_path_factory.mktemp("import"), header, rows)
    before = snapshot(books.url)
    log = books.json("log")
    args = ["import", "disbursements", str(path)] + (["--new-clients"] if new_clients else [])
    result = books.run(*args)
    no_traceback(result)
    if result.exit_code == 0:
        # Every row landed: one disbursement each, of the amount in its amount cell.
        added = new_entries(books, log)
        assert [entry["kind"] for entry in added] == ["disbursement"] * len(data_rows(rows))
        amounts = [typed(row[4]) for row in data_rows(rows)]
        assert Counter(Decimal(entry["amount"]) for entry in added) == Counter(amounts)
        assert sum(Decimal(entry["amount"]) for entry in added) == sum(amounts)
        assert books.run("check", "chain", "balances", "periods", "clients").exit_code == 0
        return
    refused_in_one_error_line(result, path.name)
    assert snapshot(books.url) == before


SMALL_FILES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PERIOD = st.sampled_from(["2020-07-01", "6/30/2021", "2019-10-01", "2017-09-30"])
AMOUNT = st.one_of(MONEY_LIKE, ANY_TEXT, st.sampled_from(["1000", "$1,000.50", "0.01", "1.234"]))
AWARD_ROW = st.tuples(
    field(["CVRC-HT-FY21", "VOCA-FFY21", "cvrc-ht-fy22", "CVRC-HT-FY20"]),
    field(["CVRC-HT", "VOCA", "DOJ", "voca", "HHS"]),
    st.one_of(FISCAL_LIKE, ANY_TEXT, st.sampled_from(["FY21", "FFY2021", "2022"])),
    AMOUNT,
    optional(["2020-07-01", "2020-10-01"], DATE_LIKE),
    optional(["6/30/2021", "2023-09-30"], DATE_LIKE),
    optional(["2021-V2-GX-0042"], CODE_LIKE),
    optional(["Human Trafficking special appropriation FY2021"]),
)
SUBGRANT_ROW = st.tuples(
    field(["LP-DOJ", "NM-DOJ", "lp-doj2", "LP-FY20"]),
    field(["DOJ-2018", "doj-2018", "CVRC-HT-FY20"]),
    field(["LAPINON", "NMILC", "lapinon", "NOBODY"]),
    AMOUNT,
    optional(["2017-10-01", "2018-01-01", "2019-07-01"], DATE_LIKE, PERIOD),
    optional(["2018-09-30", "2018-06-30", "2020-06-30"], DATE_LIKE, PERIOD),
    optional(["rent=100", "rent=40; travel=5", "rent=x", "childcare=1"]),
)
CLIENT_ROW = st.tuples(field(["LP-0100", "lp-0101", "LP-0001", "TLL-9", "123-45-6789"]))


def import_random_rows(
    books: Cli,
    folder: Path,
    kind: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    listing: str,
) -> None:
    """``import KIND`` of ``rows``: on success every row is listed, on failure nothing changed.

    ``listing`` is the list command that shows each record of the kind once; awards and
    subgrants also add one entry each, of the amount in the row's amount cell.
    """
    path = write_csv(folder, header, rows)
    before = snapshot(books.url)
    log = books.json("log")
    listed = books.json(listing, "list")
    result = books.run("import", kind, str(path))
    no_traceback(result)
    if result.exit_code != 0:
        refused_in_one_error_line(result, path.name)
        assert snapshot(books.url) == before
        return
    landed = data_rows(rows)
    assert result.stdout.startswith(f"Imported {len(landed)} {kind} "), result.stdout
    assert len(books.json(listing, "list")) == len(listed) + len(landed)
    added = new_entries(books, log)
    if "amount" in header:
        amounts = [typed(row[header.index("amount")]) for row in landed]
        assert [entry["kind"] for entry in added] == [kind.removesuffix("s")] * len(landed)
        assert sum(Decimal(entry["amount"]) for entry in added) == sum(amounts)
    else:
        assert added == []
    assert books.run("check").exit_code == 0


@SMALL_FILES
@given(rows=st.lists(AWARD_ROW, min_size=1, max_size=5))
@example(
    rows=[
        ("CVRC-HT-FY21", "CVRC-HT", "FY21", "150000", "", "", "", ""),
        ("VOCA-FFY21", "voca", "FFY2021", "$1,000.50", "", "", "2021-V2-GX-0042", ""),
        ("", "", "", "", "", "", "", ""),
    ]
)
@example(rows=[("CVRC-HT-FY22", "CVRC-HT", "FY22", "10", "", "", "", "")] * 2)
def test_import_awards_of_random_rows_is_all_or_nothing(
    books: Cli, tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]]
) -> None:
    header = ["code", "source", "fy", "amount", "start", "end", "number", "name"]
    import_random_rows(books, tmp_path_factory.mktemp("awards"), "awards", header, rows, "award")


@pytest.fixture
def room(books: Cli) -> Cli:
    """``books`` plus the DOJ grant of FFY2018 (2017-10-01..2018-09-30), $1,750,000.00 of
    it left to subgrant."""
    books.ok(
        "award", "add", "DOJ-2018", "--source", "DOJ", "--fy", "FFY2018", "--amount", "1750000"
    )
    return books


@SMALL_FILES
@given(rows=st.lists(SUBGRANT_ROW, min_size=1, max_size=5))
@example(
    rows=[
        ("LP-DOJ", "DOJ-2018", "LAPINON", "1000", "", "", "rent=40; travel=5"),
        ("NM-DOJ", "doj-2018", "NMILC", "$1,000.50", "2018-01-01", "9/30/2018", ""),
    ]
)
@example(rows=[("LP-DOJ2", "DOJ-2018", "LAPINON", "1750000", "", "", "")] * 2)
def test_import_subgrants_of_random_rows_is_all_or_nothing(
    room: Cli, tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]]
) -> None:
    header = ["code", "award", "subgrantee", "amount", "start", "end", "budget"]
    folder = tmp_path_factory.mktemp("subgrants")
    import_random_rows(room, folder, "subgrants", header, rows, "subgrant")


@SMALL_FILES
@given(rows=st.lists(CLIENT_ROW, min_size=1, max_size=5))
@example(rows=[("LP-0100",), ("lp-0101",), ("  ",)])
@example(rows=[("LP-0200",), ("lp-0200",)])
def test_import_clients_of_random_rows_is_all_or_nothing(
    books: Cli, tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]]
) -> None:
    folder = tmp_path_factory.mktemp("clients")
    import_random_rows(books, folder, "clients", ["client"], rows, "client")
