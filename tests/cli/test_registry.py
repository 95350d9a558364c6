"""``init`` and the named lists: sources, categories, subgrantees and clients."""

from __future__ import annotations

import re

import pytest

from refusals import assert_refused, standing_books
from support import Cli, Databases

REF_RULE = (
    "use an opaque code of 3-32 letters, digits and dashes with at least one letter (e.g. "
    "LP-0042) — never a name, birth date or SSN"
)
GENERATED = re.compile(r"^C-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def test_init_records_the_seed_sources_and_categories(cli: Cli) -> None:
    assert cli.json("source", "list") == [
        {
            "code": "CVRC-HT",
            "name": "Human Trafficking special appropriations (state, administered by CVRC)",
            "calendar": "state",
            "extra_years": 0,
        },
        {
            "code": "DOJ",
            "name": "U.S. Department of Justice discretionary grants",
            "calendar": "federal",
            "extra_years": 0,
        },
        {
            "code": "VOCA",
            "name": "Victims of Crime Act victim assistance (federal, passed through CVRC)",
            "calendar": "federal",
            "extra_years": 3,
        },
    ]
    assert {c["code"]: c["service_area"] for c in cli.json("category", "list")} == {
        "civil-legal": "Criminal/civil justice system assistance",
        "crisis-stabilization": "Emotional support or safety services",
        "lost-wages": "Emotional support or safety services",
        "pecuniary-loss": "Emotional support or safety services",
        "relocation": "Shelter/housing services",
        "rent": "Shelter/housing services",
        "travel": "Personal advocacy/accompaniment",
    }


def test_init_again_changes_nothing(cli: Cli) -> None:
    from fundtrack.db.schema import HEAD
    from support import snapshot

    before = snapshot(cli.url)
    result = cli.ok("init")
    assert result.stdout.endswith(f" is up to date (schema {HEAD}).\n")
    assert snapshot(cli.url) == before


def test_added_names_are_listed(cli: Cli) -> None:
    added = cli.ok("source", "add", "hhs", "--name", "HHS  Office on Trafficking", "--calendar",
                   "Federal", "--extra-years", "1")  # fmt: skip
    assert added.stdout == "Added source HHS (federal calendar).\n"
    assert cli.json("source", "list")[2] == {
        "code": "HHS",
        "name": "HHS Office on Trafficking",
        "calendar": "federal",
        "extra_years": 1,
    }
    assert cli.ok("category", "add", "Childcare", "--name", "Child care").stdout == (
        "Added category childcare.\n"
    )
    assert {"code": "childcare", "name": "Child care", "service_area": None} in cli.json(
        "category", "list"
    )
    assert cli.ok("subgrantee", "add", "lifelink", "--name", "The Life Link").stdout == (
        "Added subgrantee LIFELINK (The Life Link).\n"
    )
    assert cli.json("subgrantee", "list") == [{"code": "LIFELINK", "name": "The Life Link"}]
    for command in ("source", "category", "subgrantee"):
        table = cli.ok(command, "list").stdout
        assert {"source": "HHS", "category": "childcare", "subgrantee": "LIFELINK"}[
            command
        ] in table


def test_client_add_registers_a_reference_or_generates_a_random_one(cli: Cli) -> None:
    assert cli.ok("client", "add", "lp-0042").stdout == "LP-0042\n"
    generated = {cli.ok("client", "add").stdout.strip() for _ in range(3)}
    assert len(generated) == 3
    assert all(GENERATED.match(ref) for ref in generated), generated
    clients = cli.json("client", "list")
    assert sorted(c["client"] for c in clients) == sorted({"LP-0042", *generated})
    assert {(c["disbursements"], c["recorded_by"]) for c in clients} == {(0, "clerk")}
    table = cli.ok("client", "list").stdout
    assert "LP-0042" in table and "Disbursements" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("source", "add", "voca", "--name", "x", "--calendar", "federal"),
            "source 'VOCA' already exists; choose another code",
            id="duplicate-source",
        ),
        pytest.param(
            ("category", "add", "RENT", "--name", "x"),
            "category 'rent' already exists; choose another code",
            id="duplicate-category",
        ),
        pytest.param(
            ("subgrantee", "add", "lapinon", "--name", "x"),
            "subgrantee 'LAPINON' already exists; choose another code",
            id="duplicate-subgrantee",
        ),
        pytest.param(
            ("client", "add", "lp-0001"),
            "client 'LP-0001' already exists; choose another code",
            id="duplicate-client",
        ),
        pytest.param(
            ("source", "add", "HHS", "--name", "x", "--calendar", "lunar"),
            "calendar 'lunar' is not known; use 'state' or 'federal'",
            id="unknown-calendar",
        ),
        pytest.param(
            ("source", "add", "HHS", "--name", "x", "--calendar", "federal", "--extra-years", "11"),
            "--extra-years 11 is out of range; use 0 to 10",
            id="extra-years-out-of-range",
        ),
        pytest.param(
            ("subgrantee", "add", "NEW", "--name", "  "),
            "subgrantee name is empty; give it a name with --name",
            id="empty-name",
        ),
        pytest.param(
            ("subgrantee", "add", "NEW", "--name", "Life\x1b[31mLink"),
            "subgrantee name contains control characters; type plain text",
            id="name-with-control-characters",
        ),
        pytest.param(
            ("subgrantee", "add", "LA PINON", "--name", "x"),
            "subgrantee code 'LA PINON' is not a valid code; use 1-40 letters, digits, dots, "
            "dashes or underscores, starting with a letter or digit (e.g. LP-FY20)",
            id="code-with-space",
        ),
        pytest.param(
            ("client", "add", "Maria Lopez"),
            "client reference 'Maria Lopez' has characters other than letters, digits and "
            f"single dashes; {REF_RULE}",
            id="client-name",
        ),
        pytest.param(
            ("client", "add", "123-45-6789"),
            "client reference '123-45-6789' has no letter (it could be an SSN, a birth date or "
            f"a phone number); {REF_RULE}",
            id="client-ssn",
        ),
        pytest.param(
            ("client", "add", "1990-04-02"),
            "client reference '1990-04-02' has no letter (it could be an SSN, a birth date or "
            f"a phone number); {REF_RULE}",
            id="client-birth-date",
        ),
        pytest.param(
            ("client", "add", "A-123-45-6789"),
            "client reference 'A-123-45-6789' contains what looks like a Social Security "
            f"number; {REF_RULE}",
            id="client-ssn-behind-a-letter",
        ),
        pytest.param(
            ("client", "add", "LP-1990-04-02"),
            "client reference 'LP-1990-04-02' contains what looks like a date (it could be a "
            f"birth date); {REF_RULE}",
            id="client-birth-date-behind-a-prefix",
        ),
        pytest.param(
            ("client", "add", "LP"),
            f"client reference 'LP' is not 3-32 characters long; {REF_RULE}",
            id="client-too-short",
        ),
        pytest.param(
            ("client", "add", "LP--42"),
            "client reference 'LP--42' has characters other than letters, digits and single "
            f"dashes; {REF_RULE}",
            id="client-double-dash",
        ),
    ],
)
def test_registry_refusals(standing: Cli, args: tuple[str, ...], message: str) -> None:
    assert_refused(standing, args, message)


@pytest.fixture(scope="module")
def standing(databases: Databases) -> Cli:
    """The ``books`` of conftest, shared by this module's refusals (which change nothing)."""
    return standing_books(databases)


def test_a_category_counts_under_the_service_area_it_is_given(cli: Cli) -> None:
    cli.ok("category", "add", "hotel", "--name", "Hotel stays",
           "--service-area", "shelter/HOUSING services")  # fmt: skip
    assert {"code": "hotel", "name": "Hotel stays",
            "service_area": "Shelter/housing services"} in cli.json("category", "list")  # fmt: skip


def test_a_service_area_the_pmt_does_not_know_is_refused(cli: Cli) -> None:
    from refusals import assert_untouched

    assert_untouched(
        cli,
        ["category", "add", "hotel", "--name", "Hotel stays", "--service-area", "lodging"],
        "Error: service area 'lodging' is not one of the PMT's; use one of: "
        "'Information & referral'; 'Personal advocacy/accompaniment'; 'Emotional support or "
        "safety services'; 'Shelter/housing services'; 'Criminal/civil justice system "
        "assistance'\n",
    )
