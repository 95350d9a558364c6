"""The benchmark's workload generator: deterministic, and its files add up."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def load_workload() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_workload", BENCHMARKS / "workload.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while building classes
    spec.loader.exec_module(module)
    return module


workload = load_workload()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as data:
        return list(csv.DictReader(data))


def cents(text: str) -> int:
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int(part.ljust(2, "0"))


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path):
    workload.generate(tmp_path / "one", 500, seed=7)
    workload.generate(tmp_path / "two", 500, seed=7)
    workload.generate(tmp_path / "three", 500, seed=8)
    for kind in workload.KINDS:
        name = f"{kind}.csv"
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    one = (tmp_path / "one" / "disbursements.csv").read_bytes()
    assert one != (tmp_path / "three" / "disbursements.csv").read_bytes()


def test_the_books_have_forty_subgrants_in_both_calendars_and_every_category(tmp_path):
    made = workload.generate(tmp_path, 3000)
    awards = rows(made.file("awards"))
    subgrants = rows(made.file("subgrants"))
    paid = rows(made.file("disbursements"))
    assert len(subgrants) == 40
    assert {a["source"] for a in awards} == {"CVRC-HT", "VOCA", "DOJ"}  # state and federal
    assert len({a["fy"] for a in awards}) == 10
    assert {p["category"] for p in paid} == set(workload.CATEGORIES)
    assert len(paid) == made.rows == 3000
    clients = {p["client"] for p in paid}
    assert len(clients) == made.clients < 3000 / 5  # clients come back many times
    assert sum(made.per_year.values()) == 3000


def test_every_disbursement_fits_its_subgrant_and_every_subgrant_its_award(tmp_path):
    made = workload.generate(tmp_path, 3000)
    awards = {a["code"]: cents(a["amount"]) for a in rows(made.file("awards"))}
    subgrants = {s["code"]: s for s in rows(made.file("subgrants"))}
    paid = rows(made.file("disbursements"))
    assert sum(cents(p["amount"]) for p in paid) == made.cents
    spent: dict[str, int] = {}
    by_category: dict[tuple[str, str], int] = {}
    for p in paid:
        grant = subgrants[p["subgrant"]]
        assert grant["start"] <= p["date"] <= grant["end"]
        spent[p["subgrant"]] = spent.get(p["subgrant"], 0) + cents(p["amount"])
        key = (p["subgrant"], p["category"])
        by_category[key] = by_category.get(key, 0) + cents(p["amount"])
    allocated: dict[str, int] = {}
    for code, grant in subgrants.items():
        assert spent.get(code, 0) < cents(grant["amount"])
        allocated[grant["award"]] = allocated.get(grant["award"], 0) + cents(grant["amount"])
        budget = dict(item.split("=") for item in grant["budget"].split("; ") if item)
        if budget:
            assert sum(cents(v) for v in budget.values()) == cents(grant["amount"])
            for category, limit in budget.items():
                assert by_category.get((code, category), 0) <= cents(limit)
    for code, amount in allocated.items():
        assert amount < awards[code]
    dates = [p["date"] for p in paid]
    assert dates == sorted(dates)
    assert date.fromisoformat(dates[-1]) <= made.last_day


def test_the_files_import_and_the_books_show_their_totals(tmp_path, cli):
    made = workload.generate(tmp_path, 400)
    for kind in ("awards", "subgrantees", "subgrants"):
        cli.ok("import", kind, str(made.file(kind)))
    cli.ok("import", "disbursements", str(made.file("disbursements")), "--new-clients")
    books = cli.json("report", "balances", "--as-of", made.last_day.isoformat())
    disbursed = sum(cents(a["disbursed"]) for a in books["awards"])
    assert disbursed == made.cents
    assert all(cents(a["remaining"]) > 0 for a in books["awards"])
    served = cli.json("report", "victims-served", "--fy", "2016..2025")
    overall = [r for r in served["rows"] if r["fiscal_year"] is None and r["source"] is None]
    assert overall == [{"fiscal_year": None, "source": None, "victims_served": made.clients}]
