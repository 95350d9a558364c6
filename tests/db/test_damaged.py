"""A SQLite file with a damaged page: named as damaged, with the backup to restore.

A failing disk, a copy cut short or another program writing into the file leaves pages that
are not what SQLite wrote. The tests make such a file the same way: by overwriting bytes of
one page of real books. Whatever meets the damage says so in one line and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import Cli, damage_page, small_sqlite_books

ADVICE = (
    "restore your latest backup (the copies `fundtrack backup FILE` makes) and record again "
    "what came after it"
)
MALFORMED = "SQLite: database disk image is malformed"


@pytest.fixture
def sqlite_books(tmp_path: Path) -> Cli:
    return small_sqlite_books(tmp_path / "books")


def test_check_finds_a_damaged_index_page_that_no_other_check_reads(sqlite_books: Cli) -> None:
    path = Path(sqlite_books.url)
    damage_page(path, "ix_entry_reverses")
    before = path.read_bytes()
    assert sqlite_books.run("check", "chain", "balances").exit_code == 0  # blind to it
    for names in ([], ["integrity"]):
        result = sqlite_books.run("check", *names)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            f"integrity: {path}: the file is damaged ({MALFORMED}); {ADVICE}\n",
            "1 problem found in the books.\n",
        )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["log"],
        ["report", "balances"],
        ["disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
         "--amount", "5", "--date", "2019-11-02"],
    ],
    ids=["log", "report", "disburse"],
)  # fmt: skip
def test_a_command_that_meets_a_damaged_page_says_to_restore_the_backup(
    sqlite_books: Cli, command: list[str]
) -> None:
    path = Path(sqlite_books.url)
    for ledger_page in (
        "entry",
        "ix_entry_subgrant_kind",
        "ix_entry_award_kind",
        "ix_entry_kind_date",
    ):
        damage_page(path, ledger_page)
    before = path.read_bytes()
    result = sqlite_books.run(*command)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path} is damaged ({MALFORMED}); nothing was changed — {ADVICE}\n",
    )
    assert path.read_bytes() == before


def test_a_damaged_first_page_is_damage_not_a_stranger_file(sqlite_books: Cli) -> None:
    path = Path(sqlite_books.url)
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xa5" * 8  # page size and format bytes of the file header
    path.write_bytes(bytes(data))
    result = sqlite_books.run("award", "list")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path} is damaged (SQLite: file is not a database); nothing was changed — "
        f"{ADVICE}\n",
    )
    assert path.read_bytes() == bytes(data)
