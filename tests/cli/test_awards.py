"""``award`` and ``subgrant``: what is recorded, what is shown, and every refusal.

The ``books`` fixture holds CVRC-HT-FY20 ($150,000.00, fully allocated) with LP-FY20
(La Pinon, budgeted) and NMILC-FY20 (no budget); see conftest.py.
"""

from __future__ import annotations

import pytest

from refusals import assert_refused, standing_books
from support import Cli, Databases

FORMS = "write 2020, FY2020, FY20 or fy20 (a range: 2016..2020 or FY16-FY20)"
AWARD = ("award", "add", "NEW-FY20", "--source", "CVRC-HT", "--fy", "FY20")


@pytest.fixture(scope="module")
def standing(databases: Databases) -> Cli:
    """The ``books`` of conftest, shared by this module's refusals (which change nothing)."""
    return standing_books(databases)


def subgrant(code: str, *extra: str, award: str = "CVRC-HT-FY20") -> tuple[str, ...]:
    return ("subgrant", "add", code, "--award", award, "--subgrantee", "NMILC", *extra)


# --- awards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fy", "source", "year", "start", "end"),
    [
        ("FY20", "CVRC-HT", 2020, "2019-07-01", "2020-06-30"),  # state: July..June
        ("2020", "DOJ", 2020, "2019-10-01", "2020-09-30"),  # federal: October..September
        ("FFY2017", "VOCA", 2017, "2016-10-01", "2020-09-30"),  # VOCA: + 3 federal years
    ],
)
def test_award_period_defaults_to_the_fiscal_year_in_the_sources_calendar(
    cli: Cli, fy: str, source: str, year: int, start: str, end: str
) -> None:
    cli.ok("award", "add", "A", "--source", source, "--fy", fy, "--amount", "$1,000")
    shown = cli.json("award", "show", "A")
    assert (shown["start"], shown["end"], shown["fiscal_year"]) == (start, end, year)


def test_start_and_end_override_the_default_period(cli: Cli) -> None:
    result = cli.ok(
        "award", "add", "DOJ-2018", "--source", "DOJ", "--fy", "2018", "--amount", "1750000",
        "--start", "10/1/2018", "--end", "Sep 30, 2021", "--number", "2018-VT-BX-0001",
    )  # fmt: skip
    assert result.stdout == (
        "Recorded award DOJ-2018: $1,750,000.00 from DOJ, FFY2018, 2018-10-01..2021-09-30.\n"
    )
    shown = cli.json("award", "show", "doj-2018")
    assert (shown["start"], shown["end"], shown["number"]) == (
        "2018-10-01",
        "2021-09-30",
        "2018-VT-BX-0001",
    )


def test_award_show_and_list_as_json(standing: Cli) -> None:
    expected = {
        "award": "CVRC-HT-FY20",
        "source": "CVRC-HT",
        "fiscal_year": 2020,
        "start": "2019-07-01",
        "end": "2020-06-30",
        "number": None,
        "aln": None,
        "name": None,
        "amount": "150000.00",
        "allocated": "150000.00",
        "unallocated": "0.00",
        "disbursed": "0.00",
        "remaining": "150000.00",
        "subgrants": ["LP-FY20", "NMILC-FY20"],
    }
    assert standing.json("award", "show", "CVRC-HT-FY20") == {**expected, "amendments": []}
    assert standing.json("award", "list") == [expected]
    assert standing.json("award", "list", "--source", "cvrc-ht", "--fy", "fy20") == [expected]
    assert standing.json("award", "list", "--fy", "2019") == []
    assert standing.json("award", "list", "--source", "VOCA") == []


