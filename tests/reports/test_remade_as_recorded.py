"""A report filed once is made again, after late entries and amendments, with
``--as-recorded``: the same JSON bytes and the same workbook cells (all but Written at).

Every report is walked as ``report --help`` lists it (``report_walk.report_commands``),
so a report added later is held to this too. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from report_scenarios import pay, void
from report_walk import MADE_AT, about_of, command, every_cell, report_commands, write
from support import Cli, snapshot

FILED_AT = "2020-07-15"


def file_everything(cli: Cli, folder: Path) -> dict[tuple[str, ...], tuple[bytes, Path]]:
    """Each report's JSON (as written with -o) and workbook, made with the time fixed."""
    folder.mkdir()
    filed = {}
    for words in report_commands(cli):
        name = "-".join(words)
        as_json = write(cli, folder / f"{name}.json", words, MADE_AT).read_bytes()
        filed[words] = (as_json, write(cli, folder / f"{name}.xlsx", words, MADE_AT))
    return filed


def record_late_changes(cli: Cli) -> None:
    """What a clerk records after the reports went out, all dated in the years they cover:
    payments, a void, amendments of an award, a subgrant and a source, new sources,
    categories, subgrantees, awards and subgrants, a service, match and a drawdown."""
    first_payment = cli.entries("disbursement")[0]
    void(cli, first_payment)
    pay(cli, "LP-FY20", "LP-0900", "2020-03-15", "500")
    pay(cli, "LL-VOCA", "LP-0901", "2020-02-20", "75", "travel")
    cli.ok("award", "amend", "CVRC-HT-FY20", "--amount", "175000", "--effective", "2020-01-15",
           "--reason", "supplemental appropriation")  # fmt: skip
    cli.ok("subgrant", "amend", "LP-FY20", "--budget", "rent=45000", "--budget", "travel=0",
           "--effective", "2020-01-10", "--reason", "budget revision")  # fmt: skip
    cli.ok("source", "amend", "VOCA", "--match-percent", "25", "--reason", "new rule")
    cli.ok("source", "add", "HHS", "--name", "HHS trafficking grants", "--calendar", "federal")
    cli.ok("category", "add", "hotel", "--name", "Hotel stays")
    cli.ok("subgrantee", "add", "ROAD", "--name", "Road Home")
    cli.ok("award", "add", "HHS-FFY20", "--source", "HHS", "--fy", "FFY2020", "--amount", "9000")
    cli.ok("subgrant", "add", "RH-HHS", "--award", "HHS-FFY20", "--subgrantee", "ROAD",
           "--amount", "9000")  # fmt: skip
    pay(cli, "RH-HHS", "RH-0001", "2020-01-20", "300", "hotel")
    cli.ok("serve", "--subgrant", "LL-VOCA", "--client", "LP-0002", "--date", "2020-03-02")
    cli.ok("match", "--subgrant", "LL-VOCA", "--amount", "40", "--date", "2020-02-01",
           "--kind", "cash")  # fmt: skip
    cli.ok("drawdown", "VOCA-FFY20", "--amount", "300", "--date", "2020-02-05")


@pytest.fixture
def filed_books(books: Cli) -> Cli:
    from report_scenarios import add_federal

    add_federal(books)
    pay(books, "LP-FY20", "LP-0001", "2019-11-01", "1200")
    pay(books, "LL-VOCA", "LP-0002", "2020-02-01", "400")
    pay(books, "NMILC-FY20", "NM-0001", "2020-04-01", "250", "civil-legal")
    books.ok("match", "--subgrant", "LL-VOCA", "--amount", "100", "--date", "2020-02-03",
             "--kind", "in-kind")  # fmt: skip
    books.ok("drawdown", "VOCA-FFY20", "--amount", "400", "--date", "2020-02-04")
    return books


def point(saved: bytes) -> dict[str, Any]:
    return dict(json.loads(saved)["as_recorded"])


