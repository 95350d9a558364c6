"""Write the demo's synthetic per-client detail: clients.csv, disbursements.csv, services.csv.

The seed documents publish totals and client counts, never a single client's payments. This
script makes up per-client payments from a fixed random seed so that they add up *exactly*,
to the cent, to what is published, and marks every one of them "synthetic" in its memo:

* FY2019 CVRC-HT: 29 clients used $84,811.69 (La Pinon: rent, relocation, travel, pecuniary
  loss, loss of wages); $50,188.31 civil legal assistance (NM Immigrant Law Center) went to
  clients among those 29. Source: CVRC fact sheet.
* FY2020 CVRC-HT: 86 clients used $99,811.69 (La Pinon: the same categories plus crisis
  stabilization); $50,188.31 civil legal assistance to clients among those 86. Source:
  NMHTTF partner fact sheet.
* The Life Link, DOJ-funded: "over the past two years ... comprehensive services to 207 human
  trafficking survivors" (NMHTTF partner fact sheet, FY20 figures). No dollar amount is
  published, so each survivor is recorded as ONE service without payment (services.csv), no
  category, dated 2018-10-01..2020-09-30: counted as served, no money invented. The whole
  award stays unspent.

The subgrant amounts and periods are read from subgrants.csv, so the published totals are
written in one place. All arithmetic is in integer cents. Run it from anywhere:

    python data/generate.py

It rewrites clients.csv, disbursements.csv and services.csv next to itself; tests check that
the committed files equal its output.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20201001  # fixed: the same files on every run

#: Dollar ranges the synthetic amounts are drawn from, before they are scaled to the total.
WEIGHTS = {
    "crisis-stabilization": (150, 900),
    "rent": (600, 2400),
    "relocation": (300, 2500),
    "travel": (40, 600),
    "pecuniary-loss": (100, 1500),
    "lost-wages": (200, 2000),
    "civil-legal": (800, 6000),
}


@dataclass(frozen=True)
class ClientYear:
    """What one fiscal year's published figures say about the clients of two subgrants."""

    label: str
    clients: int
    ref_prefix: str
    assistance: str  # the La Pinon subgrant
    categories: tuple[str, ...]
    legal: str  # the NM Immigrant Law Center subgrant
    source: str  # the seed document, by title


YEARS = (
    ClientYear(
        label="FY2019",
        clients=29,
        ref_prefix="HT-19",
        assistance="LP-FY19",
        categories=("rent", "relocation", "travel", "pecuniary-loss", "lost-wages"),
        legal="NMILC-FY19",
        source="CVRC fact sheet",
    ),
    ClientYear(
        label="FY2020",
        clients=86,
        ref_prefix="HT-20",
        assistance="LP-FY20",
        categories=(
            "crisis-stabilization",
            "rent",
            "relocation",
            "travel",
            "pecuniary-loss",
            "lost-wages",
        ),
        legal="NMILC-FY20",
        source="NMHTTF partner fact sheet",
    ),
)

LIFE_LINK = "LL-DOJ-2018"
LIFE_LINK_SURVIVORS = 207
LIFE_LINK_FIRST, LIFE_LINK_LAST = date(2018, 10, 1), date(2020, 9, 30)


@dataclass(frozen=True)
class Subgrant:
    code: str
    cents: int
    start: date
    end: date


@dataclass(frozen=True)
class Row:
    day: date
    subgrant: str
    client: str
    category: str
    cents: int
    memo: str


def cents(text: str) -> int:
    """Plain ``1234.56`` as integer cents, without ever passing through a float."""
    whole, _, frac = text.strip().partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0")[:2])


def money(amount: int) -> str:
    return f"{amount // 100}.{amount % 100:02d}"


def read_csv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def read_subgrants(path: Path) -> dict[str, Subgrant]:
    """Each subgrant's amount and period; an empty period is its award's."""
    awards = {row["code"]: row for row in read_csv(path.parent / "awards.csv")}
    found = {}
    for row in read_csv(path):
        award = awards[row["award"]]
        if not (row["start"] or award["start"]):
            assert award["source"] == "CVRC-HT", "only state awards may leave the period empty"
        start = row["start"] or award["start"] or _state_year_start(award["fy"])
        end = row["end"] or award["end"] or _state_year_end(award["fy"])
        found[row["code"]] = Subgrant(
            row["code"], cents(row["amount"]), date.fromisoformat(start), date.fromisoformat(end)
        )
    return found


def _state_year_start(fy: str) -> str:
    return f"{int(fy[-4:]) - 1}-07-01"


def _state_year_end(fy: str) -> str:
    return f"{int(fy[-4:])}-06-30"


