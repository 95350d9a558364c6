"""``disburse``, ``void`` and ``log``: the entries clerks record all day, and every refusal.

The ``books`` fixture holds the CVRC-HT-FY20 award and its two subgrants, LP-FY20 (budget
rent $40,000 / travel $5,000 / relocation $20,000 / crisis stabilization $34,811.69) and
NMILC-FY20 ($50,188.31, no budget). Client LP-0001 is registered. Its entries (the facts
first: sources, categories, subgrantees, the client) are found in the log, as a user finds
them (``support.entries_of``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fundtrack.ledger import kinds
from refusals import assert_refused, standing_books
from report_scenarios import add_federal
from support import Cli, Databases, entries_of, entry_of

DATES = "write it as 2020-01-15 or 1/15/2020"
REF_RULE = (
    "use an opaque code of 3-32 letters, digits and dashes with at least one letter (e.g. "
    "LP-0042) — never a name, birth date or SSN"
)


def pay(
    subgrant: str = "LP-FY20",
    client: str = "LP-0001",
    category: str = "rent",
    amount: str = "850",
    on: str = "2019-11-01",
) -> tuple[str, ...]:
    return (
        "disburse", "--subgrant", subgrant, "--client", client, "--category", category,
        "--amount", amount, "--date", on,
    )  # fmt: skip


@pytest.fixture(scope="module")
def standing(databases: Databases) -> Cli:
    """The ``books`` of conftest, shared by this module's refusals (which change nothing)."""
    return standing_books(databases)


def test_the_shared_books_are_the_books_fixture(books: Cli, standing: Cli) -> None:
    for command in (("award", "list"), ("subgrant", "list"), ("subgrantee", "list")):
        assert standing.json(*command) == books.json(*command)
    assert [c["client"] for c in standing.json("client", "list")] == ["LP-0001"]
    kinds = [e["kind"] for e in books.json("log")]
    assert [e["kind"] for e in standing.json("log")] == kinds
    assert [k for k in kinds if k in ("award", "subgrant")] == ["award", "subgrant", "subgrant"]


# --- recording ----------------------------------------------------------------------------


def test_disburse_prints_the_entry_and_what_is_left(books: Cli) -> None:
    result = books.ok(*pay(on="11/1/2019"))
    entry = entry_of(result)
    assert entry == books.json("log")[-1]["id"]
    assert result.stdout == (
        f"Entry {entry}: $850.00 rent for LP-0001 from LP-FY20; $98,961.69 left.\n"
    )
    assert books.json(*pay(amount="$1,000.50", category="travel")) == {
        "entry": entry + 1,
        "amount": "1000.50",
        "subgrant": "LP-FY20",
        "remaining": "97961.19",
        "new_client": False,
    }


def test_the_last_cent_of_a_subgrant_and_of_a_budget_can_be_spent(books: Cli) -> None:
    books.ok(*pay(category="travel", amount="5000"))
    books.ok(*pay("NMILC-FY20", category="civil-legal", amount="50188.31", on="2020-06-30"))
    assert books.json("subgrant", "show", "NMILC-FY20")["remaining"] == "0.00"
    travel = books.json("subgrant", "show", "LP-FY20")["by_category"][3]
    assert travel == {
        "category": "travel",
        "budget": "5000.00",
        "disbursed": "5000.00",
        "remaining": "0.00",
    }


def test_a_new_client_is_registered_only_with_new_client(books: Cli) -> None:
    result = books.ok(*pay(client="lp-0002"), "--new-client")
    *_, client, paid = books.json("log")
    assert (client["kind"], client["award"], paid["id"]) == ("client", "LP-0002", entry_of(result))
    assert result.stdout == (
        f"Entry {paid['id']}: $850.00 rent for LP-0002 (new client) from LP-FY20; "
        "$98,961.69 left.\n"
    )
    clients = books.json("client", "list")
    assert [(c["client"], c["disbursements"]) for c in clients] == [("LP-0001", 0), ("LP-0002", 1)]
    again = books.ok(*pay(client="LP-0002", on="2019-12-01"), "--new-client")  # not new again
    assert "(new client)" not in again.stdout


