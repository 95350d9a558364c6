"""report pmt: victims served by quarter, new and continuing, across quarter and year ends.

The scenario, on both calendars (federal quarters start in October, state ones in July):

* A is paid on 2019-09-30 and again on 2019-10-01 (LIFELINK, rent);
* B is paid once, and that payment is voided: B never counts;
* C is paid on 2019-11-15 (LAPINON, travel) and on 2020-05-10 (LIFELINK, lost wages);
* D is paid twice in one quarter, 2020-01-10 and 2020-03-20 (NMILC, civil legal);
* E is paid on 2020-08-01 (LIFELINK, a category without a service area);
* F is never paid, only served: a service on 2020-02-15 (NMILC, no category, so its area is
  "unspecified"); G's only service is voided, so G never counts.
"""

from __future__ import annotations

from typing import Any

import pytest

from refusals import assert_untouched
from report_scenarios import add_federal, pay, void
from support import Cli

SHELTER, ADVOCACY = "Shelter/housing services", "Personal advocacy/accompaniment"
SUPPORT, JUSTICE = (
    "Emotional support or safety services",
    "Criminal/civil justice system assistance",
)
INFORMATION, UNSPECIFIED = "Information & referral", "unspecified"


def areas(**given: int) -> dict[str, int]:
    """Clients per service area: every area, zero unless given."""
    names = {"information": INFORMATION, "advocacy": ADVOCACY, "support": SUPPORT,
             "shelter": SHELTER, "justice": JUSTICE, "unspecified": UNSPECIFIED}  # fmt: skip
    return {names[key]: given.get(key, 0) for key in names}


@pytest.fixture
def scenario(books: Cli) -> Cli:
    add_federal(books)
    books.ok("category", "add", "hotel", "--name", "Hotel stays")
    pay(books, "LL-DOJ", "CL-A", "2019-09-30")
    pay(books, "LL-DOJ", "CL-A", "2019-10-01")
    void(books, pay(books, "LP-FY20", "CL-B", "2020-02-01"))
    pay(books, "LP-FY20", "CL-C", "2019-11-15", "100", "travel")
    pay(books, "LL-VOCA", "CL-C", "2020-05-10", "100", "lost-wages")
    pay(books, "NMILC-FY20", "CL-D", "2020-01-10", "100", "civil-legal")
    pay(books, "NMILC-FY20", "CL-D", "2020-03-20", "100", "civil-legal")
    pay(books, "LL-VOCA", "CL-E", "2020-08-01", "100", "hotel")
    serve(books, "NMILC-FY20", "CL-F", "2020-02-15")
    void(books, serve(books, "NMILC-FY20", "CL-G", "2020-02-16"))
    return books


def serve(cli: Cli, subgrant: str, client: str, on: str) -> int:
    """Record a service without payment (registering the client); returns the entry id."""
    done = cli.json("serve", "--subgrant", subgrant, "--client", client, "--new-client",
                    "--date", on)  # fmt: skip
    return int(done["entry"])


def figures(section: dict[str, Any]) -> list[tuple[int, int, int]]:
    """(served, new, continuing) per quarter, then the year's served."""
    rows = [(q["served"], q["new"], q["continuing"]) for q in section["quarters"]]
    return [*rows, section["year"]["served"]]


def test_federal_quarters_count_new_and_continuing_clients(scenario: Cli) -> None:
    report = scenario.json("report", "pmt", "--fy", "FFY2020")
    assert report["calendar"] == "federal" and report["fiscal_year"] == 2020
    assert report["quarters"] == [
        {"quarter": 1, "start": "2019-10-01", "end": "2019-12-31", "served": 2, "new": 2,
         "continuing": 0, "by_service_area": areas(shelter=1, advocacy=1)},
        {"quarter": 2, "start": "2020-01-01", "end": "2020-03-31", "served": 2, "new": 2,
         "continuing": 0, "by_service_area": areas(justice=1, unspecified=1)},
        {"quarter": 3, "start": "2020-04-01", "end": "2020-06-30", "served": 1, "new": 0,
         "continuing": 1, "by_service_area": areas(support=1)},
        {"quarter": 4, "start": "2020-07-01", "end": "2020-09-30", "served": 1, "new": 1,
         "continuing": 0, "by_service_area": areas(unspecified=1)},
    ]  # fmt: skip
    # A (Oct. 1), C, D, E and F, each once: the sum of the quarters' new.
    assert report["year"] == {
        "served": 5,
        "by_service_area": areas(shelter=1, advocacy=1, support=1, justice=1, unspecified=2),
    }
    by_subgrantee = {s["subgrantee"]: figures(s) for s in report["subgrantees"]}
    assert by_subgrantee == {
        # C is new at La Pinon in Q1, and new at The Life Link in Q3: each agency's own count.
        "LAPINON": [(1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0), 1],
        "LIFELINK": [(1, 1, 0), (0, 0, 0), (1, 1, 0), (1, 1, 0), 3],
        "NMILC": [(0, 0, 0), (2, 2, 0), (0, 0, 0), (0, 0, 0), 2],
    }


