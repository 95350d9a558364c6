"""``award amend`` and ``subgrant amend``: refusals with their figures, terms in force as of a
date, budget revisions and the 10% rule, and the amendments ``show --json`` lists.

The ``books`` fixture (conftest.py): CVRC-HT-FY20 $150,000.00 (2019-07-01..2020-06-30) fully
allocated to LP-FY20 ($99,811.69, budgeted) and NMILC-FY20 ($50,188.31).
"""

from __future__ import annotations

from refusals import assert_refused
from support import Cli, entries_of

AWARD = "CVRC-HT-FY20"


def paid(cli: Cli, on: str = "2020-01-10") -> int:
    """$1,000.00 rent for LP-0001 from LP-FY20 on ``on``; its entry id."""
    return cli.entry("disburse", "--subgrant", "LP-FY20", "--client", "LP-0001",
                     "--category", "rent", "--amount", "1000", "--date", on)  # fmt: skip


def test_award_below_what_it_allocated_is_refused(books: Cli) -> None:
    assert_refused(
        books,
        ("award", "amend", AWARD, "--amount", "100000", "--reason", "cut"),
        "award CVRC-HT-FY20 has allocated $150,000.00 to subgrants; its amount cannot be "
        "$100,000.00 — amend to at least $150,000.00, or reduce its subgrants first",
    )


def test_subgrant_below_disbursed_and_above_award_left_are_refused(books: Cli) -> None:
    paid(books)
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--amount", "500", "--reason", "cut"),
        "subgrant LP-FY20 has disbursed $1,000.00; its amount cannot be $500.00 — amend to "
        "at least $1,000.00",
    )
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--amount", "100811.69", "--reason", "more"),
        "award CVRC-HT-FY20 is $150,000.00 with $150,000.00 allocated, $0.00 left; subgrant "
        "LP-FY20 at $100,811.69 needs $1,000.00 more — amend the award first",
    )


def test_budget_below_disbursed_in_its_category_is_refused(books: Cli) -> None:
    paid(books)
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--budget", "rent=500", "--reason", "revision"),
        "subgrant LP-FY20 has disbursed $1,000.00 in rent; its rent budget cannot be $500.00 "
        "— budget at least $1,000.00",
    )
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--budget", "rent=50000", "--reason", "revision"),
        "the subgrant has $99,811.69 in all; its budget is $109,811.69 — budget no more than "
        "the subgrant amount",
    )


def test_periods_must_cover_entries_and_hold_subgrants(books: Cli) -> None:
    entry = paid(books)
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--end", "2020-01-09", "--reason", "shorter"),
        f"subgrant LP-FY20 cannot end on 2020-01-09: entry {entry} is dated 2020-01-10; end on "
        "or after 2020-01-10",
    )
    assert_refused(
        books,
        ("subgrant", "amend", "LP-FY20", "--end", "2020-09-30", "--reason", "extension"),
        "subgrant period 2019-07-01..2020-09-30 is not inside award CVRC-HT-FY20's period "
        "2019-07-01..2020-06-30; choose dates within it",
    )
    assert_refused(
        books,
        ("award", "amend", AWARD, "--end", "2020-05-31", "--reason", "shorter"),
        "award CVRC-HT-FY20's period would be 2019-07-01..2020-05-31, but subgrant LP-FY20's "
        "period is 2019-07-01..2020-06-30; amend the subgrant's period first",
    )
    assert_refused(
        books,
        ("award", "amend", AWARD, "--amount", "150000", "--reason", "same"),
        "nothing to amend: award CVRC-HT-FY20 already has these terms — give the values that "
        "change",
    )


def balances(cli: Cli, as_of: str) -> dict:
    [award] = cli.json("report", "balances", "--as-of", as_of)["awards"]
    return award


def test_reports_before_and_after_an_amendment_use_the_terms_in_force(books: Cli) -> None:
    books.ok("award", "amend", AWARD, "--amount", "175000", "--effective", "2020-01-15",
             "--reason", "supplemental appropriation")  # fmt: skip
    books.ok("award", "amend", AWARD, "--end", "2020-09-30", "--effective", "2020-02-01",
             "--reason", "no-cost extension")  # fmt: skip
    before = balances(books, "2020-01-14")
    assert (before["amount"], before["unallocated"], before["end"]) == (
        "150000.00", "0.00", "2020-06-30",
    )  # fmt: skip
    after = balances(books, "2020-07-15")
    assert (after["amount"], after["unallocated"], after["end"]) == (
        "175000.00", "25000.00", "2020-09-30",
    )  # fmt: skip
    # 77 days before the extended end, with nothing spent in the last 90 days: the forecast
    # leaves the whole award unspent (nothing disbursed), which outranks "ends within 90 days"
    assert (after["status"], after["forecast_unspent"]) == ("at risk", "175000.00")
    assert books.json("award", "show", AWARD)["end"] == "2020-09-30"
    books.ok("subgrant", "amend", "NMILC-FY20", "--end", "2020-09-30", "--reason", "extension")
    assert books.run("check").exit_code == 0  # amendments keep the books sound