def test_void_writes_a_reversal_and_restores_the_balance(books: Cli) -> None:
    paid = books.entry(*pay(client="LP-0009"), "--new-client")
    result = books.ok("void", str(paid), "--reason", "keyed the wrong client")
    assert result.stdout == f"Entry {paid + 1}: voided entry {paid} (-$850.00).\n"
    assert books.json("subgrant", "show", "LP-FY20")["remaining"] == "99811.69"
    client = books.json("client", "list")[1]
    assert (client["client"], client["disbursements"]) == ("LP-0009", 0)
    [reversal] = [e for e in books.json("log") if e["id"] == paid + 1]
    assert {k: reversal[k] for k in ("kind", "reverses", "date", "amount", "reason")} == {
        "kind": "disbursement",
        "reverses": paid,
        "date": "2019-11-01",
        "amount": "-850.00",
        "reason": "keyed the wrong client",
    }


def test_voiding_the_disbursements_then_the_subgrant_then_the_award(books: Cli) -> None:
    e = entries_of(books)
    paid = books.entry(*pay("NMILC-FY20", category="civil-legal"))
    books.ok("void", str(paid), "--reason", "duplicate")
    books.ok("void", str(e.nmilc), "--reason", "subgrant recorded twice")
    books.ok("void", str(e.lp), "--reason", "subgrant recorded twice")
    assert books.json("award", "show", "CVRC-HT-FY20")["unallocated"] == "150000.00"
    assert books.json("void", str(e.award), "--reason", "wrong year") == {
        "entry": paid + 4,
        "voids": e.award,
        "amount": "-150000.00",
    }
    assert books.json("award", "show", "CVRC-HT-FY20")["amount"] == "0.00"


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            pay("NMILC-FY20", category="civil-legal", amount="50188.32"),
            "subgrant NMILC-FY20 has $50,188.31 left; this disbursement is $50,188.32 — record "
            "a smaller amount or draw on another subgrant",
            id="beyond-subgrant",
        ),
        pytest.param(
            pay(category="travel", amount="5000.01"),
            "subgrant LP-FY20's travel budget has $5,000.00 left; this disbursement is "
            "$5,000.01 — record a smaller amount or draw on another subgrant",
            id="beyond-category-budget",
        ),
        pytest.param(
            pay(category="civil-legal"),
            "subgrant LP-FY20 has no budget for civil-legal; record it in a budgeted category "
            "or against another subgrant",
            id="category-without-budget-line",
        ),
        pytest.param(
            pay(on="2019-06-30"),
            "disbursement date 2019-06-30 is before subgrant LP-FY20's period of performance "
            "2019-07-01..2020-06-30; use a date inside it or a subgrant whose period covers it",
            id="dated-before-period",
        ),
        pytest.param(
            pay(on="7/1/2020"),
            "disbursement date 2020-07-01 is after subgrant LP-FY20's period of performance "
            "2019-07-01..2020-06-30; use a date inside it or a subgrant whose period covers it",
            id="dated-after-period",
        ),
        pytest.param(
            pay("LP-FY21"),
            "no subgrant 'LP-FY21'; did you mean LP-FY20?",
            id="unknown-subgrant-close",
        ),
        pytest.param(
            pay("LIFELINK-DOJ"),
            "no subgrant 'LIFELINK-DOJ'; `fundtrack subgrant list` shows them",
            id="unknown-subgrant-far",
        ),
        pytest.param(
            pay(category="rnet"),
            "no category 'rnet'; did you mean rent?",
            id="unknown-category-close",
        ),
        pytest.param(
            pay(category="childcare"),
            "no category 'childcare'; `fundtrack category list` shows them",
            id="unknown-category-far",
        ),
        pytest.param(
            pay(client="LP-0010"),  # close to LP-0001, which is never shown: it is a client's
            "no client 'LP-0010'; check the reference, or pass "
            "--new-client if this is a client's first disbursement",
            id="unknown-client-close-and-no-other-client-named",
        ),
        pytest.param(
            pay(client="ZZZ"),
            "no client 'ZZZ'; check the reference, or pass --new-client if this is a client's "
            "first disbursement",
            id="unknown-client-far",
        ),
        pytest.param(
            (*pay(client="Maria Lopez"), "--new-client"),
            f"client reference 'Maria Lopez' has characters other than letters, digits and "
            f"single dashes; {REF_RULE}",
            id="client-ref-name",
        ),
        pytest.param(
            (*pay(client="123-45-6789"), "--new-client"),
            "client reference '123-45-6789' has no letter (it could be an SSN, a birth date or "
            f"a phone number); {REF_RULE}",
            id="client-ref-ssn",
        ),
        pytest.param(
            (*pay(client="1990-04-02"), "--new-client"),
            "client reference '1990-04-02' has no letter (it could be an SSN, a birth date or "
            f"a phone number); {REF_RULE}",
            id="client-ref-birth-date",
        ),
        pytest.param(
            (*pay(), "--memo", "client SSN 123-45-6789"),
            "memo contains what looks like a Social Security number; remove it",
            id="memo-with-ssn",
        ),
        pytest.param(
            pay(amount="12.345"),
            "amount '12.345' has more than two decimals; round it to cents",
            id="money-three-decimals",
        ),
        pytest.param(
            pay(amount="-5"),
            "amount '-5' is negative; amounts are positive (to correct an entry, void it with "
            "`fundtrack void`)",
            id="money-negative",
        ),
        pytest.param(
            pay(amount="1e3"),
            "amount '1e3' is not an amount of money; write it like 1234.56 or $1,234.56",
            id="money-exponent",
        ),
        pytest.param(
            pay(amount="NaN"),
            "amount 'NaN' is not an amount of money; write it like 1234.56 or $1,234.56",
            id="money-nan",
        ),
        pytest.param(
            pay(amount=""),
            "amount is empty; write it like 1234.56 or $1,234.56",
            id="money-empty",
        ),
        pytest.param(
            pay(amount="abc"),
            "amount 'abc' is not an amount of money; write it like 1234.56 or $1,234.56",
            id="money-words",
        ),
        pytest.param(
            pay(on="2020-02-30"),
            f"date '2020-02-30' does not exist on the calendar; {DATES}",
            id="date-impossible",
        ),
        pytest.param(
            pay(on="01/02/03"),
            f"date '01/02/03' is not a date I can read unambiguously; {DATES}",
            id="date-ambiguous",
        ),
        pytest.param(
            ("log", "--since", "last week"),
            f"--since 'last week' is not a date I can read unambiguously; {DATES}",
            id="log-since-not-a-date",
        ),
    ],
)
def test_disbursement_refusals(standing: Cli, args: tuple[str, ...], message: str) -> None:
    assert_refused(standing, args, message)


