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