def apportion(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` cents in proportion to ``weights``; the parts add up to ``total``.

    Largest remainder: everyone gets the floor of their share, and the cents left over go
    to the largest fractions (earlier rows first on a tie).
    """
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    by_fraction = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_fraction[: total - sum(shares)]:
        shares[i] += 1
    return shares


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def client_year_rows(
    rng: random.Random, year: ClientYear, grants: dict[str, Subgrant]
) -> list[Row]:
    """Payments for one fiscal year's clients: every client assisted, some also given legal aid."""
    assist, legal = grants[year.assistance], grants[year.legal]
    refs = [f"{year.ref_prefix}-{n:04d}" for n in range(1, year.clients + 1)]
    first_seen = {
        ref: random_day(rng, assist.start, assist.end - timedelta(days=60)) for ref in refs
    }
    # 1-4 payments each; every published category is used at least once in the year.
    slots = [ref for ref in refs for _ in range(1 + rng.randrange(4))]
    categories = list(year.categories)
    categories += [rng.choice(year.categories) for _ in range(len(slots) - len(categories))]
    rng.shuffle(categories)
    memo = f"synthetic: {year.label} client assistance (total published in the {year.source})"
    rows = _spread(rng, assist, slots, categories, first_seen, memo)
    # Civil legal assistance for a third to a half of the same year's clients.
    helped = sorted(rng.sample(refs, rng.randrange(year.clients // 3, year.clients // 2 + 1)))
    slots = [ref for ref in helped for _ in range(1 + rng.randrange(2))]
    memo = f"synthetic: {year.label} civil legal assistance (total published in the {year.source})"
    rows += _spread(rng, legal, slots, ["civil-legal"] * len(slots), first_seen, memo)
    return rows


def _spread(
    rng: random.Random,
    grant: Subgrant,
    slots: list[str],
    categories: list[str],
    first_seen: dict[str, date],
    memo: str,
) -> list[Row]:
    """One row per slot, amounts drawn by category and scaled to the subgrant's amount."""
    weights = [rng.randrange(*WEIGHTS[category]) for category in categories]
    amounts = apportion(grant.cents, weights)
    rows = []
    for client, category, amount in zip(slots, categories, amounts, strict=True):
        days_left = (grant.end - first_seen[client]).days
        day = first_seen[client] + timedelta(days=rng.randrange(min(90, days_left) + 1))
        rows.append(Row(day, grant.code, client, category, amount, memo))
    return rows


def life_link_rows(rng: random.Random, grant: Subgrant) -> list[Row]:
    """One service without payment per survivor: counted as served, no money invented."""
    assert grant.start <= LIFE_LINK_FIRST and grant.end >= LIFE_LINK_LAST
    memo = (
        "synthetic: a survivor served; the NMHTTF partner fact sheet publishes the count "
        "(207 in two years) but no amounts"
    )
    return [
        Row(
            random_day(rng, LIFE_LINK_FIRST, LIFE_LINK_LAST), grant.code, f"LL-{n:04d}", "", 0, memo
        )
        for n in range(1, LIFE_LINK_SURVIVORS + 1)
    ]


CLIENTS_HEADER = """\
# Clients: opaque references only, never derived from personal data. SYNTHETIC: the seed
# documents publish counts, not people; these references were made up by generate.py.
#   HT-19-0001..0029: the 29 FY2019 CVRC-HT clients (CVRC fact sheet).
#   HT-20-0001..0086: the 86 FY2020 CVRC-HT clients (NMHTTF partner fact sheet).
#   LL-0001..0207: the 207 survivors The Life Link served in two years with DOJ funding
#     (NMHTTF partner fact sheet).
# Generated by generate.py (fixed seed); edit the script, not this file.
"""

DISBURSEMENTS_HEADER = """\
# Disbursements. SYNTHETIC per-client detail (every memo says so), generated by generate.py
# from a fixed seed; the totals and client counts are the published ones, to the cent:
#   LP-FY19 $84,811.69 to 29 clients; NMILC-FY19 $50,188.31 civil legal to some of those 29
#     (CVRC fact sheet, FY19 State HT Funds).
#   LP-FY20 $99,811.69 to 86 clients; NMILC-FY20 $50,188.31 civil legal to some of those 86
#     (NMHTTF partner fact sheet, FY20 State HT Funds).
# The Life Link's 207 survivors are not here: no amounts are published, so they are
#   services without payment (services.csv).
# Which client got what, when, and in which category is made up; only the sums are real.
# Edit generate.py and re-run it rather than editing this file.
"""

SERVICES_HEADER = """\
# Services without payment. SYNTHETIC dates, generated by generate.py from a fixed seed:
#   LL-DOJ-2018: The Life Link served 207 survivors Oct 2018..Sep 2020 with DOJ funding
#     (NMHTTF partner fact sheet, "over the past two years"). No amounts are published, so
#     each survivor is one service: counted as served, no money moved, no category claimed.
# When each was served is made up; only the count is real.
# Edit generate.py and re-run it rather than editing this file.
"""


def render() -> dict[str, str]:
    """The two generated files' contents, by file name."""
    rng = random.Random(SEED)
    grants = read_subgrants(HERE / "subgrants.csv")
    rows: list[Row] = []
    for year in YEARS:
        rows += client_year_rows(rng, year, grants)
    services = life_link_rows(rng, grants[LIFE_LINK])
    rows.sort(key=lambda r: (r.day, r.subgrant, r.client, r.category, r.cents))
    services.sort(key=lambda r: (r.day, r.subgrant, r.client))
    clients = sorted({r.client for r in rows + services})

    out = io.StringIO()
    out.write(CLIENTS_HEADER)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["client"])
    writer.writerows([ref] for ref in clients)
    clients_csv = out.getvalue()

    out = io.StringIO()
    out.write(DISBURSEMENTS_HEADER)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "subgrant", "client", "category", "amount", "memo"])
    for r in rows:
        writer.writerow(
            [r.day.isoformat(), r.subgrant, r.client, r.category, money(r.cents), r.memo]
        )
    disbursements_csv = out.getvalue()

    out = io.StringIO()
    out.write(SERVICES_HEADER)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "subgrant", "client", "category", "reference", "memo"])
    writer.writerows([r.day.isoformat(), r.subgrant, r.client, "", "", r.memo] for r in services)
    return {
        "clients.csv": clients_csv,
        "disbursements.csv": disbursements_csv,
        "services.csv": out.getvalue(),
    }


def main() -> None:
    for name, text in render().items():
        (HERE / name).write_text(text)
        print(f"wrote {HERE / name} ({text.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