@pytest.fixture(scope="module")
def voided(databases: Databases) -> Cli:
    """``books`` plus a disbursement from LP-FY20 and its reversal, the newest entries."""
    books = standing_books(databases)
    paid = books.entry(*pay())
    books.ok("void", str(paid), "--reason", "keyed twice")
    return books


def voided_ids(voided: Cli) -> dict[str, int]:
    """What the refusals below name, found in the log: ``{paid}``, ``{void}``, ``{award}``,
    ``{lp}`` and ``{unknown}`` (the first id after the newest)."""
    e = entries_of(voided)
    return {"paid": e.paid, "void": e.paid + 1, "award": e.award, "lp": e.lp,
            "unknown": e.paid + 2}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("void", "{paid}", "--reason", "again"),
            "entry {paid} was already voided by entry {void} on "
            f"{datetime.now(UTC):%Y-%m-%d} (keyed "
            "twice); nothing to do",
            id="void-twice",
        ),
        pytest.param(
            ("void", "{void}", "--reason", "undo the void"),
            "entry {void} is itself a reversal (of entry {paid}); record the original again "
            "instead",
            id="void-a-reversal",
        ),
        pytest.param(
            ("void", "{award}", "--reason", "wrong year"),
            "entry {award} funds an award with $150,000.00 allocated to subgrants; void those "
            "subgrants first",
            id="void-award-with-subgrants",
        ),
        pytest.param(
            ("void", "{unknown}", "--reason", "x"),
            "no entry {unknown}; `fundtrack log` lists the entries",
            id="void-unknown-entry",
        ),
        pytest.param(
            ("void", "99999999999999999999", "--reason", "x"),
            "no entry 99999999999999999999; `fundtrack log` lists the entries",
            id="void-entry-id-beyond-range",
        ),
        pytest.param(
            ("void", "abc", "--reason", "x"),
            "entry id 'abc' is not a number; `fundtrack log` lists the entries and their ids",
            id="void-entry-id-not-a-number",
        ),
        pytest.param(
            ("void", "{lp}", "--reason", ""),
            "a void needs a reason; pass --reason 'what was wrong'",
            id="void-empty-reason",
        ),
        pytest.param(
            ("void", "{lp}", "--reason", "   "),
            "a void needs a reason; pass --reason 'what was wrong'",
            id="void-blank-reason",
        ),
    ],
)
def test_void_refusals(voided: Cli, args: tuple[str, ...], message: str) -> None:
    named = voided_ids(voided)
    assert_refused(voided, tuple(a.format(**named) for a in args), message.format(**named))


