"""The small federal scenario the federal tests share, built with the commands a clerk types.

VOCA-FFY20: a $1,000,000.00 VOCA award (ALN 16.575), 2019-10-01..2020-09-30; VOCA's match is
20% of the total project cost and its administration cap 5% ($50,000.00).

* TLL-V20 (services, LIFELINK): $200,000.00; disbursed $10,000.00 on 2019-12-15 and
  $3,333.33 on 2020-02-10; match $1,000.00 cash (2020-01-15) and $1,500.50 in kind
  (2020-03-01), and $99.00 cash voided.
* LP-V20 (services, PINON): $30,000.00 with a waiver to 10%.
* ADM-V20 (administration, CVRC): $50,000.00, exactly the cap; disbursed $2,000.00 on
  2020-03-05.
* Drawdowns: $12,000.00 on 2020-03-20 (before FFY2020-Q2 ends) and $5,000.00 on 2020-04-10.
"""

from __future__ import annotations

from report_scenarios import pay, void
from support import Cli

WAIVER = "rural provider, OVC waiver 2020-3"


def federal_books(cli: Cli) -> Cli:
    cli.ok(
        "award", "add", "VOCA-FFY20", "--source", "VOCA", "--fy", "FFY2020",
        "--amount", "1000000", "--start", "2019-10-01", "--end", "2020-09-30",
        "--number", "2020-V2-GX-0051", "--aln", "16.575",
    )  # fmt: skip
    for code, name, uei in (
        ("LIFELINK", "The Life Link", "LL1234567890"),
        ("PINON", "La Pinon (federal)", "LP1234567890"),
        ("CVRC", "Crime Victims Reparation Commission", "CV1234567890"),
    ):
        cli.ok("subgrantee", "add", code, "--name", name, "--uei", uei)
    grants = (
        ("TLL-V20", "LIFELINK", "200000"),
        ("LP-V20", "PINON", "30000", "--match-percent", "10", "--reason", WAIVER),
        ("ADM-V20", "CVRC", "50000", "--purpose", "administration"),
    )
    for code, grantee, amount, *extra in grants:
        cli.ok(
            "subgrant", "add", code, "--award", "VOCA-FFY20", "--subgrantee", grantee,
            "--amount", amount, *extra,
        )  # fmt: skip
    pay(cli, "TLL-V20", "TLL-0001", "2019-12-15", "10000", "rent")
    pay(cli, "TLL-V20", "TLL-0002", "2020-02-10", "3333.33", "travel")
    pay(cli, "ADM-V20", "ADM-0001", "2020-03-05", "2000", "travel")
    record_match(cli, "1000", "2020-01-15", "cash")
    record_match(cli, "1500.50", "2020-03-01", "in-kind")
    void(cli, record_match(cli, "99", "2020-03-02", "cash"))
    cli.ok("drawdown", "VOCA-FFY20", "--amount", "12000", "--date", "2020-03-20")
    cli.ok("drawdown", "VOCA-FFY20", "--amount", "5000", "--date", "2020-04-10")
    return cli


def record_match(cli: Cli, amount: str, on: str, kind: str, subgrant: str = "TLL-V20") -> int:
    done = cli.json(
        "match", "--subgrant", subgrant, "--amount", amount, "--date", on, "--kind", kind
    )
    return int(done["entry"])
