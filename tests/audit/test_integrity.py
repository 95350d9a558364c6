"""The ``integrity`` check on sound books: silent on SQLite, a note on PostgreSQL.

Damaged files are in tests/db/test_damaged.py, where they are made.
"""

from __future__ import annotations

from support import Cli, backend


def test_sound_books_pass_and_postgresql_says_who_checks_its_pages(books: Cli) -> None:
    fingerprint = books.ok("check", "chain").stdout
    result = books.run("check", "integrity")
    assert (result.exit_code, result.stdout) == (0, fingerprint)
    if backend() == "postgresql":
        assert result.stderr.startswith("Note: integrity: on PostgreSQL ")
        assert result.stderr.endswith(
            "; for a full scan the owner runs pg_amcheck (docs/deployment.md)\n"
        )
    else:
        assert result.stderr == ""
