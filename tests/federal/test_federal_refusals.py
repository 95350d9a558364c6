"""Every federal refusal names the figure that was exceeded, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from federal_scenario import federal_books, record_match
from refusals import assert_refused
from support import Cli, Databases


@pytest.fixture(scope="module")
def federal(databases: Databases) -> Iterator[Cli]:
    from refusals import standing_books

    cli = federal_books(standing_books(databases))
    yield cli
    databases.discard(cli.url)


ADMIN = ("subgrant", "add", "ADM-2", "--award", "VOCA-FFY20", "--subgrantee", "CVRC")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (*ADMIN, "--amount", "0.01", "--purpose", "administration"),
            "award VOCA-FFY20's administration cap is $50,000.00 (5% of its amount, source "
            "VOCA); $50,000.00 is allocated to administration already, so this $0.01 would "
            "bring it to $50,000.01 — allocate at most $0.00 to administration",
        ),
        (
            (*ADMIN, "--amount", "10", "--purpose", "admin"),
            "--purpose 'admin' is not services or administration; write one",
        ),
        (
            (*ADMIN, "--amount", "10", "--match-percent", "25", "--reason", "more"),
            "--match-percent 25 is not below source VOCA's match of 20%; a subgrant's percent "
            "only records a waiver (lower), never more",
        ),
        (
            ("subgrant", "amend", "TLL-V20", "--match-percent", "25", "--reason", "more"),
            "--match-percent 25 is not below source VOCA's match of 20%; a subgrant's percent "
            "only records a waiver (lower), never more",
        ),
        (
            ("subgrant", "amend", "LP-V20", "--match-percent", "10", "--reason", "again"),
            "nothing to amend: subgrant LP-V20 already has these terms — give the values that "
            "change",
        ),
        (
            ("subgrant", "amend", "ADM-V20", "--match-percent", "0", "--reason", "waived"),
            "subgrant ADM-V20 is for administration, which carries no match; there is no match "
            "to waive — leave --match-percent out",
        ),
        (
            (*ADMIN, "--amount", "10", "--match-percent", "5"),
            "a match waiver needs a reason; pass --reason 'why it was waived'",
        ),
        (
            (*ADMIN, "--amount", "10", "--match-percent", "100"),
            "--match-percent '100' is not a percent from 0 to below 100 with at most two "
            "decimals; write e.g. 20 or 12.5",
        ),
        (
            ("drawdown", "VOCA-FFY20", "--amount", "983000.01", "--date", "2020-06-01"),
            "award VOCA-FFY20 is $1,000,000.00 and $17,000.00 is drawn already; this drawdown "
            "of $983,000.01 would bring it to $1,000,000.01, $0.01 more than the award — draw "
            "at most $983,000.00",
        ),
        (
            ("drawdown", "VOCA-FFY20", "--amount", "10", "--date", "2019-09-30"),
            "drawdown date 2019-09-30 is before award VOCA-FFY20's period starts (2019-10-01); "
            "use a date from then on",
        ),
        (
            (
                "match",
                "--subgrant",
                "ADM-V20",
                "--amount",
                "10",
                "--date",
                "2020-01-10",
                "--kind",
                "cash",
            ),
            "subgrant ADM-V20 is for administration, which carries no match; record the match "
            "against a services subgrant",
        ),
        (
            (
                "match",
                "--subgrant",
                "TLL-V20",
                "--amount",
                "10",
                "--date",
                "2020-10-01",
                "--kind",
                "cash",
            ),
            "match date 2020-10-01 is after subgrant TLL-V20's period of performance "
            "2019-10-01..2020-09-30; use a date inside it or a subgrant whose period covers it",
        ),
        (
            (
                "match",
                "--subgrant",
                "TLL-V20",
                "--amount",
                "10",
                "--date",
                "2020-01-10",
                "--kind",
                "hours",
            ),
            "--kind 'hours' is not cash or in-kind; write one of them",
        ),
        (
            ("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q3", "--final"),
            "award VOCA-FFY20 runs to 2020-09-30; the final report is for the quarter in which "
            "it ends or later, not one ending 2020-06-30 — leave out --final",
        ),
        (
            ("report", "sf425", "CVRC-HT-FY20", "--quarter", "FFY2020-Q3"),
            "award CVRC-HT-FY20 is from CVRC-HT, a state source; the SF-425 is for federal awards",
        ),
        (
            ("report", "sf425", "VOCA-FFY20", "--quarter", "2020Q2"),
            "quarter '2020Q2' is ambiguous: federal and state quarters differ; write "
            "FFY2020-Q2 (federal: Q1 is October-December) or FY2020-Q3 (state: Q1 is "
            "July-September)",
        ),
        (
            ("report", "sefa", "--fy", "FFY2020"),
            "--fy FFY2020 is a federal year; the schedule covers the state fiscal year: write "
            "FY2020",
        ),
        (
            (
                "award",
                "add",
                "V21",
                "--source",
                "VOCA",
                "--fy",
                "FFY2021",
                "--amount",
                "1",
                "--aln",
                "16575",
            ),
            "--aln '16575' is not an Assistance Listing; write NN.NNN, e.g. 16.575",
        ),
        (
            ("subgrantee", "add", "X", "--name", "X", "--uei", "123"),
            "--uei '123' is not a Unique Entity ID; write its 12 letters and digits as SAM.gov "
            "shows them",
        ),
    ],
)
def test_a_federal_refusal_names_the_figure_and_changes_nothing(
    federal: Cli, args: tuple[str, ...], message: str
) -> None:
    assert_refused(federal, args, message)


PAY = ("disburse", "--subgrant", "TLL-V20", "--client", "TLL-0001", "--category", "rent")


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            ("--date", "2020-12-30", "--incurred", "2020-09-28"),
            "payment date 2020-12-30 is outside subgrant TLL-V20's liquidation period "
            "2020-09-28..2020-12-29 (from the cost incurred to 90 days after the period ends "
            "2020-09-30); use a date inside it",
        ),
        (
            ("--date", "2020-11-01", "--incurred", "2020-10-01"),
            "cost incurred 2020-10-01 is after subgrant TLL-V20's period of performance "
            "2019-10-01..2020-09-30; use a date inside it or a subgrant whose period covers it",
        ),
        (
            ("--date", "2020-11-01"),
            "disbursement date 2020-11-01 is after subgrant TLL-V20's period of performance "
            "2019-10-01..2020-09-30; use a date inside it or a subgrant whose period covers it",
        ),
        (
            ("--subgrant", "LP-FY20", "--date", "2020-07-02", "--incurred", "2020-06-01"),
            "--incurred is for federal subgrants, which may pay costs for 90 days after their "
            "period; subgrant LP-FY20 is not federal — leave --incurred out",
        ),
    ],
)
def test_a_late_payment_is_refused_outside_the_liquidation_period(
    federal: Cli, when: tuple[str, ...], message: str
) -> None:
    assert_refused(federal, (*PAY, "--amount", "10", *when), message)


def test_the_administration_cap_admits_exactly_the_cap(cli: Cli) -> None:
    cli.ok(
        "award", "add", "V", "--source", "VOCA", "--fy", "FFY2020", "--amount", "1000000",
        "--start", "2019-10-01", "--end", "2020-09-30",
    )  # fmt: skip
    cli.ok("subgrantee", "add", "CVRC", "--name", "CVRC")
    grant = ("subgrant", "add", "A1", "--award", "V", "--subgrantee", "CVRC")
    assert_refused(
        cli,
        (*grant, "--amount", "50000.01", "--purpose", "administration"),
        "award V's administration cap is $50,000.00 (5% of its amount, source VOCA); $0.00 is "
        "allocated to administration already, so this $50,000.01 would bring it to "
        "$50,000.01 — allocate at most $50,000.00 to administration",
    )
    cli.ok(*grant, "--amount", "50000", "--purpose", "administration")
    assert cli.json("subgrant", "show", "A1")["purpose"] == "administration"


def test_a_voided_match_or_drawdown_nets_to_zero(cli: Cli) -> None:
    federal_books(cli)
    entry = record_match(cli, "5", "2020-01-02", "in-kind")
    cli.ok("void", str(entry), "--reason", "counted twice")
    [_, tll] = cli.json("report", "match", "--as-of", "2020-06-30")["subgrants"]
    assert tll["in_kind"] == "1500.50"
    drawn = cli.json("drawdown", "VOCA-FFY20", "--amount", "983000", "--date", "2020-06-01")
    assert drawn["undrawn"] == "0.00"
    cli.ok("void", str(drawn["entry"]), "--reason", "returned")
    lines = cli.json("report", "sf425", "VOCA-FFY20", "--quarter", "FFY2020-Q3")["lines"]
    assert lines["10a"] == "17000.00"


def test_federal_terms_are_amended_with_a_reason(cli: Cli) -> None:
    federal_books(cli)
    assert_refused(
        cli,
        ("subgrant", "amend", "ADM-V20", "--amount", "50000.01", "--reason", "more staff"),
        "award VOCA-FFY20's administration cap is $50,000.00 (5% of its amount, source VOCA); "
        "$50,000.00 is allocated to administration already, so this $0.01 would bring it to "
        "$50,000.01 — allocate at most $0.00 to administration",
    )
    cli.ok("source", "amend", "VOCA", "--match-percent", "25", "--reason", "new rule")
    [_, tll] = cli.json("report", "match", "--as-of", "2020-06-30")["subgrants"]
    assert (tll["match_percent"], tll["required"]) == ("25", "66666.67")  # 200,000 x 25 / 75
    cli.ok("award", "amend", "VOCA-FFY20", "--aln", "16.576", "--reason", "relisted")
    assert cli.json("award", "show", "VOCA-FFY20")["aln"] == "16.576"
    cli.ok("subgrantee", "amend", "LIFELINK", "--uei", "ZZ1234567890", "--reason", "SAM.gov")
    assert cli.ok("check").exit_code == 0