def test_a_subgrant_with_disbursements_cannot_be_voided(books: Cli) -> None:
    books.ok(*pay(amount="1204.31"))
    lp = entries_of(books).lp
    assert_refused(
        books,
        ("void", str(lp), "--reason", "wrong subgrantee"),
        f"entry {lp} funds a subgrant that has disbursed $1,204.31; void those disbursements first",
    )


# --- the log ------------------------------------------------------------------------------


def test_log_lists_every_entry_with_when_and_by_whom(books: Cli) -> None:
    paid = books.entry(*pay(), "--reference", "CHK-1182", "--memo", "October rent", by="maria.g")
    books.ok("void", str(paid), "--reason", "keyed twice", env={"FUNDTRACK_USER": "j.ortiz"})
    today = datetime.now(UTC).date().isoformat()
    entries = books.json("log")
    assert [e["id"] for e in entries] == list(range(1, paid + 2))  # every entry, in order
    facts = ["source", "category", "subgrantee", "subgrantee", "client"]
    assert sorted(e["kind"] for e in entries[: paid - 1] if e["amount"] == "0.00") == sorted(facts)
    money = [e for e in entries if e["kind"] not in facts]
    assert [(e["id"], e["kind"], e["amount"], e["recorded_by"]) for e in money] == [
        (entries_of(books).award, "award", "150000.00", "clerk"),
        (entries_of(books).lp, "subgrant", "99811.69", "clerk"),
        (entries_of(books).nmilc, "subgrant", "50188.31", "clerk"),
        (paid, "disbursement", "850.00", "maria.g"),
        (paid + 1, "disbursement", "-850.00", "clerk"),  # the test runner always passes --by
    ]
    assert entries[paid - 1] == {
        "id": paid,
        "kind": "disbursement",
        "reverses": None,
        "date": "2019-11-01",
        "amount": "850.00",
        "award": "CVRC-HT-FY20",
        "subgrant": "LP-FY20",
        "category": "rent",
        "client": "LP-0001",
        "reference": "CHK-1182",
        "memo": "October rent",
        "reason": None,
        "recorded_at": entries[paid - 1]["recorded_at"],
        "recorded_by": "maria.g",
    }
    assert entries[paid - 1]["recorded_at"].startswith(today + "T")
    assert entries[paid - 1]["recorded_at"].endswith("Z")
    table = books.ok("log").stdout
    assert f"void #{paid}" in table and "maria.g" in table and "-$850.00" in table