def test_award_tables(standing: Cli) -> None:
    listing = standing.ok("award", "list").stdout
    assert "Awards" in listing
    assert "CVRC-HT-FY20" in listing and "$150,000.00" in listing
    shown = standing.ok("award", "show", "CVRC-HT-FY20").stdout
    for line in ("Fiscal year", "2019-07-01..2020-06-30", "Unallocated", "LP-FY20, NMILC-FY20"):
        assert line in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            (
                "award",
                "add",
                "CVRC-HT-FY20",
                "--source",
                "CVRC-HT",
                "--fy",
                "FY20",
                "--amount",
                "1",
            ),
            "award 'CVRC-HT-FY20' already exists; choose another code",
            id="duplicate-code",
        ),
        pytest.param(
            (
                "award",
                "add",
                "cvrc-ht-fy20",
                "--source",
                "CVRC-HT",
                "--fy",
                "FY20",
                "--amount",
                "1",
            ),
            "award 'CVRC-HT-FY20' already exists; choose another code",
            id="duplicate-code-other-case",
        ),
        pytest.param(
            ("award", "add", "X", "--source", "VOC", "--fy", "FY20", "--amount", "1"),
            "no source 'VOC'; did you mean VOCA?",
            id="unknown-source-close",
        ),
        pytest.param(
            ("award", "add", "X", "--source", "HHS", "--fy", "FY20", "--amount", "1"),
            "no source 'HHS'; `fundtrack source list` shows them",
            id="unknown-source-far",
        ),
        pytest.param(
            (*AWARD, "--amount", "1", "--start", "2020-03-01", "--end", "2020-02-01"),
            "award period 2020-03-01..2020-02-01 ends before it starts; swap the dates",
            id="period-backwards",
        ),
        pytest.param(
            (*AWARD, "--amount", "1", "--start", "2020-08-01"),
            "--start 2020-08-01 is outside FY2020, 2019-07-01..2020-06-30, the default period; "
            "give both --start and --end, or check the fiscal year",
            id="start-after-the-fiscal-year",
        ),
        pytest.param(
            (
                "award",
                "add",
                "X",
                "--source",
                "DOJ",
                "--fy",
                "2020",
                "--amount",
                "1",
                "--end",
                "2019-09-30",
            ),
            "--end 2019-09-30 is outside FFY2020, 2019-10-01..2020-09-30, the default period; "
            "give both --start and --end, or check the fiscal year",
            id="end-before-the-federal-fiscal-year",
        ),
        pytest.param(
            (*AWARD, "--amount", "1", "--number", "N" * 81),
            "award number is 81 characters; keep it to 80 and leave case narratives out of "
            "fundtrack",
            id="number-too-long",
        ),
        pytest.param(
            ("award", "show", "CVRC-HT-FY2"),
            "no award 'CVRC-HT-FY2'; did you mean CVRC-HT-FY20?",
            id="show-unknown-close",
        ),
        pytest.param(
            ("award", "show", "ZZZ"),
            "no award 'ZZZ'; `fundtrack award list` shows them",
            id="show-unknown-far",
        ),
        pytest.param(
            ("award", "list", "--source", "CVRC"),
            "no source 'CVRC'; did you mean CVRC-HT?",
            id="list-unknown-source",
        ),
        pytest.param(
            ("award", "list", "--fy", "20X0"),
            f"fiscal year '20X0' is not one I can read; {FORMS}",
            id="list-bad-fiscal-year",
        ),
    ],
)
def test_award_refusals(standing: Cli, args: tuple[str, ...], message: str) -> None:
    assert_refused(standing, args, message)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.345", "amount '12.345' has more than two decimals; round it to cents"),
        (
            "-5",
            "amount '-5' is negative; amounts are positive (to correct an entry, void it with "
            "`fundtrack void`)",
        ),
        ("1e3", "amount '1e3' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("NaN", "amount 'NaN' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("", "amount is empty; write it like 1234.56 or $1,234.56"),
        ("abc", "amount 'abc' is not an amount of money; write it like 1234.56 or $1,234.56"),
        ("0", "amount must be more than $0.00"),
    ],
)
def test_bad_money_is_refused(standing: Cli, amount: str, message: str) -> None:
    assert_refused(standing, (*AWARD, "--amount", amount), message)
    assert_refused(standing, subgrant("NEW", "--amount", amount), message)


@pytest.mark.parametrize(
    ("fy", "message"),
    [
        ("FY2", f"fiscal year 'FY2' is not one I can read; {FORMS}"),
        ("2020-21", f"fiscal year '2020-21' is not one I can read; {FORMS}"),
        ("FY1989", f"fiscal year 'FY1989' is outside 1990..2099; {FORMS}"),
        ("year 2020", f"fiscal year 'year 2020' is not one I can read; {FORMS}"),
        ("", f"fiscal year '' is not one I can read; {FORMS}"),
    ],
)
def test_bad_fiscal_year_is_refused(standing: Cli, fy: str, message: str) -> None:
    args = ("award", "add", "X", "--source", "CVRC-HT", "--fy", fy, "--amount", "1")
    assert_refused(standing, args, message)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2020-02-30", "--start '2020-02-30' does not exist on the calendar; write it as "
         "2020-01-15 or 1/15/2020"),
        ("01/02/03", "--start '01/02/03' is not a date I can read unambiguously; write it as "
         "2020-01-15 or 1/15/2020"),
        ("0202-01-15", "--start '0202-01-15' is outside the years 1900..2099; check the year"),
    ],
)  # fmt: skip
def test_bad_dates_are_refused(standing: Cli, day: str, message: str) -> None:
    assert_refused(standing, (*AWARD, "--amount", "1", "--start", day), message)
    assert_refused(standing, subgrant("NEW", "--amount", "1", "--start", day), message)


