"""``fundtrack export``: CSV that imports back into a fresh database with the same balances."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from support import Cli, Databases

KINDS = ("subgrantees", "awards", "subgrants", "clients", "disbursements", "services")


def pay(cli: Cli, subgrant: str, client: str, category: str, amount: str, day: str, *more: str):
    return cli.ok(
        "disburse",
        "--subgrant",
        subgrant,
        "--client",
        client,
        "--category",
        category,
        "--amount",
        amount,
        "--date",
        day,
        "--new-client",
        *more,
    )


def standing(cli: Cli) -> dict[str, Any]:
    """Everything a round trip must keep: balances, and the records that stand."""
    log = cli.json("log")
    voided = {e["reverses"] for e in log if e["reverses"] is not None}
    paid = [
        (e["date"], e["subgrant"], e["client"], e["category"], e["amount"], e["memo"])
        for e in log
        if e["kind"] == "disbursement" and e["reverses"] is None and e["id"] not in voided
    ]
    services = [
        (e["date"], e["subgrant"], e["client"], e["category"], e["reference"], e["memo"])
        for e in log
        if e["kind"] == "service" and e["reverses"] is None and e["id"] not in voided
    ]
    return {
        "services": sorted(services, key=str),
        "awards": [
            {k: v for k, v in a.items() if k not in {"subgrants"}}
            for a in cli.json("award", "list")
        ],
        # A voided subgrant nets to $0.00 and is not exported (it holds no money).
        "subgrants": [s for s in cli.json("subgrant", "list") if s["amount"] != "0.00"],
        "subgrantees": cli.json("subgrantee", "list"),
        "clients": [c["client"] for c in cli.json("client", "list")],
        "disbursements": sorted(paid),
    }


def test_export_then_import_into_a_fresh_database_keeps_every_balance(
    books: Cli, databases: Databases, tmp_path: Path
) -> None:
    books.ok("award", "add", "DOJ-2018", "--source", "DOJ", "--fy", "2019", "--amount", "1750000")
    books.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    books.ok(
        "subgrant", "add", "TLL-DOJ", "--award", "DOJ-2018", "--subgrantee", "LIFELINK",
        "--amount", "500000", "--start", "2018-10-01", "--end", "2019-09-30",
    )  # fmt: skip
    books.ok("subgrant", "add", "TLL-X", "--award", "DOJ-2018", "--subgrantee", "LIFELINK",
             "--amount", "10")  # fmt: skip
    pay(books, "LP-FY20", "LP-0001", "rent", "850", "2019-11-01", "--memo", "=SUM(A1:A9)")
    pay(books, "LP-FY20", "LP-0002", "travel", "1200.50", "2019-11-15", "--reference", "+CHK-1")
    pay(books, "NMILC-FY20", "LP-0002", "civil-legal", "5000", "2020-01-10")
    pay(books, "TLL-DOJ", "TLL-7", "crisis-stabilization", "99.99", "2019-02-01")
    pay(books, "TLL-DOJ", "TLL-7", "crisis-stabilization", "1.00", "2019-02-02")
    log = books.json("log")
    books.ok("void", str(log[-1]["id"]), "--reason", "duplicate")
    subgrant_entry = next(
        e["id"] for e in log if e["kind"] == "subgrant" and e["subgrant"] == "TLL-X"
    )
    books.ok("void", str(subgrant_entry), "--reason", "never signed")
    books.ok("serve", "--subgrant", "TLL-DOJ", "--client", "TLL-7", "--date", "2019-03-01")
    books.ok("serve", "--subgrant", "LP-FY20", "--client", "LP-0003", "--date", "2019-12-01",
             "--category", "travel", "--reference", "CASE-1", "--memo", "court",
             "--new-client")  # fmt: skip
    books.ok("serve", "--subgrant", "LP-FY20", "--client", "LP-0003", "--date", "2019-12-02")
    books.ok("void", str(books.json("log")[-1]["id"]), "--reason", "no session held")
    before = standing(books)

    fresh = Cli(databases.initialised(), CliRunner(env={"COLUMNS": "120"}))
    for kind in KINDS:
        out = tmp_path / f"{kind}.csv"
        assert books.ok("export", kind, "-o", str(out)).stdout.startswith("Wrote ")
        fresh.ok("import", kind, str(out))
    after = standing(fresh)
    assert after == before
    assert len(after["disbursements"]) == 4
    assert len(after["subgrants"]) == 3
    assert after["services"] == [
        ("2019-03-01", "TLL-DOJ", "TLL-7", None, None, None),
        ("2019-12-01", "LP-FY20", "LP-0003", "travel", "CASE-1", "court"),
    ]
    assert "TLL-X" in [s["subgrant"] for s in books.json("subgrant", "list")]


def test_client_files_are_private_and_others_are_not(books: Cli, tmp_path: Path) -> None:
    pay(books, "LP-FY20", "LP-0001", "rent", "850", "2019-11-01")
    for kind, mode in (
        ("clients", 0o600),
        ("disbursements", 0o600),
        ("services", 0o600),
        ("awards", None),
    ):
        out = tmp_path / f"{kind}.csv"
        out.write_text("old")
        out.chmod(0o644)
        books.ok("export", kind, "-o", str(out))
        if mode is not None:
            assert stat.S_IMODE(out.stat().st_mode) == mode
        else:
            assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert (tmp_path / "disbursements.csv").read_text(encoding="utf-8") == (
        "date,subgrant,client,category,amount,reference,memo\n"
        "2019-11-01,LP-FY20,LP-0001,rent,850.00,,\n"
    )


def test_exports_print_to_stdout_with_plain_money_and_iso_dates(books: Cli) -> None:
    result = books.ok("export", "subgrants")
    assert result.stdout == (
        "code,award,subgrantee,amount,start,end,budget\n"
        "LP-FY20,CVRC-HT-FY20,LAPINON,99811.69,2019-07-01,2020-06-30,"
        "crisis-stabilization=34811.69; relocation=20000.00; rent=40000.00; travel=5000.00\n"
        "NMILC-FY20,CVRC-HT-FY20,NMILC,50188.31,2019-07-01,2020-06-30,\n"
    )
    assert books.ok("export", "awards").stdout == (
        "code,source,fy,amount,start,end,number,name\n"
        "CVRC-HT-FY20,CVRC-HT,2020,150000.00,2019-07-01,2020-06-30,,\n"
    )


def test_text_that_a_spreadsheet_would_run_is_exported_inert(
    books: Cli, databases: Databases, tmp_path: Path
) -> None:
    risky = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "plain"]
    for n, memo in enumerate(risky):
        pay(books, "LP-FY20", "LP-0001", "rent", "1", "2019-11-01", "--memo", memo,
            "--reference", f"=R{n}")  # fmt: skip
    books.ok("subgrantee", "add", "EVIL", "--name", "=cmd|' /C calc'!A0")
    text = books.ok("export", "disbursements").stdout
    memos = [row["memo"] for row in csv.DictReader(io.StringIO(text))]
    assert memos == ["'" + m for m in risky[:4]] + ["plain"]
    assert next(row["reference"] for row in csv.DictReader(io.StringIO(text))) == "'=R0"
    names = books.ok("export", "subgrantees").stdout.splitlines()
    assert names[-1] == "EVIL,'=cmd|' /C calc'!A0"
    # Importing the export gives back the text exactly as recorded.
    out = tmp_path / "d.csv"
    out.write_text(text, encoding="utf-8")
    fresh = Cli(databases.initialised(), CliRunner())
    for kind in ("subgrantees", "awards", "subgrants"):
        (tmp_path / f"{kind}.csv").write_text(books.ok("export", kind).stdout, encoding="utf-8")
        fresh.ok("import", kind, str(tmp_path / f"{kind}.csv"))
    fresh.ok("import", "disbursements", str(out), "--new-clients")
    assert [e["memo"] for e in fresh.json("log") if e["kind"] == "disbursement"] == risky
    assert next(s["name"] for s in fresh.json("subgrantee", "list")) == "=cmd|' /C calc'!A0"
