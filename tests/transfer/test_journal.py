"""``fundtrack export ledger``: hledger and ledger read it and agree with fundtrack's figures."""

from __future__ import annotations

import csv
import io
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from fundtrack.ledger import kinds
from support import Cli, require_tool

pytestmark = pytest.mark.hledger


def books_with_voids(cli: Cli) -> None:
    cli.ok(
        "award", "add", "VOCA-FFY17", "--source", "VOCA", "--fy", "FFY2017", "--amount", "439000"
    )
    cli.ok("subgrantee", "add", "LIFELINK", "--name", "The Life Link")
    cli.ok("subgrant", "add", "TLL-V17", "--award", "VOCA-FFY17", "--subgrantee", "LIFELINK",
           "--amount", "120000")  # fmt: skip
    cli.ok("subgrant", "add", "TLL-GONE", "--award", "VOCA-FFY17", "--subgrantee", "LIFELINK",
           "--amount", "5")  # fmt: skip
    payments = [
        ("LP-FY20", "rent", "850", "2019-11-01"),
        ("LP-FY20", "travel", "1200.50", "2019-12-01"),
        ("NMILC-FY20", "civil-legal", "5000", "2020-01-10"),
        ("TLL-V17", "relocation", "2500.01", "2018-03-01"),
        ("TLL-V17", "rent", "10", "2019-03-01"),
    ]
    for subgrant, category, amount, day in payments:
        cli.ok("disburse", "--subgrant", subgrant, "--client", "LP-0001", "--category", category,
               "--amount", amount, "--date", day, "--memo", "note; with = and ,")  # fmt: skip
    log = cli.json("log")
    cli.ok("void", str(log[-1]["id"]), "--reason", "keyed twice; sorry")
    gone = next(e["id"] for e in log if e["subgrant"] == "TLL-GONE")
    cli.ok("void", str(gone), "--reason", "withdrawn")
    # Services move no money: the journal keeps them as comments, every figure unchanged.
    cli.ok("serve", "--subgrant", "TLL-V17", "--client", "LP-0001", "--date", "2018-04-01",
           "--memo", "advocacy; court")  # fmt: skip
    cli.ok("serve", "--subgrant", "LP-FY20", "--client", "LP-0001", "--date", "2019-11-02",
           "--category", "rent")  # fmt: skip
    cli.ok("void", str(cli.json("log")[-1]["id"]), "--reason", "entered twice")
    # Amendments post like the award and subgrant they change, by their signed amount.
    cli.ok("award", "amend", "VOCA-FFY17", "--amount", "440000", "--effective", "2018-05-01",
           "--reason", "supplemental award")  # fmt: skip
    cli.ok("subgrant", "amend", "TLL-V17", "--amount", "121000", "--effective", "2018-05-01",
           "--reason", "mid-year increase")  # fmt: skip
    cli.ok("subgrant", "amend", "TLL-V17", "--amount", "120500", "--effective", "2018-06-01",
           "--reason", "cut")  # fmt: skip


def expected(cli: Cli) -> dict[str, Decimal]:
    """fundtrack's own figures, under the journal's account names."""
    figures: dict[str, Decimal] = defaultdict(Decimal)
    for a in cli.json("award", "list"):
        code = a["award"]
        figures[f"sources:{a['source']}:{code}"] = -Decimal(a["amount"])
        figures[f"allocated:{code}"] = Decimal(a["allocated"])
        figures[f"remaining:{code}:unallocated"] = Decimal(a["unallocated"])
        figures[f"disbursed:{code}"] = Decimal(a["disbursed"])
        figures[f"remaining:{code}"] = Decimal(a["remaining"])
    for g in cli.json("subgrant", "list"):
        where = f"{g['award']}:{g['subgrant']}"
        figures[f"allocated:{where}"] = Decimal(g["amount"])
        figures[f"disbursed:{where}"] = Decimal(g["disbursed"])
        figures[f"remaining:{where}"] = Decimal(g["remaining"])
        for c in g["by_category"]:
            figures[f"disbursed:{where}:{c['category']}"] = Decimal(c["disbursed"])
    return figures


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def journal(books: Cli, tmp_path: Path) -> Path:
    books_with_voids(books)
    path = tmp_path / "books.journal"
    assert books.ok("export", "ledger", "-o", str(path)).stdout == (
        f"Wrote {len(books.json('log'))} entries to {path}.\n"
    )
    return path


def test_hledger_balances_match_fundtrack(books: Cli, tmp_path: Path) -> None:
    require_tool("hledger")
    path = journal(books, tmp_path)
    out = run("hledger", "-f", str(path), "balance", "--tree", "--no-elide", "-E", "-O", "csv")
    balances = {
        row["account"]: Decimal(row["balance"].removesuffix(" USD") or "0")
        for row in csv.DictReader(io.StringIO(out))
        if row["account"] != "total"
    }
    figures = expected(books)
    assert {k: balances.get(k, Decimal(0)) for k in figures} == figures
    assert figures["remaining:CVRC-HT-FY20"] == Decimal("142949.50")
    assert figures["allocated:VOCA-FFY17"] == Decimal("120500.00")  # amended: +1,000 -500
    assert figures["sources:VOCA:VOCA-FFY17"] == Decimal("-440000.00")  # amended: +1,000
    # Every entry is one transaction whose code is the entry id.
    codes = run("hledger", "-f", str(path), "print", "-O", "csv")
    ids = {row["code"] for row in csv.DictReader(io.StringIO(codes))}
    log = books.json("log")
    silent = {"service", *kinds.fact_kinds()}  # no money moves: comment blocks
    assert ids == {str(e["id"]) for e in log if e["kind"] not in silent}
    # A service (and its void) moves no money: a comment block under its own id.
    text = path.read_text(encoding="utf-8")
    services = [e for e in log if e["kind"] == "service"]
    assert len(services) == 3
    assert all(f"\n; {e['date']} ({e['id']}) " in text for e in services)


