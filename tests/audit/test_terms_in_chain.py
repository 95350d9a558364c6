"""Every fact that changes a report is in the chain: changed behind fundtrack's back, it is named.

Each test changes one term the way a person with direct database access could (the
append-only triggers out of the way) and ``fundtrack check`` names the table, the row's
code and the field, with the value the chain recorded and the value the table now holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support import Cli

Sql = Callable[..., list[Any]]

CHANGES = {
    "a category code": (
        (
            "UPDATE category SET code = 'swap' WHERE code = 'rent'",
            "UPDATE category SET code = 'rent' WHERE code = 'travel'",
            "UPDATE category SET code = 'travel' WHERE code = 'swap'",
        ),
        'chain: category rent: code is "travel" in the table but "rent" in the chain (entry 2)',
    ),
    "a client reference": (
        ("UPDATE client SET ref = 'LP-0099' WHERE ref = 'LP-0001'",),
        'chain: client LP-0001: ref is "LP-0099" in the table but "LP-0001" in the chain (entry 8)',
    ),
    "a subgrantee name": (
        ("UPDATE subgrantee SET name = 'Someone else' WHERE code = 'LAPINON'",),
        'chain: subgrantee LAPINON: name is "Someone else" in the table but "La Pinon Sexual '
        'Assault Recovery Services" in the chain (entry 4)',
    ),
    "a source's calendar": (
        ("UPDATE source SET calendar = 'federal' WHERE code = 'CVRC-HT'",),
        'chain: source CVRC-HT: calendar is "federal" in the table but "state" in the chain '
        "(entry 1)",
    ),
    "an award's end date": (
        ("UPDATE award SET end_date = '2021-06-30' WHERE code = 'CVRC-HT-FY20'",),
        'chain: award CVRC-HT-FY20: end_date is "2021-06-30" in the table but "2020-06-30" in '
        "the chain (entry 3)",
    ),
    "a subgrant's subgrantee": (
        (
            "UPDATE subgrant SET subgrantee_id = "
            "(SELECT id FROM subgrantee WHERE code = 'NMILC') WHERE code = 'LP-FY20'",
        ),
        'chain: subgrant LP-FY20: subgrantee is "NMILC" in the table but "LAPINON" in the chain '
        "(entry 6)",
    ),
    "a category budget": (
        (
            "UPDATE subgrant_budget SET amount_cents = 4500000 WHERE category_id = "
            "(SELECT id FROM category WHERE code = 'rent')",
        ),
        "chain: budget LP-FY20 rent: amount_cents is 4500000 in the table but 4000000 in the "
        "chain (entry 6)",
    ),
}


def test_the_books_as_recorded_are_clean(books: Cli) -> None:
    result = books.run("check")
    assert result.exit_code == 0, result.output
    assert [line["kind"] for line in books.json("log")] == [
        "source",
        "category",
        "award",
        "subgrantee",
        "subgrantee",
        "subgrant",
        "subgrant",
        "client",
    ]


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_term_changed_in_the_database_is_named(books: Cli, tamper: Sql, what: str) -> None:
    statements, named = CHANGES[what]
    books.ok("check")

    tamper(*statements)
    result = books.run("check", "chain")

    assert result.exit_code == 1
    assert named in result.stdout.splitlines(), result.stdout


def test_a_row_added_behind_fundtracks_back_is_named(books: Cli, sql: Sql) -> None:
    sql(
        "INSERT INTO subgrantee (code, name, recorded_at, recorded_by) "
        "VALUES ('GHOST', 'Nobody', '2020-01-01 00:00:00', 'x')"
    )
    result = books.run("check", "chain")
    assert result.exit_code == 1
    assert result.stdout == (
        "chain: subgrantee GHOST: is in the table but was never recorded in the chain; it was "
        "added behind fundtrack's back\n"
    )


def test_a_changed_term_fails_the_check_though_every_hash_and_the_fingerprint_verify(
    books: Cli, tamper: Sql
) -> None:
    held = books.ok("check").stdout.split()[2:4]
    tamper("UPDATE source SET calendar = 'federal' WHERE code = 'CVRC-HT'")
    result = books.run("check", "--fingerprint", ":".join(held))
    assert result.exit_code == 1
    assert result.stdout.startswith("chain: source CVRC-HT: calendar is")