# --- subgrants ----------------------------------------------------------------------------


def test_subgrant_show_and_list_as_json(books: Cli) -> None:
    books.ok(
        "disburse", "--subgrant", "LP-FY20", "--client", "LP-0001", "--category", "rent",
        "--amount", "850", "--date", "2019-11-01",
    )  # fmt: skip
    shown = books.json("subgrant", "show", "LP-FY20")
    assert {k: shown.pop(k) for k in ("purpose", "match_percent", "waiver")} == {
        "purpose": "services", "match_percent": None, "waiver": None,
    }  # fmt: skip
    assert shown == {
        "subgrant": "LP-FY20",
        "award": "CVRC-HT-FY20",
        "subgrantee": "LAPINON",
        "start": "2019-07-01",
        "end": "2020-06-30",
        "amount": "99811.69",
        "disbursed": "850.00",
        "remaining": "98961.69",
        "by_category": [
            {"category": c, "budget": b, "disbursed": d, "remaining": r}
            for c, b, d, r in [
                ("crisis-stabilization", "34811.69", "0.00", "34811.69"),
                ("relocation", "20000.00", "0.00", "20000.00"),
                ("rent", "40000.00", "850.00", "39150.00"),
                ("travel", "5000.00", "0.00", "5000.00"),
            ]
        ],
        "amendments": [],
        "budget_moved_percent": "0.00",
    }
    listing = books.json("subgrant", "list")
    assert [g["subgrant"] for g in listing] == ["LP-FY20", "NMILC-FY20"]
    shown_in_list = {
        k: v for k, v in shown.items() if k not in {"amendments", "budget_moved_percent"}
    }
    federal_terms = {"purpose": "services", "match_percent": None, "waiver": None}
    assert listing[0] == {**shown_in_list, **federal_terms}
    assert books.json("subgrant", "list", "--award", "CVRC-HT-FY20") == listing


def test_subgrant_tables(standing: Cli) -> None:
    listing = standing.ok("subgrant", "list").stdout
    assert "LP-FY20" in listing and "$99,811.69" in listing and "$50,188.31" in listing
    shown = standing.ok("subgrant", "show", "LP-FY20").stdout
    assert shown.splitlines()[0] == (
        "Subgrant LP-FY20: La Pinon Sexual Assault Recovery Services, award CVRC-HT-FY20, "
        "2019-07-01..2020-06-30"
    )
    assert "$34,811.69" in shown and "Subgrant total" in shown


def test_subgrant_period_defaults_to_the_awards_and_may_be_inside_it(cli: Cli) -> None:
    cli.ok("award", "add", "A", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "100")
    cli.ok("subgrantee", "add", "SG", "--name", "A provider")
    result = cli.ok(
        "subgrant", "add", "S", "--award", "A", "--subgrantee", "sg", "--amount", "40",
        "--start", "2019-07-01", "--end", "2020-06-30",
    )  # fmt: skip
    assert result.stdout == (
        "Recorded subgrant S: $40.00 from award A to SG, 2019-07-01..2020-06-30.\n"
    )
    cli.ok(
        "subgrant", "add", "T", "--award", "A", "--subgrantee", "SG", "--amount", "60",
        "--start", "2020-01-01", "--end", "2020-03-31",
    )  # fmt: skip
    assert cli.json("award", "show", "A")["unallocated"] == "0.00"