def test_ledger_balances_match_fundtrack(books: Cli, tmp_path: Path) -> None:
    require_tool("ledger")
    path = journal(books, tmp_path)
    out = run(
        "ledger", "-f", str(path), "balance", "--flat", "--no-total", "--empty",
        "--balance-format", "%(account)|%(quantity(display_total))\n",
    )  # fmt: skip
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in out.splitlines():
        account, _, amount = line.partition("|")
        parts = account.split(":")
        for depth in range(2, len(parts) + 1):  # ledger lists leaves; add up their parents
            totals[":".join(parts[:depth])] += Decimal(amount or "0")
    figures = expected(books)
    assert {k: totals.get(k, Decimal(0)) for k in figures} == figures


def test_hledger_strict_checks_pass_and_dates_are_in_order(books: Cli, tmp_path: Path) -> None:
    require_tool("hledger")
    path = journal(books, tmp_path)
    for check in (["check", "ordereddates"], ["check", "--strict"]):
        done = subprocess.run(["hledger", "-f", str(path), *check], capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (0, ""), check
    printed = csv.DictReader(io.StringIO(run("hledger", "-f", str(path), "print", "-O", "csv")))
    days = [(row["date"], int(row["code"])) for row in printed]
    assert days == sorted(days)  # by date, and by entry id within a day
    # The TLL-V17 payment of 2018-03-01 was recorded after those of 2019, yet comes first.
    paid = {day: code for day, code in days}
    assert paid["2018-03-01"] > paid["2019-11-01"]


def test_every_transaction_balances_so_the_journal_totals_zero(books: Cli, tmp_path: Path) -> None:
    require_tool("hledger")
    path = journal(books, tmp_path)
    out = run("hledger", "-f", str(path), "balance", "-O", "csv")
    total = next(row for row in csv.DictReader(io.StringIO(out)) if row["account"] == "total")
    assert Decimal(total["balance"].removesuffix(" USD") or "0") == 0
    real = run("hledger", "-f", str(path), "balance", "--real", "-O", "csv")
    assert real == out  # no virtual postings left out of the balance


def test_ledger_accepts_the_journal_pedantically(books: Cli, tmp_path: Path) -> None:
    require_tool("ledger")
    path = journal(books, tmp_path)
    done = subprocess.run(
        ["ledger", "-f", str(path), "--pedantic", "balance", "--no-total"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_a_service_is_a_comment_block_in_its_place(books: Cli, tmp_path: Path) -> None:
    text = journal(books, tmp_path).read_text(encoding="utf-8")
    [service] = [e for e in books.json("log") if e["kind"] == "service" and e["memo"]]
    start = text.index(f"; 2018-04-01 ({service['id']}) service TLL-V17")
    block = text[start : text.index("\n\n", start)].splitlines()
    assert block[0] == (f"; 2018-04-01 ({service['id']}) service TLL-V17 (no money moved)")
    assert block[1].startswith(";     recorded ")
    assert block[2] == ";     memo: advocacy; court"
    assert "LP-0001" not in text  # the journal names no client, as for disbursements


def test_the_journal_lists_each_amendment_by_its_signed_change(books: Cli, tmp_path: Path) -> None:
    require_tool("hledger")
    path = journal(books, tmp_path)
    amendments = [e for e in books.json("log") if e["kind"].endswith("-amendment")]
    assert [(e["kind"], e["amount"], e["reason"]) for e in amendments] == [
        ("award-amendment", "1000.00", "supplemental award"),
        ("subgrant-amendment", "1000.00", "mid-year increase"),
        ("subgrant-amendment", "-500.00", "cut"),
    ]
    printed = csv.DictReader(io.StringIO(run("hledger", "-f", str(path), "print", "-O", "csv")))
    posted: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for row in printed:
        posted[row["code"]].append((row["account"], Decimal(row["amount"] or "0")))
    assert sorted(posted[str(amendments[0]["id"])]) == [
        ("remaining:VOCA-FFY17:unallocated", Decimal("1000.00")),
        ("sources:VOCA:VOCA-FFY17", Decimal("-1000.00")),
    ]
    # The cut hands $500.00 back from TLL-V17 to the award's unallocated money.
    assert sorted(posted[str(amendments[2]["id"])]) == [
        ("allocated-offset:VOCA-FFY17:TLL-V17", Decimal("500.00")),
        ("allocated:VOCA-FFY17:TLL-V17", Decimal("-500.00")),
        ("remaining:VOCA-FFY17:TLL-V17", Decimal("-500.00")),
        ("remaining:VOCA-FFY17:unallocated", Decimal("500.00")),
    ]
    text = path.read_text(encoding="utf-8")
    assert f"2018-06-01 * ({amendments[2]['id']}) subgrant-amendment TLL-V17\n" in text
    checked = subprocess.run(["hledger", "-f", str(path), "check", "--strict"], capture_output=True)
    assert checked.returncode == 0, checked.stderr
