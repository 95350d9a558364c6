"""``ledger.queries``: balances, standing entries and entry lines, each defined once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from fundtrack.db import Database
from fundtrack.ledger import queries
from fundtrack.models import DISBURSEMENT, Entry, Subgrant
from support import Cli

_e: Any = Entry


def pay(cli: Cli, amount: str, day: str, category: str = "rent") -> int:
    return int(
        cli.json(
            "disburse",
            "--subgrant",
            "LP-FY20",
            "--client",
            "LP-0001",
            "--category",
            category,
            "--amount",
            amount,
            "--date",
            day,
        )["entry"]
    )


def test_sums_as_of_a_date_net_out_voids(books: Cli) -> None:
    pay(books, "100", "2019-08-01")
    second = pay(books, "40", "2019-09-01", "travel")
    books.ok("void", str(second), "--reason", "keyed twice")
    pay(books, "5", "2019-10-01")
    db = Database(books.url)

    def figures(session: Any) -> Any:
        sid = session.execute(
            select(col(Subgrant.id)).where(col(Subgrant.code) == "LP-FY20")
        ).scalar_one()
        return (
            sid,
            queries.sums_by_figure(session, _e.subgrant_id, [sid], date(2019, 9, 30)),
            queries.disbursed_by_subgrant_category(session, [sid]),
            queries.subgrant_disbursed(session, sid, as_of=date(2019, 8, 31)),
        )

    sid, sums, by_category, august = db.read(figures)
    db.dispose()
    assert sums[(sid, "allocated")] == 99_811_69
    assert sums[(sid, "disbursed")] == 100_00  # the $40 and its reversal net to zero
    assert list(by_category[sid].values()) == [105_00]  # rent only: travel nets to zero
    assert august == 100_00


def test_standing_leaves_out_voided_entries_and_their_reversals(books: Cli) -> None:
    kept = pay(books, "100", "2019-08-01")
    gone = pay(books, "40", "2019-09-01")
    books.ok("void", str(gone), "--reason", "keyed twice")
    db = Database(books.url)
    ids = db.read(
        lambda s: list(
            s.execute(
                select(_e.id).where(queries.standing_of_kind(DISBURSEMENT)).order_by(_e.id)
            ).scalars()
        )
    )
    db.dispose()
    assert ids == [kept]


def test_an_entry_line_names_everything_its_entry_points_at(books: Cli) -> None:
    entry = pay(books, "12.34", "2019-08-01")
    books.ok("void", str(entry), "--reason", "wrong client")
    db = Database(books.url)
    lines = db.read(lambda s: list(queries.entry_lines(s, queries.entry_lines_query())))
    db.dispose()
    paid, reversal = lines[-2:]
    assert (paid.id, paid.kind, paid.label, paid.amount, paid.entry_date) == (
        entry, "disbursement", "disbursement", Decimal("12.34"), date(2019, 8, 1)
    )  # fmt: skip
    assert (paid.source, paid.award, paid.subgrant, paid.subgrantee, paid.category) == (
        "CVRC-HT", "CVRC-HT-FY20", "LP-FY20", "LAPINON", "rent"
    )  # fmt: skip
    assert (paid.client, paid.recorded_by, len(paid.hash)) == ("LP-0001", "clerk", 64)
    assert (reversal.label, reversal.reverses, reversal.reason, reversal.amount) == (
        "void disbursement", entry, "wrong client", Decimal("-12.34")
    )  # fmt: skip
    [award] = [line for line in lines if line.kind == "award"]
    assert (award.kind, award.subgrant, award.category, award.client) == ("award", None, None, None)