@pytest.fixture(scope="module")
def roomy(databases: Databases) -> Cli:
    """``books`` plus CVRC-HT-FY21 ($1,000.00, nothing allocated yet)."""
    books = standing_books(databases)
    books.ok(
        "award", "add", "CVRC-HT-FY21", "--source", "CVRC-HT", "--fy", "21", "--amount", "1000"
    )
    return books


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            subgrant("NEW", "--amount", "0.01"),
            "award CVRC-HT-FY20 has $0.00 unallocated; this subgrant is $0.01 — reduce the "
            "subgrant or use another award",
            id="award-fully-allocated",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "1000.01", award="CVRC-HT-FY21"),
            "award CVRC-HT-FY21 has $1,000.00 unallocated; this subgrant is $1,000.01 — reduce "
            "the subgrant or use another award",
            id="over-allocation",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "1", "--start", "2020-06-30", award="CVRC-HT-FY21"),
            "subgrant period 2020-06-30..2021-06-30 is not inside award CVRC-HT-FY21's period "
            "2020-07-01..2021-06-30; choose dates within it",
            id="starts-before-award",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "1", "--end", "2021-07-01", award="CVRC-HT-FY21"),
            "subgrant period 2020-07-01..2021-07-01 is not inside award CVRC-HT-FY21's period "
            "2020-07-01..2021-06-30; choose dates within it",
            id="ends-after-award",
        ),
        pytest.param(
            subgrant(
                "NEW", "--amount", "1", "--start", "2021-01-02", "--end", "2021-01-01",
                award="CVRC-HT-FY21",
            ),
            "subgrant period 2021-01-02..2021-01-01 ends before it starts; swap the dates",
            id="period-backwards",
        ),
        pytest.param(
            subgrant("LP-FY20", "--amount", "1", award="CVRC-HT-FY21"),
            "subgrant 'LP-FY20' already exists; choose another code",
            id="duplicate-code",
        ),
        pytest.param(
            subgrant("nmilc-fy20", "--amount", "1", award="CVRC-HT-FY21"),
            "subgrant 'NMILC-FY20' already exists; choose another code",
            id="duplicate-code-other-case",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "1", award="CVRC-HT-F21"),
            "no award 'CVRC-HT-F21'; did you mean CVRC-HT-FY21?",
            id="unknown-award-close",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "1", award="VOCA-2017"),
            "no award 'VOCA-2017'; `fundtrack award list` shows them",
            id="unknown-award-far",
        ),
        pytest.param(
            ("subgrant", "add", "NEW", "--award", "CVRC-HT-FY21", "--subgrantee", "LAPINO",
             "--amount", "1"),
            "no subgrantee 'LAPINO'; did you mean LAPINON?",
            id="unknown-subgrantee-close",
        ),
        pytest.param(
            ("subgrant", "add", "NEW", "--award", "CVRC-HT-FY21", "--subgrantee", "STREETSAFE",
             "--amount", "1"),
            "no subgrantee 'STREETSAFE'; `fundtrack subgrantee list` shows them",
            id="unknown-subgrantee-far",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "100", "--budget", "rnet=10", award="CVRC-HT-FY21"),
            "no category 'rnet'; did you mean rent?",
            id="unknown-budget-category",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "100", "--budget", "rent=60", "--budget", "travel=40.01",
                     award="CVRC-HT-FY21"),
            "the subgrant has $100.00 in all; its budget is $100.01 — budget no more than the "
            "subgrant amount",
            id="budget-over-amount",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "100", "--budget", "rent=10", "--budget", "rent=20",
                     award="CVRC-HT-FY21"),
            "--budget names rent twice; give each category once",
            id="budget-twice",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "100", "--budget", "rent", award="CVRC-HT-FY21"),
            "--budget 'rent' is not CATEGORY=MONEY; e.g. --budget rent=1200",
            id="budget-not-pair",
        ),
        pytest.param(
            subgrant("NEW", "--amount", "100", "--budget", "rent=1.001", award="CVRC-HT-FY21"),
            "budget for rent '1.001' has more than two decimals; round it to cents",
            id="budget-bad-money",
        ),
        pytest.param(
            ("subgrant", "show", "LP-FY21"),
            "no subgrant 'LP-FY21'; did you mean LP-FY20?",
            id="show-unknown",
        ),
        pytest.param(
            ("subgrant", "list", "--award", "CVRCHT-FY21"),
            "no award 'CVRCHT-FY21'; did you mean CVRC-HT-FY21?",
            id="list-unknown-award",
        ),
    ],
)  # fmt: skip
def test_subgrant_refusals(roomy: Cli, args: tuple[str, ...], message: str) -> None:
    assert_refused(roomy, args, message)
