"""``fundtrack check``: one line when the books are sound, every problem named when not."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fundtrack.db import Database
from fundtrack.db.schema import HEAD
from fundtrack.ledger.append import fingerprint
from support import Cli, backend, entries_of, snapshot

Sql = Callable[..., list[Any]]


def newest(url: str) -> tuple[int, str]:
    return Database(url).read(fingerprint)


def test_clean_books_print_only_the_fingerprint(paid: Cli) -> None:
    e = entries_of(paid)
    paid.ok("void", str(e.paid), "--reason", "keyed the wrong client")
    before = snapshot(paid.url)
    result = paid.run("check")
    assert result.exit_code == 0
    entry_id, digest = newest(paid.url)
    assert (entry_id, len(digest)) == (e.paid + 1, 64)
    assert result.stdout == f"Fingerprint: entry {entry_id} {digest}\n"
    assert snapshot(paid.url) == before


def test_each_check_alone_is_clean_on_sound_books(paid: Cli) -> None:
    for name in ("chain", "balances", "periods", "voids", "clients", "schema", "permissions",
                 "integrity"):  # fmt: skip
        result = paid.run("check", name)
        assert result.exit_code == 0, (name, result.stdout)
        assert len(result.stdout.splitlines()) == 1


def test_an_amount_edited_behind_the_triggers_is_named(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    tamper(f"UPDATE entry SET amount_cents = 58000 WHERE id = {e.paid}")
    result = paid.run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"chain: entry {e.paid}: its content (amount, date, account, client, memo, terms or who "
        "recorded it) does not match its hash; it was changed after it was recorded\n"
    )
    assert result.stderr.endswith("1 problem found in the books.\n")


def test_a_tampered_entry_with_a_recomputed_hash_breaks_the_next_link(
    paid: Cli, tamper: Sql
) -> None:
    e = entries_of(paid)
    paid.ok("void", str(e.paid), "--reason", "wrong client")
    tamper("UPDATE entry SET hash = '" + "a" * 64 + f"' WHERE id = {e.paid}")
    out = paid.run("check", "chain").stdout.splitlines()
    assert out[0].startswith(f"chain: entry {e.paid}: its content")
    assert out[1].startswith(
        f"chain: entry {e.paid + 1}: its link to the entry before it is broken"
    )
    assert len(out) == 2


def test_removed_entries_leave_a_gap_and_a_stale_head(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    # A second payment: no terms to replay and no reversal pointing at it (a key on PostgreSQL).
    other = paid.entry(
        "disburse", "--subgrant", "NMILC-FY20", "--client", "LP-0001",
        "--category", "civil-legal", "--amount", "100", "--date", "2019-12-01",
    )  # fmt: skip
    void = paid.entry("void", str(e.paid), "--reason", "wrong client")
    tamper(f"DELETE FROM entry WHERE id = {other}")
    out = paid.run("check", "chain").stdout.splitlines()
    assert out == [
        f"chain: entry {void}: entry {other} is missing; entries are numbered without gaps",
        out[1],
    ]
    assert out[1].startswith(f"chain: entry {void}: its link to the entry before it is broken")
    tamper(f"DELETE FROM entry WHERE id = {void}")
    out = paid.run("check", "chain").stdout.splitlines()
    assert out[-1].startswith(
        f"chain: ledger head: the ledger head says the newest entry is {void} "
    )


def test_overspending_a_subgrant_is_found(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    tamper(f"UPDATE entry SET amount_cents = 9981170 WHERE id = {e.paid}")
    result = paid.run("check", "balances")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"balances: subgrant LP-FY20, entry {e.paid}: as of 2019-11-01 it has disbursed $0.01 "
        "more than its amount",
        f"balances: subgrant LP-FY20, entry {e.paid}: as of 2019-11-01 it has disbursed "
        "$59,811.70 more than its rent budget of $40,000.00",
    ]


def test_a_category_budget_overspent_is_found(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    tamper(f"UPDATE entry SET amount_cents = 4000001 WHERE id = {e.paid}")
    assert paid.run("check", "balances").stdout == (
        f"balances: subgrant LP-FY20, entry {e.paid}: as of 2019-11-01 it has disbursed $0.01 "
        "more than its rent budget of $40,000.00\n"
    )


def test_an_award_over_allocated_is_found(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    tamper(f"UPDATE entry SET amount_cents = 9981170 WHERE id = {e.lp}")
    assert paid.run("check", "balances").stdout == (
        f"balances: award CVRC-HT-FY20, entry {e.nmilc}: as of 2019-07-01 it has allocated to "
        "subgrants $0.01 more than its amount\n"
    )


def test_balances_hold_at_every_date_not_only_in_total(paid: Cli, tamper: Sql) -> None:
    """Money paid on 2019-11-01 from a subgrant whose amount is dated 2020-01-01 was
    overspent on 2019-11-01, even though the totals agree today."""
    e = entries_of(paid)
    tamper(
        f"UPDATE entry SET entry_date = '2020-01-01' WHERE id = {e.lp}",
        "UPDATE subgrant SET start_date = '2020-01-01' WHERE code = 'LP-FY20'",
    )
    out = paid.run("check", "balances").stdout
    assert out == (
        f"balances: subgrant LP-FY20, entry {e.paid}: as of 2019-11-01 it has disbursed "
        "$850.00 more than its amount\n"
    )
    assert paid.run("check", "periods").stdout == (
        f"periods: entry {e.paid}: this disbursement is dated 2019-11-01, outside subgrant "
        "LP-FY20's period of performance 2020-01-01..2020-06-30\n"
    )


def test_entries_and_subgrants_outside_their_periods_are_found(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    tamper(
        f"UPDATE entry SET entry_date = '2020-07-01' WHERE id = {e.paid}",
        "UPDATE subgrant SET end_date = '2020-12-31' WHERE code = 'NMILC-FY20'",
    )
    result = paid.run("check", "periods")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"periods: entry {e.paid}: this disbursement is dated 2020-07-01, outside subgrant "
        "LP-FY20's period of performance 2019-07-01..2020-06-30",
        "periods: subgrant NMILC-FY20: its period 2019-07-01..2020-12-31 is not inside award "
        "CVRC-HT-FY20's period 2019-07-01..2020-06-30",
    ]


def test_reversals_that_do_not_match_their_originals_are_found(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    void = paid.entry("void", str(e.paid), "--reason", "wrong client")
    other = paid.entry(
        "disburse", "--subgrant", "NMILC-FY20", "--client", "LP-0001",
        "--category", "civil-legal", "--amount", "100", "--date", "2019-12-01",
    )  # fmt: skip
    second = paid.entry("void", str(other), "--reason", "duplicate")
    tamper(
        f"UPDATE entry SET amount_cents = -85001, category_id = NULL WHERE id = {void}",
        f"UPDATE entry SET reverses_id = {void} WHERE id = {second}",
    )
    result = paid.run("check", "voids")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"voids: entry {void}: it does not match entry {e.paid}, the entry it voids: amount, "
        "category differ",
        f"voids: entry {second}: it voids entry {void}, which is itself a reversal",
    ]


def test_client_references_and_memos_must_hold_no_personal_data(
    paid: Cli, tamper: Sql, sql: Sql
) -> None:
    sql(
        "INSERT INTO client (ref, recorded_at, recorded_by) "
        "VALUES ('123-45-6789', '2020-01-01 00:00:00', 'someone')",
        "INSERT INTO client (ref, recorded_at, recorded_by) "
        "VALUES ('lp-0042', '2020-01-01 00:00:00', 'someone')",
    )
    e = entries_of(paid)
    tamper(f"UPDATE entry SET memo = 'ssn 123 45 6789' WHERE id = {e.paid}")
    [[(first,), (second,)]] = sql(
        "SELECT id FROM client WHERE ref IN ('123-45-6789', 'lp-0042') ORDER BY ref"
    )
    result = paid.run("check", "clients")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"clients: client #{first}: its reference has no letter (it could be an SSN, a birth "
        "date or a phone number); `client add` refuses such references now, so record the "
        "client's next disbursements under a new opaque one (see docs/privacy.md)",
        f"clients: client #{second}: its reference is not stored in upper case as fundtrack "
        "writes it",
        f"clients: entry {e.paid}: its reference, memo or reason contains what looks like a Social "
        "Security number; personal data must not be in the books (see docs/privacy.md)",
    ]
    assert "123-45-6789" not in result.output  # findings never repeat personal data


def test_a_missing_or_disabled_guard_is_a_schema_finding(paid: Cli, sql: Sql) -> None:
    if backend() == "sqlite":
        sql("DROP TRIGGER entry_no_delete")
        expected = "entry_no_delete that keeps entry rows append-only is missing"
    else:
        sql("ALTER TABLE entry DISABLE TRIGGER entry_append_only")
        expected = "entry_append_only that keeps entry rows append-only is disabled"
    result = paid.run("check", "schema")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"schema: table entry: the trigger {expected}, ")


def test_an_old_schema_is_reported_and_nothing_else_is_read(paid: Cli, sql: Sql) -> None:
    sql("UPDATE alembic_version SET version_num = '0001'")
    result = paid.run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"schema: the schema is at revision 0001, this fundtrack writes {HEAD}; run `fundtrack "
        "init` to upgrade it (or upgrade fundtrack if it is newer)\n"
    )


def test_permissions_on_sqlite_and_a_note_on_postgresql(paid: Cli) -> None:
    if backend() == "postgresql":
        result = paid.run("check", "permissions")
        assert result.exit_code == 0
        assert result.stderr.startswith("Note: permissions: not applicable on PostgreSQL")
        assert result.stdout.startswith(f"Fingerprint: entry {entries_of(paid).paid} ")
        return
    from pathlib import Path

    path = Path(paid.url)
    fingerprint = paid.ok("check").stdout.strip()
    assert fingerprint.startswith(f"Fingerprint: entry {entries_of(paid).paid} ")
    path.chmod(0o644)
    path.parent.chmod(0o755)
    result = paid.run("check", "permissions")
    assert result.exit_code == 1
    # SQLite gives the WAL and shared-memory files the database file's mode.
    assert result.stdout.splitlines() == [
        f"permissions: {path.parent}: the folder is mode 0755, open to other users of this "
        f"computer; run: chmod 0700 '{path.parent}'",
        *(
            f"permissions: {file}: the file is mode 0644, open to other users of this "
            f"computer; run: chmod 0600 '{file}'"
            for file in (path, f"{path}-wal", f"{path}-shm")
        ),
        fingerprint,
    ]
    # The same with every check: only how the file is shared is wrong, so the books'
    # fingerprint still stands and is printed after the findings.
    everything = paid.run("check")
    assert everything.exit_code == 1
    assert everything.stdout.splitlines()[-1] == fingerprint
    assert everything.stderr == "4 problems found in the books.\n"
    path.chmod(0o600)
    path.parent.chmod(0o700)
    assert paid.run("check", "permissions").exit_code == 0


def test_unknown_check_names_are_refused_with_the_list(paid: Cli) -> None:
    result = paid.run("check", "chain", "balance", "cients")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no check named balance, cients; the checks are: schema, chain, balances, "
        "periods, voids, closed, clients, permissions, integrity\n"
    )


def test_json_lists_findings_for_scripts(paid: Cli, tamper: Sql) -> None:
    clean = json.loads(paid.run("check", "chain", "voids", "--json").stdout)
    entry_id, digest = newest(paid.url)
    assert clean == {
        "clean": True,
        "checks": ["chain", "voids"],
        "fingerprint": {"entry": entry_id, "hash": digest},
        "findings": [],
        "notes": [],
    }
    e = entries_of(paid)
    tamper(f"UPDATE entry SET entry_date = '2020-07-01' WHERE id = {e.paid}")
    result = paid.run("check", "periods", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"] == [
        {
            "check": "periods",
            "entry": e.paid,
            "record": None,
            "message": "this disbursement is dated 2020-07-01, outside subgrant LP-FY20's "
            "period of performance 2019-07-01..2020-06-30",
        }
    ]


def test_help_names_every_check(cli: Cli) -> None:
    text = cli.run("check", "--help").stdout
    for name in ("chain", "balances", "periods", "voids", "clients", "schema", "permissions",
                 "integrity"):  # fmt: skip
        assert re.search(rf"\b{name}\b", text)
    assert "Example:" in text


def rewrite_history(url: str, tamper: Sql, entry_id: int, amount_cents: int) -> None:
    """What a careful forger would do: change an entry and recompute every later hash."""
    from sqlalchemy import select

    from fundtrack.ledger.canonical import FIELDS, GENESIS, entry_hash
    from fundtrack.models import Entry

    def rows(session: Any) -> list[dict[str, Any]]:
        table: Any = Entry.__table__  # type: ignore[attr-defined]
        result = session.execute(select(table).order_by(table.c.id)).mappings()
        return [dict(row) for row in result]

    statements, last = [], GENESIS
    for row in Database(url).read(rows):
        if row["id"] == entry_id:
            row["amount_cents"] = amount_cents
        version = row["version"]
        digest = entry_hash(last, {name: row[name] for name in FIELDS[version]}, version)
        statements.append(
            f"UPDATE entry SET amount_cents = {row['amount_cents']}, prev_hash = '{last}', "
            f"hash = '{digest}' WHERE id = {row['id']}"
        )
        last = digest
    statements.append(f"UPDATE ledger_head SET hash = '{last}'")
    tamper(*statements)


def test_a_held_fingerprint_catches_a_rewritten_and_rehashed_ledger(paid: Cli, tamper: Sql) -> None:
    e = entries_of(paid)
    paid.ok("void", str(e.paid), "--reason", "wrong client")
    held = paid.ok("check").stdout.removeprefix("Fingerprint: ").strip()  # "entry N <hash>"
    entry, digest = held.removeprefix("entry ").split()
    assert paid.ok("check", "--fingerprint", f"{entry}:{digest}").stdout == f"Fingerprint: {held}\n"
    rewrite_history(paid.url, tamper, e.nmilc, 5018830)
    assert paid.run("check").exit_code == 0  # recomputed hashes hide it from the chain alone
    result = paid.run("check", "chain", "--fingerprint", held)
    assert result.exit_code == 1
    assert result.stdout == (
        f"chain: entry {e.paid + 1}: its hash is now {newest(paid.url)[1][:12]}…, but the "
        f"fingerprint you hold says {digest[:12]}…; the books up to this entry were rewritten "
        "after that fingerprint was taken\n"
    )


def test_a_fingerprint_must_be_entry_and_hash(paid: Cli) -> None:
    result = paid.run("check", "--fingerprint", "1042:abc")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: fingerprint '1042:abc' is not ENTRY:HASH; copy it from `fundtrack check` or a "
        "report's About sheet, e.g. 1042:<64 hex digits>\n"
    )
    result = paid.run("check", "balances", "--fingerprint", "4:" + "a" * 64)
    assert result.stderr == (
        "Error: --fingerprint is confirmed by the chain check; add chain to the checks you name\n"
    )
