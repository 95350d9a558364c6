"""The demo's data files: the generator is deterministic, and the committed files are its output.

The published totals are checked here straight from the CSV files (integer cents), so a
figure that drifts is caught before anything is imported; ``test_demo.py`` checks them again
through the reports.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import fundtrack

DATA = Path(fundtrack.__file__).resolve().parent / "demo_data"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_generate", DATA / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in (DATA / name).read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def cents(text: str) -> int:
    whole, _, frac = text.partition(".")
    assert len(frac) == 2, text
    return int(whole) * 100 + int(frac)


def test_the_generator_gives_the_same_files_every_time() -> None:
    generator = load_generator()
    assert generator.render() == generator.render()


def test_the_committed_files_are_the_generators_output() -> None:
    for name, text in load_generator().render().items():
        assert (DATA / name).read_text() == text, f"{name} is stale: run python data/generate.py"


def test_the_repository_data_folder_is_the_packaged_one() -> None:
    repo_data = Path(__file__).resolve().parent.parent / "data"
    assert repo_data.resolve() == DATA


def test_payments_add_up_to_the_published_totals_and_counts() -> None:
    total: dict[str, int] = defaultdict(int)
    clients: dict[str, set[str]] = defaultdict(set)
    for row in rows("disbursements.csv"):
        total[row["subgrant"]] += cents(row["amount"])
        clients[row["subgrant"]].add(row["client"])
        assert row["memo"].startswith("synthetic"), row
    assert total == {
        "LP-FY19": 8_481_169,
        "NMILC-FY19": 5_018_831,
        "LP-FY20": 9_981_169,
        "NMILC-FY20": 5_018_831,
    }
    for row in rows("services.csv"):
        assert (row["subgrant"], row["category"]) == ("LL-DOJ-2018", ""), row
        clients["LL-DOJ-2018"].add(row["client"])
        assert row["memo"].startswith("synthetic"), row
    assert len(clients["LP-FY19"] | clients["NMILC-FY19"]) == 29
    assert len(clients["LP-FY20"] | clients["NMILC-FY20"]) == 86
    assert len(clients["LL-DOJ-2018"]) == len(rows("services.csv")) == 207
    # data/README.md states how many of each year's clients had civil legal assistance.
    assert (len(clients["NMILC-FY19"]), len(clients["NMILC-FY20"])) == (12, 30)
    registered = {row["client"] for row in rows("clients.csv")}
    assert registered == set().union(*clients.values())


def test_every_payment_falls_in_its_subgrants_period_and_the_published_categories() -> None:
    periods = {
        "LP-FY19": ("2018-07-01", "2019-06-30"),
        "NMILC-FY19": ("2018-07-01", "2019-06-30"),
        "LP-FY20": ("2019-07-01", "2020-06-30"),
        "NMILC-FY20": ("2019-07-01", "2020-06-30"),
        "LL-DOJ-2018": ("2018-10-01", "2020-09-30"),
    }
    used: dict[str, set[str]] = defaultdict(set)
    for row in rows("disbursements.csv") + rows("services.csv"):
        first, last = periods[row["subgrant"]]
        assert first <= row["date"] <= last, row
        used[row["subgrant"]].add(row["category"])
    assert used["LP-FY19"] == {"rent", "relocation", "travel", "pecuniary-loss", "lost-wages"}
    assert used["LP-FY20"] == {
        "crisis-stabilization",
        "rent",
        "relocation",
        "travel",
        "pecuniary-loss",
        "lost-wages",
    }
    assert used["NMILC-FY19"] == used["NMILC-FY20"] == {"civil-legal"}
    assert used["LL-DOJ-2018"] == {""}  # services, no category claimed


def test_the_fy2019_appropriation_leaves_ten_thousand_dollars_unallocated() -> None:
    awards = {row["code"]: cents(row["amount"]) for row in rows("awards.csv")}
    allocated: dict[str, int] = defaultdict(int)
    for row in rows("subgrants.csv"):
        allocated[row["award"]] += cents(row["amount"])
    assert awards["CVRC-HT-FY19"] - allocated["CVRC-HT-FY19"] == 1_000_000
    assert awards["CVRC-HT-FY20"] - allocated["CVRC-HT-FY20"] == 0