def test_state_quarters_start_in_july(scenario: Cli) -> None:
    report = scenario.json("report", "pmt", "--fy", "FY2020", "--calendar", "state")
    assert report["calendar"] == "state"
    assert [(q["start"], q["end"]) for q in report["quarters"]] == [
        ("2019-07-01", "2019-09-30"),
        ("2019-10-01", "2019-12-31"),
        ("2020-01-01", "2020-03-31"),
        ("2020-04-01", "2020-06-30"),
    ]
    # A new on Sep. 30 and continuing on Oct. 1; C new in Q2, continuing in Q4; D and F new
    # in Q3; E is FY2021.
    assert figures(report) == [(1, 1, 0), (2, 1, 1), (2, 2, 0), (1, 0, 1), 4]
    assert [q["by_service_area"] for q in report["quarters"]] == [
        areas(shelter=1),
        areas(shelter=1, advocacy=1),
        areas(justice=1, unspecified=1),
        areas(support=1),
    ]
    assert report["year"]["by_service_area"] == areas(
        shelter=1, advocacy=1, justice=1, support=1, unspecified=1
    )
    by_subgrantee = {s["subgrantee"]: figures(s) for s in report["subgrantees"]}
    assert by_subgrantee == {
        "LAPINON": [(0, 0, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0), 1],
        "LIFELINK": [(1, 1, 0), (1, 0, 1), (0, 0, 0), (1, 1, 0), 2],
        "NMILC": [(0, 0, 0), (0, 0, 0), (2, 2, 0), (0, 0, 0), 2],
    }


def test_a_neutral_year_is_read_in_the_federal_calendar(scenario: Cli) -> None:
    report = scenario.json("report", "pmt", "--fy", "2020")
    assert report["calendar"] == "federal"
    assert figures(report) == [(2, 2, 0), (2, 2, 0), (1, 0, 1), (1, 1, 0), 5]


def test_sources_and_subgrantees_narrow_the_count(scenario: Cli) -> None:
    voca = scenario.json("report", "pmt", "--fy", "FFY2020", "--source", "VOCA")
    # C's May payment and E's August one; C was not served by VOCA money before May.
    assert figures(voca) == [(0, 0, 0), (0, 0, 0), (1, 1, 0), (1, 1, 0), 2]
    assert [s["subgrantee"] for s in voca["subgrantees"]] == ["LIFELINK"]
    lifelink = scenario.json("report", "pmt", "--fy", "FFY2020", "--subgrantee", "lifelink")
    assert figures(lifelink) == [(1, 1, 0), (0, 0, 0), (1, 1, 0), (1, 1, 0), 3]
    assert [s["subgrantee"] for s in lifelink["subgrantees"]] == ["LIFELINK"]


def test_the_terminal_shows_a_table_per_subgrantee(scenario: Cli) -> None:
    shown = scenario.ok("report", "pmt", "--fy", "FFY2020").stdout
    assert "Victims served by quarter, FFY2020: All subgrantees (unduplicated)" in shown
    assert "Victims served by quarter, FFY2020: NMILC (NM Immigrant Law Center)" in shown
    assert "FFY2020-Q3" in shown and "FFY2020 (unduplicated)" in shown


def test_a_calendar_that_contradicts_the_year_is_refused(scenario: Cli) -> None:
    assert_untouched(
        scenario,
        ["report", "pmt", "--fy", "FFY2020", "--calendar", "state"],
        "Error: FFY2020 is a federal fiscal year, but --calendar state was given; drop "
        "--calendar, or write the year without FFY to read it in the state calendar\n",
    )


def test_an_unknown_subgrantee_is_refused(scenario: Cli) -> None:
    assert_untouched(
        scenario,
        ["report", "pmt", "--fy", "FFY2020", "--subgrantee", "LIFELNK"],
        "Error: no subgrantee 'LIFELNK'; did you mean LIFELINK?\n",
    )


def test_a_threshold_without_a_public_copy_is_refused(scenario: Cli) -> None:
    assert_untouched(
        scenario,
        ["report", "pmt", "--fy", "FFY2020", "--suppress-below", "5"],
        "Error: --suppress-below sets the threshold of a public copy; add --public, or leave "
        "it out\n",
    )


def test_a_public_copy_hides_every_small_count_and_what_would_give_one_away(
    scenario: Cli,
) -> None:
    report = scenario.json("report", "pmt", "--fy", "FFY2020", "--public", "--suppress-below", "2")
    assert report["suppressed_below"] == 2
    # Every 1 is hidden, zeros show; Q1's 2 served are 2 new beside 0 continuing, but the
    # subgrantees' 1s hide the unduplicated 2, and a hidden served beside a shown continuing
    # would give new away: new goes too.
    # Q2's 2 served are D and F at NMILC alone: no 1 beside them, so they show.
    assert figures(report) == [(None, None, 0), (2, 2, 0), (None, 0, None),
                               (None, None, 0), None]  # fmt: skip
    lapinon = report["subgrantees"][0]
    assert figures(lapinon) == [(None, None, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0), None]
    assert lapinon["year"]["by_service_area"] == {**areas(), ADVOCACY: None}
    assert not [n for n in counts_in(report) if n == 1]


def counts_in(value: Any) -> list[int]:
    """Every count anywhere in a JSON value (not quarter numbers, years or the threshold)."""
    if isinstance(value, dict):
        labels = {"quarter", "fiscal_year", "suppressed_below"}
        return [n for key, item in value.items() if key not in labels for n in counts_in(item)]
    if isinstance(value, list):
        return [n for item in value for n in counts_in(item)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []
