"""``fundtrack check closed``: an entry forced into a closed year (or onto a closed award)
behind fundtrack's back is named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support import Cli

#: A copy of the newest disbursement, appended with SQL as the next entry, dated ``{day}``.
FORCE = (
    "INSERT INTO entry (id, kind, amount_cents, entry_date, award_id, subgrant_id, category_id, "
    "client_id, recorded_at, recorded_by, prev_hash, hash, version) "
    "SELECT (SELECT MAX(id) FROM entry) + 1, kind, amount_cents, '{day}', award_id, "
    "subgrant_id, category_id, client_id, recorded_at, recorded_by, hash, hash, version "
    "FROM entry WHERE id = (SELECT MAX(id) FROM entry WHERE kind = 'disbursement')"
)

#: The ledger head moved to it, as a forger covering their tracks would.
HEAD = (
    "UPDATE ledger_head SET entry_id = (SELECT MAX(id) FROM entry), "
    "hash = (SELECT hash FROM entry WHERE id = (SELECT MAX(id) FROM entry))"
)


def _entry(cli: Cli, *args: str) -> int:
    return int(cli.json(*args)["entry"])


def test_an_entry_forced_into_a_closed_year_is_named(
    paid: Cli, tamper: Callable[..., list[Any]]
) -> None:
    paid.ok("close", "FY2020", "--reason", "FY2020 report filed")
    clean = paid.run("check", "closed")
    assert clean.exit_code == 0, clean.stdout
    [[(forced,)]] = tamper(FORCE.format(day="2020-06-15"), HEAD, "SELECT MAX(id) FROM entry")[2:]
    found = paid.run("check", "closed")
    assert found.exit_code == 1
    assert f"closed: entry {forced}: dated 2020-06-15 in FY2020, recorded after FY2020 was " in (
        found.stdout
    )
    assert "and it is still closed" in found.stdout


def test_an_entry_recorded_while_closed_stays_named_after_the_reopen(
    paid: Cli, tamper: Callable[..., list[Any]]
) -> None:
    paid.ok("close", "FY2020", "--reason", "FY2020 report filed")
    tamper(FORCE.format(day="2019-12-01"), HEAD)
    paid.ok("reopen", "FY2020", "--reason", "late invoice")
    paid.ok("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
            "--amount", "1", "--date", "2020-01-01")  # fmt: skip
    found = paid.run("check", "closed")
    assert found.exit_code == 1
    lines = [line for line in found.stdout.splitlines() if line.startswith("closed:")]
    assert len(lines) == 1 and "dated 2019-12-01 in FY2020" in lines[0]
    assert "before its reopen (entry " in lines[0]


def test_an_entry_forced_onto_a_closed_award_is_named(
    paid: Cli, tamper: Callable[..., list[Any]]
) -> None:
    close = _entry(paid, "award", "close", "CVRC-HT-FY20", "--reason", "period over")
    [[(forced,)]] = tamper(FORCE.format(day="2020-01-01"), HEAD, "SELECT MAX(id) FROM entry")[2:]
    found = paid.run("check", "closed")
    assert found.exit_code == 1
    assert f"closed: entry {forced}: names an award closed by entry {close}" in found.stdout