def test_fundtrack_user_names_who_records_when_by_is_not_given(books: Cli) -> None:
    from typer.testing import CliRunner

    from fundtrack.cli.app import app

    runner = CliRunner(env={"COLUMNS": "120", "FUNDTRACK_USER": "j.ortiz"})
    result = runner.invoke(app, ["--db", books.url, *pay()])
    assert result.exit_code == 0, result.stderr
    assert books.json("log")[-1]["recorded_by"] == "j.ortiz"


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (
            "x" * 65,
            f"who is recording ('{'x' * 65}') must be 1-64 printable characters on one line; "
            "pass a short name with --by or FUNDTRACK_USER",
        ),
        (
            "   ",
            "who is recording (' ') must be 1-64 printable characters on one line; pass a "
            "short name with --by or FUNDTRACK_USER",
        ),
    ],
)
def test_who_records_must_be_a_short_name(standing: Cli, by: str, message: str) -> None:
    assert_refused(standing, pay(), message, by=by)


def test_log_since_and_limit(books: Cli) -> None:
    today = datetime.now(UTC).date()
    every = [e["id"] for e in books.json("log")]
    assert [e["id"] for e in books.json("log", "--since", today.isoformat())] == every
    assert books.json("log", "--since", f"{today.month}/{today.day}/{today.year + 1}") == []
    assert [e["id"] for e in books.json("log", "--limit", "2")] == every[:2]


def test_log_limit_must_be_positive(standing: Cli) -> None:
    result = standing.run("log", "--limit", "0")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--limit': Input should be greater than or equal to 1\n"
    )


# --- the audit trail's filters --------------------------------------------------------------


@pytest.fixture
def trail(books: Cli) -> Cli:
    """``books`` with federal awards and a year of payments (named as in ``at``).

    VOCA-FFY20, DOJ-2019, LL-VOCA, LL-DOJ (add_federal); ``p1`` LP-FY20 rent for LP-0001 on
    2019-11-01; ``p2`` NMILC-FY20 for LP-0002 on 2020-03-01; ``p3`` LL-VOCA for LP-0001 on
    2020-08-01; ``p4`` LL-DOJ for LP-0002 on 2020-09-01; ``void`` voids p2.
    """
    add_federal(books)
    books.ok(*pay(), "--reference", "CHK-1182")
    second = books.entry(
        *pay("NMILC-FY20", "LP-0002", "civil-legal", "500", "2020-03-01"), "--new-client"
    )
    books.ok(*pay("LL-VOCA", on="2020-08-01"))
    books.ok(*pay("LL-DOJ", "LP-0002", on="2020-09-01"))
    books.ok("void", str(second), "--reason", "keyed against the wrong client")
    return books


def at(cli: Cli, *names: str) -> list[int]:
    """The ids of the ``trail`` entries ``names`` (award and subgrant codes, ``p1``-``p4``,
    ``void``), found in the whole log as a user would, in id order."""
    found: dict[str, int] = {}
    payments = 0
    for entry in cli.json("log"):
        if entry["reverses"] is not None:
            found["void"] = entry["id"]
        elif entry["kind"] == "disbursement":
            payments += 1
            found[f"p{payments}"] = entry["id"]
        elif entry["kind"] in ("award", "subgrant"):
            found[entry["subgrant"] or entry["award"]] = entry["id"]
    return sorted(found[name] for name in names)


def ids(cli: Cli, *args: str) -> list[int]:
    return [entry["id"] for entry in cli.json("log", *args)]


def test_log_lists_one_award_subgrant_or_client(trail: Cli) -> None:
    cvrc = at(trail, "CVRC-HT-FY20", "LP-FY20", "NMILC-FY20", "p1", "p2", "void")
    assert ids(trail, "--award", "CVRC-HT-FY20") == cvrc
    assert ids(trail, "--award", "voca-ffy20") == at(trail, "VOCA-FFY20", "LL-VOCA", "p3")
    assert ids(trail, "--subgrant", "NMILC-FY20") == at(trail, "NMILC-FY20", "p2", "void")
    assert ids(trail, "--client", "LP-0002") == at(trail, "p2", "p4", "void")
    assert ids(trail, "--client", "lp-0001", "--award", "DOJ-2019") == []


