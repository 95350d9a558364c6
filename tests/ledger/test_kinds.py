"""The registry of entry kinds: the one place a kind's rules are declared."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fundtrack.errors import InvalidInput
from fundtrack.ledger import kinds
from fundtrack.models import Entry


def test_the_table_accepts_exactly_the_registered_kinds() -> None:
    checks = {c.name: str(c.sqltext) for c in Entry.__table__.constraints if c.name}  # type: ignore[attr-defined]
    assert checks["entry_kind"] == kinds.check_constraint()
    assert checks["entry_sign"] == kinds.sign_constraint()
    assert checks["entry_shape"] == kinds.shape_constraint()
    assert kinds.NAMES == (
        "award",
        "subgrant",
        "disbursement",
        "service",
        "award-amendment",
        "subgrant-amendment",
        "source",
        "category",
        "subgrantee",
        "client",
        "snapshot",
        "match-cash",
        "match-in-kind",
        "drawdown",
        "close",
        "reopen",
        "award-close",
    )


def test_the_latest_entry_migration_writes_the_registrys_constraints() -> None:
    from importlib import import_module

    frozen = import_module("fundtrack.migrations.versions.0008_closed_years")
    assert (
        kinds.check_constraint(),
        kinds.sign_constraint(),
        kinds.shape_constraint(),
    ) == (frozen.KIND_CHECK, frozen.SIGN_CHECK, frozen.SHAPE_CHECK)


def test_each_money_figure_sums_the_kinds_that_add_to_it() -> None:
    assert kinds.kinds_adding_to("awarded") == ("award", "award-amendment")
    assert kinds.kinds_adding_to("allocated") == ("subgrant", "subgrant-amendment")
    assert kinds.kinds_adding_to("disbursed") == ("disbursement",)
    assert kinds.kinds_adding_to("drawn") == ("drawdown",)
    assert kinds.kinds_adding_to("match-cash") == ("match-cash",)
    assert kinds.kinds_adding_to("closed-out") == ("award-close",)
    assert kinds.fact_kinds() == (
        "source", "category", "subgrantee", "client", "snapshot", "close", "reopen",
    )  # fmt: skip


def test_an_amendment_posts_its_signed_change_as_the_kind_it_amends() -> None:
    names = {"source": "VOCA", "award": "V17", "subgrant": "TLL", "category": None}
    assert kinds.postings("subgrant-amendment", Decimal("-10.00"), names) == kinds.postings(
        "subgrant", Decimal("-10.00"), names
    )
    assert kinds.kind("award-amendment").sign == kinds.SIGNED
    assert not kinds.kind("award-amendment").voidable


@pytest.mark.parametrize("name", ["source", "category", "subgrantee", "client", "snapshot"])
def test_a_fact_names_no_award_moves_no_money_and_is_never_voided(name: str) -> None:
    fact = kinds.kind(name)
    assert fact.sign == 0 and fact.postings == () and not fact.voidable
    assert "award_id" in fact.forbids and fact.terms == kinds.REQUIRED
    assert f"'{name}')" in kinds.shape_constraint() or f"'{name}'," in kinds.shape_constraint()


@pytest.mark.parametrize("name", [n for n in kinds.NAMES if kinds.moves_money(n)])
def test_every_kind_that_moves_money_posts_a_balanced_journal_transaction(name: str) -> None:
    names = {"source": "VOCA", "award": "V17", "subgrant": "TLL", "category": "rent"}
    lines = kinds.postings(name, Decimal("12.34"), names)
    assert sum(amount for _, amount in lines) == 0
    assert all("None" not in account and "{" not in account for account, _ in lines)
    assert not any(account.startswith("(") for account, _ in lines)  # hledger --strict


def test_a_subgrant_posts_its_allocation_balanced_by_an_offset() -> None:
    names = {"source": "VOCA", "award": "V17", "subgrant": "TLL", "category": None}
    assert kinds.postings("subgrant", Decimal("100.00"), names) == [
        ("remaining:V17:TLL", Decimal("100.00")),
        ("remaining:V17:unallocated", Decimal("-100.00")),
        ("allocated:V17:TLL", Decimal("100.00")),
        ("allocated-offset:V17:TLL", Decimal("-100.00")),
    ]
    posted = kinds.postings("subgrant", Decimal("1"), names)
    assert kinds.accounts("subgrant", names) == [account for account, _ in posted]


def test_a_disbursement_posts_from_the_subgrant_to_its_category() -> None:
    names = {"source": "VOCA", "award": "V17", "subgrant": "TLL", "category": "rent"}
    assert kinds.postings("disbursement", Decimal("-5.00"), names) == [
        ("disbursed:V17:TLL:rent", Decimal("-5.00")),
        ("remaining:V17:TLL", Decimal("5.00")),
    ]


def test_an_unknown_kind_is_refused_not_guessed() -> None:
    names = {"source": "VOCA", "award": "V17", "subgrant": "TLL", "category": "rent"}
    with pytest.raises(InvalidInput) as refused:
        kinds.postings("grant-refund", Decimal("1.00"), names)
    assert str(refused.value) == (
        "unknown entry kind 'grant-refund'; the ledger knows award, subgrant, disbursement, "
        "service, award-amendment, subgrant-amendment, source, category, subgrantee, client, "
        "snapshot, match-cash, match-in-kind, drawdown, close, reopen, award-close — "
        "upgrade fundtrack to read these books"
    )


def test_disbursements_and_services_count_a_client_as_served() -> None:
    assert kinds.served_kinds() == ("disbursement", "service")


def test_a_service_moves_no_money_and_posts_nothing() -> None:
    names = {"source": "DOJ", "award": "DOJ-FY19", "subgrant": "TLL", "category": None}
    assert kinds.postings("service", Decimal("0.00"), names) == []
    assert not kinds.moves_money("service")
    assert kinds.moves_money("disbursement")
    assert kinds.kind("service").sign == 0


def test_the_audit_reads_each_kinds_columns_from_the_registry() -> None:
    condition = kinds.misfiled_condition("e")
    assert (
        "(e.kind = 'award' AND (e.award_id IS NULL OR e.subgrant_id IS NOT NULL OR "
        "e.category_id IS NOT NULL))"
    ) in condition
    assert (
        "(e.kind = 'disbursement' AND (e.award_id IS NULL OR e.subgrant_id IS NULL OR "
        "e.category_id IS NULL))"
    ) in condition
    assert "(e.kind = 'source' AND (e.award_id IS NOT NULL OR e.subgrant_id IS NOT NULL" in (
        condition
    )


@pytest.mark.parametrize("name", ["match-cash", "match-in-kind", "drawdown"])
def test_match_and_drawdowns_are_voidable_and_never_award_spending(name: str) -> None:
    found = kinds.kind(name)
    assert found.voidable and found.sign == 1 and found.terms == kinds.NONE
    assert name not in kinds.kinds_adding_to("disbursed") and not found.counts_as_served
    assert ("subgrant_id" in found.requires) is name.startswith("match")
