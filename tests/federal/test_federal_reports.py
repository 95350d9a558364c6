"""Each federal figure computed by hand on the small scenario, against the JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from federal_scenario import WAIVER, federal_books
from support import Cli


@pytest.fixture
def federal(cli: Cli) -> Cli:
    return federal_books(cli)


def test_match_owed_recorded_and_short_per_subgrant(federal: Cli) -> None:
    report = federal.json("report", "match", "--as-of", "2020-06-30")
    assert report["as_of"] == "2020-06-30"
    # ADM-V20 is administration: it carries no match, so it is not listed.
    assert report["subgrants"] == [
        {
            "subgrant": "LP-V20",
            "amount": "30000.00",
            "match_percent": "10",
            "required": "3333.34",  # 30,000 x 10 / 90 = 3,333.333..., rounded up
            "required_to_date": "0.00",
            "cash": "0.00",
            "in_kind": "0.00",
            "recorded": "0.00",
            "shortfall_to_date": "0.00",
            "waiver": WAIVER,
        },
        {
            "subgrant": "TLL-V20",
            "amount": "200000.00",
            "match_percent": "20",
            "required": "50000.00",  # 200,000 x 20 / 80
            "required_to_date": "3333.34",  # 13,333.33 x 20 / 80 = 3,333.3325, rounded up
            "cash": "1000.00",  # the voided $99.00 nets out
            "in_kind": "1500.50",
            "recorded": "2500.50",
            "shortfall_to_date": "832.84",
            "waiver": None,
        },
    ]


def test_match_as_of_a_date_counts_only_what_was_dated_by_then(federal: Cli) -> None:
    [_, tll] = federal.json("report", "match", "--as-of", "2020-01-31")["subgrants"]
    assert (tll["required_to_date"], tll["cash"], tll["in_kind"]) == ("2500.00", "1000.00", "0.00")


def test_a_waiver_by_amendment_lowers_the_match_from_its_effective_date(federal: Cli) -> None:
    why = "OVC waiver 2020-7"
    federal.ok(
        "subgrant", "amend", "TLL-V20", "--match-percent", "10", "--effective", "2020-01-01",
        "--reason", why,
    )  # fmt: skip
    [_, tll] = federal.json("report", "match", "--as-of", "2020-06-30")["subgrants"]
    assert (tll["match_percent"], tll["waiver"]) == ("10", why)
    assert tll["required"] == "22222.23"  # 200,000 x 10 / 90 = 22,222.222..., rounded up
    assert tll["required_to_date"] == "1481.49"  # 13,333.33 x 10 / 90 = 1,481.481..., up
    assert tll["shortfall_to_date"] == "0.00"  # 2,500.50 recorded
    [_, before] = federal.json("report", "match", "--as-of", "2019-12-31")["subgrants"]
    assert (before["match_percent"], before["required"], before["waiver"]) == (
        "20",
        "50000.00",  # the source's 20% until the waiver takes effect
        None,
    )
    shown = federal.json("subgrant", "show", "TLL-V20")
    assert (shown["match_percent"], shown["waiver"]) == ("10", why)
    [amended] = shown["amendments"]
    assert amended["changes"] == [
        {"field": "match_percent", "from": None, "to": "10"},
        {"field": "waiver", "from": None, "to": why},
    ]
    assert federal.ok("check").exit_code == 0


def test_a_full_waiver_owes_nothing_and_other_amendments_keep_the_terms(federal: Cli) -> None:
    federal.ok("subgrant", "amend", "LP-V20", "--match-percent", "0", "--reason", "full waiver")
    federal.ok("subgrant", "amend", "LP-V20", "--end", "2020-09-29", "--reason", "ends early")
    federal.ok("subgrant", "amend", "ADM-V20", "--end", "2020-09-29", "--reason", "ends early")
    [lp, _] = federal.json("report", "match")["subgrants"]
    assert (lp["match_percent"], lp["required"], lp["waiver"]) == ("0", "0.00", "full waiver")
    assert federal.json("subgrant", "show", "ADM-V20")["purpose"] == "administration"
    assert federal.ok("check").exit_code == 0


SF425_Q2 = {
    "10a": "12000.00",  # the 2020-04-10 drawdown is after the quarter
    "10b": "15333.33",  # 10,000 + 3,333.33 + 2,000
    "10c": "-3333.33",
    "10d": "1000000.00",
    "10e": "15333.33",
    "10f": "264666.67",  # 280,000 allocated - 15,333.33 disbursed
    "10g": "280000.00",
    "10h": "720000.00",
    "10i": "53333.34",  # 50,000.00 + 3,333.34; administration owes none
    "10j": "2500.50",
    "10k": "50832.84",
}


def test_sf425_lines_are_cumulative_to_the_quarter_end(federal: Cli) -> None:
    report = federal.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q2")
    assert report == {
        "award": "VOCA-FFY20",
        "quarter": "FFY2020-Q2",
        "final": False,
        "period_start": "2019-10-01",
        "period_end": "2020-03-31",
        "lines": SF425_Q2,
        "as_recorded": federal.as_recorded(),
    }
    q3 = federal.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q3")["lines"]
    assert q3["10a"] == "17000.00" and q3["10c"] == "1666.67"


def test_the_final_sf425_moves_the_unliquidated_into_the_unobligated_balance(
    federal: Cli,
) -> None:
    report = federal.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q4", "--final")
    assert report["final"] is True and report["period_end"] == "2020-09-30"
    lines = report["lines"]
    assert (lines["10f"], lines["10g"], lines["10h"]) == ("0.00", "15333.33", "984666.67")


def test_sefa_splits_what_was_passed_through_from_administration(federal: Cli) -> None:
    assert federal.json("report", "sefa", "--fy", "FY2020") == {
        "fiscal_year": "FY2020",
        "awards": [
            {
                "aln": "16.575",
                "award": "VOCA-FFY20",
                "expended": "15333.33",
                "passed_through": "13333.33",
            }
        ],
        "subgrantees": [{"subgrantee": "LIFELINK", "expended": "13333.33"}],
        "as_recorded": federal.as_recorded(),
    }
    assert federal.json("report", "sefa", "--fy", "FY2019")["awards"] == []


def test_federal_identifiers_show_on_the_records(federal: Cli) -> None:
    award = federal.json("award", "show", "VOCA-FFY20")
    assert (award["number"], award["aln"]) == ("2020-V2-GX-0051", "16.575")
    adm = federal.json("subgrant", "show", "ADM-V20")
    assert (adm["purpose"], adm["match_percent"], adm["waiver"]) == ("administration", None, None)
    lp = federal.json("subgrant", "show", "LP-V20")
    assert (lp["purpose"], lp["match_percent"], lp["waiver"]) == ("services", "10", WAIVER)


def test_a_late_payment_for_a_cost_incurred_in_the_period_is_dated_by_payment(
    federal: Cli,
) -> None:
    federal.ok(
        "disburse", "--subgrant", "TLL-V20", "--client", "TLL-0001", "--category", "rent",
        "--amount", "700", "--date", "2020-12-29", "--incurred", "2020-09-28",
    )  # fmt: skip
    assert federal.json("report", "sefa", "--fy", "FY2021")["awards"][0]["expended"] == "700.00"
    lines = federal.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q4")["lines"]
    assert lines["10b"] == "15333.33"  # paid in FFY2021-Q1, not in the period's last quarter
    check = federal.run("check")
    assert check.exit_code == 0, check.stdout


def test_a_match_file_is_imported_whole_or_not_at_all(federal: Cli, tmp_path: Path) -> None:
    good = tmp_path / "match.csv"
    good.write_text(
        "date,subgrant,kind,amount,reference\n"
        "2020-04-01,TLL-V20,cash,100.00,R-1\n"
        "2020-04-02,TLL-V20,in-kind,50.25,volunteer hours\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("date,subgrant,kind,amount\n2020-04-03,ADM-V20,cash,10\n")
    refused = federal.run("import", "match", str(bad))
    assert refused.exit_code == 1
    assert "ADM-V20 is for administration, which carries no match" in refused.output
    federal.ok("import", "match", str(good))
    [_, tll] = federal.json("report", "match", "--as-of", "2020-06-30")["subgrants"]
    assert (tll["cash"], tll["in_kind"]) == ("1100.00", "1550.75")