def test_log_lists_one_kind_of_entry_and_voids(trail: Cli) -> None:
    assert ids(trail, "--kind", "award") == at(trail, "CVRC-HT-FY20", "VOCA-FFY20", "DOJ-2019")
    subgrants = at(trail, "LP-FY20", "NMILC-FY20", "LL-VOCA", "LL-DOJ")
    assert ids(trail, "--kind", "subgrant") == subgrants
    payments = at(trail, "p1", "p2", "p3", "p4", "void")
    assert ids(trail, "--kind", "disbursement") == payments
    assert ids(trail, "--kind", "void") == at(trail, "void")
    [void] = trail.json("log", "--kind", "void")
    assert (void["reverses"], void["reason"]) == (
        *at(trail, "p2"),
        "keyed against the wrong client",
    )


def test_log_from_and_to_are_entry_dates_not_when_recorded(trail: Cli) -> None:
    after = at(trail, "p2", "p3", "p4", "void")
    assert ids(trail, "--kind", "disbursement", "--from", "2020-03-01") == after
    before = at(trail, "p1", "p2", "void")
    assert ids(trail, "--kind", "disbursement", "--to", "2020-03-01") == before
    assert ids(trail, "--from", "7/1/2020", "--to", "2020-08-31") == at(trail, "p3")
    today = datetime.now(UTC).date().isoformat()
    facts = [e["id"] for e in trail.json("log") if e["kind"] in kinds.fact_kinds()]  # dated today
    assert ids(trail, "--since", today, "--from", "2020-09-01") == sorted(at(trail, "p4") + facts)


def test_log_last_shows_the_newest_oldest_first(trail: Cli) -> None:
    assert ids(trail, "--last", "3") == at(trail, "p3", "p4", "void")
    assert ids(trail, "--last", "2", "--client", "LP-0001") == at(trail, "p1", "p3")
    awards = at(trail, "CVRC-HT-FY20", "VOCA-FFY20", "DOJ-2019")
    assert ids(trail, "--last", "50", "--kind", "award") == awards
    assert ids(trail, "--limit", "2", "--kind", "subgrant") == at(trail, "LP-FY20", "NMILC-FY20")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--award", "CVRC-HT-FY21"), "no award 'CVRC-HT-FY21'; `fundtrack award list` shows them"),
        (("--subgrant", "LP-FY21"), "no subgrant 'LP-FY21'; `fundtrack subgrant list` shows them"),
        (("--client", "LP-0999"), "no client 'LP-0999'; `fundtrack client list` shows them"),
        (
            ("--kind", "payment"),
            "kind 'payment' is not one of award, subgrant, disbursement, service, "
            "award-amendment, subgrant-amendment, source, category, subgrantee, client, snapshot, "
            "match-cash, match-in-kind, drawdown, close, reopen, award-close, void; choose one of "
            "them",
        ),
        (("--from", "2020-06-31"), f"--from '2020-06-31' does not exist on the calendar; {DATES}"),
        (("--to", "soon"), f"--to 'soon' is not a date I can read unambiguously; {DATES}"),
        (
            ("--from", "2020-07-01", "--to", "2020-06-30"),
            "--from 2020-07-01 is after --to 2020-06-30; give the earlier date to --from",
        ),
        (
            ("--last", "5", "--limit", "5"),
            "--limit keeps the oldest entries and --last the newest; give one",
        ),
    ],
    ids=["award", "subgrant", "client", "kind", "from", "to", "from-after-to", "last-and-limit"],
)
def test_log_filters_refuse_what_names_nothing(
    standing: Cli, args: tuple[str, ...], message: str
) -> None:
    assert_refused(standing, ("log", *args), message)
