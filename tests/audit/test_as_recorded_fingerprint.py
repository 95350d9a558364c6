"""``--as-recorded ID:HASH`` verifies the books as they stood at entry ID before a report is
made from them: the entries up to it, and the terms they carry against the tables read.

Each test changes the books the way a person with direct database access could (the
append-only triggers out of the way), then asks for a report at the fingerprint taken before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import Cli, entries_of

Sql = Callable[..., list[Any]]


def fingerprint(cli: Cli) -> str:
    at = cli.as_recorded()
    return f"{at['entry']}:{at['hash']}"


def refused(cli: Cli, held: str, tmp_path: Path) -> str:
    target = tmp_path / "balances.xlsx"
    result = cli.run("report", "balances", "--as-recorded", held, "-o", str(target))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.stderr.count("\n") == 1 and not target.exists()
    return str(result.stderr)


def test_an_amount_changed_before_the_point_is_named(
    paid: Cli, tamper: Sql, tmp_path: Path
) -> None:
    held = fingerprint(paid)
    payment = entries_of(paid).paid
    tamper(f"UPDATE entry SET amount_cents = 85 WHERE id = {payment}")
    said = refused(paid, held, tmp_path)
    assert f"chain: entry {payment}: its content (amount, date, account" in said, said
    assert said.endswith("no report was made\n")


def test_a_term_changed_behind_the_chain_is_named(paid: Cli, tamper: Sql, tmp_path: Path) -> None:
    held = fingerprint(paid)
    tamper("UPDATE subgrantee SET name = 'Someone else' WHERE code = 'LAPINON'")
    said = refused(paid, held, tmp_path)
    assert 'chain: subgrantee LAPINON: name is "Someone else" in the table' in said, said


def test_entries_after_the_point_do_not_matter(paid: Cli, tamper: Sql) -> None:
    held = fingerprint(paid)
    before = paid.json("report", "balances", "--as-of", "2020-06-30")
    later = paid.entry(
        "disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
        "--amount", "10", "--date", "2020-01-02",
    )  # fmt: skip
    tamper(f"UPDATE entry SET amount_cents = 1000000 WHERE id = {later}")
    again = paid.json("report", "balances", "--as-of", "2020-06-30", "--as-recorded", held)
    assert again == before
    assert paid.run("check", "chain").exit_code != 0  # the books as they stand do not verify


def test_a_row_no_entry_named_is_not_in_the_books_as_they_stood(paid: Cli, tamper: Sql) -> None:
    """A client added behind fundtrack's back, with an id below those the chain named, is
    left out of the books as they stood (and named by `check` on the books as they stand)."""
    tamper(
        "INSERT INTO client (id, ref, recorded_at, recorded_by) "
        "VALUES (0, 'HIDDEN-1', '2020-01-01 00:00:00', 'nobody')"
    )
    held = fingerprint(paid)
    report = paid.json("report", "victims-served", "--as-recorded", held)
    assert report["as_recorded"]["entry"] == int(held.split(":")[0])
    found = paid.run("check", "chain")
    assert found.exit_code != 0 and "client HIDDEN-1: is in the table but was never" in found.stdout
