"""A realistic synthetic workload for the benchmark, as the CSV files `fundtrack import` reads.

Ten fiscal years (FY2016..FY2025) of books in both calendars:

* every year a state appropriation (``CVRC-HT``, state calendar) with two subgrants: La Pinon
  for client assistance and the NM Immigrant Law Center for civil legal assistance (budgeted
  to that one category);
* every year a VOCA award (federal calendar, available for three more years) with a Street
  Safe subgrant budgeted per category;
* every year a three-year DOJ award to The Life Link.

That is 30 awards and 40 subgrants over six subgrantees, with all seven categories. ``rows``
disbursements are spread evenly over the state fiscal years, in date order (as monthly files
arrive), each from a subgrant whose period covers its date; every subgrantee draws on its own
pool of clients, so clients are served many times. Each subgrant's amount is what its
disbursements add up to plus some headroom, and each award holds its subgrants plus an
unallocated part, so every row imports and balances are never negative.

Everything follows from ``seed``: the same seed and row count give byte-identical files.
Nothing here is real data; client references are made up (``LP-000042``).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FIRST_YEAR = 2016
LAST_YEAR = 2025
SEED = 2020
CATEGORIES = (
    "civil-legal",
    "crisis-stabilization",
    "lost-wages",
    "pecuniary-loss",
    "relocation",
    "rent",
    "travel",
)
CLIENT_SERVICES = CATEGORIES[1:]
SUBGRANTEES = (
    ("LAPINON", "La Pinon Sexual Assault Recovery Services"),
    ("NMILC", "NM Immigrant Law Center"),
    ("LIFELINK", "The Life Link"),
    ("STREETSAFE", "Street Safe New Mexico"),
    ("NMAG", "NM Attorney General's Office"),
    ("ENLACE", "Enlace Comunitario"),
)
KINDS = ("awards", "subgrantees", "subgrants", "disbursements")


@dataclass
class Plan:
    """One subgrant of the workload and what its disbursements add up to."""

    code: str
    award: str
    subgrantee: str
    clients: str
    start: date
    end: date
    categories: tuple[str, ...]
    budgeted: bool
    rows: int = 0
    cents: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def budget(self) -> dict[str, int]:
        """Budget per category in cents (10% over what is spent); empty when not budgeted."""
        if not self.budgeted:
            return {}
        return {c: _headroom(self.by_category.get(c, 0), 10) for c in self.categories}

    @property
    def amount(self) -> int:
        """The subgrant's amount in cents: what is spent plus 5%, or its budgets' sum."""
        if self.budgeted:
            return sum(self.budget.values())
        return _headroom(self.cents, 5)


@dataclass(frozen=True)
class AwardPlan:
    code: str
    source: str
    fiscal_year: int
    start: date | None
    end: date | None
    name: str


@dataclass(frozen=True)
class Workload:
    """The files written, and the totals a test or a report should find in them."""

    folder: Path
    rows: int
    seed: int
    awards: tuple[AwardPlan, ...]
    subgrants: tuple[Plan, ...]
    clients: int
    cents: int
    per_year: dict[int, int]

    def file(self, kind: str) -> Path:
        return self.folder / f"{kind}.csv"

    @property
    def last_day(self) -> date:
        return date(LAST_YEAR, 6, 30)

    def open_subgrant(self) -> Plan:
        """A subgrant open on the last day with money left: where a new disbursement goes."""
        return next(p for p in self.subgrants if p.code == f"LP-FY{LAST_YEAR % 100:02d}")


def _headroom(cents: int, percent: int) -> int:
    """``cents`` plus ``percent``, rounded up to whole hundreds of dollars (at least $100)."""
    raised = cents + cents * percent // 100 + 1
    return max(10_000, -(-raised // 10_000) * 10_000)


def plan_books() -> tuple[list[AwardPlan], list[Plan]]:
    awards: list[AwardPlan] = []
    plans: list[Plan] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        yy = f"{year % 100:02d}"
        state_start, state_end = date(year - 1, 7, 1), date(year, 6, 30)
        federal_start = date(year - 1, 10, 1)
        awards.append(
            AwardPlan(f"CVRC-HT-FY{yy}", "CVRC-HT", year, None, None, f"HT appropriation FY{year}")
        )
        plans.append(
            Plan(
                f"LP-FY{yy}",
                f"CVRC-HT-FY{yy}",
                "LAPINON",
                "LP",
                state_start,
                state_end,
                CLIENT_SERVICES,
                False,
            )
        )
        plans.append(
            Plan(
                f"NMILC-FY{yy}",
                f"CVRC-HT-FY{yy}",
                "NMILC",
                "IL",
                state_start,
                state_end,
                ("civil-legal",),
                True,
            )
        )
        awards.append(AwardPlan(f"VOCA-FFY{yy}", "VOCA", year, None, None, f"VOCA FFY{year}"))
        plans.append(
            Plan(
                f"SS-VOCA-FFY{yy}",
                f"VOCA-FFY{yy}",
                "STREETSAFE",
                "SS",
                federal_start,
                date(year + 3, 9, 30),
                CATEGORIES,
                True,
            )
        )
        doj_end = date(year + 2, 9, 30)
        awards.append(
            AwardPlan(f"DOJ-{year}", "DOJ", year, federal_start, doj_end, f"DOJ award {year}")
        )
        plans.append(
            Plan(
                f"LL-DOJ-{year}",
                f"DOJ-{year}",
                "LIFELINK",
                "LL",
                federal_start,
                doj_end,
                CATEGORIES,
                False,
            )
        )
    return awards, plans


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _disbursements(
    rows: int, plans: list[Plan], rng: random.Random, pool: int
) -> Iterator[list[str]]:
    """``rows`` disbursements in date order over FY(FIRST)..FY(LAST), updating the plans."""
    first, last = date(FIRST_YEAR - 1, 7, 1), date(LAST_YEAR, 6, 30)
    days = (last - first).days + 1
    open_on: dict[int, list[Plan]] = {}
    for i in range(rows):
        offset = i * days // rows
        day = first + timedelta(days=offset)
        if offset not in open_on:
            open_on.clear()
            open_on[offset] = [p for p in plans if p.start <= day <= p.end]
        plan = rng.choice(open_on[offset])
        category = rng.choice(plan.categories)
        cents = rng.randint(2_500, 250_000)
        plan.rows += 1
        plan.cents += cents
        plan.by_category[category] = plan.by_category.get(category, 0) + cents
        client = f"{plan.clients}-{rng.randrange(pool):06d}"
        memo = "synthetic benchmark row" if i % 10 == 0 else ""
        yield [
            day.isoformat(),
            plan.code,
            client,
            category,
            _money(cents),
            f"CHK-{i + 1:07d}",
            memo,
        ]


def generate(folder: Path, rows: int, seed: int = SEED) -> Workload:
    """Write awards, subgrantees, subgrants and ``rows`` disbursements as CSV into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    awards, plans = plan_books()
    pool = max(5, rows // 40)  # per subgrantee's client prefix: each client served ~10 times
    clients: set[str] = set()
    total = 0
    per_year: dict[int, int] = {}
    with (folder / "disbursements.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "subgrant", "client", "category", "amount", "reference", "memo"])
        for row in _disbursements(rows, plans, rng, pool):
            writer.writerow(row)
            clients.add(row[2])
            total += int(row[4].replace(".", ""))
            year = int(row[0][:4]) + (row[0][5:7] >= "07")
            per_year[year] = per_year.get(year, 0) + 1
    _write(folder / "subgrantees.csv", ["code", "name"], [list(s) for s in SUBGRANTEES])
    _write(
        folder / "subgrants.csv",
        ["code", "award", "subgrantee", "amount", "start", "end", "budget"],
        [
            [
                p.code,
                p.award,
                p.subgrantee,
                _money(p.amount),
                p.start.isoformat(),
                p.end.isoformat(),
                "; ".join(f"{c}={_money(b)}" for c, b in p.budget.items()),
            ]
            for p in plans
        ],
    )
    allocated: dict[str, int] = {}
    for p in plans:
        allocated[p.award] = allocated.get(p.award, 0) + p.amount
    _write(
        folder / "awards.csv",
        ["code", "source", "fy", "amount", "start", "end", "number", "name"],
        [
            [
                a.code,
                a.source,
                f"FY{a.fiscal_year}",
                _money(_headroom(allocated[a.code], 5)),
                a.start.isoformat() if a.start else "",
                a.end.isoformat() if a.end else "",
                "",
                a.name,
            ]
            for a in awards
        ],
    )
    return Workload(folder, rows, seed, tuple(awards), tuple(plans), len(clients), total, per_year)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a benchmark workload as CSV files.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=SEED)
    made = generate(parser.parse_args().folder, parser.parse_args().rows, parser.parse_args().seed)
    print(
        f"{made.rows} disbursements, {made.clients} clients, ${_money(made.cents)} in {made.folder}"
    )
