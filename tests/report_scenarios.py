"""Small books for the report tests, built with the same commands a clerk types.

``books`` (tests/conftest.py) gives the FY2020 state appropriation CVRC-HT-FY20 with LP-FY20
(La Pinon, budgeted) and NMILC-FY20. ``add_federal`` adds a VOCA award and a DOJ grant, each
with a subgrant to The Life Link, so one client can be served by several sources.
"""

from __future__ import annotations

from typing import Any

from support import Cli


def add_federal(cli: Cli) -> Cli:
    """VOCA-FFY20 (FFY2020 + 3 years: 2019-10-01..2023-09-30) and DOJ-2019 (FFY2019..FFY2021).

    Subgrants LL-VOCA ($40,000) and LL-DOJ ($100,000) go to LIFELINK.
    """
    cli.ok("award", "add", "VOCA-FFY20", "--source", "VOCA", "--fy", "FFY2020", "--amount", "50000")
    cli.ok(
        "award", "add", "DOJ-2019", "--source", "DOJ", "--fy", "2019", "--amount", "1750000",
        "--end", "2021-09-30",
    )  # fmt: skip
    cli.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    for code, award, amount in (
        ("LL-VOCA", "VOCA-FFY20", "40000"),
        ("LL-DOJ", "DOJ-2019", "100000"),
    ):
        cli.ok(
            "subgrant", "add", code, "--award", award, "--subgrantee", "LIFELINK",
            "--amount", amount,
        )  # fmt: skip
    return cli


def pay(
    cli: Cli, subgrant: str, client: str, on: str, amount: str = "100", category: str = "rent",
    *extra: str,
) -> int:  # fmt: skip
    """Record a disbursement (registering the client if new); returns the entry id."""
    done = cli.json(
        "disburse", "--subgrant", subgrant, "--client", client, "--new-client",
        "--category", category, "--amount", amount, "--date", on, *extra,
    )  # fmt: skip
    return int(done["entry"])


def void(cli: Cli, entry: int) -> None:
    cli.ok("void", str(entry), "--reason", "keyed against the wrong client")


def counts(cli: Cli, *args: str) -> dict[tuple[Any, Any], int]:
    """victims-served JSON as {(fiscal_year, source): victims_served}."""
    report = cli.json("report", "victims-served", *args)
    return {(r["fiscal_year"], r["source"]): r["victims_served"] for r in report["rows"]}


def award_rows(cli: Cli, as_of: str, *args: str) -> dict[str, dict[str, Any]]:
    """balances JSON as {award code: award row}."""
    report = cli.json("report", "balances", "--as-of", as_of, *args)
    assert report["as_of"] == as_of
    return {a["award"]: a for a in report["awards"]}


def add_voca_million(cli: Cli) -> Cli:
    """VOCA-MILLION: $1,000,000 of VOCA for 2020-01-15..2020-12-31, all of it in SS-MILLION
    (Street Safe), with payments on 2020-01-20 ($100,000.00), 02-10 ($50,000.01), 03-20
    ($33,333.33), 05-01 ($20,000.00) and 07-01 ($10,000.00), and $999.00 on 03-25 voided."""
    cli.ok(
        "award", "add", "VOCA-MILLION", "--source", "VOCA", "--fy", "FFY2020",
        "--amount", "1000000", "--start", "2020-01-15", "--end", "2020-12-31",
    )  # fmt: skip
    cli.ok("subgrantee", "add", "STREETSAFE", "--name", "Street Safe")
    cli.ok("subgrant", "add", "SS-MILLION", "--award", "VOCA-MILLION", "--subgrantee",
           "STREETSAFE", "--amount", "1000000")  # fmt: skip
    for on, amount in (
        ("2020-01-20", "100000"),
        ("2020-02-10", "50000.01"),
        ("2020-03-20", "33333.33"),
        ("2020-05-01", "20000"),
        ("2020-07-01", "10000"),
    ):
        pay(cli, "SS-MILLION", "SS-0001", on, amount)
    void(cli, pay(cli, "SS-MILLION", "SS-0002", "2020-03-25", "999"))
    return cli


# The lapse forecast of VOCA-MILLION (add_voca_million), worked by hand: per as-of date,
# (disbursed in the last 90 days, rate days, days left, remaining, forecast, status).
# 2020-03-31: started 2020-01-15, 77 days before counting both (17 + 29 + 31), so 77 rate
# days; the window 2020-01-02..03-31 holds 100,000.00 + 50,000.01 + 33,333.33 = 183,333.34
# (the voided $999 nets to 0; May and July are after the as-of date); remaining 816,666.66;
# 275 days left (to 2020-12-31): 816,666.66 - 183,333.34 x 275 / 77 = 161,904.7314... ->
# 161,904.73, active (more than 180 days left).
# 2020-07-15: 90 rate days; the window 2020-04-17..07-15 holds 20,000 + 10,000 (January to
# March fall before it); remaining 786,666.66; 169 days left: 786,666.66 - 30,000 x 169 / 90
# = 730,333.3266... -> 730,333.33, at risk (within 180 days).
MILLION_BY_HAND = {
    "2020-03-31": ("183333.34", 77, 275, "816666.66", "161904.73", "active"),
    "2020-07-15": ("30000.00", 90, 169, "786666.66", "730333.33", "at risk"),
}
