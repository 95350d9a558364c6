"""The small books the deadline tests share, built with the commands a clerk types.

``books`` (tests/conftest.py) gives the state award CVRC-HT-FY20 (2019-07-01..2020-06-30)
with the subgrants LP-FY20 and NMILC-FY20. ``add_deadline_awards`` adds:

* VOCA-FFY20 (VOCA, $100,000, 2019-10-01..2020-12-31) with LL-VOCA ($40,000,
  2019-11-15..2020-12-31), SS-VOCA ($29,999.99, 2020-01-01..2020-06-30, under the FFATA
  threshold) and VOIDED-VOCA ($30,000, voided: it owes nothing);
* DOJ-2020 (DOJ, $500,000, 2019-10-01..2021-03-15, ending mid-quarter) with LL-DOJ
  ($30,000.00 exactly, 2020-01-31..2021-03-15).
"""

from __future__ import annotations

from support import Cli


def add_deadline_awards(cli: Cli) -> Cli:
    cli.ok("award", "add", "VOCA-FFY20", "--source", "VOCA", "--fy", "FFY2020",
           "--amount", "100000", "--end", "2020-12-31")  # fmt: skip
    cli.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "FFY2020",
           "--amount", "500000", "--end", "2021-03-15")  # fmt: skip
    cli.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    cli.ok("subgrantee", "add", "STREETSAFE", "--name", "Street Safe")
    for code, award, grantee, amount, start, end in (
        ("LL-VOCA", "VOCA-FFY20", "LIFELINK", "40000", "2019-11-15", None),
        ("SS-VOCA", "VOCA-FFY20", "STREETSAFE", "29999.99", "2020-01-01", "2020-06-30"),
        ("VOIDED-VOCA", "VOCA-FFY20", "STREETSAFE", "30000", None, None),
        ("LL-DOJ", "DOJ-2020", "LIFELINK", "30000.00", "2020-01-31", None),
    ):
        period = [*(["--start", start] if start else []), *(["--end", end] if end else [])]
        cli.ok("subgrant", "add", code, "--award", award, "--subgrantee", grantee,
               "--amount", amount, *period)  # fmt: skip
    entry = next(
        e["id"]
        for e in cli.json("log")
        if e["kind"] == "subgrant" and e["subgrant"] == "VOIDED-VOCA"
    )
    cli.ok("void", str(entry), "--reason", "recorded against the wrong award")
    return cli
