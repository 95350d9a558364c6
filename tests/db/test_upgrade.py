"""Upgrading books kept by release 3918268 (schema 0002) in place, as a user would.

``tests/data/demo-0002.db.gz`` is that release's demo ledger (see ``tests/data/README.md``).
After ``fundtrack init`` every fingerprint issued before still verifies, the reports are the
ones that release gave, and the first entry after the upgrade is the snapshot of every term,
so a term changed afterwards is named.
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.conftest import raw_sql
from fundtrack.books.sources import SEED_RULES_REASON
from support import Cli

DATA = Path(__file__).parent.parent / "data"
FINGERPRINT = "574:4dc84d037cf38fbc005345d0ac197cdda68be9c4f5af69bcd88d9ba824895b97"


@pytest.fixture
def old_books(tmp_path: Path) -> Cli:
    """A private copy of the 0002 demo ledger (SQLite: the release made it so)."""
    folder = tmp_path / "books"
    folder.mkdir(mode=0o700)
    target = folder / "demo.db"
    with gzip.open(DATA / "demo-0002.db.gz") as packed, target.open("wb") as out:
        shutil.copyfileobj(packed, out)
    target.chmod(0o600)
    return Cli(str(target), CliRunner(env={"COLUMNS": "120"}))


def test_the_upgrade_keeps_every_fingerprint_and_takes_one_snapshot(old_books: Cli) -> None:
    upgraded = old_books.ok("init")
    assert upgraded.stdout.endswith("from schema 0002 to 0008.\n")

    held = old_books.run("check", "--fingerprint", FINGERPRINT)
    assert held.exit_code == 0, held.output
    assert held.stdout.startswith("Fingerprint: entry 577 ")
    log = old_books.json("log")
    assert len(log) == 577
    # The snapshot, then VOCA's and DOJ's federal rules, each with its reason.
    assert [line["kind"] for line in log[-3:]] == ["snapshot", "source", "source"]
    assert log[-3]["reason"] == "upgrade to schema 0006: terms as found"
    assert log[-1]["reason"] == SEED_RULES_REASON
    assert old_books.ok("init").stdout.endswith("is up to date (schema 0008).\n")
    assert len(old_books.json("log")) == 577  # one snapshot and one set of rules, never two


def test_the_reports_are_the_ones_the_release_gave(old_books: Cli) -> None:
    old_books.ok("init")
    _assert_the_release_reports(old_books)


def test_after_late_entries_the_release_reports_are_made_again_as_recorded(
    old_books: Cli,
) -> None:
    """The release's fingerprint, passed to ``--as-recorded``, gives its reports' figures after
    entries dated in the years they cover were recorded on the upgraded books."""
    old_books.ok("init")
    first_payment = next(e["id"] for e in old_books.json("log") if e["kind"] == "disbursement")
    old_books.ok("void", str(first_payment), "--reason", "keyed twice")
    old_books.ok("award", "amend", "CVRC-HT-FY20", "--amount", "175000", "--effective",
                 "2020-01-15", "--reason", "supplemental appropriation")  # fmt: skip
    with pytest.raises(AssertionError):
        _assert_the_release_reports(old_books)  # the figures moved
    point = _assert_the_release_reports(old_books, "--as-recorded", FINGERPRINT)
    assert f"{point['entry']}:{point['hash']}" == FINGERPRINT


def _assert_the_release_reports(cli: Cli, *options: str) -> dict[str, Any]:
    """The balances and victims served equal the release's JSON; returns the point named."""
    balances = cli.json("report", "balances", "--as-of", "2021-09-30", *options)
    victims = cli.json("report", "victims-served", "--fy", "FY16-FY21", *options)
    victims.pop("all_sources")  # a label the JSON form has carried since that release
    point = balances.pop("as_recorded")  # the last entry a report names: added since then
    assert victims.pop("as_recorded") == point
    assert _as_the_release_gave(balances) == json.loads(
        (DATA / "demo-0002-balances.json").read_text()
    )
    assert victims == json.loads((DATA / "demo-0002-victims-served.json").read_text())
    return dict(point)


def _as_the_release_gave(balances: dict[str, Any]) -> dict[str, Any]:
    """The balances as that release wrote them: without the lapse forecast added since, and
    with "at risk" (a status that outranks "ends within 90 days" and "active") read back as the
    status the release's rules gave."""
    for award in balances["awards"]:
        ahead = Decimal(award.pop("forecast_unspent"))
        if award["status"] == "at risk":
            assert ahead > 0
            days = (date.fromisoformat(award["end"]) - date.fromisoformat(balances["as_of"])).days
            award["status"] = "ends within 90 days" if days <= 90 else "active"
    return balances


def test_a_term_changed_after_the_upgrade_is_named(old_books: Cli) -> None:
    old_books.ok("init")
    raw_sql(
        old_books.url,
        "UPDATE category SET code = 'swap' WHERE code = 'rent'",
        "UPDATE category SET code = 'rent' WHERE code = 'travel'",
        "UPDATE category SET code = 'travel' WHERE code = 'swap'",
        guards_off=True,
    )
    result = old_books.run("check")
    assert result.exit_code == 1
    assert (
        'chain: category rent: code is "travel" in the table but "rent" in the chain (entry 575)'
    ) in result.stdout.splitlines()
