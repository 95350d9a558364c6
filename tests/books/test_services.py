"""Services without payment: a client served from a subgrant counts as served, moves no money.

``books`` (tests/conftest.py) holds CVRC-HT-FY20 with LP-FY20 (2019-07-01..2020-06-30) and
NMILC-FY20, and client LP-0001. The figures are worked out by hand in each test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fundtrack.clock import today_is
from refusals import assert_refused
from support import Cli, entry_of, snapshot


def serve(client: str, on: str, *extra: str, subgrant: str = "LP-FY20") -> tuple[str, ...]:
    return ("serve", "--subgrant", subgrant, "--client", client, "--date", on, *extra)


def served(cli: Cli, fy: str = "2020") -> dict[Any, int]:
    """Victims served per source (None: all sources, unduplicated) in one state year."""
    rows = cli.json("report", "victims-served", "--fy", fy)["rows"]
    return {row["source"]: row["victims_served"] for row in rows}


def money(cli: Cli) -> dict[str, Any]:
    """Every money figure a service must leave alone (the report's last entry moves on)."""
    balances = cli.json("report", "balances")
    del balances["as_recorded"]
    return {
        "award": cli.json("award", "show", "CVRC-HT-FY20"),
        "subgrant": cli.json("subgrant", "show", "LP-FY20"),
        "balances": balances,
    }


def test_serve_records_a_zero_amount_entry_and_says_so(books: Cli) -> None:
    result = books.ok(*serve("LP-0001", "2019-11-01", "--category", "travel", "--memo", "court"))

    number = entry_of(result)
    assert result.stdout == (
        f"Entry {number}: service for LP-0001 from LP-FY20 in travel on 2019-11-01; "
        "no money moved.\n"
    )
    [entry] = books.json("log", "--kind", "service")
    assert (entry["id"], entry["kind"], entry["amount"]) == (number, "service", "0.00")
    assert (entry["client"], entry["category"], entry["memo"]) == ("LP-0001", "travel", "court")
    assert books.run("check").exit_code == 0


def test_a_service_for_a_new_client_registers_the_reference(books: Cli) -> None:
    result = books.ok(*serve("LP-0077", "2019-11-01", "--new-client"))

    assert result.stdout == (
        f"Entry {entry_of(result)}: service for LP-0077 (new client) from LP-FY20 on "
        "2019-11-01; no money moved.\n"
    )
    [client] = [line for line in books.json("log") if line["kind"] == "client"][-1:]
    assert client["id"] == entry_of(result) - 1  # the new client's fact entry comes first
    assert "LP-0077" in [c["client"] for c in books.json("client", "list")]


def test_a_service_only_client_counts_once_per_source_and_year(books: Cli) -> None:
    # LP-0001 is paid and served in the same year: still one client.
    books.ok("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
             "--amount", "100", "--date", "2019-09-01")  # fmt: skip
    before = money(books)
    assert served(books)["CVRC-HT"] == 1

    books.ok(*serve("LP-0077", "2019-08-01", "--new-client"))
    books.ok(*serve("LP-0077", "2020-02-01", "--category", "rent"))
    books.ok(*serve("LP-0077", "2020-03-01", subgrant="NMILC-FY20"))
    books.ok(*serve("LP-0001", "2019-10-01"))

    assert served(books)["CVRC-HT"] == 2
    assert served(books)[None] == 2
    assert served(books, "2019")["CVRC-HT"] == 0
    assert money(books) == before
    assert before["subgrant"]["remaining"] == "99711.69"


def test_voiding_the_only_service_removes_the_client_and_no_money_moves(books: Cli) -> None:
    before = money(books)
    service = books.entry(*serve("LP-0077", "2019-08-01", "--new-client"))
    assert served(books)["CVRC-HT"] == 1
    assert money(books) == before

    result = books.ok("void", str(service), "--reason", "served by another provider")

    assert result.stdout == f"Entry {service + 1}: voided entry {service} ($0.00).\n"
    assert served(books)["CVRC-HT"] == 0
    assert money(books) == before
    [reversal] = books.json("log", "--kind", "void")
    assert (reversal["id"], reversal["amount"]) == (service + 1, "0.00")
    assert books.run("check").exit_code == 0


def test_a_service_is_in_the_register_at_no_amount(books: Cli, tmp_path: Path) -> None:
    service = books.entry(*serve("LP-0001", "2019-11-01", "--reference", "CASE-9"))
    report = books.json("report", "fiscal-year", "FY2020")

    [line] = report["register"]
    assert (line["entry"], line["amount"], line["category"]) == (service, "0.00", None)
    assert (line["client"], line["reference"]) == ("LP-0001", "CASE-9")
    assert report["balances"] == books.json("report", "fiscal-year", "FY2020")["balances"]


def test_a_service_dated_after_today_is_refused(books: Cli) -> None:
    with today_is(date(2020, 3, 1)):
        assert_refused(
            books,
            serve("LP-0001", "2020-03-02"),
            "service date 2020-03-02 is in the future (today is 2020-03-01); record it on or "
            "after the day it happens",
        )


def test_a_service_outside_the_subgrants_period_is_refused(books: Cli) -> None:
    assert_refused(
        books,
        serve("LP-0001", "2020-07-01"),
        "service date 2020-07-01 is after subgrant LP-FY20's period of performance "
        "2019-07-01..2020-06-30; use a date inside it or a subgrant whose period covers it",
    )


def test_a_service_names_a_known_category_and_client(books: Cli) -> None:
    before = snapshot(books.url)
    unknown_category = books.run(*serve("LP-0001", "2019-11-01", "--category", "advocacy"))
    unknown_client = books.run(*serve("LP-0099", "2019-11-01"))

    assert unknown_category.exit_code == unknown_client.exit_code == 1
    assert unknown_category.stderr.startswith("Error: no category 'advocacy'")
    assert unknown_client.stderr.startswith("Error: no client 'LP-0099'")
    assert snapshot(books.url) == before


def test_a_client_reference_that_could_identify_someone_is_refused(books: Cli) -> None:
    result = books.run(*serve("Maria Lopez", "2019-11-01", "--new-client"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: client reference 'Maria Lopez' has characters")
    assert result.stderr.endswith("— never a name, birth date or SSN\n")
    assert "Maria" not in [c["client"] for c in books.json("client", "list")]