def test_budget_moves_add_up_and_warn_past_ten_percent_on_a_federal_source(cli: Cli) -> None:
    cli.ok("award", "add", "DOJ-2020", "--source", "DOJ", "--fy", "2020", "--amount", "100000")
    cli.ok("subgrantee", "add", "LL", "--name", "The Life Link")
    cli.ok("subgrant", "add", "LL-DOJ", "--award", "DOJ-2020", "--subgrantee", "LL",
           "--amount", "100000", "--budget", "rent=60000", "--budget", "travel=40000")  # fmt: skip
    first = cli.ok("subgrant", "amend", "LL-DOJ", "--budget", "rent=54000", "--budget",
                   "travel=46000", "--reason", "revision 1")  # fmt: skip
    assert first.stderr == ""
    assert cli.json("subgrant", "show", "LL-DOJ")["budget_moved_percent"] == "6.00"
    second = cli.ok("subgrant", "amend", "LL-DOJ", "--budget", "rent=49000", "--budget",
                    "travel=51000", "--reason", "revision 2")  # fmt: skip
    assert second.stderr == (
        "Warning: subgrant LL-DOJ's budget revisions have moved 11.00% of its amount between "
        "categories, past 10% (2 CFR 200.308): prior approval from DOJ may be required\n"
    )
    shown = cli.json("subgrant", "show", "LL-DOJ")
    assert shown["budget_moved_percent"] == "11.00"
    [one, two] = shown["amendments"]
    assert (one["reason"], two["reason"]) == ("revision 1", "revision 2")
    assert two["changes"] == [
        {"field": "budget rent", "from": "54000.00", "to": "49000.00"},
        {"field": "budget travel", "from": "46000.00", "to": "51000.00"},
    ]
    assert (two["amount_change"], two["recorded_by"]) == ("0.00", "clerk")


def test_no_warning_for_a_state_source(books: Cli) -> None:
    done = books.ok("subgrant", "amend", "LP-FY20", "--budget", "rent=20000", "--budget",
                    "relocation=40000", "--reason", "revision")  # fmt: skip
    assert done.stderr == ""
    assert books.json("subgrant", "show", "LP-FY20")["budget_moved_percent"] == "20.04"


def test_show_json_lists_award_amendments(books: Cli) -> None:
    done = books.ok("award", "amend", AWARD, "--amount", "160000", "--number", "A-1",
                    "--effective", "2020-01-15", "--reason", "supplemental")  # fmt: skip
    assert done.stdout.startswith("Entry ")
    [amendment] = books.json("award", "show", AWARD)["amendments"]
    assert amendment["effective"] == "2020-01-15"
    assert amendment["amount_change"] == "10000.00"
    assert amendment["changes"] == [{"field": "number", "from": None, "to": "A-1"}]
    assert books.json("award", "show", AWARD)["amount"] == "160000.00"


def test_an_award_period_must_hold_its_earliest_and_latest_entries(books: Cli) -> None:
    """Checked before the subgrants' periods: the entries are what was recorded."""
    first = paid(books, "2019-08-15")
    last = paid(books, "2020-05-20")
    assert_refused(
        books,
        ("award", "amend", AWARD, "--start", "2019-09-01", "--reason", "late start"),
        f"award CVRC-HT-FY20 cannot start on 2019-09-01: entry {first} is dated 2019-08-15; "
        "start on or before 2019-08-15",
    )
    assert_refused(
        books,
        ("award", "amend", AWARD, "--end", "2020-05-19", "--reason", "early end"),
        f"award CVRC-HT-FY20 cannot end on 2020-05-19: entry {last} is dated 2020-05-20; "
        "end on or after 2020-05-20",
    )


def test_an_amendment_takes_effect_within_the_holders_period(books: Cli) -> None:
    assert_refused(
        books,
        ("award", "amend", AWARD, "--number", "N-1", "--effective", "2019-06-30",
         "--reason", "early"),
        "award CVRC-HT-FY20 starts on 2019-07-01; an amendment effective 2019-06-30 is before "
        "it — give --effective 2019-07-01 or later",
    )  # fmt: skip
    assert_refused(
        books,
        ("subgrant", "amend", "NMILC-FY20", "--amount", "50000", "--effective", "6/30/2019",
         "--reason", "early"),
        "subgrant NMILC-FY20 starts on 2019-07-01; an amendment effective 2019-06-30 is before "
        "it — give --effective 2019-07-01 or later",
    )  # fmt: skip
    books.ok("award", "amend", AWARD, "--number", "N-1", "--effective", "2019-07-01",
             "--reason", "on the first day")  # fmt: skip


def test_a_voided_subgrant_is_not_amended_and_an_amended_one_is_not_voided(books: Cli) -> None:
    e = entries_of(books)
    cut = books.entry("subgrant", "amend", "LP-FY20", "--amount", "99000", "--budget",
                      "crisis-stabilization=34000", "--reason", "cut")  # fmt: skip
    assert_refused(
        books,
        ("void", str(e.lp), "--reason", "wrong subgrantee"),
        f"entry {e.lp} records a subgrant that entry {cut} amended; amend its amount to $0.00 "
        "instead (`fundtrack subgrant amend`)",
    )
    void = books.entry("void", str(e.nmilc), "--reason", "never signed")
    assert_refused(
        books,
        ("subgrant", "amend", "NMILC-FY20", "--amount", "100", "--reason", "revived"),
        f"subgrant NMILC-FY20 was voided by entry {void}; a voided subgrant is not amended — "
        "record it again if it is still to be funded",
    )