def test_every_filed_report_is_made_again_as_recorded(filed_books: Cli, tmp_path: Path) -> None:
    cli = filed_books
    filed = file_everything(cli, tmp_path / "filed")
    record_late_changes(cli)
    now = file_everything(cli, tmp_path / "now")
    moved = [words for words in filed if now[words][0] != filed[words][0]]
    # the late entries moved the figures of these (not only the last entry they name)
    for words in (("report", "balances"), ("report", "victims-served"), ("report", "sf425")):
        assert _figures(now[words][0]) != _figures(filed[words][0]), words
    assert len(moved) == len(filed)

    for words, (as_json, workbook) in filed.items():
        at = point(as_json)
        for given in (str(at["entry"]), f"{at['entry']}:{at['hash']}"):
            again = tmp_path / "again.json"
            result = cli.run(*command(words), "--as-recorded", given, "-o", str(again), env=MADE_AT)
            assert (result.exit_code, result.stderr) == (0, ""), (words, result.output)
            assert again.read_bytes() == as_json, (words, given)
            printed = cli.ok(*command(words), "--as-recorded", given, "--json", env=MADE_AT)
            assert printed.stdout.encode() == as_json, words
        remade = tmp_path / "again.xlsx"
        # the workbook says how to make it again
        told = re.search(r"--as-recorded (\S+) ", about_of(workbook)["Reproducing it"])
        assert told is not None and told[1] == f"{at['entry']}:{at['hash']}", words
        result = cli.run(*command(words), "--as-recorded", told[1], "-o", str(remade), env=MADE_AT)
        assert result.exit_code == 0, (words, result.output)
        before, after = every_cell(workbook), every_cell(remade)
        assert before.keys() == after.keys(), words
        differ = [where for where in before if before[where] != after[where]]
        assert len(differ) == 1 and differ[0][0] == "About", (words, differ)  # Written at


def _figures(saved: bytes) -> Any:
    form = json.loads(saved)
    form.pop("as_recorded")
    return form


def test_a_report_as_recorded_reads_the_terms_then(filed_books: Cli) -> None:
    """The award amended and the payment voided after the point count as they stood: the
    amount before the amendment, the voided payment still disbursed, the new award absent."""
    cli = filed_books
    at = cli.as_recorded()
    before = cli.json("report", "balances", "--as-of", "2020-06-30")
    record_late_changes(cli)
    then = cli.json(
        "report", "balances", "--as-of", "2020-06-30", "--as-recorded", str(at["entry"])
    )
    now = cli.json("report", "balances", "--as-of", "2020-06-30")
    award = {a["award"]: a for a in then["awards"]}["CVRC-HT-FY20"]
    assert (award["amount"], award["disbursed"]) == ("150000.00", "1450.00")
    assert {a["award"] for a in then["awards"]} == {a["award"] for a in before["awards"]}
    assert "HHS-FFY20" in {a["award"] for a in now["awards"]}
    assert {a["award"]: a for a in now["awards"]}["CVRC-HT-FY20"]["amount"] == "175000.00"
    assert then == before and then["as_recorded"] == at


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("9999", "--as-recorded 9999: the books hold entries 1 to"),
        ("-3", "is neither an entry id nor ID:HASH"),
        ("12:abc", "is neither an entry id nor ID:HASH"),
        ("last", "is neither an entry id nor ID:HASH"),
    ],
)
def test_a_point_the_books_do_not_hold_is_refused(
    filed_books: Cli, tmp_path: Path, given: str, says: str
) -> None:
    before = snapshot(filed_books.url)
    target = tmp_path / "b.xlsx"
    result = filed_books.run("report", "balances", "--as-recorded", given, "-o", str(target))
    assert result.exit_code == 1 and says in result.stderr, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not target.exists() and snapshot(filed_books.url) == before


def test_a_fingerprint_whose_hash_differs_is_refused(filed_books: Cli, tmp_path: Path) -> None:
    at = filed_books.as_recorded()
    wrong = f"{at['entry']}:{'ab' * 32}"
    target = tmp_path / "v.json"
    result = filed_books.run("report", "victims-served", "--as-recorded", wrong, "-o", str(target))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"Error: --as-recorded {at['entry']}:abababababab…: the books do not verify as they "
        f"stood at entry {at['entry']}: chain: entry {at['entry']}: its hash is now "
        f"{at['hash'][:12]}…"
    ), result.stderr
    assert not target.exists()


def test_the_start_of_the_books_is_entry_0(filed_books: Cli) -> None:
    printed = filed_books.json("report", "victims-served", "--as-recorded", "0")
    assert printed["as_recorded"] == {"entry": 0, "hash": "0" * 64}
    assert {row["source"] for row in printed["rows"]} == {None}  # no source had an award
    assert {row["victims_served"] for row in printed["rows"]} == {0}


def test_every_today_of_a_report_is_the_day_of_its_report_time(filed_books: Cli) -> None:
    def printed(*words: str) -> Any:
        return json.loads(filed_books.ok(*words, "--json", env=MADE_AT).stdout)

    assert printed("report", "balances")["as_of"] == FILED_AT
    assert printed("report", "match")["as_of"] == FILED_AT
    assert printed("report", "fiscal-year", "FY2021")["balances"]["as_of"] == FILED_AT
    assert min(d["date"] for d in printed("deadlines")["deadlines"]) >= FILED_AT
    # with no disbursement (the books at entry 0), the year shown is the one running then
    assert (
        printed("report", "victims-served", "--as-recorded", "0")["rows"][0]["fiscal_year"] == 2021
    )
