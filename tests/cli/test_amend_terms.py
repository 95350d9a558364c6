"""Amending a source, category or subgrantee: a ledger entry with a reason, never an update."""

from __future__ import annotations

from typing import Any

import pytest

from support import Cli, snapshot


def test_a_subgrantee_renamed_shows_its_new_name_and_the_old_row_stays(books: Cli) -> None:
    result = books.ok(
        "subgrantee", "amend", "LAPINON", "--name", "La Pinon SARS", "--reason", "renamed"
    )

    assert result.stdout == "Entry 9: subgrantee LAPINON is now 'La Pinon SARS'.\n"
    assert {"code": "LAPINON", "name": "La Pinon SARS"} in books.json("subgrantee", "list")
    assert books.ok("subgrant", "show", "LP-FY20").stdout.startswith(
        "Subgrant LP-FY20: La Pinon SARS, award CVRC-HT-FY20"
    )
    entry = books.json("log")[-1]
    assert (entry["kind"], entry["reason"], entry["award"]) == ("subgrantee", "renamed", "LAPINON")
    assert snapshot(books.url)["subgrantee"][0][2] == "La Pinon Sexual Assault Recovery Services"
    assert books.run("check").exit_code == 0


def test_a_category_moves_to_another_service_area(books: Cli) -> None:
    books.ok(
        "category", "amend", "travel",
        "--service-area", "Shelter/housing services",
        "--reason", "PMT guidance",
    )  # fmt: skip
    travel = [c for c in books.json("category", "list") if c["code"] == "travel"]
    assert travel[0]["service_area"] == "Shelter/housing services"
    assert books.run("check").exit_code == 0


def test_a_source_without_awards_takes_a_new_calendar(books: Cli) -> None:
    books.ok("source", "add", "HHS", "--name", "HHS", "--calendar", "state")
    books.ok(
        "source", "amend", "HHS", "--calendar", "federal", "--extra-years", "2", "--reason", "typo"
    )
    hhs = next(s for s in books.json("source", "list") if s["code"] == "HHS")
    assert (hhs["calendar"], hhs["extra_years"]) == ("federal", 2)
    books.ok("award", "add", "HHS-FY21", "--source", "HHS", "--fy", "FFY21", "--amount", "10")
    assert books.json("award", "show", "HHS-FY21")["end"] == "2023-09-30"
    assert books.run("check").exit_code == 0


REFUSED: dict[str, tuple[tuple[str, ...], str]] = {
    "a calendar once there are awards": (
        ("source", "amend", "CVRC-HT", "--calendar", "federal", "--reason", "x"),
        "Error: source CVRC-HT has 1 award, whose fiscal years and periods were read in its "
        "calendar and extra years; those cannot change now (the name can)\n",
    ),
    "extra years once there are awards": (
        ("source", "amend", "CVRC-HT", "--extra-years", "1", "--reason", "x"),
        "Error: source CVRC-HT has 1 award, whose fiscal years and periods were read in its "
        "calendar and extra years; those cannot change now (the name can)\n",
    ),
    "a change that changes nothing": (
        ("subgrantee", "amend", "NMILC", "--name", "NM Immigrant Law Center", "--reason", "x"),
        "Error: subgrantee NMILC already has these terms; nothing to amend — give the values "
        "that change\n",
    ),
    "no reason": (
        ("subgrantee", "amend", "NMILC", "--name", "NMILC", "--reason", " "),
        "Error: an amendment needs a reason; pass --reason 'what changed and why'\n",
    ),
    "an unknown code": (
        ("subgrantee", "amend", "LAPINO", "--name", "x", "--reason", "x"),
        "Error: no subgrantee 'LAPINO'; did you mean LAPINON?\n",
    ),
}


@pytest.mark.parametrize("what", list(REFUSED))
def test_amendments_are_refused(books: Cli, what: str) -> None:
    command, message = REFUSED[what]
    before = snapshot(books.url)
    result = books.run(*command)
    assert (result.exit_code, result.stderr) == (result.exit_code or 1, message)
    assert result.exit_code != 0
    assert snapshot(books.url) == before


def test_amend_needs_a_reason(books: Cli) -> None:
    result: Any = books.run("source", "amend", "DOJ", "--name", "x")
    assert result.exit_code == 2
    assert "--reason" in result.stderr
